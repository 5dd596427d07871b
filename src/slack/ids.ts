/** Slack callback, action and block ids shared by the Block Kit builders and the listeners. */
export const IDS = {
  openSurveyAction: 'open_survey',
  surveyView: 'survey_submit',
  frictionShortcut: 'report_friction',
  frictionView: 'friction_submit',
  frictionTextBlock: 'friction_text',
  frictionCategoryBlock: 'friction_category',
  /** action_id of the single element inside every survey input block (block_id = question key). */
  answerElement: 'v',
  command: '/chorus',
} as const;
