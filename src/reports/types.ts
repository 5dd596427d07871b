/**
 * The pinned report shapes (api.md) as far as the combined reports read them. The survey, DORA,
 * cost and themes parts are produced by their own features and passed through unchanged.
 */
export interface QuestionResult {
  key: string;
  n: number;
  favorable?: number | null;
  mean?: number | null;
  ci95?: [number, number] | null;
  distribution?: Record<string, number>;
  type?: string;
  dimension?: string | null;
  text?: string;
  score?: number | null;
}

export interface SurveyChange {
  question: string;
  delta: number | null;
  ci95: [number, number] | null;
  significant: boolean;
}

export interface SurveyResults {
  survey: string;
  team: string | null;
  from: string;
  to: string;
  respondents: number | null;
  response_rate?: number | null;
  suppressed: boolean;
  threshold?: number;
  devex_score?: number | null;
  questions: QuestionResult[];
  changes?: SurveyChange[];
  [extra: string]: unknown;
}

export interface DoraReport {
  scope?: Record<string, unknown>;
  deployment_frequency?: { deployments?: number; per_week?: number | null; versions?: number; class?: string | null };
  lead_time_hours?: { median?: number | null; p75?: number | null; p90?: number | null; n?: number };
  change_failure_rate?: {
    rate?: number | null;
    failed?: number;
    total?: number;
    by_reason?: Array<{ reason: string; count: number; share: number }>;
  };
  time_to_restore_hours?: { median?: number | null; p90?: number | null; n?: number };
  rework_rate?: number | null;
  tiers?: Record<string, unknown>;
  definitions?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface ThemeResult {
  key: string;
  label: string;
  /** null when fewer than k respondents mention it (never an exact small count). */
  respondents: number | null;
  share: number | null;
  ci95?: [number, number] | null;
  teams?: string[];
  trend?: Array<{ period: string; share: number | null }>;
  quotes?: string[];
  status?: string;
  [extra: string]: unknown;
}

export interface ThemesReport {
  respondents_with_comments: number | null;
  themes: ThemeResult[];
  emerging?: Array<{ phrase: string; count: number }>;
  suppressed?: boolean;
  [extra: string]: unknown;
}

/** The cost report (C's pinned shape) as far as reports read it. */
export interface CostReport {
  cost?: number | null;
  idle_cost?: number | null;
  idle_share?: number | null;
  utilization?: { cpu?: number | null; memory?: number | null };
  successful_deployments?: number;
  cost_per_successful_deployment?: number | null;
  days?: number;
  teams?: Array<{
    team: string;
    name: string;
    cost: number | null;
    idle_cost: number | null;
    idle_share?: number | null;
    utilization?: { cpu?: number | null; memory?: number | null };
    successful_deployments: number;
    cost_per_successful_deployment: number | null;
  }>;
  [extra: string]: unknown;
}
