import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps } from '../helpers/deps.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';

describe('/admin/slack with Slack off', () => {
  const deps = makeDeps();
  let server: TestServer;
  beforeAll(async () => {
    upsertSurvey(deps, {
      key: 'deploy_check',
      name: 'Deployment check',
      kind: 'event',
      questions: [{ key: 'smooth', text: 'Smooth?', type: 'likert5' }],
    });
    server = await startServer(deps);
  });
  afterAll(() => server.close());

  it('says Slack is off, and manages event rules and the announcement channel with field errors', async () => {
    const s = await loginSession(server.base, deps, 'admin');
    const page = await s.get('/admin/slack');
    expect(page.text).toContain('Slack is off');
    expect(page.text).toMatch(/<button class="button" type="submit" disabled[^>]*>Sync directory from Slack/);
    const csrf = s.csrfFrom(page.text);
    const bad = await s.postForm(
      '/admin/slack/rules',
      { event: 'deploy.finished', survey: 'missing', sample_rate: '1', cooldown_hours: '24', timezone: 'UTC' },
      csrf,
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('no survey with key &quot;missing&quot;');
    expect(bad.text).toContain('value="deploy.finished"');
    const ok = await s.postForm(
      '/admin/slack/rules',
      {
        event: 'deploy.finished',
        survey: 'deploy_check',
        sample_rate: '0.25',
        cooldown_hours: '48',
        quiet_start: '',
        quiet_end: '',
        timezone: 'UTC',
      },
      csrf,
    );
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('deploy.finished → deploy_check');
    expect(ok.text).toContain('25%');
    const channel = await s.postForm('/admin/slack/settings', { announce_channel: '#dev-experience' }, csrf);
    expect(channel.text).toContain('announced in #dev-experience');
    expect((await s.postForm('/admin/slack/settings', { announce_channel: 'no spaces allowed' }, csrf)).status).toBe(
      422,
    );
    expect((await s.postForm('/admin/slack/sync', {}, csrf)).status).toBe(409);
  });
});
