import {
  Kind,
  TypeInfo,
  getOperationAST,
  print,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
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

/** A result already serialized to JSON, sent as it is inside each subscriber's `next` message. */
export class SharedPayload {
  constructor(readonly json: string) {}
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

/** Marks a field whose value depends on the viewer (its resolver reads `context.viewer`). */
export const PER_VIEWER = { perViewer: true } as const;

function reachesPerViewerField(schema: GraphQLSchema, args: ExecutionArgs): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    args.document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (typeInfo.getFieldDef()?.extensions?.perViewer) found = true;
      },
    }),
  );
  return found;
}

/**
 * The key that groups subscribers who see the same result for the same event; `viewerKey`
 * names who asks, used only if the selection depends on it.
 */
export function selectionKey(schema: GraphQLSchema, args: ExecutionArgs, viewerKey: string): string {
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
  const variables = [...used].sort().map((name) => [name, args.variableValues?.[name] ?? null]);
  return JSON.stringify([
    reachesPerViewerField(schema, args) ? viewerKey : null,
    args.operationName ?? null,
    print(args.document),
    variables,
  ]);
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
    result = run().then((formatted) => new SharedPayload(JSON.stringify(formatted)));
    byKey.set(key, result);
  }
  return result;
}

/**
 * graphql-ws serializes each message with JSON.stringify; a shared payload takes the place of
 * a placeholder string there and is spliced in by `spliceSharedPayload` just before sending.
 */
const PLACEHOLDER = '\u0000cobuild-shared-payload';
const PLACEHOLDER_END = `${JSON.stringify(PLACEHOLDER)}}`;
let pending: string | null = null;

export function sharedPayloadReplacer(this: unknown, key: string, value: unknown): unknown {
  if (value instanceof SharedPayload) {
    pending = value.json;
    return PLACEHOLDER;
  }
  return value;
}

/** The message to send: a `next` message's placeholder replaced by its shared JSON. */
export function spliceSharedPayload(data: string): string {
  const json = pending;
  pending = null;
  if (json === null || !data.endsWith(PLACEHOLDER_END)) return data;
  return `${data.slice(0, -PLACEHOLDER_END.length)}${json}}`;
}
