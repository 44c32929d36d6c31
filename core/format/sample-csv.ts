import { GENDERS, ROSH_LEVELS, SENTENCE_TYPES, type CaseAttributes } from '../domain/case-attributes';
import type { Framework } from '../frameworks/schema';
import { readCsvTable } from './csv';
import { MAX_CASES_PER_INSPECTION } from '../domain/limits';

/** A case as read from a sample CSV, ready to store. */
export interface SampleRow {
  line: number;
  ref: string;
  crn: string;
  name: string;
  sample: string;
  assignedInspector: string;
  attributes: CaseAttributes;
}

export interface SampleRowError {
  /** File line (1-based); 0 for the file as a whole. */
  line: number;
  column?: string;
  message: string;
}

export interface SampleCsvResult {
  rows: SampleRow[];
  errors: SampleRowError[];
  /** Recognised column headings, in file order. */
  columns: string[];
}

export type Column =
  | 'sample'
  | 'ref'
  | 'crn'
  | 'name'
  | 'gender'
  | 'ethnicity'
  | 'ageBand'
  | 'sentenceType'
  | 'roshLevel'
  | 'office'
  | 'domesticAbuse'
  | 'childSafeguarding'
  | 'releasedFromCustody'
  | 'reviewDue'
  | 'identifiableVictim'
  | 'assignedInspector';

/** Heading spellings accepted for each column, after lower-casing and removing everything but letters and digits. */
export const HEADINGS: Record<Column, string[]> = {
  sample: ['sample', 'sampletype'],
  ref: ['sampleref', 'samplereference', 'ref', 'reference'],
  crn: ['crn', 'caseref', 'casereferencenumber'],
  name: ['name', 'fullname'],
  gender: ['gender', 'sex'],
  ethnicity: ['ethnicity'],
  ageBand: ['ageband', 'age'],
  sentenceType: ['sentencetype', 'sentence'],
  roshLevel: ['riskofseriousharmlevel', 'riskofseriousharm', 'roshlevel', 'rosh'],
  office: ['officeorcluster', 'office', 'cluster'],
  domesticAbuse: ['domesticabuseconcern', 'domesticabuse', 'domesticabuseconcerns'],
  childSafeguarding: ['childsafeguardingconcern', 'childsafeguarding', 'childsafeguardingconcerns'],
  releasedFromCustody: ['releasedfromcustody', 'custody'],
  reviewDue: ['reviewdue'],
  identifiableVictim: ['identifiablevictim', 'victim'],
  assignedInspector: ['assignedinspector', 'inspector', 'assignedto'],
};

/** Short forms accepted for enumerated values (the caseload import reads the same). */
export const VALUE_ALIASES = {
  gender: { m: 'male', f: 'female' },
  // As case management systems and people write them: "Suspended Sentence Order" is the order's full name.
  sentenceType: {
    co: 'community order',
    sso: 'suspended sentence',
    'suspended sentence order': 'suspended sentence',
    'post sentence supervision': 'post-sentence supervision',
    pss: 'post-sentence supervision',
    license: 'licence',
  },
  roshLevel: { vh: 'very high' },
} as const satisfies Record<string, Record<string, string>>;

export const SAMPLE_CSV_COLUMNS: readonly string[] = [
  'sample',
  'sample ref',
  'CRN',
  'name',
  'gender',
  'ethnicity',
  'age band',
  'sentence type',
  'risk of serious harm level',
  'office or cluster',
  'domestic abuse concern',
  'child safeguarding concern',
  'released from custody',
  'review due',
  'assigned inspector',
];

export const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
export const TRUE = new Set(['yes', 'y', 'true', '1']);
export const FALSE = new Set(['no', 'n', 'false', '0']);

export function choose<T extends string>(value: string, allowed: readonly T[], aliases: Record<string, T> = {}): T | undefined {
  const v = value.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === v) ?? aliases[v];
}

/** Reads a sample CSV against a framework. Nothing is written: the caller stores rows only when errors is empty. */
export function readSampleCsv(text: string, f: Framework, existingRefs: ReadonlySet<string> = new Set()): SampleCsvResult {
  const read = readCsvTable(text);
  if (!read.ok) return { rows: [], errors: [{ line: read.line, message: read.message }], columns: [] };
  const { header, body } = read;
  const index = new Map<Column, number>();
  const unknown: string[] = [];
  header.fields.forEach((h, i) => {
    const col = (Object.keys(HEADINGS) as Column[]).find((c) => HEADINGS[c].includes(norm(h)));
    if (col && !index.has(col)) index.set(col, i);
    else if (h.trim() !== '') unknown.push(h);
  });
  const errors: SampleRowError[] = [];
  if (!index.has('ref'))
    errors.push({ line: header.line, column: 'sample ref', message: `no "sample ref" column; the columns are: ${SAMPLE_CSV_COLUMNS.join(', ')}` });
  if (unknown.length > 0) errors.push({ line: header.line, message: `unrecognised column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` });
  if (errors.length > 0) return { rows: [], errors, columns: [] };
  if (body.length === 0) return { rows: [], errors: [{ line: header.line, message: 'the file has a heading row but no cases' }], columns: [] };
  // Refused before any row is checked: a whole caseload (tens of thousands of rows) is not a sample.
  if (body.length > MAX_CASES_PER_INSPECTION)
    return {
      rows: [],
      errors: [
        {
          line: header.line,
          message: `the file has ${body.length.toLocaleString('en-GB')} cases; an inspection holds at most ${MAX_CASES_PER_INSPECTION.toLocaleString('en-GB')}. Check this is the sample, not the whole caseload.`,
        },
      ],
      columns: [],
    };

  const defaultSample = f.samples.find((s) => s.id === 'case-supervision')?.id ?? (f.samples.length === 1 ? f.samples[0]!.id : undefined);
  const seen = new Map<string, number>();
  const rows: SampleRow[] = [];
  for (const r of body) {
    const get = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : (r.fields[i] ?? '').trim();
    };
    const bad = (column: string, message: string) => errors.push({ line: r.line, column, message });
    const before = errors.length;
    if (r.fields.length > header.fields.length) bad('', `has ${r.fields.length} fields but the heading row has ${header.fields.length}`);

    const ref = get('ref');
    if (!ref) bad('sample ref', 'missing');
    else if (ref.length > 64) bad('sample ref', 'longer than 64 characters');
    else if (seen.has(ref)) bad('sample ref', `"${ref}" is also on line ${seen.get(ref)}`);
    else if (existingRefs.has(ref)) bad('sample ref', `"${ref}" is already in this inspection`);
    if (ref) seen.set(ref, seen.get(ref) ?? r.line);

    const sampleText = get('sample');
    let sample = defaultSample;
    if (sampleText) {
      sample = f.samples.find((s) => norm(s.id) === norm(sampleText) || norm(s.name) === norm(sampleText))?.id;
      if (!sample) bad('sample', `"${sampleText}" is not a sample of ${f.id} (${f.samples.map((s) => s.name).join(', ')})`);
    } else if (!sample) bad('sample', `required: ${f.samples.map((s) => s.name).join(', ')}`);

    const attributes: CaseAttributes = {};
    const flag = (c: Column & keyof CaseAttributes, label: string) => {
      const v = get(c).toLowerCase();
      if (v === '') return;
      if (TRUE.has(v)) (attributes as Record<string, unknown>)[c] = true;
      else if (FALSE.has(v)) (attributes as Record<string, unknown>)[c] = false;
      else bad(label, `"${get(c)}" should be yes or no`);
    };
    const pick = <T extends string>(c: 'gender' | 'sentenceType' | 'roshLevel', label: string, allowed: readonly T[], aliases?: Record<string, T>) => {
      const v = get(c);
      if (v === '') return;
      const chosen = choose(v, allowed, aliases);
      if (chosen) (attributes as Record<string, unknown>)[c] = chosen;
      else bad(label, `"${v}" should be one of: ${allowed.join(', ')}`);
    };
    pick('gender', 'gender', GENDERS, VALUE_ALIASES.gender);
    pick('sentenceType', 'sentence type', SENTENCE_TYPES, VALUE_ALIASES.sentenceType);
    pick('roshLevel', 'risk of serious harm level', ROSH_LEVELS, VALUE_ALIASES.roshLevel);
    for (const [c, label, max] of [['ethnicity', 'ethnicity', 100], ['ageBand', 'age band', 40], ['office', 'office or cluster', 200]] as const) {
      const v = get(c);
      if (v.length > max) bad(label, `longer than ${max} characters`);
      else if (v) attributes[c] = v;
    }
    flag('domesticAbuse', 'domestic abuse concern');
    flag('childSafeguarding', 'child safeguarding concern');
    flag('releasedFromCustody', 'released from custody');
    flag('reviewDue', 'review due');
    flag('identifiableVictim', 'identifiable victim');
    const crn = get('crn');
    const name = get('name');
    const assignedInspector = get('assignedInspector');
    if (crn.length > 64) bad('CRN', 'longer than 64 characters');
    if (name.length > 200) bad('name', 'longer than 200 characters');
    if (assignedInspector.length > 200) bad('assigned inspector', 'longer than 200 characters');
    if (errors.length === before) rows.push({ line: r.line, ref, crn, name, sample: sample!, assignedInspector, attributes });
  }
  return { rows, errors, columns: header.fields };
}
