import { GENDERS, ROSH_LEVELS, SENTENCE_TYPES, type CaseAttributeKey, type CaseAttributes } from '../domain/case-attributes';
import { readCsvTable } from '../format/csv';
import { FALSE, HEADINGS, TRUE, VALUE_ALIASES, norm, type Column } from '../format/sample-csv';
import type { SampleRowError } from '../format/sample-csv';

/** One person on the provider's caseload extract. */
export interface CaseloadRow {
  line: number;
  crn: string;
  name: string;
  /** Sentence or licence start, YYYY-MM-DD. */
  startDate: string;
  attributes: CaseAttributes;
}

export interface CaseloadResult {
  rows: CaseloadRow[];
  errors: SampleRowError[];
  /** Heading row as written, in file order. */
  columns: string[];
}

type CaseloadColumn = Exclude<Column, 'sample' | 'ref' | 'reviewDue' | 'identifiableVictim' | 'assignedInspector'> | 'startDate';

// The caseload extract uses the sample CSV's headings (and short forms) for every column they share.
const CASELOAD_HEADINGS: Record<CaseloadColumn, string[]> = {
  crn: HEADINGS.crn,
  name: HEADINGS.name,
  gender: HEADINGS.gender,
  ethnicity: HEADINGS.ethnicity,
  ageBand: HEADINGS.ageBand,
  sentenceType: HEADINGS.sentenceType,
  roshLevel: HEADINGS.roshLevel,
  office: HEADINGS.office,
  domesticAbuse: HEADINGS.domesticAbuse,
  childSafeguarding: HEADINGS.childSafeguarding,
  releasedFromCustody: HEADINGS.releasedFromCustody,
  startDate: ['startdate', 'sentencestartdate', 'licencestartdate', 'sentenceorlicencestart', 'sentenceorlicencestartdate', 'start'],
};

/** The columns a caseload extract must have, as headings the user can copy. */
export const CASELOAD_REQUIRED: readonly [CaseloadColumn, string][] = [
  ['crn', 'CRN'],
  ['name', 'name'],
  ['gender', 'gender'],
  ['sentenceType', 'sentence type'],
  ['startDate', 'start date'],
  ['roshLevel', 'risk of serious harm level'],
  ['office', 'office or cluster'],
];
export const CASELOAD_OPTIONAL: readonly [CaseloadColumn, string][] = [
  ['ethnicity', 'ethnicity'],
  ['ageBand', 'age band'],
  ['domesticAbuse', 'domestic abuse concern'],
  ['childSafeguarding', 'child safeguarding concern'],
  ['releasedFromCustody', 'released from custody'],
];
export const CASELOAD_COLUMNS: readonly string[] = [...CASELOAD_REQUIRED, ...CASELOAD_OPTIONAL].map(([, h]) => h);

/** Lower-cased value or short form to the value itself, built once (a caseload has tens of thousands of rows). */
function lookup<T extends string>(values: readonly T[], aliases: Readonly<Record<string, T>>): Map<string, T> {
  return new Map<string, T>([...values.map((v) => [v.toLowerCase(), v] as [string, T]), ...(Object.entries(aliases) as [string, T][])]);
}
const GENDER_OF = lookup(GENDERS, VALUE_ALIASES.gender);
const SENTENCE_OF = lookup(SENTENCE_TYPES, VALUE_ALIASES.sentenceType);
const ROSH_OF = lookup(ROSH_LEVELS, VALUE_ALIASES.roshLevel);

const ALL_COLUMNS = Object.keys(CASELOAD_HEADINGS) as CaseloadColumn[];
const HEADING_OF = new Map<string, CaseloadColumn>(ALL_COLUMNS.flatMap((c) => CASELOAD_HEADINGS[c].map((h) => [h, c] as const)));
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** An ISO date (2019-06-03) or a British one (03/06/2019, 3/6/2019) as YYYY-MM-DD; null if neither or not a real day. */
export function parseDay(text: string): string | null {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  if (m < 1 || m > 12 || d < 1) return null;
  const days = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The same day `months` earlier, clamped to the month's last day (31 May minus 3 months is 28 or 29 February). */
export function monthsBefore(iso: string, months: number): string {
  const [y0, m0, d0] = iso.split('-').map(Number) as [number, number, number];
  const total = y0 * 12 + (m0 - 1) - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const days = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d0, days)).padStart(2, '0')}`;
}

/**
 * Reads a caseload extract. Nothing is kept unless every row reads: like the sample CSV, the caller
 * proceeds only when errors is empty, and each error names its line and column.
 */
export function readCaseloadCsv(text: string): CaseloadResult {
  const read = readCsvTable(text);
  if (!read.ok) return { rows: [], errors: [{ line: read.line, message: read.message }], columns: [] };
  const { header, body } = read;
  const index = new Map<CaseloadColumn, number>();
  const unknown: string[] = [];
  header.fields.forEach((h, i) => {
    const col = HEADING_OF.get(norm(h));
    if (col && !index.has(col)) index.set(col, i);
    else if (h.trim() !== '') unknown.push(h);
  });
  const errors: SampleRowError[] = [];
  const missing = CASELOAD_REQUIRED.filter(([c]) => !index.has(c)).map(([, h]) => h);
  if (missing.length > 0)
    errors.push({ line: header.line, message: `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}; a caseload extract needs ${CASELOAD_REQUIRED.map(([, h]) => h).join(', ')}` });
  if (unknown.length > 0) errors.push({ line: header.line, message: `unrecognised column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; the columns are: ${CASELOAD_COLUMNS.join(', ')}` });
  if (errors.length > 0) return { rows: [], errors, columns: header.fields };
  if (body.length === 0) return { rows: [], errors: [{ line: header.line, message: 'the file has a heading row but no cases' }], columns: header.fields };

  const at = (c: CaseloadColumn) => index.get(c) ?? -1;
  const iCrn = at('crn');
  const iName = at('name');
  const iStart = at('startDate');
  const iGender = at('gender');
  const iSentence = at('sentenceType');
  const iRosh = at('roshLevel');
  const iOffice = at('office');
  const texts = ([['ethnicity', 'ethnicity', 100], ['ageBand', 'age band', 40]] as const).map(([c, label, max]) => [c, label, max, at(c)] as const);
  const flags = ([['domesticAbuse', 'domestic abuse concern'], ['childSafeguarding', 'child safeguarding concern'], ['releasedFromCustody', 'released from custody']] as const).map(
    ([c, label]) => [c, label, at(c)] as const,
  );
  const width = header.fields.length;
  const seen = new Map<string, number>();
  const rows: CaseloadRow[] = [];
  for (const r of body) {
    const f = r.fields;
    const before = errors.length;
    const line = r.line;
    if (f.length > width) errors.push({ line, column: '', message: `has ${f.length} fields but the heading row has ${width}` });

    const crn = (f[iCrn] ?? '').trim();
    if (!crn) errors.push({ line, column: 'CRN', message: 'missing' });
    else if (crn.length > 64) errors.push({ line, column: 'CRN', message: 'longer than 64 characters' });
    else {
      const other = seen.get(crn);
      if (other !== undefined) errors.push({ line, column: 'CRN', message: `"${crn}" is also on line ${other}` });
      else seen.set(crn, line);
    }
    const name = (f[iName] ?? '').trim();
    if (name.length > 200) errors.push({ line, column: 'name', message: 'longer than 200 characters' });

    const startText = (f[iStart] ?? '').trim();
    const startDate = startText ? parseDay(startText) : null;
    if (!startText) errors.push({ line, column: 'start date', message: 'missing' });
    else if (!startDate) errors.push({ line, column: 'start date', message: `"${startText}" is not a date: write 2019-06-03 or 03/06/2019` });

    const attributes: CaseAttributes = {};
    const gender = (f[iGender] ?? '').trim();
    if (gender) {
      const v = GENDER_OF.get(gender.toLowerCase());
      if (v) attributes.gender = v;
      else errors.push({ line, column: 'gender', message: `"${gender}" should be one of: ${GENDERS.join(', ')}` });
    }
    const sentence = (f[iSentence] ?? '').trim();
    if (sentence) {
      const v = SENTENCE_OF.get(sentence.toLowerCase());
      if (v) attributes.sentenceType = v;
      else errors.push({ line, column: 'sentence type', message: `"${sentence}" should be one of: ${SENTENCE_TYPES.join(', ')}` });
    }
    const rosh = (f[iRosh] ?? '').trim();
    if (rosh) {
      const v = ROSH_OF.get(rosh.toLowerCase());
      if (v) attributes.roshLevel = v;
      else errors.push({ line, column: 'risk of serious harm level', message: `"${rosh}" should be one of: ${ROSH_LEVELS.join(', ')}` });
    }
    const office = (f[iOffice] ?? '').trim();
    if (office.length > 200) errors.push({ line, column: 'office or cluster', message: 'longer than 200 characters' });
    else if (office) attributes.office = office;
    for (let k = 0; k < texts.length; k++) {
      const [c, label, max, i] = texts[k]!;
      const v = i < 0 ? '' : (f[i] ?? '').trim();
      if (v.length > max) errors.push({ line, column: label, message: `longer than ${max} characters` });
      else if (v) attributes[c] = v;
    }
    for (let k = 0; k < flags.length; k++) {
      const [c, label, i] = flags[k]!;
      const raw = i < 0 ? '' : (f[i] ?? '').trim();
      if (raw === '') continue;
      const v = raw.toLowerCase();
      if (TRUE.has(v)) attributes[c] = true;
      else if (FALSE.has(v)) attributes[c] = false;
      else errors.push({ line, column: label, message: `"${raw}" should be yes or no` });
    }
    if (errors.length === before) rows.push({ line, crn, name, startDate: startDate!, attributes });
  }
  return { rows, errors, columns: header.fields };
}

/** Attributes a caseload carries, so the ones a sample can be stratified on or excluded by. */
export const CASELOAD_ATTRIBUTES = [...CASELOAD_REQUIRED, ...CASELOAD_OPTIONAL].filter(([c]) => c !== 'crn' && c !== 'name' && c !== 'startDate') as [CaseAttributeKey, string][];

/** The caseload column heading of an attribute ("risk of serious harm level" for roshLevel). */
export function caseloadHeading(key: CaseAttributeKey): string {
  return CASELOAD_ATTRIBUTES.find(([c]) => c === key)?.[1] ?? key;
}

/** The attribute a heading names, in any of the spellings the import accepts; undefined if none. */
export function attributeOfHeading(heading: string): CaseAttributeKey | undefined {
  const c = HEADING_OF.get(norm(heading));
  return CASELOAD_ATTRIBUTES.find(([k]) => k === c)?.[0];
}
