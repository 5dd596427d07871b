import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const base = { CHORUS_DB: ':memory:' };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env });
const problem = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return { variable: (err as ConfigError).variable, message: (err as Error).message };
  }
  throw new Error('expected a configuration error');
};

describe('e-mail configuration', () => {
  it('is off without CHORUS_SMTP_URL and CHORUS_MAIL_FROM', () => {
    expect(load({}).mail).toBeUndefined();
  });

  it('reads smtp:// (STARTTLS when offered, port 587 by default) and smtps:// (TLS, 465)', () => {
    const plain = load({
      CHORUS_SMTP_URL: 'smtp://chorus:p%40ss@mail.example.com',
      CHORUS_MAIL_FROM: 'chorus@example.com',
    });
    expect(plain.mail).toMatchObject({
      secure: false,
      host: 'mail.example.com',
      port: 587,
      fromAddress: 'chorus@example.com',
    });
    const tls = load({
      CHORUS_SMTP_URL: 'smtps://u:p@mail.example.com',
      CHORUS_MAIL_FROM: 'Chorus Surveys <surveys@example.com>',
      CHORUS_MAIL_UPDATES_TO: 'eng@example.com, Leads@Example.com,eng@example.com',
    });
    expect(tls.mail).toMatchObject({
      secure: true,
      port: 465,
      from: 'Chorus Surveys <surveys@example.com>',
      fromAddress: 'surveys@example.com',
      updatesTo: ['eng@example.com', 'leads@example.com'],
    });
    expect(
      load({ CHORUS_SMTP_URL: 'smtp://mail.example.com:2525', CHORUS_MAIL_FROM: 'a@example.com' }).mail?.port,
    ).toBe(2525);
  });

  it('names the variable when one half is missing', () => {
    expect(problem({ CHORUS_SMTP_URL: 'smtp://mail.example.com' })).toMatchObject({ variable: 'CHORUS_MAIL_FROM' });
    expect(problem({ CHORUS_MAIL_FROM: 'a@example.com' })).toMatchObject({ variable: 'CHORUS_SMTP_URL' });
    expect(problem({ CHORUS_MAIL_UPDATES_TO: 'eng@example.com' })).toMatchObject({ variable: 'CHORUS_SMTP_URL' });
  });

  it('refuses other schemes, a user without a password and a bad sender — without echoing the password', () => {
    const http = problem({ CHORUS_SMTP_URL: 'https://u:secretpw@mail.example.com', CHORUS_MAIL_FROM: 'a@example.com' });
    expect(http).toMatchObject({ variable: 'CHORUS_SMTP_URL' });
    expect(http.message).toMatch(/smtp:\/\/ or smtps:\/\//);
    expect(http.message).not.toContain('secretpw');
    expect(problem({ CHORUS_SMTP_URL: 'not a url', CHORUS_MAIL_FROM: 'a@example.com' }).variable).toBe(
      'CHORUS_SMTP_URL',
    );
    expect(
      problem({ CHORUS_SMTP_URL: 'smtp://user@mail.example.com', CHORUS_MAIL_FROM: 'a@example.com' }).message,
    ).toMatch(/no password/);
    expect(problem({ CHORUS_SMTP_URL: 'smtp://mail.example.com', CHORUS_MAIL_FROM: 'Chorus' })).toMatchObject({
      variable: 'CHORUS_MAIL_FROM',
    });
    expect(
      problem({
        CHORUS_SMTP_URL: 'smtp://mail.example.com',
        CHORUS_MAIL_FROM: 'a@example.com',
        CHORUS_MAIL_UPDATES_TO: 'eng@example.com,not-an-address',
      }),
    ).toMatchObject({ variable: 'CHORUS_MAIL_UPDATES_TO', message: expect.stringContaining('item 2') });
  });
});
