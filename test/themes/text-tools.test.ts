import { describe, expect, it } from 'vitest';
import { emergingPhrases, phrasesOf } from '../../src/themes/emerging.js';
import { pickQuotes } from '../../src/themes/quotes.js';
import { nameIndex, redact } from '../../src/themes/redact.js';
import { frictionSentimentLabel, sentimentLabel, sentimentOf } from '../../src/themes/sentiment.js';
import { compileTaxonomy, matchStrength } from '../../src/themes/match.js';
import { DEFAULT_TAXONOMY } from '../../src/themes/taxonomy.js';

describe('redaction', () => {
  const names = nameIndex(['Priya Patel', 'Will Okafor', 'Dev Singh']);
  it('replaces e-mails, URLs, Slack mentions and ids, @mentions and directory names', () => {
    const text =
      'Asked priya.patel@acme.example and <@U024BE7LH|priya> about https://wiki.acme.dev/x?y=1 — @bob said ask U0123ABCDE or Priya Patel';
    const out = redact(text, names);
    expect(out).toBe('Asked [email] and [name] about [link] — [name] said ask [name] or [name]');
    expect(out).not.toMatch(/priya|patel|acme|U0123/i);
  });
  it('redacts lower-case names but keeps everyday words that are also names', () => {
    expect(redact('ping patel about it, it will break the dev env', names)).toBe(
      'ping [name] about it, it will break the dev env',
    );
    expect(redact('Will knows; Dev Singh too', names)).toBe('[name] knows; [name] too');
    expect(redact('see www.example.com/page and <https://x.io|x>')).toBe('see [link] and [link]');
  });
});

describe('sentiment', () => {
  it('is negative for complaints and positive for praise', () => {
    expect(sentimentOf('CI is flaky and painfully slow, I hate rerunning it')).toBeLessThan(0);
    expect(sentimentOf('The new docs are great, onboarding was smooth and fast')).toBeGreaterThan(0);
    expect(sentimentLabel(-0.4)).toBe('negative');
    expect(sentimentLabel(0.01)).toBe('neutral');
    expect(sentimentLabel(null)).toBeNull();
  });
});

describe('emerging phrases', () => {
  it('extracts 2–3 word phrases bounded by content words', () => {
    expect([...phrasesOf('The VPN dropped again')]).toEqual(['vpn dropped']);
    expect([...phrasesOf('license server crashed at 9')]).toEqual([
      'license server',
      'server crashed',
      'license server crashed',
    ]);
  });
  it('surfaces phrases used by at least 3 distinct respondents, ranked by TF-IDF', () => {
    const untagged = [
      { respondent: 'a', text: 'the VPN dropped during the demo' },
      { respondent: 'b', text: 'VPN dropped twice this morning' },
      { respondent: 'c', text: 'my vpn dropped again' },
      { respondent: 'c', text: 'vpn dropped, again' },
      { respondent: 'a', text: 'license server crashed' },
      { respondent: 'b', text: 'license server crashed again' },
      { respondent: 'd', text: 'the license server crashed all day' },
      { respondent: 'e', text: 'license server was slow' },
      { respondent: 'x', text: 'coffee machine broken' },
      { respondent: 'x', text: 'coffee machine broken' },
      { respondent: 'x', text: 'coffee machine broken' },
    ];
    const background = [
      'license server questions everywhere',
      'license server',
      'license server again',
      'license server again',
    ];
    const out = emergingPhrases(untagged, background, { minRespondents: 3 });
    // idf = 1 + ln((1 + 15 docs) / (1 + df)): 'license server' is common in the background too.
    expect(out.map((p) => p.phrase)).toEqual(['license server crashed', 'vpn dropped', 'license server']);
    expect(out[0].score).toBeCloseTo(3 * (1 + Math.log(16 / 4)), 2);
    expect(out[2].score).toBeCloseTo(4 * (1 + Math.log(16 / 9)), 2);
    expect(out.find((p) => p.phrase === 'vpn dropped')!.count).toBe(3);
    expect(out.find((p) => p.phrase === 'license server')!.count).toBe(4);
    expect(out.some((p) => p.phrase.includes('coffee'))).toBe(false); // one person, three times
  });
});

describe('quotes', () => {
  it('picks up to three redacted quotes, single-theme comments first, no duplicates', () => {
    const quotes = pickQuotes(
      [
        { text: 'Flaky tests again, asked dev.lead@acme.example to look', themes: 1, sentiment: -0.3, strength: 1 },
        { text: 'Flaky tests again, asked dev.lead@acme.example to look', themes: 1, sentiment: -0.3, strength: 1 },
        {
          text: 'Flaky tests plus slow reviews plus stale docs make this painful',
          themes: 3,
          sentiment: -0.4,
          strength: 1,
        },
        { text: 'The integration suite is flaky and we rerun it every day', themes: 1, sentiment: -0.2, strength: 2 },
        { text: 'flaky', themes: 1, sentiment: -0.5, strength: 1 },
      ],
      nameIndex([]),
    );
    expect(quotes).toHaveLength(3);
    expect(quotes).toContain('Flaky tests again, asked [email] to look');
    expect(quotes).not.toContain('Flaky tests plus slow reviews plus stale docs make this painful');
  });

  it('never quotes praise as evidence of friction, and prefers the strongest match', () => {
    const quotes = pickQuotes(
      [
        { text: 'CI is fast and reliable now, great job on the new runners', themes: 1, sentiment: 0.4, strength: 1 },
        { text: 'The pipeline mentioned once in passing, otherwise fine today', themes: 1, sentiment: 0, strength: 1 },
        {
          text: 'CI builds are slow, the pipeline queues, and the build cache misses',
          themes: 1,
          sentiment: -0.2,
          strength: 3,
        },
      ],
      nameIndex([]),
      2,
    );
    expect(quotes).toEqual([
      'CI builds are slow, the pipeline queues, and the build cache misses',
      'The pipeline mentioned once in passing, otherwise fine today',
    ]);
    expect(
      pickQuotes(
        [{ text: 'Smooth and quick deploys, love it', themes: 1, sentiment: 0.5, strength: 1 }],
        nameIndex([]),
      ),
    ).toEqual([]);
  });
});

describe('match strength and friction sentiment', () => {
  it('counts the places a theme matches, outside its excluded phrases', () => {
    const m = compileTaxonomy(DEFAULT_TAXONOMY);
    expect(matchStrength('flaky tests, then more flaky tests', m, 'flaky_tests')).toBeGreaterThanOrEqual(2);
    expect(matchStrength('nothing about it', m, 'flaky_tests')).toBe(0);
    expect(matchStrength('flaky tests', m, 'no_such_theme')).toBe(0);
  });
  it('labels a friction theme negative or neutral, never positive', () => {
    expect(frictionSentimentLabel(-0.2)).toBe('negative');
    expect(frictionSentimentLabel(0.3)).toBe('neutral');
    expect(frictionSentimentLabel(null)).toBeNull();
  });
});
