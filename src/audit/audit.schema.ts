import { z } from 'zod';

/** Who made a change: a web user (by e-mail), an API token (by id) or the CLI (by OS user). */
export interface Actor {
  name: string;
  kind: 'session' | 'token' | 'cli';
  role: string | null;
}

/** One change to record. `details` is filtered by the service before it is stored. */
export interface AuditInput {
  actor: Actor;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** A stored entry as the repo reads it. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actorKind: Actor['kind'];
  actorRole: string | null;
  action: string;
  target: string | null;
  details: string;
  ip: string | null;
}

/** Dotted lower-case names: `survey.update`, `run.open`, `export.csv`. */
export const ACTION_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

const single = (message: string) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string({ error: message }).trim().optional());

const instant = single('must be given once, as an ISO date or instant').refine(
  (v) =>
    v === undefined ||
    ((/^\d{4}-\d{2}-\d{2}$/.test(v) ||
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) &&
      !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v))),
  'must be an ISO date (2026-03-02) or instant (2026-03-02T14:00:00Z)',
);

const positiveInt = (max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? fallback : v),
    z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(max, `must be at most ${max}`),
  );

/**
 * Filters of `GET /api/v1/audit` and `/admin/audit`: `[from, to)` (a date means its midnight UTC),
 * an actor (exact, case-insensitive), an action (exact, or a prefix: `survey` matches
 * `survey.update`), `format`, and paging.
 */
export const auditQuery = z
  .object({
    from: instant,
    to: instant,
    actor: single('must be given once').pipe(z.string().max(254, 'at most 254 characters').optional()),
    action: single('must be given once').pipe(
      z.string().regex(ACTION_NAME, 'a dotted action name like survey.update or survey').max(80).optional(),
    ),
    format: single('must be json or csv').pipe(z.enum(['json', 'csv'], { message: 'must be json or csv' }).optional()),
    limit: positiveInt(10_000, 1000),
    page: positiveInt(100_000, 1),
  })
  .refine((q) => !q.from || !q.to || toInstant(q.from) < toInstant(q.to), {
    path: ['from'],
    message: 'must be before to',
  });

export type AuditQuery = z.output<typeof auditQuery>;

/** ISO date or instant → ISO instant (a date is its midnight UTC). */
export const toInstant = (v: string): string => new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString();
