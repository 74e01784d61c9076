import { badUserInput } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INTEGER = /^[1-9][0-9]{0,18}$/;

/** Types whose database id is a bigint sequence rather than a UUID. */
const SEQUENCE_ID_TYPES = new Set(['Activity']);

export interface DecodedGlobalId {
  type: string;
  id: string;
}

export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Decodes a global ID, or returns null when it is not one Cobuild could have issued. */
export function tryDecodeGlobalId(globalId: string): DecodedGlobalId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 200) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const raw = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = raw.indexOf(':');
  if (sep <= 0) return null;
  const type = raw.slice(0, sep);
  const id = raw.slice(sep + 1);
  if (!/^[A-Z][A-Za-z]{1,40}$/.test(type)) return null;
  const valid = SEQUENCE_ID_TYPES.has(type) ? INTEGER.test(id) : UUID.test(id);
  return valid ? { type, id } : null;
}

/**
 * Decodes a global ID that must name an object of `expectedType`; anything else is a
 * BAD_USER_INPUT error naming the argument.
 */
export function decodeGlobalId(globalId: string, expectedType: string, argument = 'id'): string {
  const decoded = tryDecodeGlobalId(globalId);
  if (!decoded) throw badUserInput(`"${argument}" is not a valid ID.`, argument);
  if (decoded.type !== expectedType) {
    throw badUserInput(`"${argument}" must be the ID of a ${expectedType}, not of a ${decoded.type}.`, argument);
  }
  return decoded.id;
}
