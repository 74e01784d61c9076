import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvLine, csvRecords, CsvSyntaxError, fromInert, inert } from './csv-format.js';

const records = (text: string) => [...csvRecords(text)];

describe('projects CSV format', () => {
  it('reads back exactly what it writes, quotes, commas, line breaks and formulas included', () => {
    const texts = [
      '绿道, "二期"',
      'line one\nline two\r\nline three',
      '=HYPERLINK("http://evil")',
      '+1',
      '-5 days',
      '@SUM(A1)',
      "'already quoted",
      "''",
      '＝全角',
      '\tindented',
      '',
      'plain',
    ];
    const text = texts.map((t) => csvLine({ record: 'milestone', note: t })).join('');
    const read = records(text);
    expect(read.map((r) => fromInert(r.cells[CSV_COLUMNS.indexOf('note')]))).toEqual(texts);
    expect(read.every((r) => r.cells.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('makes text inert for spreadsheets by a leading apostrophe, and only where needed', () => {
    expect(inert('=1+1')).toBe("'=1+1");
    expect(inert("'x")).toBe("''x");
    expect(inert('项目 = 1')).toBe('项目 = 1');
    expect(csvLine({ record: 'project', quantity: -3 })).toMatch(/^project,(,)*-3,/);
  });

  it('numbers records by the line of the file where they start', () => {
    const read = records('a,b\r\n"x\ny",z\n\nlast,"q""uote"');
    expect(read).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\ny', 'z'] },
      { line: 4, cells: [''] },
      { line: 5, cells: ['last', 'q"uote'] },
    ]);
  });

  it('refuses a quote never closed, or text after a closing quote, naming the line', () => {
    const failure = (text: string) => {
      try {
        records(text);
      } catch (error) {
        return error;
      }
      return null;
    };
    expect(failure('a\n"open,b\nc')).toEqual(new CsvSyntaxError(2, 'a quoted cell is never closed'));
    expect(failure('a\nb\n"x"y,z')).toBeInstanceOf(CsvSyntaxError);
    expect(failure('a\nb\n"x"y,z')).toMatchObject({ line: 3 });
  });
});
