/** Block Kit limits (docs.slack.dev/reference/block-kit, node-slack-sdk/packages/types). */
export const LIMITS = {
  modalBlocks: 100,
  homeBlocks: 100,
  messageBlocks: 50,
  modalTitle: 24,
  buttonText: 75,
  label: 2000,
  optionText: 75,
  optionValue: 75,
  radioOptions: 10,
  selectOptions: 100,
  sectionText: 3000,
  privateMetadata: 3000,
  textAnswer: 2000,
} as const;

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes the three characters Slack mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A plain_text object within a length limit. */
export const plain = (text: string, max: number = LIMITS.label) => ({
  type: 'plain_text' as const,
  text: clip(text, max),
  emoji: true,
});

/** A mrkdwn object within the section text limit. */
export const mrkdwn = (text: string, max: number = LIMITS.sectionText) => ({
  type: 'mrkdwn' as const,
  text: clip(text, max),
});
