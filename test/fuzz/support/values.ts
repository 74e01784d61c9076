import fc from 'fast-check';
import { raw } from './wire.js';

/*
 * Arbitraries of hostile values, by GraphQL type. Each type has a "typed" arbitrary (values
 * GraphQL's own coercion accepts, so the request reaches the resolvers and services: any text,
 * any 32-bit integer, well-formed dates, IDs of every kind) and a "wild" one (wrong JSON types,
 * numbers beyond 32 bits, fractions, NaN-like strings, raw literals such as 1e999).
 */

export const globalId = (type: string, id: string): string =>
  Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

const chars = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c));
const textOf = (unit: fc.Arbitrary<string>, maxLength = 40, minLength = 0) => fc.string({ unit, minLength, maxLength });

const CJK = chars(0x4e00, 0x9fff);
const EMOJI = fc.constantFrom('😀', '🌳', '👩🏽‍🔧', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '❤️', '✔︎', '#️⃣', '🧑🏻‍🦯‍➡️', '\u{1F9D1}\u200D\u{1F384}');
const COMBINING = chars(0x0300, 0x036f);
const C0 = fc.constantFrom(...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f');
const C1 = chars(0x80, 0x9f);
const BIDI = fc.constantFrom(
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
);
const LONE_SURROGATE = fc.oneof(chars(0xd800, 0xdbff), chars(0xdc00, 0xdfff));
const INVISIBLE = fc.constantFrom(
  '\u200b',
  '\u200c',
  '\u200d',
  '\ufeff',
  '\u00ad',
  '\u2060',
  '\u180e',
  '\ufe0f',
  '\ufe0e',
);
const ODD = fc.constantFrom(
  '\uffff',
  '\ufffe',
  '\ufffd',
  '\u{10ffff}',
  '\u{e0001}',
  '\u{f0000}',
  '\u2028',
  '\u2029',
  '\u00a0',
);

/** Strings with a history of breaking things: injections, wildcards, path and format tricks. */
const NASTY = fc.constantFrom(
  "'; drop table project; --",
  "' or '1'='1",
  '" or ""="',
  '%',
  '_',
  '%_%',
  '\\',
  '\\\\%',
  '$1',
  '?',
  ':name',
  '${process.env}',
  '{{7*7}}',
  '%s%s%s%n',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  'true',
  '__proto__',
  'constructor',
  '{"$gt": ""}',
  '[]',
  '0',
  '-1',
  ' ',
  '\t\n\r',
  'Ǆǅǆ ΐΰ ß ﬀ İ',
  'e\u0301'.repeat(50),
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐',
  '静安区曹家渡街道 🌳 parc ✓',
  'ﷺ ﷽',
  'ᚠᛇᚻ᛫ᛒᛦᚦ',
);

/** Lengths around every limit of the API (titles 200, descriptions 5,000, names 100, keys 100, search 100). */
const LIMITS = [0, 1, 99, 100, 101, 199, 200, 201, 253, 254, 255, 1000, 4999, 5000, 5001, 20_000];

/** Text of a given length in code units, of one kind of character. */
const longText = fc
  .record({
    length: fc.oneof(fc.constantFrom(...LIMITS), fc.integer({ min: 0, max: 6000 })),
    fill: fc.constantFrom('x', '静', '😀', 'e\u0301', 'a\ufe0f', '\ufe0f', ' ', '\u00e9', '\u200b', '%'),
  })
  .map(({ length, fill }) => fill.repeat(Math.ceil(length / fill.length)).slice(0, length));

/**
 * Text that exceeds a limit in code points while staying within it for a validator that skips
 * variation selectors or counts surrogate pairs once: the database counts code points.
 */
const limitEdgeText = fc
  .record({
    limit: fc.constantFrom(100, 200, 254, 5000),
    extra: fc.integer({ min: 1, max: 3 }),
    base: fc.constantFrom('a', '静', '😀'),
    mark: fc.constantFrom('\ufe0f', '\ufe0e', '\u200d', '\u0301'),
  })
  .map(({ limit, extra, base, mark }) => base.repeat(limit) + mark.repeat(extra));

/** Enormous text: a body over the size limit (413) or just under it. */
export const hugeText = fc.constantFrom(300_000, 600_000, 1_100_000).map((n) => 'x'.repeat(n));

/** Any text GraphQL accepts as a String (the input-hygiene rules refuse some of it). */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 4, arbitrary: textOf(CJK, 30, 1) },
  { weight: 3, arbitrary: textOf(fc.oneof(CJK, EMOJI, fc.constantFrom('a', ' ', 'b')), 30, 1) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 5 }), textOf(COMBINING, 60, 1)).map(([a, b]) => a + b),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.string({ maxLength: 10 }), C0, fc.string({ maxLength: 10 })).map((p) => p.join('')),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.string({ maxLength: 10 }), C1, fc.string({ maxLength: 10 })).map((p) => p.join('')),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.string({ maxLength: 10 }), BIDI, fc.string({ maxLength: 10 })).map((p) => p.join('')),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), LONE_SURROGATE, fc.string({ maxLength: 10 }))
      .map((p) => p.join('')),
  },
  { weight: 2, arbitrary: textOf(fc.oneof(INVISIBLE, ODD), 20, 1) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 4, arbitrary: NASTY },
  { weight: 4, arbitrary: longText },
  { weight: 3, arbitrary: limitEdgeText },
);

/** Mostly ordinary text, so that the rest of an input gets its chance. */
export const plainText = (label: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(label),
    fc.nat({ max: 99_999 }).map((n) => `${label} ${n}`),
    fc.nat({ max: 99_999 }).map((n) => `测试${label}${n}`),
  );

export const someText = (label: string): fc.Arbitrary<string> =>
  fc.oneof({ weight: 2, arbitrary: plainText(label) }, { weight: 3, arbitrary: anyText });

/** Integers GraphQL's Int accepts: around every bound of the domain and of 32 bits. */
export const anyInt: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0,
      -1,
      100,
      101,
      999_999_999,
      1_000_000_000,
      1_000_000_001,
      2_147_483_647,
      -2_147_483_648,
      1_073_741_824,
      -1_000_000_000,
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
);

/** Numbers and look-alikes GraphQL's Int must refuse (or that are not even JSON). */
export const wildNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    2_147_483_648,
    -2_147_483_649,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 63),
    1e21,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1.5,
    0.1,
    -0.5,
    1 - 1e-16,
    1e-7,
  ),
  fc.double({ noDefaultInfinity: true, noNaN: true }),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1', '1e3', '0x10', '', ' 1', '1,000', '１', '٣'),
  fc.constantFrom(
    raw('1e999'),
    raw('-1e999'),
    raw('1e-999'),
    raw('-0'),
    raw('1.0'),
    raw('1E2'),
    raw('123456789012345678901234567890'),
    raw('0.00000000000000000000001'),
    raw('2147483647.0000000001'),
  ),
);

/** JSON of the wrong shape for any scalar. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(true, false, null, [], {}, [null], [1, 2], { id: 'x' }, JSON.parse('{"__proto__": 1}'), 0, -1),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom(raw('[1,'), raw('NaN'), raw('undefined'), raw("'single'"), raw('"\\x41"'), raw('"\\u12"')),
);

/** Strings with lone surrogates and other escapes written by hand into the body. */
export const rawEscapes: fc.Arbitrary<unknown> = fc.constantFrom(
  raw('"\\ud800"'),
  raw('"\\udfff"'),
  raw('"a\\ud83d"'),
  raw('"\\ude00a"'),
  raw('"\\udc00\\ud800"'),
  raw('"\\ud800\\ud800"'),
  raw('"\\ud83d\\ude00"'),
  raw('"\\u0000"'),
  raw('"x\\u202ey"'),
  raw('"\\uD800\\u0041"'),
  raw('"\\u00e9\\u0301"'),
  raw('"\\/\\b\\f"'),
);

export const wildString: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: wildNumber },
  { weight: 10, arbitrary: wrongType },
  { weight: 10, arbitrary: rawEscapes },
  { weight: 1, arbitrary: hugeText },
);

/** Dates in every shape a client might send as a LocalDate. */
export const anyDate: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '0000-01-01',
      '0001-01-01',
      '1000-02-29',
      '1582-10-10',
      '1969-12-31',
      '1970-01-01',
      '2024-02-29',
      '2026-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '9999-12-31',
      '10000-01-01',
      '+02026-01-01',
      '-2026-01-01',
      '2026-1-1',
      '2026/01/01',
      '20260101',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '2026-01-01 ',
      '２０２６-０１-０１',
      '2026-W01-1',
      'today',
      '',
    ),
  },
  { weight: 1, arbitrary: anyText },
);

/** Timestamps, valid and not, near and far. */
export const anyDateTime: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .integer({ min: -400, max: 800 })
      .map((days) => new Date(Date.now() + days * 86_400_000).toISOString()),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00.000Z',
      '1970-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '2027-06-30',
      '2027-06-30T12:00:00',
      '2027-06-30T12:00:00+14:00',
      '2027-06-30T12:00:00-12:00',
      '2027-06-30T23:59:60Z',
      '2027-02-29T00:00:00Z',
      '2027-06-30T12:00:00.123456789123Z',
      '2027-06-30t12:00:00z',
      'now',
      '',
    ),
  },
  { weight: 1, arbitrary: anyText },
);

/** Random bytes as base64url, standard base64 or hex: opaque-looking IDs Cobuild never issued. */
export const randomOpaque: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 60 }).map((b) => Buffer.from(b).toString('base64url')),
  fc.uint8Array({ minLength: 1, maxLength: 60 }).map((b) => Buffer.from(b).toString('base64')),
  fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => Buffer.from(b).toString('hex')),
  fc.base64String({ maxLength: 80 }),
);

const TYPES = [
  'Activity',
  'ApiToken',
  'Commitment',
  'Invitation',
  'Membership',
  'Milestone',
  'Need',
  'Organization',
  'Participant',
  'Project',
  'Region',
  'Requirement',
  'Resource',
  'User',
];

/** IDs that look like Cobuild's but are not quite: wrong case, padding, types, lengths, ids. */
export const malformedId = (type: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.uuid().map((u) => globalId(type, u)), // nothing of that type
    fc.uuid().map((u) => globalId(type, u.toUpperCase())),
    fc.uuid().map((u) => Buffer.from(`${type}:${u}`).toString('base64')),
    fc.uuid().map((u) => `${globalId(type, u)}==`),
    fc.uuid().map((u) => globalId(type.toLowerCase(), u)),
    fc.uuid().map((u) => globalId(`${type}s`, u)),
    fc.uuid().map((u) => globalId('Nothing', u)),
    fc.uuid().map((u) => globalId(`${type}:${type}`, u)),
    fc.uuid().map((u) => globalId(type, ` ${u}`)),
    fc.uuid().map((u) => globalId(type, `${u}\u0000`)),
    fc.uuid().map((u) => globalId(type, u.replace(/-/g, ''))),
    fc.tuple(fc.constantFrom(...TYPES), fc.uuid()).map(([t, u]) => globalId(t, u)),
    fc
      .constantFrom('0', '1', '42', '9223372036854775807', '99999999999999999999', '-1', '1.5')
      .map((n) => globalId(type, n)),
    fc
      .constantFrom('0', '1', '9223372036854775807', '9223372036854775808', '99999999999999999999')
      .map((n) => globalId('Activity', n)),
    fc.constantFrom(
      '',
      ' ',
      '=',
      'null',
      'garbage!',
      '%00',
      'UHJvamVjdA',
      'Project:',
      ':',
      'a'.repeat(200),
      'a'.repeat(201),
      'QQ'.repeat(5000),
      '\u0000',
      '静安',
      '😀',
      '0192f5a0-7c1e-7a00-8a00-000000000001',
    ),
    randomOpaque,
    anyText,
  );

export const wildId: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 1, -1, 42, 2 ** 31, 2 ** 53, 1.5, 1e308),
  wrongType,
  rawEscapes,
  wildNumber,
);

export const anyBoolean: fc.Arbitrary<unknown> = fc.boolean();
export const wildBoolean: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('true', 'false', 0, 1, '', 'yes'),
  wrongType,
);

/** Enum values: the real ones, and near misses. */
export const anyEnum = (values: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...values);
export const wildEnum = (values: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(...values).map((v) => v.toLowerCase()),
    fc.constantFrom(...values).map((v) => ` ${v}`),
    fc.constantFrom(...values).map((v) => `${v}\u200b`),
    fc.constantFrom('', 'UNKNOWN', '__proto__', 'null', 'ALL', '*'),
    wrongType,
    wildNumber,
  );
