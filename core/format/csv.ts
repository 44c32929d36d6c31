/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes, CRLF or LF, a leading BOM. */
export interface CsvTable {
  /** Each record with the file line it starts on (1-based), so messages can point at it. */
  records: { line: number; fields: string[] }[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  return (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0] as ',' | ';' | '\t') ?? ',';
}

export function parseCsv(text: string, delimiter?: string): CsvTable {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = delimiter ?? detectDelimiter(src.slice(0, src.search(/\r?\n|$/)));
  const records: CsvTable['records'] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let wasQuoted = false;
  const endField = () => {
    fields.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  // Most records have no quotes at all: those are split whole (50,000-row caseloads must read in
  // well under 2 s); a record with a quote anywhere takes the character-by-character path.
  let recordStart = true;
  const len = src.length;
  for (let i = 0; i < len; i++) {
    if (recordStart) {
      recordStart = false;
      let j = i;
      for (let c = src.charCodeAt(j); j < len && c !== 10 && c !== 13 && c !== 34; c = src.charCodeAt(++j));
      if (j === len || src.charCodeAt(j) !== 34) {
        const parts = src.slice(i, j).split(sep);
        if (!(parts.length === 1 && parts[0]!.trim() === '')) records.push({ line: recordLine, fields: parts.map((p) => p.trim()) });
        if (j < len) {
          if (src.charCodeAt(j) === 13 && src.charCodeAt(j + 1) === 10) j++;
          line++;
          recordLine = line;
          recordStart = true;
        }
        i = j;
        continue;
      }
    }
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      field = '';
    } else if (ch === sep) endField();
    else if (ch === '\r' && src[i + 1] === '\n') continue;
    else if (ch === '\n' || ch === '\r') {
      endRecord();
      line++;
      recordLine = line;
      recordStart = true;
    } else field += ch;
  }
  if (quoted) throw new CsvError(quoteLine, `line ${quoteLine}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
}

/** Cells starting with these are run as formulas by spreadsheet programs; written CSV prefixes them. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: (string | number | boolean | null | undefined)[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
