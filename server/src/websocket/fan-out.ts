import {
  Kind,
  TypeInfo,
  getOperationAST,
  getVariableValues,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type VariableDefinitionNode,
  type ExecutionArgs,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';

/**
 * Live fan-out: each event is executed once per distinct selection set and serialized once,
 * not once per subscriber.
 *
 * Subscribers whose operations select the same fields with the same variables (the root
 * field's arguments aside: they choose the feed, not what is shown of an event) share one
 * result per event. Where the selection reaches a field whose value depends on who asks
 * (declared with `@Extensions({ perViewer: true })`, e.g. an organization's members), the
 * viewer becomes part of the key.
 */

/** A result serialized once, as the UTF-8 bytes every subscriber's `next` message embeds. */
export class SharedPayload {
  readonly bytes: Buffer;

  constructor(json: string) {
    this.bytes = Buffer.from(json, 'utf8');
  }
}

/**
 * An event that names the group of events it was read with: their executions share one set
 * of batch loaders, so a burst of events loads what they show in a few statements. (They all
 * committed before they were read, so each shows the state after all of them.)
 */
export interface LoadedTogether {
  readonly loadGroup: object;
}

export function loadGroupOf(event: object): object {
  return (event as Partial<LoadedTogether>).loadGroup ?? event;
}

/**
 * A live source that can hand over, without waiting, the events it already holds: a
 * subscription then writes them to its socket in one go.
 */
export interface ReadyEvents {
  takeReady(max: number): unknown[];
}

export function hasReadyEvents(source: object): source is ReadyEvents {
  return typeof (source as Partial<ReadyEvents>).takeReady === 'function';
}

/** Marks a field whose value depends on the viewer (its resolver reads `context.viewer`). */
export const PER_VIEWER = { perViewer: true } as const;

function reachesPerViewerField(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (typeInfo.getFieldDef()?.extensions?.perViewer) found = true;
      },
    }),
  );
  return found;
}

/** What a key takes from an operation, worked out once per query text and operation name. */
interface OperationShape {
  /** Names the document and operation in keys (short, so keys stay small). */
  id: number;
  perViewer: boolean;
  /** Variables used below the root field (its own arguments choose the feed, not the fields). */
  variables: readonly VariableDefinitionNode[];
}

/** Shapes kept, by query text (least recently used go first). */
const MAX_SHAPES = 1_000;
const shapes = new Map<string, OperationShape>();
let shapeIds = 0;

function operationShape(schema: GraphQLSchema, text: string, args: ExecutionArgs): OperationShape {
  const name = `${args.operationName ?? ''}\n${text}`;
  let shape = shapes.get(name);
  if (shape) {
    shapes.delete(name);
    shapes.set(name, shape);
    return shape;
  }
  const operation = getOperationAST(args.document, args.operationName);
  const rootArguments = new Set<ArgumentNode>();
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind === Kind.FIELD) for (const argument of selection.arguments ?? []) rootArguments.add(argument);
  }
  const used = new Set<string>();
  visit(args.document, {
    Argument: (node) => (rootArguments.has(node) ? false : undefined),
    VariableDefinition: () => false,
    Variable: (node) => {
      used.add(node.name.value);
    },
  });
  shape = {
    id: ++shapeIds,
    perViewer: reachesPerViewerField(schema, args.document),
    variables: (operation?.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value)),
  };
  if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
  shapes.set(name, shape);
  return shape;
}

/**
 * The key that groups subscribers who see the same result for the same event: the query
 * text's shape, the values of the variables it uses below the root field (as GraphQL coerces
 * them, defaults applied), and `viewerKey` (who asks) only if the selection depends on it.
 */
export function selectionKey(schema: GraphQLSchema, text: string, args: ExecutionArgs, viewerKey: string): string {
  const shape = operationShape(schema, text, args);
  let variables = '';
  if (shape.variables.length) {
    const coerced = getVariableValues(schema, shape.variables, args.variableValues ?? {});
    variables = JSON.stringify(shape.variables.map((d) => coerced.coerced?.[d.variable.name.value] ?? null));
  }
  return `${shape.id}|${shape.perViewer ? viewerKey : ''}|${variables}`;
}

const results = new WeakMap<object, Map<string, Promise<SharedPayload>>>();

/** The shared result of `event` for `key`: `run` executes it for the first subscriber only. */
export function sharedResult(
  event: object,
  key: string,
  run: () => Promise<FormattedExecutionResult>,
): Promise<SharedPayload> {
  let byKey = results.get(event);
  if (!byKey) results.set(event, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) {
    const shared = run().then((formatted) => {
      // An unexpected error (a lost connection, say) is not served to the others: they run again.
      if (formatted.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) byKey.delete(key);
      return new SharedPayload(JSON.stringify(formatted));
    });
    shared.catch(() => byKey.delete(key));
    byKey.set(key, (result = shared));
  }
  return result;
}
