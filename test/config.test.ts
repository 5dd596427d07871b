import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to the demo workspace on 127.0.0.1:3000 with Slack off', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      demo: true,
      dbPath: 'db/demo.sqlite',
      baseUrl: 'http://127.0.0.1:3000',
    });
    expect(c.slack.mode).toBe('off');
  });
  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'nope' })).toThrow(ConfigError);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ CHORUS_BASE_URL: 'ftp://x' })).toThrow(/CHORUS_BASE_URL/);
  });
  it('picks the Slack mode from the variables that are set', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket');
    expect(loadConfig({ CHORUS_DB: '/tmp/x.sqlite' }).demo).toBe(false);
  });
});
