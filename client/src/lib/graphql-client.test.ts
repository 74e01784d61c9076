import { describe, expect, it } from 'vitest';
import { resumable } from './graphql-client.svelte';

/** What graphql-ws sends for a payload: it writes it (again) on each new socket. */
const sent = (payload: unknown) => JSON.parse(JSON.stringify(payload)) as { variables: Record<string, unknown> };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function sink() {
  const results: unknown[] = [];
  return { results, sink: { next: (r: unknown) => results.push(r), error: () => {}, complete: () => {} } };
}

describe('resumable subscriptions', () => {
  const FEED = 'subscription F($id: ID!, $after: String) { projectActivity(projectId: $id, after: $after) { cursor } }';

  it('resends a feed after a reconnect from the last event it got', async () => {
    const { results, sink: s } = sink();
    const [payload, wrapped] = resumable({ query: FEED, variables: { id: 'p1' } }, s);
    expect(sent(payload).variables).toEqual({ id: 'p1' });
    wrapped.next({ data: { projectActivity: { cursor: 'c1' } } });
    wrapped.next({ data: { projectActivity: { cursor: 'c2' } } });
    expect(sent(payload).variables).toEqual({ id: 'p1', after: 'c2' });
    await tick();
    // Resumed: no call to read the screen again, only the two events.
    expect(results).toHaveLength(2);
  });

  it('asks its screen to read again when it is resent before any event', async () => {
    const { results, sink: s } = sink();
    const [payload] = resumable({ query: FEED, variables: { id: 'p1' } }, s);
    sent(payload);
    sent(payload);
    await tick();
    expect(results).toEqual([{ data: null }]);
  });

  it('leaves a subscription without $after as it was', async () => {
    const { results, sink: s } = sink();
    const [payload, wrapped] = resumable({ query: 'subscription { tick { cursor } }', variables: {} }, s);
    sent(payload);
    wrapped.next({ data: { tick: { cursor: 'c1' } } });
    expect(sent(payload).variables).toEqual({});
    await tick();
    expect(results).toEqual([{ data: { tick: { cursor: 'c1' } } }, { data: null }]);
  });
});
