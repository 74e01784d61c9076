import fs from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import {
  anyBoolean,
  anyDate,
  anyDateTime,
  anyEnum,
  anyInt,
  anyText,
  malformedId,
  plainText,
  randomOpaque,
  someText,
  wildBoolean,
  wildEnum,
  wildId,
  wildNumber,
  wildString,
  wrongType,
} from './values.js';
import type { Pools } from './world.js';

/** The API as the SDL describes it: every mutation and query field is fuzzed from it. */
export const SCHEMA = buildSchema(fs.readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8'));

export interface Operation {
  /** The Mutation or Query field (or `node.connections`: the nested lists of every node type). */
  name: string;
  kind: 'mutation' | 'query';
  document: string;
  /** Variables of one case, drawn from the lane's pools when generated. */
  variables(pools: Pools): fc.Arbitrary<Record<string, unknown>>;
}

/** How hostile a case is: calm (one typed oddity in an otherwise valid input), typed, wild. */
type Level = 'calm' | 'typed' | 'wild';

// ---------------------------------------------------------------------------------------
// Selection sets

/** A selection of `type` down to `depth` object levels: every leaf, objects below, fragments on interfaces. */
function selectionOf(type: GraphQLOutputType | GraphQLNamedType, depth: number, vars: Variables): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isObjectType(named)) return objectSelection(named, depth, vars);
  // An interface or union: a fragment for each type, skipping fields whose shape differs
  // between types (GraphQL refuses "status" as ProjectStatus here and NeedStatus there).
  const seen = new Map<string, string>();
  const fragments = SCHEMA.getPossibleTypes(named as never).map((t) => {
    const body = objectSelection(t, depth, vars, (field) => {
      const signature = String(field.type);
      const known = seen.get(field.name);
      if (known !== undefined && known !== signature) return false;
      seen.set(field.name, signature);
      return true;
    });
    return `... on ${t.name} { ${body} }`;
  });
  return ['__typename', ...fragments].join(' ');
}

function objectSelection(
  type: GraphQLObjectType,
  depth: number,
  vars: Variables,
  keep: (field: GraphQLField<unknown, unknown>) => boolean = () => true,
): string {
  const parts = ['__typename'];
  // An edge: its cursor and which node (the connection's `nodes` carries the fields).
  if (type.name.endsWith('Edge')) return '__typename cursor node { __typename id }';
  for (const field of Object.values(type.getFields())) {
    const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    // Lists with only optional arguments (nested connections) have a case of their own.
    if (field.args.length > 0 && required.length === 0) continue;
    const named = getNamedType(field.type);
    if (!isLeafType(named) && depth <= 0) continue;
    if (!keep(field)) continue;
    const args = field.args.length
      ? `(${field.args.map((a) => `${a.name}: $${vars.declare(`${type.name}_${field.name}_${a.name}`, a)}`).join(', ')})`
      : '';
    parts.push(
      isLeafType(named)
        ? `${field.name}${args}`
        : `${field.name}${args} { ${selectionOf(field.type, depth - 1, vars)} }`,
    );
  }
  return parts.join(' ');
}

/** The variables an operation declares, each with the argument it feeds. */
class Variables {
  readonly list: { name: string; arg: GraphQLArgument; owner: string }[] = [];

  declare(name: string, arg: GraphQLArgument, owner = name): string {
    if (!this.list.some((v) => v.name === name)) this.list.push({ name, arg, owner });
    return name;
  }

  definitions(): string {
    if (this.list.length === 0) return '';
    return `(${this.list
      .map(({ name, arg }) => {
        // An argument with a default may take a nullable variable (left out: the default).
        const type = arg.defaultValue !== undefined ? String(getNullableType(arg.type)) : String(arg.type);
        return `$${name}: ${type}`;
      })
      .join(', ')})`;
  }

  arbitrary(pools: Pools): fc.Arbitrary<Record<string, unknown>> {
    const at = (level: Level) =>
      fc
        .tuple(
          ...this.list.map(({ name, arg }) =>
            presence(arg.type, arg.name, level, pools).map((v) => [name, v] as const),
          ),
        )
        .map((pairs) => {
          const out: Record<string, unknown> = {};
          for (const [name, value] of pairs) if (value !== ABSENT) out[name] = value;
          return out;
        });
    return fc.oneof(
      { weight: 3, arbitrary: at('calm') },
      { weight: 5, arbitrary: at('typed') },
      { weight: 2, arbitrary: at('wild') },
    );
  }
}

// ---------------------------------------------------------------------------------------
// Values

const ABSENT = Symbol('absent');
type Maybe = unknown;

/** A field or argument: left out, null, or a value, as likely as the level says. */
function presence(type: GraphQLInputType, name: string, level: Level, pools: Pools): fc.Arbitrary<Maybe> {
  const required = isNonNullType(type);
  const value = valueOf(type, name, level, pools);
  if (level === 'calm') {
    return required ? value : fc.oneof({ weight: 2, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: value });
  }
  if (required) {
    return fc.oneof(
      { weight: level === 'typed' ? 40 : 10, arbitrary: value },
      { weight: 1, arbitrary: fc.constant(ABSENT) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(ABSENT) },
    { weight: 3, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

function valueOf(type: GraphQLInputType, name: string, level: Level, pools: Pools): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, name, level, pools);
  if (isListType(type)) return listOf(type.ofType, name, level, pools);
  if (isInputObjectType(type)) return objectOf(type, level, pools);
  const wild = level === 'wild';
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return wild ? fc.oneof({ weight: 2, arbitrary: anyEnum(values) }, wildEnum(values)) : anyEnum(values);
  }
  const scalar = (calm: fc.Arbitrary<unknown>, typed: fc.Arbitrary<unknown>, wildValue: fc.Arbitrary<unknown>) =>
    level === 'calm' ? calm : level === 'typed' ? typed : fc.oneof({ weight: 2, arbitrary: typed }, wildValue);
  switch (type.name) {
    case 'ID':
      return scalar(idOf(name, pools, 'calm'), idOf(name, pools, 'typed'), wildId);
    case 'String':
      return scalar(calmString(name, pools), typedString(name, pools), wildString);
    case 'Int':
      return scalar(calmInt(name), typedInt(name), wildNumber);
    case 'Float':
      return scalar(fc.double({ min: 0, max: 100, noNaN: true }), fc.double(), wrongType);
    case 'Boolean':
      return scalar(anyBoolean, anyBoolean, wildBoolean);
    case 'LocalDate':
      return scalar(
        fc.constantFrom('2026-12-01', '2027-03-15', '2027-06-30'),
        anyDate,
        fc.oneof(wildNumber, wrongType),
      );
    case 'DateTime':
      return scalar(
        fc.integer({ min: 1, max: 300 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString()),
        anyDateTime,
        fc.oneof(wildNumber, wrongType),
      );
    default:
      return scalar(fc.constant({}), fc.object({ maxDepth: 2 }), wrongType);
  }
}

function listOf(item: GraphQLInputType, name: string, level: Level, pools: Pools): fc.Arbitrary<unknown> {
  const element = valueOf(item, name, level, pools);
  if (level === 'calm') return fc.array(element, { maxLength: 3 });
  const lists = fc.oneof(
    { weight: 6, arbitrary: fc.array(element, { maxLength: 6 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(element, fc.constantFrom(20, 21, 50, 100, 101, 1000))
        .map(([e, n]) => Array<unknown>(n).fill(e)),
    },
    { weight: 1, arbitrary: element }, // one value where a list is expected: GraphQL wraps it
    { weight: 1, arbitrary: fc.constant([]) },
  );
  if (level === 'typed') return lists;
  return fc.oneof(
    { weight: 4, arbitrary: lists },
    fc.constant([null]),
    wrongType,
    // More invalid entries than GraphQL reports errors for (50).
    fc
      .tuple(fc.constantFrom(1.5, true, {}), fc.constantFrom(49, 50, 51, 101))
      .map(([bad, n]) => Array<unknown>(n).fill(bad)),
  );
}

/** Parts of an input that are only valid together (a unit that fits the kind). */
const CALM_TOGETHER: Record<string, fc.Arbitrary<Record<string, string>>> = {
  kindUnit: fc.constantFrom(
    { kind: 'VOLUNTEER_HOURS', unit: 'PERSON_HOUR' },
    { kind: 'FUNDS', unit: 'YUAN' },
    { kind: 'VENUE', unit: 'SESSION' },
    { kind: 'EQUIPMENT', unit: 'ITEM' },
  ),
  unit: fc.constantFrom({ unit: 'PERSON_HOUR' }, { unit: 'PERSON_HOUR' }, { unit: 'YUAN' }),
};

function objectOf(type: GraphQLInputObjectType, level: Level, pools: Pools): fc.Arbitrary<unknown> {
  const fields = Object.values(type.getFields());
  const record = (l: Level) =>
    fc.tuple(...fields.map((f) => presence(f.type, f.name, l, pools).map((v) => [f.name, v] as const))).map((pairs) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of pairs) if (v !== ABSENT) out[k] = v;
      return out;
    });
  const names = fields.map((f) => f.name);
  const together =
    names.includes('kind') && names.includes('unit')
      ? CALM_TOGETHER.kindUnit
      : names.includes('unit')
        ? CALM_TOGETHER.unit
        : null;
  if (level === 'calm') {
    // Valid but for one field, which gets a typed oddity.
    const calm = together ? fc.tuple(record('calm'), together).map(([r, t]) => ({ ...r, ...t })) : record('calm');
    return fc.tuple(calm, record('typed'), fc.nat()).map(([c, t, i]) => {
      const key = names[i % names.length];
      const out = { ...c };
      if (key in t) out[key] = t[key];
      else delete out[key];
      return out;
    });
  }
  if (level === 'typed') return record('typed');
  return fc.oneof(
    { weight: 8, arbitrary: record('wild') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(record('typed'), fc.string({ minLength: 1, maxLength: 12 }), anyText)
        .map(([r, k, v]) => ({ ...r, [k]: v })),
    },
    { weight: 1, arbitrary: wrongType },
  );
}

// IDs: the type each argument names, by its name.
const ID_TYPES: Record<string, string> = {
  committeeId: 'Organization',
  organizationId: 'Organization',
  ownerId: 'Organization',
  participantOrganizationId: 'Organization',
  regionId: 'Region',
  parentId: 'Region',
  withinId: 'Region',
  needId: 'Need',
  needIds: 'Need',
  projectId: 'Project',
  requirementId: 'Requirement',
  resourceId: 'Resource',
  commitmentId: 'Commitment',
  membershipId: 'Membership',
  apiTokenId: 'ApiToken',
};

/** An element of a pool read when the case is generated (pools grow as cases create objects). */
function fromPool(list: () => string[], fallback: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), fallback).map(([i, f]) => {
    const l = list();
    return l.length ? l[i % l.length] : f;
  });
}

function idOf(name: string, pools: Pools, level: 'calm' | 'typed'): fc.Arbitrary<string> {
  const type = ID_TYPES[name];
  const own = type ? () => pools.ids(type, 'own') : () => pools.types().flatMap((t) => pools.ids(t, 'own'));
  const malformed = malformedId(type ?? 'Project');
  const role = (r: string) => fromPool(() => pools.roles.get(r) ?? [], malformed);
  if (level === 'calm') {
    // The organization a mutation acts for is most often one the caller may act for.
    if (name === 'committeeId') return fc.oneof(role('committee'), fromPool(own, malformed));
    if (name === 'organizationId') return fc.oneof(role('unit'), role('committee'), fromPool(own, malformed));
    return fromPool(own, malformed);
  }
  return fc.oneof(
    { weight: 6, arbitrary: fromPool(own, malformed) },
    {
      weight: 2,
      arbitrary: fromPool(
        type ? () => pools.ids(type, 'foreign') : () => pools.types().flatMap((t) => pools.ids(t, 'foreign')),
        malformed,
      ),
    },
    { weight: 2, arbitrary: fromPool(() => pools.others(type ?? ''), malformed) },
    { weight: 3, arbitrary: malformed },
  );
}

const SCOPES = ['read', 'write:commitments', 'write:resources'];
const EVENT_TYPES = [
  'need.reported',
  'need.supported',
  'project.created',
  'resource.published',
  'commitment.pledged',
  'member.invited',
];

function calmString(name: string, pools: Pools): fc.Arbitrary<string> {
  const emails = fromPool(() => pools.emails, fc.constant('nobody@fuzz.test'));
  switch (name) {
    case 'email':
      return fc.oneof(
        emails,
        fc.nat({ max: 9999 }).map((n) => `new.${n}@fuzz.test`),
      );
    case 'password':
    case 'currentPassword':
    case 'newPassword':
      return fc.oneof(
        fromPool(() => pools.passwords, fc.constant('x')),
        fc.constant('a-long-enough-password'),
      );
    case 'secret':
      return fromPool(() => pools.secrets, fc.constant('cbi_none'));
    case 'idempotencyKey':
      return fc.nat({ max: 6 }).map((n) => `key-${n}`);
    case 'scopes':
      return fc.constantFrom(...SCOPES);
    case 'types':
      return fc.constantFrom(...EVENT_TYPES);
    case 'after':
    case 'before':
      return fromPool(() => pools.cursors, fc.constant('none'));
    case 'search':
    case 'text':
      return fc.constantFrom('Fuzz', '模糊', 'Hours', 'Jing', 'project');
    default:
      return plainText(name);
  }
}

function typedString(name: string, pools: Pools): fc.Arbitrary<string> {
  const calm = calmString(name, pools);
  switch (name) {
    case 'email':
      return fc.oneof(
        calm,
        anyText,
        fc.tuple(anyText, fc.constantFrom('@fuzz.test', '@', '@例子.中国', '')).map(([a, b]) => a + b),
        fc.constantFrom(
          `${'a'.repeat(64)}@fuzz.test`,
          `${'a'.repeat(245)}@fuzz.test`,
          `x@${'a'.repeat(250)}.test`,
          'UPPER@FUZZ.TEST',
        ),
      );
    case 'after':
    case 'before':
      return fc.oneof(calm, randomOpaque, anyText);
    case 'secret':
      return fc.oneof(
        calm,
        randomOpaque.map((s) => `cbi_${s}`),
        anyText,
      );
    default:
      return fc.oneof(
        { weight: 2, arbitrary: calm },
        { weight: 3, arbitrary: name === 'idempotencyKey' ? anyText : someText(name) },
      );
  }
}

function calmInt(name: string): fc.Arbitrary<number> {
  if (name === 'first' || name === 'last') return fc.integer({ min: 1, max: 20 });
  return fc.integer({ min: 1, max: 50 });
}

function typedInt(name: string): fc.Arbitrary<number> {
  if (name === 'first' || name === 'last') return fc.oneof(fc.integer({ min: 1, max: 100 }), anyInt);
  return anyInt;
}

// ---------------------------------------------------------------------------------------
// Operations

function operationOf(kind: 'mutation' | 'query', field: GraphQLField<unknown, unknown>, depth: number): Operation {
  const vars = new Variables();
  const args = field.args.map((a) => `${a.name}: $${vars.declare(a.name, a)}`);
  const selection = selectionOf(field.type, depth, vars);
  const call = args.length ? `${field.name}(${args.join(', ')})` : field.name;
  const document = `${kind} Fuzz${vars.definitions()} { ${selection ? `${call} { ${selection} }` : call} }`;
  return { name: field.name, kind, document, variables: (pools) => vars.arbitrary(pools) };
}

/** Every Mutation field, its whole input in variables; the payload two levels deep. */
export function mutationOperations(): Operation[] {
  return Object.values(SCHEMA.getMutationType()!.getFields()).map((f) => operationOf('mutation', f, 2));
}

const QUERY_DEPTH: Record<string, number> = { node: 1, nodes: 1, viewer: 2, regionStats: 2, matchSuggestions: 3 };

/** Every Query field with all its arguments, and the nested lists (connections) of every node type. */
export function queryOperations(): Operation[] {
  const fields = Object.values(SCHEMA.getQueryType()!.getFields());
  const ops = fields.map((f) => operationOf('query', f, QUERY_DEPTH[f.name] ?? 3));
  // Nested connections: node(id:) with every list field of every node type, one set of page arguments.
  const vars = new Variables();
  const node = SCHEMA.getQueryType()!.getFields().node;
  vars.declare('id', node.args[0]);
  const fragments = SCHEMA.getPossibleTypes(node.type as never).flatMap((t) => {
    const lists = Object.values(t.getFields()).filter(
      (f) => f.args.length > 0 && f.args.every((a) => !isNonNullType(a.type)),
    );
    if (lists.length === 0) return [];
    const body = lists.map((f) => {
      const args = f.args.map((a) => `${a.name}: $${vars.declare(a.name, a)}`).join(', ');
      return `${f.name}(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { __typename id } } }`;
    });
    return [`... on ${t.name} { ${body.join(' ')} }`];
  });
  ops.push({
    name: 'node.connections',
    kind: 'query',
    document: `query Fuzz${vars.definitions()} { node(id: $id) { __typename id ${fragments.join(' ')} } }`,
    variables: (pools) => vars.arbitrary(pools),
  });
  return ops;
}
