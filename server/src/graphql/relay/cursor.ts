import { badUserInput } from '../errors.js';

export type CursorValue = string | number | boolean;

/** Opaque cursor: the connection's name and the sort-key values of one item. */
export function encodeCursor(connection: string, values: CursorValue[]): string {
  return Buffer.from(JSON.stringify([connection, ...values]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor issued by `connection`; a cursor of another connection, or one that is
 * not a cursor at all, is a BAD_USER_INPUT error naming the argument.
 */
export function decodeCursor(
  connection: string,
  cursor: string,
  arity: number,
  argument: 'after' | 'before',
): CursorValue[] {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(`"${argument}" is not a valid cursor.`, argument);
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') {
    throw badUserInput(`"${argument}" is not a valid cursor.`, argument);
  }
  if (parsed[0] !== connection) {
    throw badUserInput(`"${argument}" is a cursor of another list, not of ${connection}.`, argument);
  }
  const values = parsed.slice(1);
  const ok = values.length === arity && values.every((v) => ['string', 'number', 'boolean'].includes(typeof v));
  if (!ok) throw badUserInput(`"${argument}" is not a valid cursor.`, argument);
  return values as CursorValue[];
}
