import { attributeLabel, type CaseAttributeKey, type CaseAttributes } from '../domain/case-attributes';
import type { CaseloadRow } from './caseload';
import { allocate } from './allocate';
import { fnv1a, shuffled } from './random';
import { sampleSize, type SampleSize } from './size';

/** Excludes every eligible case whose attribute has this value (e.g. sentence type "post-sentence supervision"). */
export interface ExclusionRule {
  attribute: CaseAttributeKey;
  value: string;
}

export interface SampleSettings {
  confidence: number;
  margin: number;
  /** Sentence or licence start dates to include, YYYY-MM-DD, both ends inclusive; null takes every date. */
  window: { start: string; end: string } | null;
  exclusions: ExclusionRule[];
  /** The attributes stratified on, in order. */
  strata: CaseAttributeKey[];
  /** A size chosen by the lead in place of the formula's; capped at the eligible cases. */
  size: number | null;
  seed: number;
}

/** The lead's decision that a sampled case cannot be inspected, in the order made. */
export interface Elimination {
  crn: string;
  reason: string;
}

export interface Stratum {
  /** The stratum's value of each stratum attribute. */
  key: Partial<Record<CaseAttributeKey, string>>;
  label: string;
  population: number;
  /** The exact proportional share n·P/N. */
  exact: number;
  /** Cases allocated (and in the sample after replacements). */
  sample: number;
}

export interface DrawnCase {
  ref: string;
  crn: string;
  name: string;
  startDate: string;
  attributes: CaseAttributes;
  stratum: number;
  status: 'sampled' | 'eliminated';
  /** Why the case was eliminated. */
  reason?: string;
  /** The ref of the eliminated case this one replaces. */
  replaces?: string;
  assignedInspector: string;
}

export interface EliminationRecord {
  ref: string;
  crn: string;
  reason: string;
  /** Null when the stratum had no case left to replace it with. */
  replacementRef: string | null;
  replacementCrn: string | null;
}

export interface BalanceRow {
  attribute: CaseAttributeKey;
  label: string;
  value: string;
  population: number;
  populationShare: number;
  sample: number;
  sampleShare: number;
  /** Sample share minus population share, in percentage points. */
  gap: number;
  /** The largest gap in the whole table. */
  largest: boolean;
}

export interface SampleDraw {
  caseload: number;
  eligible: number;
  /** Each excluded case with its reason (outside the window, or an exclusion rule). */
  excluded: { crn: string; reason: string }[];
  /** How many cases each reason excluded, in the order the reasons are checked. */
  exclusionCounts: { reason: string; count: number }[];
  size: SampleSize;
  /** The size used: the formula's, or the lead's, capped at the eligible cases. */
  n: number;
  strata: Stratum[];
  /** Every case drawn, in ref order: the sample, then replacements; eliminated cases stay listed. */
  cases: DrawnCase[];
  eliminations: EliminationRecord[];
  balance: BalanceRow[];
}

export class SamplingError extends Error {}

const NOT_RECORDED = 'not recorded';

/** The text a stratum, a balance row or an exclusion rule uses for an attribute's value. */
export function attributeValue(a: CaseAttributes, key: CaseAttributeKey): string {
  const v = a[key];
  if (v === undefined || v === '') return NOT_RECORDED;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

/** 2019-06-03 as 03/06/2019: every date an inspector reads is British, whatever the machine's locale. */
export function britishDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

// Code-point order, never the locale's: the same caseload must sort the same on every machine.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** "CS" for Case supervision, "UW" for Unpaid work: the prefix of the refs a draw gives. */
export function refPrefix(sampleName: string): string {
  return (
    sampleName
      .split(/[^A-Za-z]+/)
      .filter((w) => w.length > 0 && !['the', 'and', 'of'].includes(w.toLowerCase()))
      .map((w) => w[0]!.toUpperCase())
      .join('') || 'S'
  );
}

export function exclusionLabel(rule: ExclusionRule): string {
  return `${attributeLabel(rule.attribute).toLowerCase()} is ${rule.value}`;
}

/**
 * Draws a stratified sample. Pure and deterministic: the same caseload (in any row order), settings,
 * seed and eliminations give the same sample. Each stratum's cases are put in CRN order and shuffled
 * by a stream seeded from the seed and the stratum, the first cases of the shuffle are its sample and
 * replacements are taken from the same shuffle, next in line.
 */
export function drawSample(rows: readonly CaseloadRow[], settings: SampleSettings, options: { refPrefix: string; inspectors?: readonly string[]; eliminations?: readonly Elimination[] }): SampleDraw {
  const { window, exclusions, strata: keys } = settings;
  if (!Number.isSafeInteger(settings.seed) || settings.seed < 0) throw new SamplingError('the seed must be a whole number, 0 or more');
  if (keys.length === 0) throw new SamplingError('choose at least one stratum variable');
  if (window && window.end < window.start) throw new SamplingError('the eligibility window ends before it starts');

  const before = window ? `started before ${britishDate(window.start)}` : '';
  const after = window ? `started after ${britishDate(window.end)}` : '';
  const counts = new Map<string, number>([...(window ? [before, after] : []), ...exclusions.map(exclusionLabel)].map((r) => [r, 0]));
  const excluded: SampleDraw['excluded'] = [];
  const eligible: CaseloadRow[] = [];
  for (const r of rows) {
    let reason: string | null = null;
    if (window && r.startDate < window.start) reason = before;
    else if (window && r.startDate > window.end) reason = after;
    else {
      const rule = exclusions.find((e) => attributeValue(r.attributes, e.attribute) === e.value);
      if (rule) reason = exclusionLabel(rule);
    }
    if (reason === null) eligible.push(r);
    else {
      excluded.push({ crn: r.crn, reason });
      counts.set(reason, counts.get(reason)! + 1);
    }
  }

  const size = sampleSize(eligible.length, settings.confidence, settings.margin);
  if (settings.size !== null && (!Number.isInteger(settings.size) || settings.size < 0)) throw new SamplingError('the sample size must be a whole number, 0 or more');
  const n = settings.size === null ? size.n : Math.min(settings.size, eligible.length);

  // Strata in a fixed order, each stratum's cases in CRN order before the seeded shuffle.
  const groups = new Map<string, CaseloadRow[]>();
  for (const r of eligible) {
    const k = JSON.stringify(keys.map((key) => attributeValue(r.attributes, key)));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  const ordered = [...groups.keys()].sort(byText);
  const queues = ordered.map((k) => shuffled(groups.get(k)!.sort((a, b) => byText(a.crn, b.crn)), fnv1a(`${settings.seed}|${k}`)));
  const populations = queues.map((q) => q.length);
  const shares = allocate(populations, n);
  const strata: Stratum[] = ordered.map((k, i) => {
    const values = JSON.parse(k) as string[];
    return {
      key: Object.fromEntries(keys.map((key, j) => [key, values[j]!])),
      label: values.join(' · '),
      population: populations[i]!,
      exact: eligible.length === 0 ? 0 : (n * populations[i]!) / eligible.length,
      sample: shares[i]!,
    };
  });

  const digits = Math.max(3, String(n + (options.eliminations?.length ?? 0)).length);
  let nextRef = 1;
  const ref = () => `${options.refPrefix}-${String(nextRef++).padStart(digits, '0')}`;
  const inspectors = (options.inspectors ?? []).map((s) => s.trim()).filter(Boolean);
  const cases: DrawnCase[] = [];
  queues.forEach((q, s) =>
    q.slice(0, shares[s]).forEach((r) => {
      // Round robin over strata in order: each inspector gets a like mix, and counts differ by at most one.
      const assignedInspector = inspectors.length > 0 ? inspectors[cases.length % inspectors.length]! : '';
      cases.push({ ref: ref(), crn: r.crn, name: r.name, startDate: r.startDate, attributes: r.attributes, stratum: s, status: 'sampled', assignedInspector });
    }),
  );

  const taken = [...shares];
  const eliminations: EliminationRecord[] = [];
  for (const e of options.eliminations ?? []) {
    const reason = e.reason.trim();
    if (!reason) throw new SamplingError(`give a reason for eliminating ${e.crn}`);
    const c = cases.find((x) => x.crn === e.crn && x.status === 'sampled');
    if (!c) throw new SamplingError(`${e.crn} is not in the sample`);
    c.status = 'eliminated';
    c.reason = reason;
    const next = queues[c.stratum]![taken[c.stratum]!];
    let replacement: DrawnCase | null = null;
    if (next) {
      taken[c.stratum]!++;
      replacement = { ref: ref(), crn: next.crn, name: next.name, startDate: next.startDate, attributes: next.attributes, stratum: c.stratum, status: 'sampled', replaces: c.ref, assignedInspector: c.assignedInspector };
      cases.push(replacement);
    } else strata[c.stratum]!.sample--;
    eliminations.push({ ref: c.ref, crn: c.crn, reason, replacementRef: replacement?.ref ?? null, replacementCrn: replacement?.crn ?? null });
  }

  return {
    caseload: rows.length,
    eligible: eligible.length,
    excluded,
    exclusionCounts: [...counts].map(([reason, count]) => ({ reason, count })),
    size,
    n,
    strata,
    cases,
    eliminations,
    balance: balanceTable(eligible, cases.filter((c) => c.status === 'sampled'), keys),
  };
}

/** For every stratum variable, each value's share of the eligible population and of the sample, side by side. */
export function balanceTable(population: readonly { attributes: CaseAttributes }[], sample: readonly { attributes: CaseAttributes }[], keys: readonly CaseAttributeKey[]): BalanceRow[] {
  const rows: BalanceRow[] = [];
  for (const key of keys) {
    const pop = new Map<string, number>();
    const smp = new Map<string, number>();
    for (const r of population) pop.set(attributeValue(r.attributes, key), (pop.get(attributeValue(r.attributes, key)) ?? 0) + 1);
    for (const r of sample) smp.set(attributeValue(r.attributes, key), (smp.get(attributeValue(r.attributes, key)) ?? 0) + 1);
    for (const value of [...new Set([...pop.keys(), ...smp.keys()])].sort(byText)) {
      const p = pop.get(value) ?? 0;
      const s = smp.get(value) ?? 0;
      const populationShare = population.length ? (p / population.length) * 100 : 0;
      const sampleShare = sample.length ? (s / sample.length) * 100 : 0;
      rows.push({ attribute: key, label: attributeLabel(key), value, population: p, populationShare, sample: s, sampleShare, gap: sampleShare - populationShare, largest: false });
    }
  }
  let largest: BalanceRow | undefined;
  for (const r of rows) if (!largest || Math.abs(r.gap) > Math.abs(largest.gap) + 1e-12) largest = r;
  if (largest && sample.length > 0) largest.largest = true;
  return rows;
}
