/** The kinds of question Chorus can ask (the `questions.type` column). */
export const QUESTION_TYPES = ['likert5', 'scale0_10', 'hours_lost', 'choice', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** DevEx core dimensions: their Likert items make up the DevEx score (metrics.md). */
export const CORE_DIMENSIONS = ['feedback_loops', 'cognitive_load', 'flow_state', 'ease_of_delivery'] as const;

/** Every dimension tag the bank uses; results and themes group by these exact strings (surveys may add their own). */
export const DIMENSIONS = [...CORE_DIMENSIONS, 'satisfaction', 'recommend', 'friction'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One question of the bank (also the shape surveys are defined with). */
export interface BankQuestion {
  key: string;
  text: string;
  type: QuestionType;
  dimension: Dimension;
  options?: string[];
  help?: string;
}

/**
 * The default question bank: short, behaviour-anchored statements in the spirit of the DevEx
 * framework (feedback loops, cognitive load, flow state) plus ease of delivery, satisfaction,
 * a 0–10 recommend item, hours lost to friction and one free-text friction prompt.
 */
export const QUESTION_BANK: readonly BankQuestion[] = [
  // Feedback loops
  {
    key: 'build_and_test',
    type: 'likert5',
    dimension: 'feedback_loops',
    text: 'Our build and test cycle is fast enough that I rarely wait on it',
  },
  {
    key: 'code_review',
    type: 'likert5',
    dimension: 'feedback_loops',
    text: 'Code reviews on my changes happen quickly enough to keep me moving',
  },
  {
    key: 'ci_reliability',
    type: 'likert5',
    dimension: 'feedback_loops',
    text: 'When CI fails, it is because of a real problem in my change, not a flaky test or a broken pipeline',
  },
  {
    key: 'local_env',
    type: 'likert5',
    dimension: 'feedback_loops',
    text: 'I can run and check my changes locally without fighting my development environment',
  },
  // Cognitive load
  {
    key: 'docs_findable',
    type: 'likert5',
    dimension: 'cognitive_load',
    text: 'I can find the documentation I need when I need it',
  },
  {
    key: 'codebase_understandable',
    type: 'likert5',
    dimension: 'cognitive_load',
    text: 'The systems I work on are easy to understand and change safely',
  },
  {
    key: 'tooling_simple',
    type: 'likert5',
    dimension: 'cognitive_load',
    text: 'Our internal tools and processes are simple enough that I rarely need to ask for help',
  },
  {
    key: 'onboarding',
    type: 'likert5',
    dimension: 'cognitive_load',
    text: 'Getting up to speed on a codebase, service or tool that is new to me is easy',
  },
  // Flow state
  {
    key: 'focus_time',
    type: 'likert5',
    dimension: 'flow_state',
    text: 'I have enough uninterrupted time to focus on deep work',
  },
  {
    key: 'interruptions',
    type: 'likert5',
    dimension: 'flow_state',
    text: 'Meetings and interruptions rarely pull me away from my planned work',
  },
  {
    key: 'clear_priorities',
    type: 'likert5',
    dimension: 'flow_state',
    text: 'I understand what I should be working on and why',
  },
  // Ease of delivery
  {
    key: 'release_confidence',
    type: 'likert5',
    dimension: 'ease_of_delivery',
    text: 'I am confident that my changes will not break production when they ship',
  },
  {
    key: 'deploy_ease',
    type: 'likert5',
    dimension: 'ease_of_delivery',
    text: 'Getting a change into production is easy',
  },
  {
    key: 'env_access',
    type: 'likert5',
    dimension: 'ease_of_delivery',
    text: 'I get the environments and access I need without waiting on other people',
  },
  // Satisfaction
  {
    key: 'tools_satisfaction',
    type: 'likert5',
    dimension: 'satisfaction',
    text: 'Overall, I am satisfied with the tools and platform I use every day',
  },
  {
    key: 'sustainable_pace',
    type: 'likert5',
    dimension: 'satisfaction',
    text: 'My workload lets me work at a sustainable pace',
  },
  // Recommend (eNPS-style, 0–10)
  {
    key: 'recommend',
    type: 'scale0_10',
    dimension: 'recommend',
    text: 'How likely are you to recommend our internal platform to a colleague?',
  },
  // Friction
  {
    key: 'hours_lost',
    type: 'hours_lost',
    dimension: 'friction',
    text: 'Last week, how many hours did you lose to friction (waiting, broken tooling, searching for information, avoidable rework)?',
  },
  {
    key: 'friction',
    type: 'text',
    dimension: 'friction',
    text: 'What slowed you down most recently? A sentence or two is plenty.',
    help: "Describe the situation, not the person: please don't name people.",
  },
];

/**
 * The eight core DevEx items a new survey starts with: two per core dimension (the quickest,
 * most behaviour-anchored of each), so a first survey measures the DevEx score in about two minutes.
 */
export const CORE_ITEMS: readonly string[] = [
  'build_and_test',
  'code_review',
  'docs_findable',
  'codebase_understandable',
  'focus_time',
  'interruptions',
  'deploy_ease',
  'release_confidence',
];

/** The bank item with this key, if any. */
export const bankQuestion = (key: string): BankQuestion | undefined => QUESTION_BANK.find((q) => q.key === key);

/** Free text is optional; every other item must be answered (Likert allows "not applicable"). */
export const requiredByDefault = (type: QuestionType): boolean => type !== 'text';
