import { visit, type DocumentNode } from 'graphql';
import { badUserInput, type CodedError } from './errors.js';

/**
 * Characters no text of Cobuild may hold: C0 controls but tab, newline and carriage return
 * (NUL among them, which PostgreSQL refuses), DEL, the bidirectional overrides and isolates
 * that make text read differently than it is stored, and lone UTF-16 surrogates (no character
 * at all; they would be replaced silently).
 */
const FORBIDDEN =
  // Matching control characters is the point of this expression.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function describe(text: string): string {
  const match = FORBIDDEN.exec(text)!;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at position ${match.index}`;
}

/** The first string (in a variable, at any depth) holding a forbidden character. */
function findInValue(value: unknown, path: string): { path: string; text: string } | null {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? { path, text: value } : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findInValue(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findInValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Refuses, before anything runs, an operation whose string arguments (written in the document
 * or passed as variables) hold a forbidden character: BAD_USER_INPUT naming where.
 */
export function checkInputText(
  document: DocumentNode,
  variableValues: Record<string, unknown> | null | undefined,
): CodedError | null {
  let found: { path: string; text: string } | null = null;
  visit(document, {
    StringValue(node) {
      if (!found && FORBIDDEN.test(node.value)) found = { path: 'the query', text: node.value };
    },
  });
  found ??= findInValue(variableValues ?? {}, 'variables');
  if (!found) return null;
  const { path, text } = found as { path: string; text: string };
  return badUserInput(
    `A text in ${path} holds a control, bidirectional-override or unpaired surrogate character (${describe(text)}).`,
    path,
  );
}
