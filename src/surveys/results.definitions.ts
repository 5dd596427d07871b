/**
 * The definitions behind every figure of a results report (metrics.md), shown one click away on
 * the page (anchor `#def-<key>`) and sent as `definitions` in the JSON.
 */
export const RESULT_DEFINITIONS = {
  respondents: 'Distinct people who answered in the window [from, to). A person who answered several runs counts once.',
  n: 'Answers to the question in the window ("not applicable" excluded). A person who answered three runs counts three times.',
  favorable: 'Share of answers that are 4 or 5 on the 1–5 scale (neutral = 3, unfavorable = 1 or 2).',
  ci95: '95 % Wilson score interval for the favorable share, z = 1.96.',
  mean: 'Arithmetic mean of the answers (1–5, 0–10 or hours at bucket midpoints), with the sample standard deviation.',
  devex_score:
    'Mean favorability (0–100) over the 1–5 items tagged feedback loops, cognitive load, flow state or ease of delivery.',
  enps: 'Recommend score: 100 × (promoters 9–10 − detractors 0–6) ÷ n.',
  hours:
    'Hours lost to friction per developer-week, each bucket at its midpoint (0, <1 = 0.5, 1–2 = 1.5, 2–4 = 3, 4–8 = 6, 8+ = 10); median and 25th/75th percentiles (type 7).',
  response_rate:
    "Responses ÷ invitations over the runs that opened in the window (cancelled runs left out), each person counted at most once per run: two runs of 12 people answered by 6 and 3 give 9 ÷ 24 = 37.5 %. None when nobody was invited (imported history). Below 60 % is flagged. Each run also shows its own invited, answered and rate; a run whose answers for this group are hidden by the privacy rules shows no count, and then the window's rate is hidden too, since it would give that run away.",
  changes:
    'Favorability now minus the window of equal length just before, with a 95 % Newcombe (hybrid Wilson) interval. Significant only when the interval excludes 0, the difference is at least 5 points, and both windows meet the anonymity threshold.',
  threshold:
    'Anonymity threshold k: a group with fewer than k distinct respondents shows no figures. When a sibling group is hidden, the next-smallest are hidden too until the hidden ones together hold at least k, so no group can be computed by subtraction; a segment is shown only when the rest of its scope holds 0 or at least k.',
  period_privacy:
    "People (not admins or API tokens) see whole UTC weeks: both ends of the window move to the next Monday, and a team's week with fewer than k respondents (or hidden that week to protect a smaller sibling) is left out, so no two windows can be subtracted to reveal a small period.",
} as const;

export type DefinitionKey = keyof typeof RESULT_DEFINITIONS;

/** The definitions as a list for the page's definitions section. */
export const definitionList = () =>
  Object.entries(RESULT_DEFINITIONS).map(([key, text]) => ({ key, anchor: `def-${key}`, text }));
