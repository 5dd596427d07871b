import fc from 'fast-check';

/** Runs per route: 1,000 in CI (the floor); FUZZ_RUNS overrides for a quick local pass. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** Replaced in the JSON text by raw tokens JSON.stringify cannot produce. */
const RAW: Record<string, string> = {
  '\u0000RAW_BIGNUM': '1e309',
  '\u0000RAW_NEGZERO': '-0',
  '\u0000RAW_LONGNUM': '123456789012345678901234567890',
};

const weirdStrings = fc.constantFrom(
  '',
  ' ',
  '\t\n',
  '\u0000',
  '\u202e\u202d',
  '\ud800',
  '\ufeff',
  '𝕏𝕐',
  '😀👩‍👩‍👧',
  'ﷺ',
  'İ',
  'ß',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE teams; --',
  '../../etc/passwd',
  '%00',
  '\\',
  '"',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '2026-02-30',
  '2026-02-30T25:61:00Z',
  '0000-00-00',
  '9999-12-31T23:59:59.999Z',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '$where',
  '{{7*7}}',
  'a'.repeat(201),
  'x'.repeat(2001),
  ...Object.keys(RAW),
);

/** Mostly small, sometimes huge: long strings hit field limits and the body limit (413). */
const hugeString = fc.constantFrom('x'.repeat(5_000), 'é'.repeat(3_000), '\u0000'.repeat(300), 'A'.repeat(80_000));

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString');

/** Any JSON value with a bias for the ones that break parsers and validators. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
    { arbitrary: weirdStrings, weight: 4 },
    { arbitrary: hugeString, weight: 1 },
    { arbitrary: fc.integer(), weight: 2 },
    { arbitrary: fc.double(), weight: 2 },
    { arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, -1e308, 5e-324, 0.1 + 0.2), weight: 1 },
    { arbitrary: fc.boolean(), weight: 1 },
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 2 },
    {
      arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), protoKey), tie('value'), { maxKeys: 4 }),
      weight: 2,
    },
  ),
})).value;

/** JSON text, with the raw-token placeholders swapped in. */
export function toJsonText(value: unknown): string {
  let text = JSON.stringify(value) ?? 'null';
  for (const [placeholder, raw] of Object.entries(RAW)) text = text.split(JSON.stringify(placeholder)).join(raw);
  return text;
}

type Json = Record<string, unknown>;

/** Every path to a value inside a sample (objects and arrays), for targeted mutation. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(root: unknown, path: Array<string | number>, value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Json;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key as string] as Json;
  const last = path[path.length - 1];
  if (remove && !Array.isArray(cursor)) delete cursor[last as string];
  else cursor[last as string] = value;
  return copy;
}

const nest = (value: unknown, depth: number): unknown => {
  let v = value;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/**
 * Hostile request bodies derived from a valid sample: one field replaced, removed or wrapped,
 * prototype-pollution keys, arrays for objects, deep nesting, whole random values and broken JSON.
 * `plural` is the batch key of the route ("teams"), when it has one.
 */
export function hostileBody(sample: Json, plural?: string): fc.Arbitrary<string> {
  const allPaths = paths(sample).filter((p) => p.length > 0);
  const pathArb = allPaths.length ? fc.constantFrom(...allPaths) : fc.constant([] as Array<string | number>);
  return fc.oneof(
    { arbitrary: fc.tuple(pathArb, hostileValue).map(([p, v]) => toJsonText(setAt(sample, p, v, false))), weight: 8 },
    { arbitrary: pathArb.map((p) => toJsonText(setAt(sample, p, undefined, true))), weight: 2 },
    {
      arbitrary: fc.tuple(pathArb, hostileValue).map(([p, v]) => toJsonText(setAt(sample, p, [v, v], false))),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(protoKey, hostileValue).map(([k, v]) => {
        const text = toJsonText(sample);
        return `{${JSON.stringify(k)}:{"polluted":${toJsonText(v)}},${text.slice(1)}`;
      }),
      weight: 2,
    },
    {
      arbitrary: fc.constant(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`),
      weight: 1,
    },
    { arbitrary: fc.integer({ min: 20, max: 60 }).map((d) => toJsonText(nest(sample, d))), weight: 1 },
    { arbitrary: fc.constantFrom(`[${toJsonText(sample)}]`, '[]', '{}', '[[]]', '""', '0', 'null', 'true'), weight: 1 },
    ...(plural
      ? [
          {
            arbitrary: fc
              .array(fc.oneof(fc.constant(sample as unknown), hostileValue), { maxLength: 5 })
              .map((items) => toJsonText({ [plural]: items })),
            weight: 2,
          },
          { arbitrary: hostileValue.map((v) => toJsonText({ [plural]: v })), weight: 1 },
          { arbitrary: fc.constant(toJsonText({ [plural]: Array.from({ length: 10_001 }, () => 0) })), weight: 1 },
        ]
      : []),
    { arbitrary: hostileValue.map(toJsonText), weight: 3 },
    { arbitrary: fc.string({ maxLength: 60 }).map((s) => `{${s}`), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        '{"a":1,}',
        '{a:1}',
        "{'a':1}",
        '{"a":01}',
        '{"a":NaN}',
        '\u0000',
        '{"a":"\\ud800"}',
        '{"a":"\\u00"}',
        '['.repeat(5000),
      ),
      weight: 1,
    },
  );
}
