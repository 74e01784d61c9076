/**
 * A PostgreSQL array literal for ids (UUIDs or integers), bound as one parameter: knex would
 * expand a JS array into a list of parameters.
 */
export function pgArray(ids: readonly string[]): string {
  for (const id of ids) if (!/^[0-9a-f-]+$/i.test(id)) throw new Error(`not an id: ${id}`);
  return `{${ids.join(',')}}`;
}

/** A PostgreSQL text[] literal, each element quoted, bound as one parameter. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
