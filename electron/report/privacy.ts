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
export function findPersonalData(outputText: string, personal: PersonalData, options: { bareSurnames?: boolean; /** Run every name's patterns on a long text too (the tests compare the two). */ exhaustive?: boolean } = {}): string[] {
  const text = readerText(outputText);
  const { crns, names } = compiled(personal);
  // Quick necessary conditions first (every name pattern has the surname as a whole word; every CRN
  // pattern, its characters once separators are gone), so the patterns run only where one could match.
  const folded = fold(text);
  const words = new Set(folded.split(NOT_WORD));
  const compact = folded.replace(CRN_SEPARATORS, '');
  const found: string[] = [];
  for (const c of crns) if (compact.includes(c.chars) && (c.re ??= crnPattern(c.crn))?.test(text)) found.push(`CRN ${c.crn}`);
  // In a long text (a whole report), a name's patterns run only if its surname stands where one of them
  // could match (see mayHoldName): compiling a person's patterns costs more than searching with them.
  const index = text.length > LONG_TEXT && !options.bareSurnames && !options.exhaustive ? wordIndex(text, folded) : null;
  for (const n of names) {
    if (!n.surname.every((w) => words.has(w))) continue;
    if (index && !mayHoldName(index, n)) continue;
    const pats = (n.pats ??= namePatterns(n.name));
    if (pats && (pats.anywhere.some((re) => re.test(text)) || (options.bareSurnames && pats.bare?.test(text)))) found.push(`name ${n.name}`);
  }
  return [...new Set(found)];
}

const LONG_TEXT = 4096;

/**
 * A word compared as the patterns compare it (case-insensitively): folded as the quick check folds,
 * character by character where that would change its length (ß stays ß), final sigma as sigma.
 */
function canon(w: string): string {
  const f = fold(w);
  const same = f.length === w.length ? f : [...w].map((c) => (fold(c).length === c.length ? fold(c) : c.toLowerCase())).join('');
  return same.replace(/ς/g, 'σ');
}
const initialOf = (w: string) => canon(String.fromCodePoint(w.codePointAt(0)!));
const WORD = /[\p{L}\p{N}]+/gu;
const TITLE_WORDS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sir', 'lady', 'lord', 'master']);

interface WordIndex {
  /** The text's words (runs of letters and digits) in order, compared form. */
  words: string[];
  /** Where each compared form stands, by word number. */
  at: Map<string, number[]>;
}

function wordIndex(text: string, folded: string): WordIndex {
  // The folded text is the text's words, compared form, wherever folding kept every character's length.
  const words = folded.length === text.length ? folded.replace(/ς/g, 'σ').split(NOT_WORD) : Array.from(text.matchAll(WORD), (m) => canon(m[0]));
  const at = new Map<string, number[]>();
  words.forEach((w, i) => {
    const list = at.get(w);
    if (list) list.push(i);
    else at.set(w, [i]);
  });
  return { words, at };
}

interface NameContext {
  /** The surname's words, compared form. */
  surname: string[];
  /** The words of the other parts of the name (first and middle names), compared form. */
  others: Set<string>;
  /** The other parts' initials (their first characters), compared form, and how many there are. */
  initials: Set<string>;
  count: number;
}

/** What must stand beside the surname for one of the name's patterns to match; null when that cannot be said (then its patterns always run). */
function nameContext(name: string): NameContext | null {
  const p = parts(name);
  if (p.length < 2) return null;
  // An initial is a part's first character: a letter or digit (so a word of the text) of one UTF-16 unit, as the pattern takes it.
  if (p.some((part) => !/^[\p{L}\p{N}]/u.test(part) || part.codePointAt(0)! > 0xffff)) return null;
  const surname = (p.at(-1)!.match(WORD) ?? []).map(canon);
  if (surname.length === 0) return null;
  const rest = p.slice(0, -1);
  return { surname, others: new Set(rest.flatMap((part) => (part.match(WORD) ?? []).map(canon))), initials: new Set(rest.map(initialOf)), count: rest.length };
}

/**
 * Whether a long text could hold the name by one of its "anywhere" patterns, decided from the text's
 * words without compiling them (a person's patterns cost more to compile than to run). Each such match
 * holds the surname, its words standing whole, and, just before it, a word of another part of the name
 * (full name, first and last), a title, or the initials (one word of at most as many letters as there
 * are other parts, starting with one of their initials); or, just after it (reversed, with a comma), the
 * first name. Looked for one word further each side than that, to be safe.
 */
function mayHoldName(index: WordIndex, n: { name: string; context?: NameContext | null }): boolean {
  if (n.context === undefined) n.context = nameContext(n.name);
  const c = n.context;
  if (!c) return true;
  const before = (i: number) => {
    const w = index.words[i];
    return !!w && (c.others.has(w) || TITLE_WORDS.has(w) || ([...w].length <= c.count && c.initials.has(initialOf(w))));
  };
  const after = (i: number) => {
    const w = index.words[i];
    return !!w && c.others.has(w);
  };
  for (const i of index.at.get(c.surname[0]!) ?? []) {
    if (!c.surname.every((w, k) => index.words[i + k] === w)) continue;
    const next = i + c.surname.length;
    if (before(i - 1) || before(i - 2) || after(next) || after(next + 1)) return true;
  }
  return false;
}

/** Case folded for the quick checks (upper then lower: ς and σ, ſ and s, K and k fold together). */
const fold = (s: string) => s.toUpperCase().toLowerCase();
const NOT_WORD = /[^\p{L}\p{N}]+/u;
const CRN_SEPARATORS = /[\s\-./_]/g;

interface Compiled {
  /** The patterns are built when first needed: most people's surname appears nowhere in a report. */
  crns: { crn: string; re?: RegExp | null; chars: string }[];
  names: { name: string; pats?: NamePatterns | null; surname: string[]; context?: NameContext | null }[];
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
  // The same report is checked twice when printed (its HTML, then the PDF's text): its fields once.
  let byPersonal = located.get(input);
  if (!byPersonal) located.set(input, (byPersonal = new WeakMap()));
  let out = byPersonal.get(personal);
  if (!out) byPersonal.set(personal, (out = locateIn(input, personal)));
  return out;
}

const located = new WeakMap<ReportInput, WeakMap<PersonalData, Location[]>>();

function locateIn(input: ReportInput, personal: PersonalData): Location[] {
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
