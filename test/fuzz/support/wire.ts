import { randomBytes } from 'node:crypto';

/**
 * Request bodies with pieces JSON.stringify cannot write: a number such as `1e999` or `-0`, a
 * string with a lone surrogate escape written by hand (`"\ud800"`), or outright invalid JSON.
 * A `Raw` value anywhere in the variables is written verbatim into the body.
 */
export class Raw {
  constructor(readonly text: string) {}
  toString(): string {
    return `Raw(${this.text})`;
  }
}

export const raw = (text: string): Raw => new Raw(text);

const NONCE = randomBytes(6).toString('hex');

/** JSON text of `value`, with every Raw written verbatim. */
export function encode(value: unknown): string {
  const raws: string[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `@raw${NONCE}:${raws.length - 1}@`;
    }
    return v;
  });
  if (json === undefined) return 'null';
  return raws.length === 0 ? json : json.replace(new RegExp(`"@raw${NONCE}:(\\d+)@"`, 'g'), (_m, i) => raws[Number(i)]);
}

/** Every string in a value (keys included), to tell an echo of the input from a leak. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Raw) out.push(value.text);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  }
  return out;
}

/** A printable, bounded rendering of a value for failure messages. */
export function show(value: unknown, max = 1500): string {
  let text: string;
  try {
    text = encode(value);
  } catch {
    text = String(value);
  }
  // Long runs of one character shrink to "x×5000" so a message stays readable.
  text = text.replace(/(.)\1{40,}/gsu, (run, ch: string) => `${ch}×${[...run].length}`);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
