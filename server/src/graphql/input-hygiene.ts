import {
  getNamedType,
  getNullableType,
  GraphQLString,
  isInputObjectType,
  isListType,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { CodedError, ErrorCode } from './errors.js';

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

/**
 * The first character text input may not hold (see checkInputText), described as
 * `U+XXXX at position N`, or null: for text that reaches a service other than through GraphQL
 * (a file read by the command line).
 */
export function forbiddenCharacter(text: string): string | null {
  return FORBIDDEN.test(text) ? describe(text) : null;
}

function describe(text: string): string {
  const match = FORBIDDEN.exec(text)!;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at position ${match.index}`;
}

/** The first string (in a variable, at any depth) holding a forbidden character; iterative, so no nesting overflows it. */
function findInValue(root: unknown): { path: string; text: string } | null {
  const stack: [unknown, string][] = [[root, 'variables']];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (FORBIDDEN.test(value)) return { path, text: value };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value).reverse()) stack.push([item, `${path}.${key}`]);
    }
  }
  return null;
}

/**
 * The document's first string literal holding a forbidden character. Apollo (and the
 * WebSocket server) keep one parsed document per query text, so each document's literals are
 * looked at once, not on every request.
 */
const literalFindings = new WeakMap<DocumentNode, { path: string; text: string } | null>();
function literalsOf(document: DocumentNode): { path: string; text: string } | null {
  if (literalFindings.has(document)) return literalFindings.get(document)!;
  let found: { path: string; text: string } | null = null;
  visit(document, {
    StringValue(node) {
      if (!found && FORBIDDEN.test(node.value)) found = { path: 'the query', text: node.value };
    },
  });
  literalFindings.set(document, found);
  return found;
}

/**
 * Refuses, before anything runs, an operation whose string arguments (written in the document
 * or passed as variables) hold a forbidden character: BAD_USER_INPUT (HTTP 400) naming where.
 */
export function checkInputText(
  document: DocumentNode,
  variableValues: Record<string, unknown> | null | undefined,
): CodedError | null {
  let found = literalsOf(document);
  found ??= findInValue(variableValues ?? {});
  if (!found) return null;
  const { path, text } = found as { path: string; text: string };
  return new CodedError(
    ErrorCode.BAD_USER_INPUT,
    `A text in ${path} holds a control, bidirectional-override or unpaired surrogate character (${describe(text)}).`,
    { argument: path, http: { status: 400 } },
  );
}

/** Inputs taken exactly as typed: passwords (their bytes are what the hash was made of). */
const VERBATIM = /password/i;

/** Unicode NFC (one encoding of each character, so equal texts compare and search equal), trimmed. */
function normalized(text: string): string {
  return text.normalize('NFC').trim();
}

/** Documents whose literals are already normalized. */
const normalizedDocuments = new WeakSet<DocumentNode>();

/** Normalizes the String values in `value`, an input of `type` filling the field `name`, in place. */
function normalizeValue(value: unknown, type: GraphQLInputType, name: string): unknown {
  if (value == null) return value;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value))
      for (let i = 0; i < value.length; i++) value[i] = normalizeValue(value[i], nullable.ofType, name);
    return value;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return value;
    const fields = nullable.getFields();
    for (const key of Object.keys(value)) {
      const field = fields[key];
      if (field)
        (value as Record<string, unknown>)[key] = normalizeValue(
          (value as Record<string, unknown>)[key],
          field.type,
          key,
        );
    }
    return value;
  }
  return nullable === GraphQLString && typeof value === 'string' && !VERBATIM.test(name) ? normalized(value) : value;
}

/**
 * Normalizes every String input of the operation, written in the document or passed as a
 * variable, in place and before anything runs: NFC and trimmed (a whitespace-only title is
 * then empty, and refused as such). IDs and passwords are left as they are.
 */
export function normalizeInputText(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | null | undefined,
  variableValues: Record<string, unknown> | null | undefined,
): void {
  if (variableValues && operation) {
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
      if (type && name in variableValues) variableValues[name] = normalizeValue(variableValues[name], type, name);
    }
  }
  // The literals of a (cached, shared) document are normalized once, in place.
  if (normalizedDocuments.has(document)) return;
  normalizedDocuments.add(document);
  const typeInfo = new TypeInfo(schema);
  // The argument or input field a literal fills, innermost last.
  const names: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
      ObjectField: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
      StringValue(node) {
        const type = typeInfo.getInputType();
        if (!type || getNamedType(type) !== GraphQLString || VERBATIM.test(names.at(-1) ?? '')) return;
        const text = normalized(node.value);
        // The parsed document is Apollo's cached copy of this query text: normalizing it once
        // is normalizing it for every request that sends the same text.
        if (text !== node.value) (node as { value: string }).value = text;
      },
    }),
  );
}
