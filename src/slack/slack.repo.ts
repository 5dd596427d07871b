import type { Db } from '../db/open.js';
import { perDatabase } from '../db/per-database.js';

/** One answer of the person's own recent responses (App Home). */
export interface OwnAnswerRow {
  responseId: number;
  submittedAt: string;
  surveyName: string;
  question: string;
  questionKey: string;
  type: string;
  /** The question's options (JSON) and translations (JSON), to show the answer in the person's language. */
  options: string | null;
  translations: string;
  valueNum: number | null;
  valueText: string | null;
}

function build(db: Db) {
  const q = {
    seen: db.prepare(`INSERT OR IGNORE INTO slack_event_dedup (event_id, received_at) VALUES (?, ?)`),
    pruneSeen: db.prepare(`DELETE FROM slack_event_dedup WHERE received_at < ?`),
    seenSignature: db.prepare(`INSERT OR IGNORE INTO slack_seen_signatures (signature, seen_at) VALUES (?, ?)`),
    pruneSignatures: db.prepare(`DELETE FROM slack_seen_signatures WHERE seen_at < ?`),
    recentSignatures: db.prepare(
      `SELECT signature, seen_at AS seenAt FROM slack_seen_signatures WHERE seen_at >= ? ORDER BY seen_at`,
    ),
    insertFriction: db.prepare(
      `INSERT INTO friction_reports (team_id, respondent, text, category, source, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    ownAnswers: db.prepare(
      `SELECT r.id AS responseId, r.submitted_at AS submittedAt, s.name AS surveyName, q.text AS question, q.type,
              q.key AS questionKey, q.options, q.translations,
              a.value_num AS valueNum, a.value_text AS valueText
       FROM (SELECT id, survey_id, submitted_at FROM responses WHERE respondent = ? ORDER BY submitted_at DESC, id DESC LIMIT ?) r
       JOIN surveys s ON s.id = r.survey_id JOIN answers a ON a.response_id = r.id JOIN questions q ON q.id = a.question_id
       ORDER BY r.submitted_at DESC, r.id DESC, q.id`,
    ),
    latestUpdates: db.prepare(
      `SELECT theme_key AS themeKey, title, body, status, created_at AS createdAt FROM loop_updates ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
    peopleByEmail: db.prepare(
      `SELECT id, email, slack_user_id AS slackUserId FROM people WHERE email = ? COLLATE NOCASE`,
    ),
    releaseSlackId: db.prepare(
      `UPDATE people SET slack_user_id = NULL, updated_at = ? WHERE slack_user_id = ? AND id <> ?`,
    ),
    setSlackId: db.prepare(
      `UPDATE people SET slack_user_id = ?, updated_at = ? WHERE id = ? AND slack_user_id IS NOT ?`,
    ),
  };
  return {
    /** Records an event id; false when it was already handled (a Slack retry). */
    markEventSeen: (eventId: string, now: string) => q.seen.run(eventId, now).changes === 1,
    pruneSeenEvents: (before: string) => q.pruneSeen.run(before).changes,
    /** Records a request signature; false when it was seen before (a replay). */
    markSignatureSeen: (signature: string, now: string) => q.seenSignature.run(signature, now).changes === 1,
    pruneSignatures: (before: string) => q.pruneSignatures.run(before).changes,
    recentSignatures: (since: string) => q.recentSignatures.all(since) as Array<{ signature: string; seenAt: string }>,
    insertFriction: (
      f: { teamId: number; respondent: string; text: string; category: string | null; source: string },
      now: string,
    ) => Number(q.insertFriction.run(f.teamId, f.respondent, f.text, f.category, f.source, now).lastInsertRowid),
    ownAnswers: (respondent: string, responses: number) => q.ownAnswers.all(respondent, responses) as OwnAnswerRow[],
    latestUpdates: (limit: number) =>
      q.latestUpdates.all(limit) as Array<{
        themeKey: string;
        title: string;
        body: string;
        status: string;
        createdAt: string;
      }>,
    personByEmail: (email: string) =>
      q.peopleByEmail.get(email) as { id: number; email: string; slackUserId: string | null } | undefined,
    /** Links a person to a Slack user (moving the id away from anyone else); true when something changed. */
    linkSlackUser: db.transaction((personId: number, slackUserId: string, now: string): boolean => {
      q.releaseSlackId.run(now, slackUserId, personId);
      return q.setSlackId.run(slackUserId, now, personId, slackUserId).changes > 0;
    }),
  };
}

/** SQL the Slack adapter needs beyond the survey service: dedup, replay, friction, directory links, App Home (prepared once per connection). */
export const slackRepo = perDatabase(build);
