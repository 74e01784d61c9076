import type { EntityManager } from '@mikro-orm/postgresql';
import { tryDecodeGlobalId } from '../../graphql/relay/global-id.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError, DomainErrors, UserErrorCode } from '../common/domain-error.js';
import { pgArray } from '../common/pg-array.js';
import { forbiddenCharacter } from '../../graphql/input-hygiene.js';
import { DESCRIPTION_MAX } from '../common/text-limits.js';
import { updateMilestones } from '../milestone/milestone.service.js';
import {
  BOM,
  COLUMN,
  CSV_COLUMNS,
  csvRecords,
  CsvSyntaxError,
  fromInert,
  isBlank,
  RECORD_KINDS,
  type CsvColumn,
  type CsvRecord,
} from './csv-format.js';

/** Most data rows (every kind, blank rows aside) an import reads; more is refused before anything runs. */
export const IMPORT_MAX_ROWS = 10_000;

export interface MilestoneProgressImport {
  /** Milestones whose progress or note changed. */
  updated: number;
  /** Milestone rows equal to what is stored: left alone, no event. */
  unchanged: number;
}

/** A milestone row that reads well: what it asks to store. */
interface MilestoneRow {
  line: number;
  id: string;
  progress: number;
  note: string;
}

/**
 * A problem of line `line` (1-based line of the file where the row starts; the header is line
 * 1) in `column` (null: the row as a whole): the message starts "Line N:", the field is
 * `["input", "csv", "N", column]`.
 */
function rowError(line: number, column: CsvColumn | null, code: UserErrorCode, reason: string): DomainError {
  return new DomainError(code, `Line ${line}: ${column ? `${column}: ` : ''}${reason}`, [
    'input',
    'csv',
    String(line),
    ...(column ? [column] : []),
  ]);
}

/** A cell's value for a message: quoted, and cut short when long. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** The line a position of the text lies on. */
function lineAt(text: string, index: number): number {
  return text.slice(0, index).split(/\r\n|\r|\n/).length;
}

/**
 * Signs that the file was decoded with the wrong encoding before it reached us: replacement
 * characters (bytes that were not UTF-8), NUL (UTF-16 read as UTF-8), or a UTF-8 byte-order
 * mark read as Windows-1252 or GBK.
 */
function assertDecoded(text: string): void {
  const replacement = text.indexOf('\uFFFD');
  const nul = text.indexOf('\u0000');
  const at = replacement >= 0 ? replacement : nul;
  const misread = text.startsWith('\u00EF\u00BB\u00BF') || text.startsWith('锘');
  if (at < 0 && !misread) return;
  const where = at >= 0 ? ` (${replacement >= 0 ? 'U+FFFD' : 'NUL'} on line ${lineAt(text, at)})` : '';
  throw new DomainError(
    UserErrorCode.INVALID,
    `The file was not read as UTF-8 text${where}: save it as "CSV UTF-8" (or export it anew) and read it as UTF-8.`,
    ['input', 'csv'],
  );
}

/** The header must be the export's, column by column. */
function assertHeader(header: CsvRecord | undefined): void {
  const cells = header?.cells ?? [];
  for (let i = 0; i < Math.max(cells.length, CSV_COLUMNS.length); i++) {
    const expected = CSV_COLUMNS[i] as CsvColumn | undefined;
    const found = cells[i]?.trim();
    if (found === expected) continue;
    const reason =
      expected === undefined
        ? `column ${i + 1} ${shown(found ?? '')} is not one of the export's ${CSV_COLUMNS.length} columns.`
        : found === undefined || found === ''
          ? `column ${i + 1} "${expected}" is missing.`
          : `column ${i + 1} should be "${expected}", not ${shown(found)}.`;
    throw new DomainError(
      UserErrorCode.INVALID,
      `Line 1: ${reason} The header must be the export's: ${CSV_COLUMNS.join(',')}`,
      ['input', 'csv', '1', expected ?? String(i + 1)],
    );
  }
}

/** The records of the file, the header first, blank rows left out; refuses more than IMPORT_MAX_ROWS data rows. */
function readRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  try {
    for (const record of csvRecords(text)) {
      if (isBlank(record)) continue;
      records.push(record);
      if (records.length > IMPORT_MAX_ROWS + 1) {
        throw new DomainError(
          UserErrorCode.TOO_LONG,
          `The file has more than ${IMPORT_MAX_ROWS.toLocaleString('en')} rows below its header; import it in parts.`,
          ['input', 'csv'],
        );
      }
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw rowError(error.line, null, UserErrorCode.INVALID, `${error.message}.`);
    }
    throw error;
  }
  return records;
}

/** The milestone row a record asks for, or the problems with it. */
function readMilestoneRow(record: CsvRecord, seen: Map<string, number>): MilestoneRow | DomainError[] {
  const { line, cells } = record;
  const value = (column: CsvColumn) => fromInert(cells[COLUMN[column]].trim()).trim();
  const errors: DomainError[] = [];
  const idText = value('id');
  const decoded = tryDecodeGlobalId(idText);
  if (idText === '') {
    errors.push(rowError(line, 'id', UserErrorCode.INVALID, 'is empty; a milestone row needs its milestone’s ID.'));
  } else if (decoded?.type !== 'Milestone') {
    errors.push(rowError(line, 'id', UserErrorCode.INVALID, `${shown(idText)} is not the ID of a milestone.`));
  } else if (seen.has(decoded.id)) {
    errors.push(
      rowError(line, 'id', UserErrorCode.INVALID, `the same milestone as line ${seen.get(decoded.id)}; keep one row.`),
    );
  } else {
    seen.set(decoded.id, line);
  }
  const progressText = value('progress');
  const progress = /^\d{1,3}$/.test(progressText) ? Number(progressText) : NaN;
  if (!(progress >= 0 && progress <= 100)) {
    errors.push(
      rowError(
        line,
        'progress',
        UserErrorCode.INVALID,
        `must be a whole number from 0 to 100, not ${shown(progressText)}.`,
      ),
    );
  }
  // As updateMilestone's input would be: NFC, trimmed; line breaks as \n (spreadsheets write \r\n).
  const note = value('note').replace(/\r\n?/g, '\n').normalize('NFC');
  const forbidden = forbiddenCharacter(note);
  if (forbidden) {
    errors.push(rowError(line, 'note', UserErrorCode.INVALID, `holds a character text may not hold (${forbidden}).`));
  }
  if (note.length > DESCRIPTION_MAX) {
    errors.push(
      rowError(line, 'note', UserErrorCode.TOO_LONG, `at most ${DESCRIPTION_MAX} characters (has ${note.length}).`),
    );
  }
  return errors.length ? errors : { line, id: decoded!.id, progress, note };
}

/** Checks every row of the file; returns the milestone rows that read well and the problems of the others. */
function readFile(csv: string): { rows: MilestoneRow[]; errors: DomainError[] } {
  assertDecoded(csv);
  const [header, ...data] = readRecords(csv.startsWith(BOM) ? csv.slice(BOM.length) : csv);
  assertHeader(header);
  const rows: MilestoneRow[] = [];
  const errors: DomainError[] = [];
  const seen = new Map<string, number>();
  for (const record of data) {
    if (record.cells.length !== CSV_COLUMNS.length) {
      errors.push(
        rowError(
          record.line,
          null,
          UserErrorCode.INVALID,
          `the row has ${record.cells.length} cells; the header has ${CSV_COLUMNS.length}.`,
        ),
      );
      continue;
    }
    const kind = fromInert(record.cells[COLUMN.record].trim()).trim();
    if (!(RECORD_KINDS as readonly string[]).includes(kind)) {
      errors.push(rowError(record.line, 'record', UserErrorCode.INVALID, `must be one of ${RECORD_KINDS.join(', ')}.`));
      continue;
    }
    if (kind !== 'milestone') continue;
    const row = readMilestoneRow(record, seen);
    if (Array.isArray(row)) errors.push(...row);
    else rows.push(row);
  }
  return { rows, errors };
}

/** Rows naming a milestone that does not exist (checked with the file, before any right). */
async function unknownMilestones(em: EntityManager, rows: MilestoneRow[]): Promise<MilestoneRow[]> {
  const found = await em.execute<{ id: string }[]>(`select id from milestone where id = any(?::uuid[])`, [
    pgArray(rows.map((r) => r.id)),
  ]);
  const known = new Set(found.map((m) => m.id));
  return rows.filter((r) => !known.has(r.id));
}

/**
 * Applies the milestone rows of a projects CSV (as `GET /export/projects.csv` writes it,
 * possibly edited in a spreadsheet): each milestone's progress and note. Other rows are read
 * for their shape only.
 *
 * Every row is checked first; then all milestone rows go to `updateMilestones`, the milestone
 * service's many-at-once form of `updateMilestone`, so who may change what, the events and
 * the project's progress are those of the mutation, and the rows are applied in one
 * transaction or not at all. Rows equal to what is stored need no right and leave no event,
 * so a whole region's export can come back with a few rows changed. An empty note cell leaves
 * the note as it is. Every problem is reported (DomainErrors), each with its line.
 */
export async function importMilestoneProgress(
  viewer: Viewer,
  em: EntityManager,
  input: { csv: string },
): Promise<MilestoneProgressImport> {
  const { rows, errors } = readFile(input.csv);
  const byLine = (a: DomainError, b: DomainError) => Number(a.field![2]) - Number(b.field![2]);
  const unknown = rows.length ? await unknownMilestones(em, rows) : [];
  errors.push(...unknown.map((row) => rowError(row.line, 'id', UserErrorCode.NOT_FOUND, 'no milestone has this ID.')));
  if (errors.length) throw new DomainErrors(errors.sort(byLine));
  if (rows.length === 0) return { updated: 0, unchanged: 0 };
  const lineOf = new Map(rows.map((r) => [r.id, r.line]));
  return updateMilestones(
    viewer,
    em,
    rows.map((row) => ({
      milestoneId: row.id,
      update: { progress: row.progress, ...(row.note !== '' ? { note: row.note } : {}) },
    })),
    (change, error) => {
      const line = lineOf.get(change.milestoneId)!;
      if (error instanceof DomainError && error.code === UserErrorCode.NOT_FOUND) {
        return rowError(line, 'id', UserErrorCode.NOT_FOUND, 'no milestone has this ID.');
      }
      const code = error instanceof DomainError ? error.code : UserErrorCode.FORBIDDEN;
      return rowError(line, 'id', code, error.message);
    },
  );
}
