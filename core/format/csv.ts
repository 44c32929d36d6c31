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

/**
 * A formula character at the start of a cell, or after anything a spreadsheet may take as a separator
 * (tab, comma, semicolon, bar, a line break; spaces or quotes between): LibreOffice, asked to split on tabs, ran
 * `Safe<TAB>=1+1` as a formula. Each is prefixed with an apostrophe, the spreadsheets' own "text" mark.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const FORMULA_AFTER_SEPARATOR = /([\t\r\n,;|])([ \u00a0"]*)([=+\-@])/g;

/** The text as written into a cell: an apostrophe before every formula character a spreadsheet could act on. */
export function neutraliseFormulas(text: string): string {
  const s = text.replace(FORMULA_AFTER_SEPARATOR, (_m, sep: string, space: string, ch: string) => `${sep}${space}'${ch}`);
  return FORMULA_START.test(s.replace(/^[ \u00a0"]+/, '')) ? `'${s}` : s;
}

export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string') s = neutraliseFormulas(s);
  // Quoted when it holds anything a reader might split on: comma, semicolon, tab, quote, line break.
  return /[",\r\n;\t|]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The text has a UTF-16 surrogate without its partner: not text any program wrote on purpose. */
export function loneSurrogateAt(text: string): number {
  const m = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  return m ? m.index : -1;
}

export class CsvEncodingError extends Error {}

// core has neither the DOM's nor Node's types; both runtimes it runs in (renderer, Node) have this global.
declare const TextDecoder: new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => { decode(bytes: Uint8Array): string };

/**
 * A CSV file's bytes as text. UTF-8 (with or without BOM) and UTF-16 (with a BOM, or recognisably
 * without one) are read as such; bytes that are not valid UTF-8 are read as Windows-1252 (Latin-1 as
 * Excel writes it on Windows in the UK), which every byte sequence is, so accents come out right
 * instead of as replacement characters. Malformed UTF-16 (a lone surrogate) is refused.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' } {
  const strict = (enc: string, from: number) => new TextDecoder(enc, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(from));
  const utf16 = (enc: 'utf-16le' | 'utf-16be', from: number) => {
    try {
      return { text: strict(enc, from), encoding: enc };
    } catch {
      throw new CsvEncodingError(`The file looks like UTF-16 text but is damaged (it has a broken character). Save it again from your spreadsheet as "CSV UTF-8" and import that.`);
    }
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { text: strict('utf-8', 3), encoding: 'utf-8' };
    } catch {
      throw new CsvEncodingError('The file says it is UTF-8 but has bytes that are not. Save it again from your spreadsheet as "CSV UTF-8" and import that.');
    }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16('utf-16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16('utf-16be', 2);
  // UTF-16 without a BOM: ASCII text then has a zero in every other byte.
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  if (sample.length >= 4 && oddZeros > sample.length / 4 && evenZeros === 0) return utf16('utf-16le', 0);
  if (sample.length >= 4 && evenZeros > sample.length / 4 && oddZeros === 0) return utf16('utf-16be', 0);
  if (evenZeros + oddZeros > 0) throw new CsvEncodingError('The file is not text (it contains zero bytes). Choose the CSV file saved from your spreadsheet.');
  try {
    return { text: strict('utf-8', 0), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

export function toCsv(rows: (string | number | boolean | null | undefined)[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** A CSV file a person exported, read up to its heading row; or the first problem, with its line. */
export type CsvRead = { ok: true; header: CsvTable['records'][number]; body: CsvTable['records'] } | { ok: false; line: number; message: string };

/**
 * What every CSV import does first: refuses a damaged or wrongly decoded file (a broken UTF-16 pair,
 * U+FFFD from a wrong encoding) with the line and what to do, parses it, and splits off the headings.
 */
export function readCsvTable(text: string): CsvRead {
  const lone = loneSurrogateAt(text);
  if (lone >= 0) {
    const line = text.slice(0, lone).split('\n').length;
    return { ok: false, line, message: `line ${line} has a broken character (half of a UTF-16 pair); the file is damaged. Save it again from your spreadsheet as "CSV UTF-8".` };
  }
  const replaced = text.indexOf('\uFFFD');
  if (replaced >= 0) {
    const line = text.slice(0, replaced).split('\n').length;
    return { ok: false, line, message: `line ${line} has a character that could not be read (\uFFFD): the file was read in the wrong encoding. Save it from your spreadsheet as "CSV UTF-8" and import that.` };
  }
  let table: CsvTable;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, line: e.line, message: e.message };
    throw e;
  }
  const [header, ...body] = table.records;
  if (!header) return { ok: false, line: 0, message: 'the file is empty' };
  return { ok: true, header, body };
}
