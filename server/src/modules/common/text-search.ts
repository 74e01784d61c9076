/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards in the text taken literally. */
export function likePattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
