import { RATINGS, allStandards, type ReportInput } from '../../core';

/** Personal identifiers that must never appear in any output. */
export interface PersonalData {
  crns: string[];
  names: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '\u00ad', rsquo: '’', lsquo: '‘', ldquo: '“', rdquo: '”', ndash: '–', mdash: '—', hellip: '…' };

/** HTML and XML character references, decoded (numeric ones too): "Tom &amp; Jerry" is "Tom & Jerry". */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Text as a reader sees it, from HTML, Word XML or PDF text: markup stripped (Word's runs joined, block
 * ends made line breaks), entities decoded, Unicode NFKC with accents folded, default-ignorable
 * characters (soft hyphen, zero-width space and joiners, bidi controls) dropped, curly apostrophes and
 * dashes made plain, a word hyphenated across a line break joined, and white space collapsed.
 * Case is kept: some rules need it.
 */
export function readerText(raw: string): string {
  return decodeEntities(
    raw
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<\/(w:p|p|div|li|h[1-6]|td|th|tr|table|caption|figcaption|title)>|<(w:br|w:tab|br)\b[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/[\u2018\u2019\u201b\u2032\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u2010-\u2015\u2212\ufe63\uff0d]/g, '-')
    .replace(/(\p{L})-[ \t]*\r?\n\s*(\p{L})/gu, '$1$2')
    .replace(/\s+/g, ' ');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const L = '[\\p{L}\\p{N}]';
const word = (pattern: string, flags = 'iu') => new RegExp(`(?<!${L})${pattern}(?!${L})`, flags);
const TITLES = '(?:mr|mrs|ms|miss|mx|dr|sir|lady|lord|master)\\.?';

function parts(name: string): string[] {
  return readerText(name)
    .trim()
    .split(/[\s]+/)
    .filter(Boolean);
}

interface NamePatterns {
  name: string;
  /** Full name, first-and-last, reversed with a comma, title + surname, initial(s) + surname: anywhere. */
  anywhere: RegExp[];
  /** A capitalised bare surname not at a sentence start: in the inspectors' own text only. */
  bare: RegExp | null;
}

function namePatterns(name: string): NamePatterns | null {
  const p = parts(name);
  if (p.length === 0) return null;
  const esc = p.map(escapeRegExp);
  const sp = '[\\s]+';
  const anywhere = [word(esc.join(sp))];
  if (p.length >= 2) {
    const first = esc[0]!;
    const last = esc.at(-1)!;
    const initials = p.slice(0, -1).map((g) => `${escapeRegExp(g[0]!)}\\.?`);
    anywhere.push(
      word(`${first}${sp}${last}`),
      word(`${last},${sp}?${first}`),
      word(`${TITLES}${sp}${last}`),
      word(`${initials.join('\\s*')}${sp}${last}`, 'u'),
      word(`${escapeRegExp(p[0]![0]!)}\\.?${sp}${last}`, 'u'),
    );
    // A surname of one letter, or one that is a rating ("Good"), reads as a name only beside a title,
    // an initial or the first name: the rules above.
    const isRating = (RATINGS as readonly string[]).some((r) => r.toLowerCase() === p.at(-1)!.toLowerCase());
    // Not where a sentence (or the text, or a list item) starts: there every word is capitalised.
    const bare = p.at(-1)!.length >= 2 && !isRating ? new RegExp(`(?<!(?:^|[.!?…:;•]["')\\]]*)\\s*)(?<!${L})${capitalised(p.at(-1)!)}(?!${L})`, 'u') : null;
    return { name, anywhere, bare };
  }
  return { name, anywhere, bare: null };
}

/** The surname as written capitalised ("Brennan", "O'Neil", "McDonald"), exactly. */
function capitalised(surname: string): string {
  return escapeRegExp(surname[0]!.toUpperCase() + surname.slice(1));
}

/** A CRN's characters in order, ignoring separators between them (space, hyphen, dot, slash) and letters glued before it. */
function crnPattern(crn: string): RegExp | null {
  const chars = [...readerText(crn).replace(/[^\p{L}\p{N}]/gu, '')];
  if (chars.length < 3) return null;
  return new RegExp(`${chars.map(escapeRegExp).join('[\\s\\-./_]{0,2}')}(?![\\p{N}])`, 'iu');
}

export interface Finding {
  /** What was found, in words that do not repeat it: "CRN 3 of the sample", "name of case CS-04". */
  identifier: string;
  kind: 'crn' | 'name';
}

/**
 * The last check before a file is written: every CRN and name in the inspection is searched for in the
 * output's text as a reader would see it. Full names (also first-and-last, reversed with a comma, with a
 * title or initials) and CRNs (whatever separates their characters) are searched everywhere.
 * Returned as `CRN …` / `name …` strings, which only the app shows, never the output.
 */
export function findPersonalData(outputText: string, personal: PersonalData, options: { bareSurnames?: boolean } = {}): string[] {
  const text = readerText(outputText);
  const { crns, names } = compiled(personal);
  // Quick necessary conditions first (every name pattern has the surname as a whole word; every CRN
  // pattern, its characters once separators are gone), so the patterns run only where one could match.
  const folded = fold(text);
  const words = new Set(folded.split(NOT_WORD));
  const compact = folded.replace(CRN_SEPARATORS, '');
  const found: string[] = [];
  for (const c of crns) if (compact.includes(c.chars) && (c.re ??= crnPattern(c.crn))?.test(text)) found.push(`CRN ${c.crn}`);
  for (const n of names) {
    if (!n.surname.every((w) => words.has(w))) continue;
    const pats = (n.pats ??= namePatterns(n.name));
    if (pats && (pats.anywhere.some((re) => re.test(text)) || (options.bareSurnames && pats.bare?.test(text)))) found.push(`name ${n.name}`);
  }
  return [...new Set(found)];
}

/** Case folded for the quick checks (upper then lower: ς and σ, ſ and s, K and k fold together). */
const fold = (s: string) => s.toUpperCase().toLowerCase();
const NOT_WORD = /[^\p{L}\p{N}]+/u;
const CRN_SEPARATORS = /[\s\-./_]/g;

interface Compiled {
  /** The patterns are built when first needed: most people's surname appears nowhere in a report. */
  crns: { crn: string; re?: RegExp | null; chars: string }[];
  names: { name: string; pats?: NamePatterns | null; surname: string[] }[];
}

/** Each person's patterns, built at most once per report (the inspectors' fields are checked one by one). */
const compiledCache = new WeakMap<PersonalData, Compiled>();
function compiled(personal: PersonalData): Compiled {
  let c = compiledCache.get(personal);
  if (c) return c;
  c = { crns: [], names: [] };
  for (const crn of personal.crns) {
    const chars = fold(readerText(crn).replace(/[^\p{L}\p{N}]/gu, ''));
    if ([...chars].length >= 3) c.crns.push({ crn, chars });
  }
  for (const name of personal.names) {
    const last = parts(name).at(-1);
    if (last) c.names.push({ name, surname: fold(last).split(NOT_WORD).filter(Boolean) });
  }
  compiledCache.set(personal, c);
  return c;
}

/** Where in the inspectors' own text an identifier is: the section and field to fix. */
export interface Location {
  section: string;
  field: string;
  found: string[];
}

/**
 * Every piece of text the inspectors wrote into the report, with the section and field it appears
 * under, checked with the stricter rule too: a bare surname capitalised where no sentence starts.
 */
export function locatePersonalData(input: ReportInput, personal: PersonalData): Location[] {
  const fields: [string, string, string][] = [];
  input.recommendations.forEach((r, i) => {
    const rec = typeof r === 'string' ? { text: r } : r;
    fields.push(['Recommendations', `recommendation ${i + 1}`, rec.text]);
    if (rec.addressee) fields.push(['Recommendations', `recommendation ${i + 1}, addressee`, rec.addressee]);
  });
  for (const [key, t] of Object.entries(input.text ?? {})) fields.push(['Report text', key, t ?? '']);
  for (const [id, narrative] of Object.entries(input.standardNarrative ?? {}))
    for (const [key, t] of Object.entries(narrative)) fields.push([`Standard ${id}`, key, t ?? '']);
  for (const [id, t] of Object.entries(input.judgementNotes ?? {})) fields.push(['Domain 1', `evidence for ${id}`, t]);
  const standards = new Map<string, string>();
  for (const s of allStandards(input.framework)) standards.set(s.id, s.name);
  for (const [id, t] of Object.entries(input.standardText)) {
    const section = `Standard ${id}${standards.get(id) ? ` ${standards.get(id)}` : ''}`;
    fields.push([section, 'strengths', t.strengths], [section, 'areas for improvement', t.improvements]);
  }
  (input.previousRecommendations ?? []).forEach((r, i) => {
    fields.push(['Progress on previous recommendations', `recommendation ${i + 1}`, r.text], ['Progress on previous recommendations', `recommendation ${i + 1}, note`, r.note]);
  });
  fields.push(['Cover', 'provider name', input.provider.name], ['Cover', 'provider owner', input.provider.owner], ['Cover', 'region', input.provider.region]);
  const out: Location[] = [];
  for (const [section, field, text] of fields) {
    const found = findPersonalData(text ?? '', personal, { bareSurnames: true });
    if (found.length > 0) out.push({ section, field, found });
  }
  return out;
}

export class PersonalDataError extends Error {
  constructor(
    readonly found: string[],
    readonly locations: Location[] = [],
  ) {
    const where = locations.length > 0 ? ` Fix: ${locations.map((l) => `${l.section}, ${l.field}`).join('; ')}.` : ' It was found in the generated text, not in a field the inspectors wrote: report this to the helpdesk.';
    super(
      `The report was not written: it would contain personal data (${found.length} ${found.length === 1 ? 'identifier' : 'identifiers'}: a name or CRN of someone in the sample).${where} Remove CRNs and names (including surnames, initials and CRNs written with spaces) and try again.`,
    );
  }
}

/** Checks the inspectors' fields and the output text together; throws naming the fields to fix. */
export function checkReport(outputText: string, input: ReportInput, personal: PersonalData): void {
  const locations = locatePersonalData(input, personal);
  const found = new Set([...findPersonalData(outputText, personal), ...locations.flatMap((l) => l.found)]);
  if (found.size > 0) throw new PersonalDataError([...found], locations);
}
