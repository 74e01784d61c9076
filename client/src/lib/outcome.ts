import type { AnyVariables, Client, CombinedError, TypedDocumentNode } from '@urql/core';

/** Why a request was refused: a userError's or a coded GraphQL error's code, else NETWORK. */
export interface Refusal {
  code: string;
  message: string;
  /** The input field it concerns (the last part of the userError's `field`), if any. */
  field?: string | null;
}

/** The code of a request's error: the server's coded error (FORBIDDEN, RATE_LIMITED, …) or NETWORK. */
export function errorCode(error: CombinedError): string {
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : 'NETWORK';
}

/** A mutation's refusal: its first userError, else its request error; null when it went through. */
export function refusalOf(
  result: { error?: CombinedError },
  userErrors: readonly { code: string; message: string; field?: readonly string[] | null }[] | undefined,
): Refusal | null {
  const [refused] = userErrors ?? [];
  if (refused) return { code: refused.code, message: refused.message, field: refused.field?.at(-1) ?? null };
  return result.error ? { code: errorCode(result.error), message: result.error.message } : null;
}

/**
 * Follows a subscription and calls `onEvents` once for the events that arrive within `delayMs`
 * of each other (one write's events come together: the screen reads once for them). Returns
 * the unsubscribe function.
 */
export function followLive<Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<unknown, Variables>,
  variables: Variables,
  onEvents: () => void,
  delayMs: number,
): () => void {
  let pending: ReturnType<typeof setTimeout> | null = null;
  const { unsubscribe } = client.subscription(document, variables).subscribe(() => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      onEvents();
    }, delayMs);
  });
  return () => {
    if (pending) clearTimeout(pending);
    unsubscribe();
  };
}
