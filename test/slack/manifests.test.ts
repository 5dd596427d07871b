import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (name: string) => readFileSync(new URL(`../../slack/${name}`, import.meta.url), 'utf8');

describe('Slack app manifests', () => {
  it.each(['manifest.http.yaml', 'manifest.socket.yaml'])(
    '%s declares the command, shortcut, App Home and scopes',
    (name) => {
      const text = read(name);
      for (const needle of [
        'command: /chorus',
        'callback_id: report_friction',
        'home_tab_enabled: true',
        'app_home_opened',
        '- chat:write',
        '- commands',
        '- im:write',
        '- users:read',
        '- users:read.email',
        'display_name: chorus',
      ]) {
        expect(text).toContain(needle);
      }
      expect(text).not.toMatch(/\t/);
    },
  );

  it('HTTP mode sends everything to /slack/events; Socket Mode has no URLs', () => {
    const http = read('manifest.http.yaml');
    expect(http.match(/https:\/\/HOST\/slack\/events/g)).toHaveLength(3);
    expect(http).toContain('socket_mode_enabled: false');
    const socket = read('manifest.socket.yaml');
    expect(socket).not.toMatch(/url:/);
    expect(socket).toContain('socket_mode_enabled: true');
  });
});
