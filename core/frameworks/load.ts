import type { z } from 'zod';
import { formatIssues, type PathIssue } from '../format/issues';
import { frameworkSchema, reportRulesSchema, type Framework, type KeyQuestion, type Prompt, type ReportRules, type Standard } from './schema';
import reportDefaults from './data/report-defaults.json';
import crc2018 from './data/crc-2018.json';
import nps2018 from './data/nps-2018.json';
import pdu2021 from './data/pdu-2021.json';
import pdu2023 from './data/pdu-2023.json';

export type FrameworkLoadResult = { ok: true; framework: Framework } | { ok: false; issues: PathIssue[] };

/** Validates framework data from any source (shipped or supplied on disk). */
export function parseFramework(data: unknown): FrameworkLoadResult {
  const parsed = frameworkSchema.safeParse(data);
  if (parsed.success) return { ok: true, framework: parsed.data };
  return { ok: false, issues: formatIssues(parsed.error as z.ZodError) };
}

function mustParse(data: unknown): Framework {
  const r = parseFramework(data);
  if (!r.ok) throw new Error(`Shipped framework data is invalid: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return r.framework;
}

export const SHIPPED_FRAMEWORK_DATA: readonly unknown[] = [crc2018, nps2018, pdu2021, pdu2023];

let shipped: Map<string, Framework> | undefined;

/** Shipped frameworks, validated once on first use. */
export function shippedFrameworks(): ReadonlyMap<string, Framework> {
  if (!shipped) shipped = new Map(SHIPPED_FRAMEWORK_DATA.map((d) => mustParse(d)).map((f) => [f.id, f]));
  return shipped;
}

/** A registry of frameworks: the shipped ones plus any loaded from disk. */
export class FrameworkRegistry {
  private readonly byId = new Map<string, Framework>();
  private readonly earlier = new Map<string, Framework>();
  constructor(frameworks: Iterable<Framework> = shippedFrameworks().values()) {
    for (const f of frameworks) this.byId.set(f.id, f);
  }
  add(framework: Framework): void {
    this.byId.set(framework.id, framework);
    for (const key of this.earlier.keys()) if (key.startsWith(`${framework.id}@`)) this.earlier.delete(key);
  }
  ids(): string[] {
    return [...this.byId.keys()];
  }
  list(): Framework[] {
    return [...this.byId.values()];
  }
  get(id: string, revision?: string): Framework | undefined {
    const f = this.byId.get(id);
    if (!f || revision === undefined || revision === f.revision) return f;
    if (!f.revisions.some((r) => r.id === revision)) return undefined;
    const key = `${id}@${revision}`;
    let earlier = this.earlier.get(key);
    if (!earlier) this.earlier.set(key, (earlier = atRevision(f, revision)));
    return earlier;
  }
}

/** The framework as it stood at an earlier revision: prompts added later are left out. */
export function atRevision(f: Framework, revision: string): Framework {
  const order = f.revisions.map((r) => r.id);
  const at = order.indexOf(revision);
  const keep = (p: Prompt) => !p.since || order.indexOf(p.since) <= at;
  return {
    ...f,
    revision,
    domains: f.domains.map((d) => ({
      ...d,
      standards: d.standards.map((s) => ({
        ...s,
        keyQuestions: s.keyQuestions.map((k) => ({ ...k, prompts: k.prompts.filter(keep) })),
      })),
    })),
  };
}

export function allStandards(f: Framework): Standard[] {
  return f.domains.flatMap((d) => d.standards);
}

export function caseStandards(f: Framework, sample?: string): Standard[] {
  return allStandards(f).filter((s) => s.ratedBy === 'cases' && (sample === undefined || s.sample === sample));
}

export function findStandard(f: Framework, id: string): Standard | undefined {
  return allStandards(f).find((s) => s.id === id);
}

export interface QuestionRef {
  standard: Standard;
  keyQuestion: KeyQuestion;
  prompt?: Prompt;
}

const indexes = new WeakMap<Framework, ReadonlyMap<string, QuestionRef>>();

/** Every key question and prompt by id; built once per framework object (frameworks are never mutated). */
export function questionIndex(f: Framework): ReadonlyMap<string, QuestionRef> {
  const cached = indexes.get(f);
  if (cached) return cached;
  const index = new Map<string, QuestionRef>();
  for (const standard of allStandards(f))
    for (const keyQuestion of standard.keyQuestions) {
      index.set(keyQuestion.id, { standard, keyQuestion });
      for (const prompt of keyQuestion.prompts) index.set(prompt.id, { standard, keyQuestion, prompt });
    }
  indexes.set(f, index);
  return index;
}

export const DEFAULT_SAMPLE = 'case-supervision';

/** The report rules of a framework: its own, or the defaults (data, not code) for one supplied without them. */
export function reportRules(f: Framework): ReportRules {
  return f.report ?? reportRulesSchema.parse(reportDefaults);
}
