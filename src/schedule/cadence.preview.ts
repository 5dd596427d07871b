import type { Deps } from '../deps.js';
import { invalid } from '../errors.js';
import { surveysRepo } from '../surveys/surveys.repo.js';
import { describeCadence, formatCadence, occurrences, parseCadence } from './cadence.js';
import type { CadencePreviewInput } from './cadence.schema.js';
import { localParts, parseLocalDate, zonedInstant } from './local-time.js';

/** How many run dates the preview lists. */
const PREVIEW_COUNT = 5;

/** One upcoming run: the instant, its local wall-clock time and a label for people. */
export interface PreviewRun {
  at: string;
  local: string;
  label: string;
}

/** The cadence as read, in words, and its next run dates in the survey's time zone. */
export interface CadencePreview {
  cadence: string | null;
  kind: 'manual' | 'cron' | 'weekly' | 'monthly' | 'quarterly';
  description: string;
  timezone: string;
  starts_on: string | null;
  next: PreviewRun[];
}

const two = (n: number) => String(n).padStart(2, '0');

function previewRun(at: Date, timezone: string): PreviewRun {
  const p = localParts(at, timezone);
  const label = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at);
  return {
    at: at.toISOString(),
    local: `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`,
    label,
  };
}

/**
 * The next five runs a cadence would open from now (or from `starts_on` when later), as the
 * scheduler counts them; none without a cadence (runs by hand). A bad cadence is a 422 naming `cadence`. With `survey`, an every-N-weeks
 * rhythm without a start date counts from that survey's creation week, else from this week.
 */
export function previewCadence(deps: Deps, input: CadencePreviewInput): CadencePreview {
  const { timezone, starts_on } = input;
  if (input.cadence === null)
    return { cadence: null, kind: 'manual', description: 'Runs are opened by hand', timezone, starts_on, next: [] };
  const parsed = parseCadence(input.cadence);
  if (!parsed.ok) throw invalid([{ field: 'cadence', message: parsed.message }]);
  const now = deps.now();
  const survey = input.survey ? surveysRepo(deps.db).byKey(input.survey) : undefined;
  const startsOn = input.starts_on ? parseLocalDate(input.starts_on) : null;
  const createdAt = survey ? new Date(survey.createdAt) : now;
  const firstDay = startsOn ? zonedInstant(startsOn, 0, 0, input.timezone).getTime() - 1 : -Infinity;
  const after = new Date(Math.max(now.getTime(), firstDay));
  const runs = occurrences(parsed.cadence, input.timezone, { startsOn, createdAt }, after, { limit: PREVIEW_COUNT });
  return {
    cadence: formatCadence(parsed.cadence),
    kind: parsed.cadence.kind,
    description: describeCadence(parsed.cadence),
    timezone: input.timezone,
    starts_on: input.starts_on,
    next: runs.map((r) => previewRun(r, input.timezone)),
  };
}
