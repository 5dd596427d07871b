import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loginSession } from '../helpers/server.js';
import { seedOrg, slackHarness, type Harness } from './harness.js';

const members = [
  { id: 'USLACKBOT', profile: { email: 'slackbot@acme.test' } },
  { id: 'UBOTX', is_bot: true, profile: { email: 'eve@acme.test' } },
  { id: 'UGONE', deleted: true, profile: { email: 'eve@acme.test' } },
  { id: 'UEVE0001', profile: { email: 'Eve@Acme.test' } },
  { id: 'UANA9999', profile: { email: 'ana@acme.test' } },
  { id: 'UOUT0001', profile: { email: 'contractor@else.test' } },
  { id: 'UNOMAIL1', profile: {} },
];
const slackIds = (h: Harness) =>
  Object.fromEntries(
    (
      h.deps.db.prepare('SELECT email, slack_user_id AS s FROM people ORDER BY email').all() as Array<{
        email: string;
        s: string | null;
      }>
    ).map((r) => [r.email, r.s]),
  );

describe('directory sync from Slack (users.list, matched by e-mail)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await slackHarness({ users: members });
    seedOrg(h.deps);
  });
  afterEach(() => h.close());

  it('links people by e-mail across pages, skipping bots, deleted users and Slackbot (CLI)', async () => {
    const out: string[] = [];
    const code = await runCli(['slack-sync'], { log: (s) => out.push(s), error: (s) => out.push(s) }, h.deps);
    expect(code).toBe(0);
    expect(out.join('\n')).toBe(
      'Synced from Slack: 4 users, 2 matched by e-mail, 2 newly linked, 2 unmatched, 0 languages updated.',
    );
    expect(slackIds(h)).toMatchObject({
      'eve@acme.test': 'UEVE0001',
      'ana@acme.test': 'UANA9999',
      'ben@acme.test': 'U0000002',
    });
    expect(h.fake.callsTo('users.list').length).toBe(4); // 7 members, 2 per page
  });

  it('runs from the admin page button', async () => {
    const session = await loginSession(h.server.base, h.deps, 'admin');
    const page = await session.get('/admin/slack');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Slack is on');
    expect(page.text).toContain('Sync directory from Slack');
    const res = await session.postForm('/admin/slack/sync', {}, session.csrfFrom(page.text));
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 newly linked');
    expect(slackIds(h)['eve@acme.test']).toBe('UEVE0001');
  });
});
