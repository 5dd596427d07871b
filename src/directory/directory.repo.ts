import type { Db } from '../db/open.js';
import { perDatabase } from '../db/per-database.js';
import type { PersonChannel } from './directory.schema.js';

export interface Team {
  id: number;
  key: string;
  name: string;
  parentId: number | null;
  parentKey: string | null;
}
export interface Person {
  id: number;
  email: string;
  name: string;
  teamId: number;
  teamKey: string;
  slackUserId: string | null;
  active: boolean;
  /** auto | slack | email: how invitations reach them (migration 0024). */
  channel: PersonChannel;
}
export interface Service {
  id: number;
  name: string;
  teamId: number;
  teamKey: string;
}

const TEAM_COLS = `t.id, t.key, t.name, t.parent_id AS parentId, p.key AS parentKey`;
const PERSON_COLS = `pe.id, pe.email, pe.name, pe.team_id AS teamId, t.key AS teamKey, pe.slack_user_id AS slackUserId, pe.active, pe.channel`;

function build(db: Db) {
  const q = {
    teams: db.prepare(`SELECT ${TEAM_COLS} FROM teams t LEFT JOIN teams p ON p.id = t.parent_id ORDER BY t.name`),
    teamByKey: db.prepare(`SELECT ${TEAM_COLS} FROM teams t LEFT JOIN teams p ON p.id = t.parent_id WHERE t.key = ?`),
    insertTeam: db.prepare(
      'INSERT INTO teams (key, name, parent_id, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)',
    ),
    updateTeamName: db.prepare('UPDATE teams SET name = ?, updated_at = ? WHERE id = ? AND name IS NOT ?'),
    setParent: db.prepare('UPDATE teams SET parent_id = ?, updated_at = ? WHERE id = ? AND parent_id IS NOT ?'),
    people: db.prepare(`SELECT ${PERSON_COLS} FROM people pe JOIN teams t ON t.id = pe.team_id ORDER BY pe.name`),
    personByEmail: db.prepare(
      `SELECT ${PERSON_COLS} FROM people pe JOIN teams t ON t.id = pe.team_id WHERE pe.email = ?`,
    ),
    personById: db.prepare(`SELECT ${PERSON_COLS} FROM people pe JOIN teams t ON t.id = pe.team_id WHERE pe.id = ?`),
    personBySlack: db.prepare(
      `SELECT ${PERSON_COLS} FROM people pe JOIN teams t ON t.id = pe.team_id WHERE pe.slack_user_id = ?`,
    ),
    upsertPerson: db.prepare(
      `INSERT INTO people (email, name, team_id, slack_user_id, active, created_at, updated_at)
       VALUES (@email, @name, @teamId, @slackUserId, @active, @now, @now)
       ON CONFLICT (email) DO UPDATE SET name = excluded.name, team_id = excluded.team_id,
         slack_user_id = COALESCE(excluded.slack_user_id, people.slack_user_id), active = excluded.active,
         updated_at = excluded.updated_at`,
    ),
    setChannel: db.prepare('UPDATE people SET channel = ? WHERE email = ?'),
    clearSlackId: db.prepare('UPDATE people SET slack_user_id = NULL WHERE slack_user_id = ? AND email <> ?'),
    activePeopleInTeams: db.prepare(
      `SELECT ${PERSON_COLS} FROM people pe JOIN teams t ON t.id = pe.team_id
       WHERE pe.active = 1 AND pe.team_id IN (SELECT value FROM json_each(?)) ORDER BY pe.id`,
    ),
    services: db.prepare(
      `SELECT s.id, s.name, s.team_id AS teamId, t.key AS teamKey FROM services s JOIN teams t ON t.id = s.team_id ORDER BY s.name`,
    ),
    serviceByName: db.prepare(
      `SELECT s.id, s.name, s.team_id AS teamId, t.key AS teamKey FROM services s JOIN teams t ON t.id = s.team_id WHERE s.name = ?`,
    ),
    upsertService: db.prepare(
      `INSERT INTO services (name, team_id, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET team_id = excluded.team_id, updated_at = excluded.updated_at`,
    ),
    headcount: db.prepare('SELECT team_id AS teamId, COUNT(*) AS n FROM people WHERE active = 1 GROUP BY team_id'),
  };
  const toPerson = (r: (Omit<Person, 'active'> & { active: number }) | undefined): Person | undefined =>
    r ? { ...r, active: r.active === 1 } : undefined;
  return {
    teams: () => q.teams.all() as Team[],
    teamByKey: (key: string) => q.teamByKey.get(key) as Team | undefined,
    insertTeam: (key: string, name: string, now: string) =>
      Number(q.insertTeam.run(key, name, now, now).lastInsertRowid),
    updateTeamName: (id: number, name: string, now: string) => q.updateTeamName.run(name, now, id, name).changes > 0,
    setParent: (id: number, parentId: number | null, now: string) =>
      q.setParent.run(parentId, now, id, parentId).changes > 0,
    people: () => (q.people.all() as Array<Omit<Person, 'active'> & { active: number }>).map((r) => toPerson(r)!),
    personByEmail: (email: string) => toPerson(q.personByEmail.get(email.toLowerCase()) as never),
    personById: (id: number) => toPerson(q.personById.get(id) as never),
    personBySlackId: (slackId: string) => toPerson(q.personBySlack.get(slackId) as never),
    upsertPerson: (
      p: { email: string; name: string; teamId: number; slackUserId: string | null; active: boolean },
      now: string,
    ) => {
      // A Slack id moves with its owner: release it from anyone else first (people.slack_user_id is UNIQUE).
      if (p.slackUserId) q.clearSlackId.run(p.slackUserId, p.email);
      q.upsertPerson.run({ ...p, active: p.active ? 1 : 0, now });
    },
    setChannel: (email: string, channel: PersonChannel) => q.setChannel.run(channel, email.toLowerCase()),
    activePeopleInTeams: (teamIds: number[]) =>
      (q.activePeopleInTeams.all(JSON.stringify(teamIds)) as Array<Omit<Person, 'active'> & { active: number }>).map(
        (r) => toPerson(r)!,
      ),
    services: () => q.services.all() as Service[],
    serviceByName: (name: string) => q.serviceByName.get(name) as Service | undefined,
    upsertService: (name: string, teamId: number, now: string) => q.upsertService.run(name, teamId, now, now),
    headcountByTeam: () =>
      new Map((q.headcount.all() as Array<{ teamId: number; n: number }>).map((r) => [r.teamId, r.n])),
  };
}

/** All SQL for teams, people and services (statements prepared once per connection). */
export const directoryRepo = perDatabase(build);
