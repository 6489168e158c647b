import fc from 'fast-check';
import { Schema } from './openapi';

/**
 * fast-check arbitraries built from the document's (dereferenced) schemas: valid values, with real ids and
 * codes of the seeded organisation most of the time, and hostile ones — nulls, wrong types, boundaries,
 * huge or odd strings, missing and extra fields, nested or wide bodies.
 */

/** Live pools of real values (ids, codes, emails…), filled by the seed and by created resources. */
export type Pools = Record<string, string[]>;

/** Property or parameter names whose values should come from a pool of real ones. */
const POOL_OF_NAME: Record<string, string> = {
  id: 'anyId',
  enrolmentId: 'enrolment',
  enrolmentIds: 'enrolment',
  modalityId: 'modality',
  learnerId: 'learner',
  cohortId: 'cohort',
  userId: 'user',
  trainerUserIds: 'trainer',
  certificationCode: 'certification',
  code: 'certification',
  blockCode: 'block',
  fromBlockCode: 'block',
  toBlockCode: 'block',
  supersedesDecisionId: 'decision',
  jurySessionId: 'jurySession',
  entityId: 'anyId',
  entityType: 'entityType',
  email: 'email',
  password: 'password',
  currentPassword: 'password',
  refreshToken: 'refreshToken',
  cursor: 'cursor',
  search: 'search',
};

export function poolOfName(name: string | undefined): string | undefined {
  return name === undefined ? undefined : POOL_OF_NAME[name];
}

/** One value of a pool, read when the value is drawn (pools grow during the run). */
export function fromPool(pools: Pools, pool: string): fc.Arbitrary<string> {
  return fc.nat().map((i) => {
    const values = pools[pool];
    if (!values || values.length === 0) throw new Error(`fuzz: empty pool ${pool}`);
    return values[i % values.length];
  });
}

const BAD_UUIDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'not-a-uuid',
  '123',
  '0',
  '-1',
  'D0A3B7E2-1111-4111-8111-111111111111',
  'd0a3b7e2-1111-4111-8111-11111111111',
  'd0a3b7e2-1111-4111-8111-1111111111111',
  '{d0a3b7e2-1111-4111-8111-111111111111}',
  'd0a3b7e21111411181111111111111111',
];
const BAD_DATES = [
  '2025-02-30',
  '2025-13-01',
  '0000-00-00',
  '0001-01-01',
  '1899-12-31',
  '2099-12-31',
  '9999-12-31',
  '+275760-09-13',
  '2025-06-12T00:00:00Z',
  '2025-06-12T25:61:00Z',
  '12/06/2025',
  '2025-6-1',
  '20250612',
];
const ODD_STRINGS = [
  '',
  ' ',
  '   \t\n',
  '\u0000',
  'a\u0000b',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  'NaN',
  'Infinity',
  '1e309',
  '-0',
  "' OR 1=1 --",
  '"; DROP TABLE learner; --',
  '../../../../etc/passwd',
  '%00',
  '%',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '😀🧑‍🎓',
  'e\u0301\u0301\u0301',
  '\u202eRTL',
  '\ud800',
  '\udfff\ud800',
  '\ufeffBOM',
  'Ｒ\u200bＮＣＰ',
  'RNCP',
  'RNCP0',
  'RNCP99999999999999999999',
  'rncp41296',
  '__proto__',
  'constructor',
];

/** Hostile strings: odd ones, arbitrary unicode (lone surrogates included), and huge ones. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS, ...BAD_UUIDS, ...BAD_DATES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(257, 2_001, 10_000, 100_000, 1_000_000).map((n) => 'é'.repeat(n)) },
);

/** A value of any JSON type but the expected one, or a boundary of the expected one. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  oddString,
  fc.constantFrom<unknown>(0, -1, 1.5, -0.01, 20.001, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, true, false, {}, [], [null], { a: 1 }, ['x']),
  fc.double(),
  fc.integer(),
);

const dateString = fc
  .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** Dates the seed's rules accept more often: enrolments start 2025-09-01, sessions in 2026. */
const plausibleDate = fc
  .date({ min: new Date('2025-09-01T00:00:00Z'), max: new Date('2026-09-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

let uniqueCounter = 0;
/** An address no one has yet: creating a user or learner with it can succeed. */
const freshEmail = fc.nat({ max: 1e6 }).map((n) => `fuzz-${n}-${++uniqueCounter}@example.org`);

function numberArb(schema: Schema): fc.Arbitrary<number> {
  const integer = schema.type === 'integer';
  const min = typeof schema.minimum === 'number' ? schema.minimum : integer ? -1000 : -1e6;
  const max = typeof schema.maximum === 'number' ? schema.maximum : integer ? 1000 : 1e6;
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as number[]));
  if (typeof schema.multipleOf === 'number') {
    const step = schema.multipleOf;
    return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((k) => Number((k * step).toFixed(10)));
  }
  const boundaries = fc.constantFrom(min, max);
  const whole = fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) });
  if (integer) return fc.oneof(boundaries, whole);
  return fc.oneof(boundaries, whole, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
}

function stringArb(schema: Schema, name: string | undefined): fc.Arbitrary<string> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date':
      return fc.oneof({ weight: 3, arbitrary: plausibleDate }, { weight: 1, arbitrary: dateString });
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'email':
      return freshEmail;
    default:
      break;
  }
  if (name === 'email') return freshEmail;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
  if (typeof schema.pattern === 'string') {
    const fits = (text: string) => text.length >= minLength && (maxLength === undefined || text.length <= maxLength);
    const matching = fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
    return typeof schema.example === 'string' && fits(schema.example) ? fc.oneof(fc.constant(schema.example), matching) : matching;
  }
  const words = fc.string({ minLength: Math.max(minLength, 1), maxLength: Math.max(minLength, Math.min(maxLength ?? 30, 30)) });
  const choices: fc.Arbitrary<string>[] = [words];
  if (typeof schema.example === 'string') choices.push(fc.constant(schema.example));
  if (maxLength !== undefined) choices.push(fc.constant('x'.repeat(maxLength)));
  if (minLength > 0) choices.push(fc.constant('y'.repeat(minLength)));
  return fc.oneof(...choices);
}

/** A value valid for the schema (as far as the document says), preferring real values for known names. */
export function validValue(schema: Schema, pools: Pools, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const plain = validIgnoringNull(schema, pools, name, depth);
  return schema.nullable === true ? fc.option(plain, { freq: 5, nil: null }) : plain;
}

function validIgnoringNull(schema: Schema, pools: Pools, name: string | undefined, depth: number): fc.Arbitrary<unknown> {
  const pool = poolOfName(name);
  if (pool && pools[pool]?.length && schema.type !== 'array') {
    return fc.oneof({ weight: 5, arbitrary: fromPool(pools, pool) }, { weight: 1, arbitrary: validIgnoringNull(schema, {}, name, depth) });
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return validValue(Object.assign({}, ...schema.allOf), pools, name, depth);
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    return fc.oneof(...(schema.oneOf ?? schema.anyOf).map((sub: Schema) => validValue(sub, pools, name, depth + 1)));
  }
  switch (schema.type) {
    case 'string':
      return stringArb(schema, name);
    case 'number':
    case 'integer':
      return numberArb(schema);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, 4));
      const items = schema.items ?? {};
      const itemPool = poolOfName(name);
      const item = itemPool && pools[itemPool]?.length ? fromPool(pools, itemPool) : validValue(items, pools, undefined, depth + 1);
      if (schema.uniqueItems === true) return fc.uniqueArray(item, { minLength, maxLength, selector: (value) => JSON.stringify(value) });
      return fc.array(item, { minLength, maxLength });
    }
    case 'object':
      return objectArb(schema, pools, depth);
    default:
      return schema.properties ? objectArb(schema, pools, depth) : fc.constant({});
  }
}

function objectArb(schema: Schema, pools: Pools, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  if (depth > 6) return fc.constant({});
  const model = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, validValue(sub, pools, key, depth + 1)]));
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key: string) => key in properties) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/** A JSON text whose objects nest `depth` levels deep. */
export function nestedJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A JSON object text with `count` unknown keys. */
export function wideJson(count: number): string {
  return '{' + Array.from({ length: count }, (_, i) => `"k${i}":${i}`).join(',') + '}';
}

export interface JsonBody {
  /** The JSON text sent. */
  text: string;
  /** What was done to a valid body, for the report. */
  mutation: string;
}

const EXTRA_KEYS = ['fuzzExtra', 'id', 'organisationId', 'createdAt', 'isAdmin', 'constructor', ''];

/** A JSON request body for the schema: mostly valid, often one field made hostile, sometimes a whole hostile body. */
export function jsonBody(schema: Schema, pools: Pools): fc.Arbitrary<JsonBody> {
  const valid = validValue(schema, pools);
  const keys = Object.keys(schema.properties ?? {});
  const required: string[] = schema.required ?? [];
  const asJson = (value: unknown, mutation: string): JsonBody => ({ text: JSON.stringify(value) ?? 'null', mutation });
  const fieldMutation = fc
    .tuple(valid, fc.nat(), oddValue, fc.constantFrom('odd field', 'drop required', 'extra field', 'null field'))
    .map(([value, n, odd, kind]): JsonBody => {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || keys.length === 0) return asJson(odd, 'odd body');
      const body = { ...(value as Record<string, unknown>) };
      const key = keys[n % keys.length];
      switch (kind) {
        case 'drop required': {
          const dropped = required.length > 0 ? required[n % required.length] : key;
          delete body[dropped];
          return asJson(body, `without ${dropped}`);
        }
        case 'extra field': {
          const extra = EXTRA_KEYS[n % EXTRA_KEYS.length];
          return asJson({ ...body, [extra]: odd }, `extra field ${JSON.stringify(extra)}`);
        }
        case 'null field':
          return asJson({ ...body, [key]: null }, `${key}: null`);
        case 'odd field':
          return asJson({ ...body, [key]: odd }, `odd ${key}`);
      }
    });
  const wholeBody = fc.oneof(
    oddValue.map((value) => asJson(value, 'odd body')),
    fc.constantFrom(50, 1_000, 20_000).map((depth) => ({ text: nestedJson(depth), mutation: `nested ${depth} deep` })),
    fc.constantFrom(100, 2_000).map((count) => ({ text: wideJson(count), mutation: `${count} unknown keys` })),
    fc
      .constantFrom('', '{', '{"a":1,}', 'nul', '\u0000', '{"__proto__":{"isAdmin":true}}', '[' + '1,'.repeat(10_000) + '1]')
      .map((text) => ({
        text,
        mutation: 'malformed or odd JSON text',
      })),
  );
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((value) => asJson(value, 'valid')) },
    { weight: 4, arbitrary: fieldMutation },
    { weight: 1, arbitrary: wholeBody },
  );
}

/** A query or path parameter value (as text): valid for its schema most of the time, hostile otherwise. */
export function paramValue(schema: Schema, pools: Pools, name: string): fc.Arbitrary<string> {
  const valid = validValue(schema, pools, name).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  return fc.oneof(
    { weight: 7, arbitrary: valid },
    { weight: 1, arbitrary: fc.uuid() },
    // Long enough to hit limits, short enough for the URL to stay under Node's 16 kB header limit.
    {
      weight: 2,
      arbitrary: oddValue.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).filter((text) => text.length <= 1000),
    },
  );
}

/** A CSV spreadsheet for the results import: a header and rows with real emails, codes and modality ids, or junk. */
export function csvBody(pools: Pools): fc.Arbitrary<string> {
  const header = 'learnerEmail,certificationCode,blockCode,modalityId,modalityKind,occurredOn,score,outcome,attempt,comment';
  const cell = (pool: string) => fc.oneof({ weight: 4, arbitrary: fromPool(pools, pool) }, { weight: 1, arbitrary: oddString });
  const row = fc
    .tuple(
      cell('learnerEmail'),
      cell('certification'),
      cell('block'),
      fc.oneof(cell('modality'), fc.constant('')),
      fc.constantFrom('', 'case_study', 'written_exam', 'oral'),
      fc.oneof(plausibleDate, oddString),
      fc.oneof(fc.constantFrom('', '14', '12.5', '0', '20', '21', '-1', '1,5'), oddString),
      fc.constantFrom('', 'passed', 'failed', 'maybe'),
      fc.constantFrom('', '1', '2', '0', '1.5'),
      fc.oneof(fc.constant(''), oddString),
    )
    .map((cells) => cells.map((c) => (/[,"\n;]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','));
  return fc.oneof(
    { weight: 5, arbitrary: fc.array(row, { minLength: 0, maxLength: 5 }).map((rows) => [header, ...rows].join('\n')) },
    {
      weight: 1,
      arbitrary: fc
        .array(row, { maxLength: 3 })
        .map((rows) => [header.replace(/,/g, ';'), ...rows.map((r) => r.replace(/,/g, ';'))].join('\r\n')),
    },
    { weight: 1, arbitrary: oddString },
    { weight: 1, arbitrary: fc.constantFrom('', header, 'a,b\n1,2', header + '\n' + ',,,,,,,,,'.repeat(1)) },
  );
}

/** Bytes for binary uploads (zip, xlsx, xml exports): small odd XML, truncated zips, random bytes. */
export const binaryBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .constantFrom(
      '',
      '<?xml version="1.0" encoding="UTF-8"?><FICHES></FICHES>',
      '<FICHES><FICHE><NUMERO_FICHE>RNCP99999</NUMERO_FICHE><INTITULE>Fuzz</INTITULE></FICHE></FICHES>',
      '<FICHES><FICHE><NUMERO_FICHE>RNCP41296</NUMERO_FICHE></FICHE></FICHES>',
      '<FICHES><FICHE>',
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><FICHES>&b;</FICHES>',
      'PK\u0003\u0004garbage',
      'PK\u0005\u0006' + '\u0000'.repeat(18),
    )
    .map((text) => Buffer.from(text, 'latin1')),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
);
