import type { Deps } from '../deps.js';
import { invalid, notFound, zodDetails } from '../errors.js';
import { currentTaxonomy } from '../themes/taxonomy.service.js';
import { mailOutboxRepo } from '../mail/mail-outbox.repo.js';
import { loopRepo, type LoopUpdateRow } from './loop.repo.js';
import {
  loopUpdateInput,
  shipWeek,
  type LinkableMetric,
  type LoopUpdateInput,
  type ThemeStatus,
} from './loop.schema.js';

/** A theme's status, owner and links (defaults: new, no owner). */
export interface ThemeState {
  key: string;
  status: ThemeStatus;
  owner: string | null;
  question_key: string | null;
  /** The survey whose question the before/after reads. */
  survey_key: string | null;
  metric_key: LinkableMetric | null;
  shipped_at: string | null;
  updated_at: string | null;
}

/** A "you said, we did" update as JSON. */
export interface LoopUpdate {
  id: number;
  theme_key: string;
  theme_label: string;
  title: string;
  body: string;
  status: ThemeStatus;
  author: string | null;
  slack_channel: string | null;
  created_at: string;
}

const blank = (key: string): ThemeState => ({
  key,
  status: 'new',
  owner: null,
  question_key: null,
  survey_key: null,
  metric_key: null,
  shipped_at: null,
  updated_at: null,
});

/** Every theme's stored state, by theme key (themes never touched are absent: status new). */
export function themeStates(deps: Deps): Map<string, ThemeState> {
  return new Map(
    loopRepo(deps.db)
      .states()
      .map((s) => [
        s.themeKey,
        {
          key: s.themeKey,
          status: s.status,
          owner: s.owner,
          question_key: s.questionKey,
          survey_key: s.surveyKey,
          metric_key: s.metricKey,
          shipped_at: s.shippedAt,
          updated_at: s.updatedAt,
        },
      ]),
  );
}

/** One theme's state (status new when never updated). */
export const themeState = (deps: Deps, key: string): ThemeState => themeStates(deps).get(key) ?? blank(key);

const labels = (deps: Deps) => new Map(currentTaxonomy(deps).themes.map((t) => [t.key, t.label]));

const toJson = (u: LoopUpdateRow, label: Map<string, string>): LoopUpdate => ({
  id: u.id,
  theme_key: u.themeKey,
  theme_label: label.get(u.themeKey) ?? u.themeKey,
  title: u.title,
  body: u.body,
  status: u.status,
  author: u.author,
  slack_channel: u.slackChannel,
  created_at: u.createdAt,
});

/**
 * Posts an update on a theme: one loop_updates row (the Slack feature announces it; survey
 * thank-you pages list it) and the theme's status/owner/links changed, in one transaction.
 * Shipping records shipped_at (given, or the earlier one, or now). Unknown theme → 404.
 */
export function postLoopUpdate(
  deps: Deps,
  themeKey: string,
  body: unknown,
  author: string | null,
): { update: LoopUpdate; state: ThemeState; emails_queued: number } {
  const label = labels(deps);
  if (!label.has(themeKey)) throw notFound(`Theme "${themeKey}"`);
  const parsed = loopUpdateInput.safeParse(body ?? {});
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const input = parsed.data;
  const repo = loopRepo(deps.db);
  const now = deps.now().toISOString();
  const prev = themeState(deps, themeKey);
  // A whole UTC week: moving the date by a millisecond never moves a respondent between sides.
  const shippedAt = input.status === 'shipped' ? shipWeek(input.shipped_at ?? prev.shipped_at ?? now) : null;
  const link = linkedQuestion(deps, input, prev);
  const recipients = emailRecipients(deps, input);
  let id = 0;
  let emailsQueued = 0;
  deps.db.transaction(() => {
    repo.upsertState({
      themeKey,
      status: input.status,
      owner: input.owner ?? prev.owner,
      questionKey: link.question,
      surveyKey: link.survey,
      metricKey: input.metric_key ?? prev.metric_key,
      shippedAt,
      updatedAt: now,
    });
    id = repo.insertUpdate({
      themeKey,
      title: input.title,
      body: input.body,
      status: input.status,
      author,
      slackChannel: input.slack_channel?.replace(/^#/, '') ?? null,
      createdAt: now,
    });
    // Queued with the update itself: either both are stored or neither (sent by the scheduler).
    if (recipients.length) emailsQueued = mailOutboxRepo(deps.db).enqueueLoopMail(id, recipients, now);
  })();
  const update = listLoopUpdates(deps, { limit: 1, theme: themeKey })[0];
  return {
    update: update.id === id ? update : { ...update, id },
    state: themeState(deps, themeKey),
    emails_queued: emailsQueued,
  };
}

/** The addresses an update is e-mailed to (`email_to`); a 422 naming the field when it cannot be. */
function emailRecipients(deps: Deps, input: LoopUpdateInput): string[] {
  if (input.email_to === undefined) return [];
  const mail = deps.config.mail;
  if (!mail)
    throw invalid([{ field: 'email_to', message: 'e-mail is off: set CHORUS_SMTP_URL and CHORUS_MAIL_FROM first' }]);
  if (input.email_to !== 'default') return [...new Set(input.email_to)];
  if (!mail.updatesTo.length)
    throw invalid([{ field: 'email_to', message: '"default" needs CHORUS_MAIL_UPDATES_TO (no list is configured)' }]);
  return mail.updatesTo;
}

/**
 * The question a theme's before/after reads, and its survey: a 5-point question of that survey
 * (named, or else the pulse survey holding it). Anything else is a 422 naming the field, so a
 * before/after can only ever read one survey's question through its results.
 */
function linkedQuestion(
  deps: Deps,
  input: LoopUpdateInput,
  prev: ThemeState,
): { question: string | null; survey: string | null } {
  const question = input.question_key ?? prev.question_key;
  if (!question) {
    if (input.survey_key) throw invalid([{ field: 'survey_key', message: 'needs a question_key' }]);
    return { question: null, survey: null };
  }
  const surveys = loopRepo(deps.db).likertSurveys(question);
  const asked = input.survey_key ?? (input.question_key ? undefined : (prev.survey_key ?? undefined));
  if (asked) {
    if (!surveys.includes(asked))
      throw invalid([{ field: 'question_key', message: `must be a 5-point question of survey "${asked}"` }]);
    return { question, survey: asked };
  }
  if (!surveys.length) throw invalid([{ field: 'question_key', message: 'must be a 5-point question of a survey' }]);
  return { question, survey: surveys[0] };
}

/** The questions a theme can be linked to (form choices): `value` is `survey_key:question_key`. */
export function linkableQuestions(
  deps: Deps,
): Array<{ value: string; survey: string; question: string; label: string }> {
  return loopRepo(deps.db)
    .likertQuestions()
    .map((q) => ({
      value: `${q.surveyKey}:${q.questionKey}`,
      survey: q.surveyKey,
      question: q.questionKey,
      label: `${q.surveyName} — ${q.text}`,
    }));
}

/** The most recent loop updates, newest first (optionally of one theme); `limit` 1…200, default 20. */
export function listLoopUpdates(deps: Deps, options: { limit?: number; theme?: string } = {}): LoopUpdate[] {
  const limit = Math.min(200, Math.max(1, Math.floor(options.limit ?? 20)));
  const label = labels(deps);
  return loopRepo(deps.db)
    .recent(limit, options.theme)
    .map((u) => toJson(u, label));
}
