import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isListType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  type ArgumentNode,
  type FieldNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type GraphQLOutputType,
  type SelectionSetNode,
  type GraphQLCompositeType,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './relay/connection.args.js';
import { CodedError, ErrorCode } from './errors.js';

/**
 * What one operation may ask for, checked before any resolver runs (HTTP and WebSocket alike).
 *
 * - `cost` is what the operation may load, known from the document alone: every object field
 *   costs 1, and a connection multiplies what lies below it by its `first`/`last` (20 when
 *   not given; its `nodes`, `edges` and `pageInfo` cost nothing themselves); a plain list of
 *   objects by 10. A committee's dashboard (W1 at `first: 100`:
 *   projects with their participants, requirements and commitments) costs ~22,000 and returns
 *   ~1 MB; three nested levels of `first: 100` cost over 1,000,000.
 * - `depth` counts nested fields (a connection's `nodes` is a level): W1 is 8 deep.
 * - Introspection (`__schema`, `__type`) is not measured: it is bounded by the schema.
 */
export const QUERY_LIMITS = {
  tokens: 2_000,
  depth: 10,
  aliases: 15,
  rootFields: 15,
  directives: 20,
  cost: 25_000,
} as const;

/** Items a plain list of objects is assumed to hold (lists bounded by the domain, e.g. a project's needs). */
const LIST_ITEMS = 10;

/** Selections the measurement walks at most (fragments spread many times are walked each time). */
const MAX_VISITS = 20_000;

class TooManyVisits extends Error {}

export interface OperationMeasure {
  depth: number;
  aliases: number;
  rootFields: number;
  directives: number;
  cost: number;
}

function tooComplex(limit: keyof typeof QUERY_LIMITS, value: number): CodedError {
  return new CodedError(
    ErrorCode.QUERY_TOO_COMPLEX,
    `The query exceeds the ${limit} limit: ${Number.isFinite(value) ? value : 'unbounded'} > ${QUERY_LIMITS[limit]}.`,
    { limit, value: Number.isFinite(value) ? value : null, maximum: QUERY_LIMITS[limit], http: { status: 400 } },
  );
}

/** Counts the document's tokens, stopping past the limit: QUERY_TOO_COMPLEX before parsing a flood. */
export function checkTokens(text: string): CodedError | null {
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++tokens > QUERY_LIMITS.tokens) return tooComplex('tokens', tokens);
    }
  } catch {
    // A syntax error: the parser reports it.
  }
  return null;
}

/** Measures the operation (fragments followed, variables applied). */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variableValues: Record<string, unknown> | null | undefined,
): OperationMeasure | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {}).coerced ?? {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measure: OperationMeasure = { depth: 0, aliases: 0, rootFields: 0, directives: 0, cost: 0 };
  let visits = 0;

  const pageSize = (args: readonly ArgumentNode[]): number => {
    for (const arg of args) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      const value =
        arg.value.kind === Kind.INT
          ? Number(arg.value.value)
          : arg.value.kind === Kind.VARIABLE
            ? Number(variables[arg.value.name.value])
            : NaN;
      if (Number.isFinite(value)) return Math.max(0, value);
    }
    return DEFAULT_PAGE_SIZE;
  };

  /** Cost of a selection set on `type`, at `depth` (the depth of its fields). */
  const visit = (set: SelectionSetNode, type: GraphQLCompositeType, depth: number, seen: Set<string>): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (++visits > MAX_VISITS) throw new TooManyVisits();
      measure.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const on = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        if (on) cost += visit(fragment.selectionSet, on, depth, new Set([...seen, fragment.name.value]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined)
          : type;
        if (on) cost += visit(selection.selectionSet, on, depth, seen);
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      if (selection.alias) measure.aliases++;
      measure.depth = Math.max(measure.depth, depth);
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
      if (!field || !selection.selectionSet) continue;
      const fieldType: GraphQLOutputType = getNullableType(field.type);
      const named = getNamedType(fieldType);
      if (!isObjectType(named) && !isInterfaceType(named) && !isUnionType(named)) continue;
      const below = visit(selection.selectionSet, named, depth + 1, seen);
      // A connection's `nodes`, `edges`, `node` and `pageInfo` load nothing of their own.
      if (/(Connection|Edge)$/.test(type.name)) cost += below;
      else if (named.name.endsWith('Connection')) cost += 1 + pageSize(selection.arguments ?? []) * below;
      else if (isListType(fieldType)) cost += 1 + LIST_ITEMS * below;
      else cost += 1 + below;
    }
    return cost;
  };

  measure.rootFields = operation.selectionSet.selections.length;
  measure.directives += operation.directives?.length ?? 0;
  try {
    measure.cost = visit(operation.selectionSet, root, 1, new Set());
  } catch (error) {
    // Fragments that multiply one another: more to load than any limit allows.
    if (!(error instanceof TooManyVisits)) throw error;
    measure.cost = Number.POSITIVE_INFINITY;
  }
  return measure;
}

/** The first limit the measured operation exceeds, as a QUERY_TOO_COMPLEX error; null within all. */
export function limitError(measure: OperationMeasure): CodedError | null {
  for (const limit of ['depth', 'aliases', 'rootFields', 'directives', 'cost'] as const) {
    if (measure[limit] > QUERY_LIMITS[limit]) return tooComplex(limit, measure[limit]);
  }
  return null;
}

/**
 * The cost of what a result actually holds, by the rules of `measureOperation` with the real
 * number of items in place of `first`/`last` and the assumed list length; at least 1, as a
 * request is.
 */
export function measureResult(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  data: Record<string, unknown> | null | undefined,
): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root || !data) return 1;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  /** The fields of `set` with the type they are selected on; fragments are followed whatever their condition (a key absent from the value was not selected for its type). */
  const fieldsOf = (set: SelectionSetNode, type: GraphQLCompositeType, into: [FieldNode, GraphQLCompositeType][]) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) into.push([selection, type]);
      else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const on = fragment.typeCondition
          ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined)
          : type;
        if (on) fieldsOf(fragment.selectionSet, on, into);
      }
    }
    return into;
  };

  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, value: Record<string, unknown>): number => {
    let cost = 0;
    const counted = new Set<string>();
    for (const [field, on] of fieldsOf(set, type, [])) {
      const key = field.alias?.value ?? field.name.value;
      const item = value[key];
      if (!field.selectionSet || item == null || typeof item !== 'object' || counted.has(key)) continue;
      const definition = isObjectType(on) || isInterfaceType(on) ? on.getFields()[field.name.value] : undefined;
      if (!definition) continue;
      counted.add(key);
      const named = getNamedType(definition.type) as GraphQLCompositeType;
      const items = (Array.isArray(item) ? item : [item]).filter(
        (i): i is Record<string, unknown> => i !== null && typeof i === 'object',
      );
      const below = items.reduce((sum, i) => sum + walk(field.selectionSet!, named, i), 0);
      // As when measuring the document: a connection's own fields load nothing.
      cost += /(Connection|Edge)$/.test(on.name) ? below : 1 + below;
    }
    return cost;
  };

  return Math.max(1, walk(operation.selectionSet, root, data));
}
