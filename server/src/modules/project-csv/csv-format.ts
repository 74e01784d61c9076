/**
 * The projects CSV: one header for every row, RFC 4180 quoting, CRLF line ends, a UTF-8 BOM
 * (so spreadsheet programs read Chinese as such), and text cells made inert for spreadsheets.
 * The export writes it and the milestone-progress import reads it back, exactly.
 */

/** The columns, in order; the import accepts exactly this header. */
export const CSV_COLUMNS = [
  'record',
  'project_id',
  'project_title_zh',
  'project_title_en',
  'project_status',
  'region_code',
  'region_name_zh',
  'region_name_en',
  'id',
  'requirement_id',
  'title_zh',
  'title_en',
  'organization_id',
  'organization_zh',
  'organization_en',
  'kind',
  'unit',
  'quantity',
  'committed',
  'delivered',
  'status',
  'due_on',
  'weight',
  'progress',
  'note',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Kinds of row, in the order they follow each other within a project. */
export const RECORD_KINDS = ['project', 'requirement', 'commitment', 'milestone'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const BOM = '\uFEFF';

/** Position of each column in a row. */
export const COLUMN: Record<CsvColumn, number> = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, i])) as Record<
  CsvColumn,
  number
>;

/**
 * What a spreadsheet would take for a formula (or a DDE call) at the start of a cell: = + - @,
 * tab and carriage return (OWASP's list), their full-width forms, and the apostrophe itself,
 * so that prefixing one apostrophe is reversible: an exported text starts with an apostrophe
 * exactly when one was added.
 */
const NEEDS_APOSTROPHE = /^[=+\-@\t\r'＝＋－＠]/;

/** A text made inert for spreadsheets: a leading apostrophe when it could start a formula. */
export function inert(text: string): string {
  return NEEDS_APOSTROPHE.test(text) ? `'${text}` : text;
}

/** The text an exported cell held: `inert` undone (one leading apostrophe dropped). */
export function fromInert(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: numbers as they are, text made inert and quoted when it holds a comma, quote or line break. */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = inert(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export type CsvRow = Partial<Record<CsvColumn, string | number | null>>;

/** One row of the file, in header order, ending with CRLF. */
export function csvLine(row: CsvRow): string {
  return `${CSV_COLUMNS.map((column) => cell(row[column])).join(',')}\r\n`;
}

/** The first line of the file: BOM and header. */
export const CSV_HEAD = `${BOM}${CSV_COLUMNS.join(',')}\r\n`;

/** A record of a CSV text: its cells and the line of the file where it starts (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** A CSV text that cannot be read as CSV, at `line`. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Line breaks in a piece of text: CRLF, LF or a lone CR each count once. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}

/**
 * The records of a CSV text (RFC 4180: cells separated by commas, records by CRLF, LF or CR;
 * a quoted cell may hold commas, line breaks and doubled quotes). A quote inside an unquoted
 * cell is taken literally; text after a closing quote, or a quote never closed, is a
 * CsvSyntaxError. Lazily, so a caller can stop counting at a limit.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === 34 /* " */) {
        let value = '';
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote < 0) throw new CsvSyntaxError(start, 'a quoted cell is never closed');
          const piece = text.slice(i, quote);
          line += lineBreaks(piece);
          value += piece;
          if (text.charCodeAt(quote + 1) === 34) {
            value += '"';
            i = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
        const next = text[i];
        if (i < n && next !== ',' && next !== '\r' && next !== '\n') {
          throw new CsvSyntaxError(line, 'a closing quote must end its cell (a quote inside a cell is written "")');
        }
        cells.push(value);
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === 44 || c === 13 || c === 10) break;
          end++;
        }
        cells.push(text.slice(i, end));
        i = end;
      }
      if (text.charCodeAt(i) === 44 /* , */) {
        i++;
        continue;
      }
      if (text.charCodeAt(i) === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    yield { line: start, cells };
  }
}

/** A record with nothing in it: an empty line, or only separators (spreadsheets leave such rows). */
export function isBlank(record: CsvRecord): boolean {
  return record.cells.every((c) => c.trim() === '');
}
