import { Client, type Exchange, type Operation, type OperationResult } from '@urql/core';
import type { OperationDefinitionNode } from 'graphql';
import { empty, fromValue, makeSubject, mergeMap, pipe, type Subject } from 'wonka';

/** What a fake answer may be: data, a network failure, or a GraphQL error with a code (FORBIDDEN, …). */
export type Answer = { data: unknown } | { network: true } | { refused: string };

/**
 * A urql client for component tests: each query or mutation is answered by `answer(name,
 * variables)` (by operation name) and recorded; subscriptions get events pushed by `emit`.
 */
export function fakeClient(answer: (name: string, variables: Record<string, unknown>) => Answer) {
  const calls: { name: string; variables: Record<string, unknown> }[] = [];
  const live: Subject<OperationResult>[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      mergeMap((operation: Operation) => {
        const name = (operation.query.definitions[0] as OperationDefinitionNode).name?.value ?? '';
        const variables = operation.variables as Record<string, unknown>;
        if (operation.kind === 'teardown') return empty;
        if (operation.kind === 'subscription') {
          calls.push({ name, variables });
          const subject = makeSubject<OperationResult>();
          live.push(subject);
          const events = subject.source;
          return pipe(
            events,
            mergeMap(() =>
              fromValue({
                operation,
                data: { regionActivity: { cursor: 'c' } },
                stale: false,
                hasNext: true,
              } as OperationResult),
            ),
          );
        }
        calls.push({ name, variables });
        const reply = answer(name, variables);
        if ('network' in reply) {
          return fromValue({
            operation,
            error: Object.assign(new Error('[Network] Failed to fetch'), {
              graphQLErrors: [],
              networkError: new Error('Failed to fetch'),
            }) as never,
            stale: false,
            hasNext: false,
          } as OperationResult);
        }
        if ('refused' in reply) {
          return fromValue({
            operation,
            data: null,
            error: Object.assign(new Error(`[GraphQL] raw server text`), {
              graphQLErrors: [{ message: 'raw server text', extensions: { code: reply.refused } }],
            }) as never,
            stale: false,
            hasNext: false,
          } as OperationResult);
        }
        return fromValue({ operation, data: reply.data, stale: false, hasNext: false } as OperationResult);
      }),
    );
  const client = new Client({ url: '/graphql', exchanges: [exchange] });
  return {
    client,
    calls,
    /** The calls of one operation, in order. */
    of: (name: string) => calls.filter((c) => c.name === name).map((c) => c.variables),
    /** Pushes one event to every open subscription. */
    emit: () => live.forEach((s) => s.next(null as never)),
  };
}
