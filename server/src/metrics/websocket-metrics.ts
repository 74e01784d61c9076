import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import type { ServerOptions, SubscribePayload } from 'graphql-ws';
import { outcomeOf, type Metrics } from './metrics.js';

interface PendingOperation {
  started: number;
  name: string | null | undefined;
  type: string | undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * The graphql-ws server options, metered: every operation on a socket is counted once —
 * refused before it runs (in `onSubscribe`), a subscription when its feed starts, a query or
 * mutation (or a subscription that failed to start) when its result is sent — and each live
 * feed counts as an active subscription until it ends. `documentOf` gives the parsed document
 * of a query text when it is known (for the operation's name and type; never parses).
 */
export function meteredWebSocketOptions<P extends Record<string, unknown> | undefined, E>(
  options: ServerOptions<P, E>,
  metrics: Metrics,
  documentOf: (query: string) => DocumentNode | undefined,
): ServerOptions<P, E> {
  const { onSubscribe, onOperation, onNext, onComplete } = options;
  // Per connection (graphql-ws's context object): operations admitted and not yet answered.
  const pending = new WeakMap<object, Map<string, PendingOperation>>();
  const operationsOf = (ctx: object) => {
    let operations = pending.get(ctx);
    if (!operations) pending.set(ctx, (operations = new Map()));
    return operations;
  };
  const identify = (payload: SubscribePayload) => {
    const document = documentOf(payload.query);
    const operation = document ? getOperationAST(document, payload.operationName) : null;
    return { name: operation?.name?.value ?? payload.operationName, type: operation?.operation };
  };
  const count = (operation: PendingOperation, outcome: string) =>
    metrics.graphqlRequest({
      operationName: operation.name,
      operationType: operation.type,
      transport: 'websocket',
      outcome,
      seconds: (performance.now() - operation.started) / 1000,
    });
  const answered = (ctx: object, id: string, outcome: string) => {
    const operations = pending.get(ctx);
    const operation = operations?.get(id);
    if (!operation) return;
    operations!.delete(id);
    count(operation, outcome);
  };

  return {
    ...options,
    onSubscribe: async (ctx, id, payload) => {
      const started = performance.now();
      const result = await onSubscribe?.(ctx, id, payload);
      if (Array.isArray(result)) count({ started, ...identify(payload) }, outcomeOf(result));
      else if (result) operationsOf(ctx).set(id, { started, ...identify(payload) });
      return result;
    },
    onOperation: async (ctx, id, payload, args, result) => {
      const operated = (await onOperation?.(ctx, id, payload, args, result)) ?? undefined;
      const final = await (operated ?? result);
      if (!isAsyncIterable(final)) return operated;
      answered(ctx, id, 'ok');
      return activeWhileOpen(final, metrics.subscriptionStarted());
    },
    onNext: async (ctx, id, payload, args, result) => {
      const sent = await onNext?.(ctx, id, payload, args, result);
      answered(ctx, id, outcomeOf((sent ?? result).errors));
      return sent;
    },
    onComplete: async (ctx, id, payload) => {
      // An operation the client completed before its result: not answered, not counted.
      pending.get(ctx)?.delete(id);
      await onComplete?.(ctx, id, payload);
    },
  };
}

/** The feed as graphql-ws sees it; `ended` is called when it ends or is ended. */
function activeWhileOpen(
  feed: AsyncIterable<ExecutionResult>,
  ended: () => void,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = feed[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const step = await iterator.next();
        if (step.done) ended();
        return step;
      } catch (error) {
        ended();
        throw error;
      }
    },
    async return(value?: unknown) {
      ended();
      return (await iterator.return?.(value)) ?? { value: undefined, done: true };
    },
  };
}
