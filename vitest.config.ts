import { defineConfig } from 'vitest/config';

// Every test file opens its own :memory: database and servers on 127.0.0.1 port 0, in its own process.
const shared = {
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'forks',
} as const;

// Pure functions and services over a real (migrated) database: no HTTP server, no Slack harness, no browser.
const unit = [
  'test/config.test.ts',
  'test/audit/audit-log.test.ts',
  'test/cache/report-cache.test.ts',
  'test/db/migrate.test.ts',
  'test/delivery/default-window.test.ts',
  'test/docs/links.test.ts',
  'test/docs/error-codes.test.ts',
  'test/metrics/dora.test.ts',
  'test/metrics/dora-windows.test.ts',
  'test/metrics/privacy.test.ts',
  'test/metrics/survey-stats.test.ts',
  'test/reports/demo-overview.test.ts',
  'test/reports/value-model.test.ts',
  'test/schedule/cadence.test.ts',
  'test/slack/blocks.test.ts',
  'test/slack/manifests.test.ts',
  'test/surveys/answers.test.ts',
  'test/surveys/demo-surveys.test.ts',
  'test/surveys/results.test.ts',
  'test/surveys/results-cache.test.ts',
  'test/surveys/results-counts.test.ts',
  'test/surveys/results-privacy.test.ts',
  'test/themes/demo-themes.test.ts',
  'test/themes/taxonomy-match.test.ts',
  'test/themes/text-tools.test.ts',
  'test/themes/themes-report.test.ts',
  'test/web/route-policies.test.ts',
];

// Drive /usr/bin/chromium (they skip, saying so, when it is absent).
const browser = ['test/**/*.browser.test.ts'];

// Minutes, not seconds: property-based fuzzing, SIGKILL durability, the privacy audits, the XSS walk, the bench run.
const slow = [
  'test/security/fuzz-*.test.ts',
  'test/security/durability.test.ts',
  'test/security/privacy-audit*.test.ts',
  'test/security/xss.test.ts',
  'test/bench/generate.test.ts',
];

export default defineConfig({
  test: {
    ...shared,
    // `npm test` (plain `vitest run`) runs every project; `vitest run --project <name>` runs one.
    projects: [
      { test: { ...shared, name: 'unit', include: unit } },
      // Everything else: HTTP routes and pages, Slack, webhooks, the CLI, the main process.
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...unit, ...browser, ...slow],
        },
      },
      { test: { ...shared, name: 'browser', include: browser } },
      { test: { ...shared, name: 'slow', include: slow } },
    ],
  },
});
