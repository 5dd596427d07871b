import type { Deps } from '../../src/deps.js';
import { createShare } from '../../src/reports/share.service.js';
import { recordFriction } from '../../src/slack/friction.service.js';
import type { RouteDef } from '../../src/web/route.js';
import type { apiClient } from '../helpers/server.js';
import { fillPath } from './route-calls.js';
import { XSS_PAYLOADS } from './xss-payloads.js';

type Api = ReturnType<typeof apiClient>;

export interface XssContext {
  stored: {
    teams: number;
    people: number;
    services: number;
    comments: number;
    frictions: number;
    themeLabels: number;
    updates: number;
  };
  /** Every GET page of the route table, with real keys where it has parameters, plus reflected-query probes. */
  pagePaths: (routes: RouteDef[]) => string[];
}

const ok = (status: number) => status >= 200 && status < 300;

/**
 * Stores every payload wherever user text enters Chorus: team, person (= Slack display name after a
 * sync) and service names, survey names and question texts, survey comments (shown as theme
 * quotes), Slack friction reports, theme labels and "you said, we did" updates.
 */
export async function seedXssData(deps: Deps, api: Api, _base: string): Promise<XssContext> {
  const stored = { teams: 0, people: 0, services: 0, comments: 0, frictions: 0, themeLabels: 0, updates: 0 };
  await api.post('/api/v1/teams', { key: 'xss-root', name: 'Root' });
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    if (
      ok(
        (
          await api.post('/api/v1/teams', {
            key: `xss-${i}`,
            name: payload,
            parent: i % 3 === 0 ? 'xss-root' : undefined,
          })
        ).status,
      )
    )
      stored.teams++;
    if (
      ok(
        (
          await api.post('/api/v1/people', {
            email: `xss${i}@test.example`,
            name: payload,
            team: i % 2 ? 'xss-root' : `xss-${i}`,
            slack_user_id: `U0XSS${i}`,
          })
        ).status,
      )
    )
      stored.people++;
    if (ok((await api.post('/api/v1/services', { name: payload, team: `xss-${i}` })).status)) stored.services++;
  }
  // A survey whose texts are payloads, answered by enough people (xss-root has ~21) that comments show.
  const questions = [
    { key: 'ease', text: XSS_PAYLOADS[1], type: 'likert5', dimension: 'ease_of_delivery' },
    { key: 'hours_lost', text: XSS_PAYLOADS[2], type: 'hours_lost', dimension: 'friction' },
    { key: 'friction', text: XSS_PAYLOADS[5], type: 'text', dimension: 'friction' },
  ];
  await api.post('/api/v1/surveys', { key: 'pulse', name: XSS_PAYLOADS[6], questions });
  const day = (i: number) => new Date(deps.now().getTime() - (2 + (i % 20)) * 86_400_000).toISOString();
  const responses = XSS_PAYLOADS.map((payload, i) => ({
    respondent: `xss${i}@test.example`,
    team: 'xss-root',
    submitted_at: day(i),
    answers: { ease: (i % 5) + 1, hours_lost: '2-4', friction: `flaky tests and slow ci ${payload}` },
  }));
  if (ok((await api.post('/api/v1/surveys/pulse/responses', { responses })).status)) stored.comments = responses.length;
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    if (i % 2 === 0) continue;
    try {
      recordFriction(deps, `U0XSS${i}`, { text: `flaky tests ${payload}`, source: 'slack_command' });
      stored.frictions++;
    } catch {
      /* a payload the friction schema refuses */
    }
  }
  const themes = XSS_PAYLOADS.filter((p) => p.trim().length <= 80)
    .slice(0, 12)
    .map((label, i) => ({ key: `xss_theme_${i}`, label, definition: XSS_PAYLOADS[i], keywords: ['flaky', `ci${i}`] }));
  if (
    ok(
      (
        await api.put('/api/v1/themes/taxonomy', {
          themes: [...themes, { key: 'flaky_tests', label: 'Flaky tests', keywords: ['flaky'] }],
        })
      ).status,
    )
  )
    stored.themeLabels = themes.length;
  for (const [i, payload] of XSS_PAYLOADS.slice(0, 10).entries()) {
    if (
      ok(
        (
          await api.post('/api/v1/themes/xss_theme_0/updates', {
            title: payload.slice(0, 140),
            body: payload,
            status: 'planned',
            owner: payload.slice(0, 120),
          })
        ).status,
      )
    )
      stored.updates++;
    void i;
  }
  const run = await api.post('/api/v1/surveys/pulse/runs', { teams: ['xss-root'] });
  const links = ok(run.status)
    ? ((await api.get(`/api/v1/runs/${run.json.run_id}/links`)).json as Array<{ url: string }>)
    : [];
  const surveyToken = links[0] ? new URL(links[0].url).pathname.split('/').pop()! : 'zz-dummy';
  const share = createShare(
    deps,
    {},
    { from: new Date(deps.now().getTime() - 90 * 86_400_000).toISOString(), to: deps.now().toISOString(), days: 90 },
    null,
  );
  const shareToken = share.path.split('/').pop()!;

  const reflected = encodeURIComponent(XSS_PAYLOADS[3]);
  const keyFor = (path: string) =>
    path.startsWith('/teams')
      ? 'xss-0'
      : path.includes('/themes')
        ? 'xss_theme_0'
        : path.includes('/surveys')
          ? 'pulse'
          : 'zz-dummy';
  return {
    stored,
    pagePaths: (routes) => {
      const out: string[] = [];
      for (const r of routes) {
        // Operator endpoints (/healthz, /readyz, /metrics) answer plain text or JSON, never HTML.
        if (
          r.method !== 'get' ||
          /^\/(api|webhooks|slack)\//.test(r.path) ||
          /^\/(healthz|readyz|metrics)$/.test(r.path)
        )
          continue;
        let path = r.path.replace(':token', r.path.startsWith('/share') ? shareToken : surveyToken);
        path = fillPath(path, keyFor(r.path));
        out.push(path);
        out.push(
          `${path}?team=xss-root&next=${reflected}&q=${reflected}&from=${reflected}&to=2026-13-45&format=${reflected}`,
        );
      }
      out.push(
        `/login?next=${reflected}`,
        `/no-such-page-${reflected}`,
        '/teams/xss-root',
        '/teams/xss-1',
        '/themes?team=xss-root',
        '/themes/flaky_tests',
        '/surveys/pulse/results?team=xss-root',
      );
      return [...new Set(out)];
    },
  };
}
