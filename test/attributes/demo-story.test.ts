import { describe, expect, it } from 'vitest';
import { reportableKeys } from '../../src/attributes/attributes.service.js';
import { tenureBand } from '../../src/attributes/tenure.js';
import { DEMO_REPORTABLE } from '../../src/demo/people-attributes.js';
import { DEMO_TEAMS, demoPeople } from '../../src/demo/org.js';
import { seededRandom } from '../../src/demo/seed.js';
import { seedSurveys } from '../../src/demo/surveys.js';
import { updateAttributeKeys } from '../../src/attributes/attributes.service.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { surveyResults } from '../../src/surveys/results.service.js';
import { makeDeps } from '../helpers/deps.js';

const TODAY = new Date('2026-03-04T12:00:00.000Z');

function seeded() {
  const deps = makeDeps({ now: () => TODAY });
  upsertTeams(deps, { teams: DEMO_TEAMS });
  upsertPeople(deps, { people: demoPeople(TODAY) });
  updateAttributeKeys(deps, { attributes: DEMO_REPORTABLE.map((k) => ({ ...k, reportable: true })) });
  seedSurveys({ deps, random: seededRandom(20260301), today: TODAY });
  return deps;
}

describe('demo people attributes and the new-joiner story', () => {
  const deps = seeded();
  const people = demoPeople(TODAY);

  it('gives every demo person role, location, employment, level and a start date spread over five years and more', () => {
    for (const p of people) {
      expect(Object.keys(p.attributes).sort()).toEqual(['employment', 'level', 'location', 'role']);
      expect(p.start_date <= TODAY.toISOString().slice(0, 10)).toBe(true);
    }
    const bands = new Map<string, number>();
    for (const p of people) {
      const band = tenureBand(p.start_date, TODAY)!;
      bands.set(band, (bands.get(band) ?? 0) + 1);
    }
    for (const band of ['<6m', '6-12m', '1-2y', '2-5y', '5y+']) expect(bands.get(band)).toBeGreaterThanOrEqual(10);
    expect(new Set(people.map((p) => p.attributes.role)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(people.map((p) => p.attributes.location)).size).toBe(4);
    expect(people.filter((p) => p.attributes.employment === 'contractor').length).toBeGreaterThan(10);
    expect(reportableKeys(deps)).toEqual(['employment', 'location', 'role', 'tenure']);
  });

  it('stores a snapshot with each demo response, and invites nobody before they started', () => {
    const missing = deps.db
      .prepare(
        `SELECT COUNT(*) AS n FROM responses r WHERE NOT EXISTS
           (SELECT 1 FROM response_attributes a WHERE a.response_id = r.id AND a.key = 'role')`,
      )
      .get() as { n: number };
    expect(missing.n).toBe(0);
    const early = deps.db
      .prepare(
        `SELECT COUNT(*) AS n FROM responses r JOIN response_attributes a ON a.response_id = r.id
         WHERE a.key = 'tenure'`,
      )
      .get() as { n: number };
    const all = deps.db.prepare('SELECT COUNT(*) AS n FROM responses').get() as { n: number };
    expect(early.n).toBe(all.n);
  });

  it('shows people in their first six months rating docs and onboarding far lower, through the privacy engine', () => {
    const from = new Date(TODAY.getTime() - 120 * 86_400_000).toISOString();
    const results = surveyResults(deps, 'pulse', { from, to: TODAY.toISOString(), by: 'tenure' });
    const groups = results.breakdown!.groups;
    const newJoiners = groups.find((g) => g.value === '<6m')!;
    expect(newJoiners.suppressed).toBe(false);
    const favorable = (key: string, shown: typeof groups) => {
      const qs = shown.flatMap((g) => g.questions.filter((q) => q.key === key));
      const n = qs.reduce((s, q) => s + q.n, 0);
      return qs.reduce((s, q) => s + (q.favorable ?? 0) * q.n, 0) / n;
    };
    const rest = groups.filter((g) => g.value !== '<6m' && !g.suppressed);
    expect(rest.length).toBeGreaterThanOrEqual(2);
    for (const key of ['docs_findable', 'onboarding']) {
      const gap = favorable(key, rest) - favorable(key, [newJoiners]);
      expect(gap, key).toBeGreaterThan(0.3);
    }
    // Other questions show no such gap: the story is about docs and onboarding.
    expect(Math.abs(favorable('focus_time', rest) - favorable('focus_time', [newJoiners]))).toBeLessThan(0.15);
  });
});
