/**
 * RFC 4180 CSV, the form spreadsheets and other systems read and write: comma separated, fields with a comma, quote or
 * line break in double quotes (a quote doubled), CRLF or LF line ends, an optional UTF-8 byte-order mark (Excel writes
 * one). Pure: text in, rows out.
 */

export interface CsvTable {
  header: string[];
  /** Data rows; `line` is the 1-based line of the file the row starts on (the header is line 1). */
  rows: { line: number; cells: string[] }[];
}

const needsQuotes = /[",\r\n]/;

function field(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return needsQuotes.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A CSV file with a header row; every line ends in LF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}

/** Parses a CSV file; throws with the line of an unterminated quoted field. Blank lines are skipped. */
export function parseCsv(text: string): CsvTable {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cur = '';
  let line = 1;
  let startLine = 1;
  let i = 0;
  let quotedStart = -1;
  const endRecord = (): void => {
    cells.push(cur);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: startLine, cells });
    cells = [];
    cur = '';
  };
  while (i < src.length) {
    const ch = src[i];
    if (quotedStart >= 0) {
      if (ch === '"' && src[i + 1] === '"') { cur += '"'; i += 2; continue; }
      if (ch === '"') { quotedStart = -1; i++; continue; }
      if (ch === '\n') line++;
      cur += ch;
      i++;
      continue;
    }
    if (ch === '"' && cur === '') { quotedStart = line; i++; continue; }
    if (ch === ',') { cells.push(cur); cur = ''; i++; continue; }
    if (ch === '\r' && src[i + 1] === '\n') { i++; continue; }
    if (ch === '\n' || ch === '\r') {
      endRecord();
      line++;
      startLine = line;
      i++;
      continue;
    }
    cur += ch;
    i++;
  }
  if (quotedStart >= 0) throw new Error(`line ${quotedStart}: a quoted field is never closed`);
  if (cur !== '' || cells.length > 0) endRecord();
  const [head, ...rows] = records;
  return { header: head ? head.cells.map((h) => h.trim()) : [], rows };
}
