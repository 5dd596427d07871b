import { describe, expect, it } from 'vitest';
import {
  anonymityThreshold,
  belowThreshold,
  isHidden,
  suppressSmallGroups,
  suppressTree,
} from '../../src/privacy/engine.js';

const g = (key: string, respondents: number) => ({ key, respondents });
const asObject = (m: Map<string, string>) => Object.fromEntries(m);

describe('anonymityThreshold', () => {
  it('defaults to 5, never below 3, the strictest configured value wins', () => {
    expect(anonymityThreshold()).toBe(5);
    expect(anonymityThreshold(2)).toBe(3);
    expect(anonymityThreshold(7, undefined)).toBe(7);
    expect(anonymityThreshold(4, 6)).toBe(6);
  });
  it('0 respondents are not below the threshold; 1…k−1 are', () => {
    expect(belowThreshold(0, 5)).toBe(false);
    expect(belowThreshold(4, 5)).toBe(true);
    expect(belowThreshold(5, 5)).toBe(false);
  });
});

describe('suppressSmallGroups', () => {
  it('a lone 4-person team hides the next-smallest sibling too', () => {
    const s = suppressSmallGroups([g('a', 20), g('sec', 4), g('b', 9), g('c', 12)], 5);
    expect(asObject(s)).toEqual({ a: 'shown', sec: 'below_threshold', b: 'complementary', c: 'shown' });
  });
  it('ties for next-smallest are broken by key, and only one is hidden', () => {
    const s = suppressSmallGroups([g('z', 9), g('sec', 4), g('y', 9)], 5);
    expect(asObject(s)).toEqual({ z: 'shown', sec: 'below_threshold', y: 'complementary' });
  });
  it('two suppressed siblings that together reach k protect each other', () => {
    const s = suppressSmallGroups([g('a', 3), g('b', 4), g('c', 9), g('d', 30)], 5);
    expect(asObject(s)).toEqual({ a: 'below_threshold', b: 'below_threshold', c: 'shown', d: 'shown' });
  });
  it('two suppressed siblings that together stay under k also hide the next-smallest', () => {
    const s = suppressSmallGroups([g('a', 1), g('b', 2), g('c', 9), g('d', 30)], 5);
    expect(s.get('c')).toBe('complementary');
    expect(s.get('d')).toBe('shown');
  });
  it('a group with no respondents hides nothing and is not counted as suppressed', () => {
    const s = suppressSmallGroups([g('empty', 0), g('sec', 4), g('a', 30), g('b', 10)], 5);
    expect(asObject(s)).toEqual({ empty: 'empty', sec: 'below_threshold', a: 'shown', b: 'complementary' });
    // only empty siblings beside: nothing to hide, nothing suppressed
    expect(asObject(suppressSmallGroups([g('e1', 0), g('a', 10), g('b', 12)], 5))).toEqual({
      e1: 'empty',
      a: 'shown',
      b: 'shown',
    });
    expect(isHidden('empty')).toBe(false);
  });
  it('under a parent that is itself below the threshold nothing extra is needed', () => {
    const s = suppressSmallGroups([g('a', 2), g('b', 1)], 5, 'below_threshold');
    expect(asObject(s)).toEqual({ a: 'below_threshold', b: 'below_threshold' });
  });
  it('under a complementary-hidden parent the smallest child hides, so the parent cannot be re-summed', () => {
    const s = suppressSmallGroups([g('x', 12), g('y', 7)], 5, 'complementary');
    expect(asObject(s)).toEqual({ x: 'shown', y: 'complementary' });
  });
  it('respects the configured k', () => {
    expect(suppressSmallGroups([g('a', 6), g('b', 20), g('c', 30)], 7).get('a')).toBe('below_threshold');
    expect(suppressSmallGroups([g('a', 6), g('b', 20), g('c', 30)], 7).get('b')).toBe('complementary');
  });
});

describe('suppressTree', () => {
  // org → product (payments 22, checkout 18), platform (platform 24, identity 15, security 4); teams
  // without parent (product, platform, solo) are children of the org.
  const tree = [
    { key: 'product', parent: null, respondents: 40 },
    { key: 'payments', parent: 'product', respondents: 22 },
    { key: 'checkout', parent: 'product', respondents: 18 },
    { key: 'platform-group', parent: null, respondents: 43 },
    { key: 'platform', parent: 'platform-group', respondents: 24 },
    { key: 'identity', parent: 'platform-group', respondents: 15 },
    { key: 'security', parent: 'platform-group', respondents: 4 },
  ];
  it('the 4-person team and its next-smallest sibling are hidden; everything else shows', () => {
    expect(asObject(suppressTree(tree, 5, 83))).toEqual({
      product: 'shown',
      payments: 'shown',
      checkout: 'shown',
      'platform-group': 'shown',
      platform: 'shown',
      identity: 'complementary',
      security: 'below_threshold',
    });
  });
  it("a small top-level team hides the next-smallest top-level group and, below it, that group's smallest child", () => {
    const withSolo = [...tree, { key: 'solo', parent: null, respondents: 3 }];
    const s = suppressTree(withSolo, 5, 86);
    expect(s.get('solo')).toBe('below_threshold');
    expect(s.get('product')).toBe('complementary');
    // product = payments + checkout would re-open it: its smallest child hides too
    expect(s.get('checkout')).toBe('complementary');
    expect(s.get('payments')).toBe('shown');
    expect(s.get('identity')).toBe('complementary');
  });
  it('an org under the threshold hides every group', () => {
    const s = suppressTree(
      [
        { key: 'a', parent: null, respondents: 2 },
        { key: 'b', parent: null, respondents: 1 },
      ],
      5,
      3,
    );
    expect([...s.values()].every((v) => v === 'below_threshold')).toBe(true);
  });
});
