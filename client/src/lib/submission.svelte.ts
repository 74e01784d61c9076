import { errorCode } from './outcome';
import type { CombinedError } from '@urql/core';

/** Codes that mean the request may not have arrived or ran: a retry of it keeps its key. */
const UNANSWERED = new Set(['NETWORK', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);

/** Whether a refusal's code means the request got no answer (so retrying it as it was makes sense). */
export function isUnanswered(code: string): boolean {
  return UNANSWERED.has(code);
}

/**
 * A form's writes, one at a time, each with an idempotency key: a double submit or a retry of the
 * same input after a lost answer carries the same key (the server does it once); after any answer
 * (done or refused), and for an input changed since the lost one, the next write gets a new key.
 */
export class Submission {
  busy = $state(false);
  /** The last write got no answer (network): it can be retried as it was. */
  unanswered = $state(false);
  private key = crypto.randomUUID();
  /** The input sent under `key` that got no answer; null when the key is unused. */
  private pending: string | null = null;

  /** Sends `input` through `write` with its key; the request's result, or null when a write is under way. */
  async send<R extends { data?: unknown; error?: CombinedError }>(
    input: unknown,
    write: (idempotencyKey: string) => Promise<R>,
  ): Promise<R | null> {
    if (this.busy) return null;
    const typed = JSON.stringify(input);
    if (this.pending !== null && this.pending !== typed) this.key = crypto.randomUUID();
    this.busy = true;
    this.unanswered = false;
    try {
      const result = await write(this.key);
      this.unanswered = result.error ? isUnanswered(errorCode(result.error)) : !result.data;
      if (this.unanswered) {
        this.pending = typed;
      } else {
        // Answered: this key is spent, whatever the answer.
        this.pending = null;
        this.key = crypto.randomUUID();
      }
      return result;
    } finally {
      this.busy = false;
    }
  }
}
