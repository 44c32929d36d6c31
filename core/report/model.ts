import { CASE_ATTRIBUTES, type CaseAttributeKey } from '../domain/case-attributes';
import { attributeShare, breakdown } from '../engine/breakdown';
import type { CaseRecord, InspectionResult, KeyQuestionResult, StandardResult } from '../engine/types';
import { allStandards } from '../frameworks/load';
import { THEME_LABELS, type Framework } from '../frameworks/schema';
import { keyQuestionChart, type Chart } from './charts';

/** Everything a draft report is made from. Cases carry no personal data: refs only. */
export interface ReportInput {
  framework: Framework;
  result: InspectionResult;
  cases: readonly CaseRecord[];
  provider: { name: string; type: string; owner: string; region: string };
  inspection: { fieldworkStart: string | null; fieldworkEnd: string | null; caseloadSize: number | null };
  recommendations: readonly string[];
  /** The inspectors' own text per standard. */
  standardText: Readonly<Record<string, { strengths: string; improvements: string }>>;
  /** The report's date (YYYY-MM-DD), for the draft marking. */
  date: string;
  /** Progress on the previous inspection's recommendations, as judged in this one. */
  previousRecommendations?: readonly { text: string; progress: string | null; note: string }[];
}

export interface ReportStandard {
  id: string;
  name: string;
  rating: string;
  ratingLine: string;
  strengths: string[];
  improvements: string[];
  findings: string[];
  chart: Chart | null;
}

export interface AnnexRow {
  id: string;
  text: string;
  result: string;
  base: string;
  prompt: boolean;
}

export interface ReportModel {
  title: string;
  subtitle: string;
  draftMarking: string;
  cover: [string, string][];
  summary: { rows: [string, string][]; overall: string; score: string };
  recommendations: string[];
  previousRecommendations: [string, string, string][];
  context: [string, string][];
  chapters: { id: string; title: string; standards: ReportStandard[] }[];
  annexResults: { standard: string; rows: AnnexRow[] }[];
  subgroups: { title: string; header: string[]; rows: string[][] }[];
  methodology: string[];
  /** Every piece of text in the report, for the personal-data check. */
  texts(): string[];
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export function longDate(iso: string | null): string {
  if (!iso) return 'not recorded';
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : DATE.format(d);
}

export const pct = (p: number | null) => (p === null ? '–' : `${Math.round(p)}%`);
const lines = (text: string | undefined) => (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Assessment focused sufficiently on keeping other people safe in 14 of 36 cases (39%)." */
export function findingSentence(s: { name: string }, k: KeyQuestionResult): string {
  if (k.applicable === 0) return `No case in the sample could be assessed on ${k.id}.`;
  const counts = `in ${k.yes} of ${k.applicable} cases (${pct(k.percent)})`;
  const sentence = k.theme
    ? `${s.name} focused sufficiently on ${THEME_LABELS[k.theme]} ${counts}.`
    : `${k.text.replace(/\?$/, '')}: yes ${counts}.`;
  return k.unanswered > 0 ? `${sentence.slice(0, -1)}; ${plural(k.unanswered, 'case was', 'cases were')} not yet answered.` : sentence;
}

function ratingLine(s: StandardResult): string {
  const rating = s.rating ?? 'Not yet rated';
  if (s.kind === 'judgement') return `Rated ${rating} by inspector judgement.`;
  const driving = s.keyQuestions.find((k) => k.id === s.drivingKeyQuestion);
  const base = driving
    ? `Computed as ${s.computedRating}: its lowest key question (${driving.id}${driving.theme ? `, ${THEME_LABELS[driving.theme]}` : ''}) was sufficient in ${driving.yes} of ${driving.applicable} cases (${pct(driving.percent)}).`
    : 'Not yet rated: no applicable answers.';
  return s.override ? `${base} The ratings panel set it to ${s.override.rating}: ${s.override.reason}` : base;
}

const SUBGROUP_KEYS: CaseAttributeKey[] = ['domesticAbuse', 'childSafeguarding', 'gender', 'roshLevel', 'sentenceType'];

export function buildReportModel(input: ReportInput): ReportModel {
  const { framework: f, result: r } = input;
  const byId = new Map(r.standards.map((s) => [s.id, s]));
  const bands = f.rules.keyQuestionBands;
  const sampleSizes = f.samples.map((s) => [s.name, input.cases.filter((c) => (c.sample ?? 'case-supervision') === s.id).length] as const);
  const supervision = input.cases.filter((c) => (c.sample ?? 'case-supervision') === 'case-supervision');

  const chapters = f.domains.map((d) => ({
    id: d.id,
    title: `${d.id}. ${d.name}`,
    standards: d.standards.map((std) => {
      const s = byId.get(std.id)!;
      const text = input.standardText[std.id];
      return {
        id: s.id,
        name: s.name,
        rating: s.rating ?? 'Not yet rated',
        ratingLine: ratingLine(s),
        strengths: lines(text?.strengths),
        improvements: lines(text?.improvements),
        findings: s.kind === 'cases' ? s.keyQuestions.map((k) => findingSentence(s, k)) : [],
        chart: s.kind === 'cases' && s.keyQuestions.some((k) => k.applicable > 0) ? keyQuestionChart(f, s) : null,
      };
    }),
  }));

  const annexResults = r.standards
    .filter((s) => s.kind === 'cases')
    .map((s) => ({
      standard: `${s.id} ${s.name}`,
      rows: s.keyQuestions.flatMap((k) => {
        const kq = allStandards(f).find((x) => x.id === s.id)!.keyQuestions.find((x) => x.id === k.id)!;
        return [
          { id: k.id, text: kq.text, result: pct(k.percent), base: `${k.yes} of ${k.applicable}`, prompt: false },
          ...k.prompts.map((p) => ({
            id: p.id,
            text: kq.prompts.find((x) => x.id === p.id)?.text ?? '',
            result: pct(p.percent),
            base: `${p.yes} of ${p.applicable}`,
            prompt: true,
          })),
        ];
      }),
    }));

  const subgroups = SUBGROUP_KEYS.map((key) => {
    const label = CASE_ATTRIBUTES.find((a) => a.key === key)!.label;
    const kqs = r.standards.filter((s) => s.kind === 'cases' && s.sample === 'case-supervision').flatMap((s) => s.keyQuestions.map((k) => k.id));
    const splits = kqs.map((id) => breakdown(f, input.cases, id, key));
    const values = [...new Set(splits.flatMap((b) => b.groups.map((g) => g.value)))].sort();
    return {
      title: `Key question results by ${label.toLowerCase()}`,
      header: ['Key question', ...values.map((v) => `${label}: ${v}`)],
      rows: splits.map((b) => [
        b.questionId,
        ...values.map((v) => {
          const g = b.groups.find((x) => x.value === v);
          return !g || g.result.percent === null ? '–' : `${pct(g.result.percent)} (${g.result.yes} of ${g.result.applicable})`;
        }),
      ]),
    };
  }).filter((t) => t.rows.length > 0 && t.header.length > 1);

  const da = attributeShare(supervision, 'domesticAbuse');
  const cs = attributeShare(supervision, 'childSafeguarding');
  const counts = (key: 'gender' | 'sentenceType' | 'roshLevel') => {
    const m = new Map<string, number>();
    for (const c of supervision) {
      const v = c.attributes[key];
      if (v) m.set(v, (m.get(v) ?? 0) + 1);
    }
    return [...m].sort().map(([v, n]) => `${v} ${n}`).join(', ') || 'not recorded';
  };
  const context: [string, string][] = [
    ['Caseload', input.inspection.caseloadSize === null ? 'not recorded' : input.inspection.caseloadSize.toLocaleString('en-GB')],
    ...sampleSizes.map(([name, n]) => [`${name} sample`, plural(n, 'case')] as [string, string]),
    ['Cases with domestic abuse concerns', `${da.count} of ${da.total} (${da.phrase})`],
    ['Cases with child safeguarding concerns', `${cs.count} of ${cs.total} (${cs.phrase})`],
    ['Gender', counts('gender')],
    ['Sentence type', counts('sentenceType')],
    ['Risk of serious harm level', counts('roshLevel')],
  ];

  const points = f.rules.points;
  const overallBands = f.rules.overallBands;
  const nStandards = r.standards.length;
  const methodology = [
    `This draft was produced by Fieldwork from the inspection's own data, using the ${f.name} (${f.id}, revision ${f.revision}).`,
    `Inspectors scored ${plural(input.cases.length, 'case')} (${sampleSizes.map(([n, c]) => `${n.toLowerCase()}: ${c}`).join('; ')}). Each case was scored only against the standards of its own sample, answering each key question and its prompts yes, no or not applicable.`,
    `A key question's result is the share of cases where it applied that were answered yes; cases where it did not apply are left out of the base, and unanswered questions are reported, never counted as no.`,
    `Each key question falls in a band: ${bands.map((b, i) => (i === bands.length - 1 ? `below ${bands[i - 1]!.minPercent}% (${b.label}) ${b.rating}` : `${b.minPercent}% or more (${b.label}) ${b.rating}`)).join('; ')}. A standard rated from cases takes the band of its lowest key question; standards in domain 1 are rated by inspector judgement.`,
    `Each standard scores ${Object.entries(points).map(([k, v]) => `${k} ${v}`).join(', ')}. The ${nStandards} scores are added, out of ${r.overall.max}, and the total gives the overall rating: ${overallBands.map((b, i) => `${b.minScore}${i === 0 ? `–${r.overall.max}` : `–${overallBands[i - 1]!.minScore - 1}`} ${b.rating}`).join('; ')}.`,
  ];

  const model: Omit<ReportModel, 'texts'> = {
    title: `An inspection of probation services: ${input.provider.name}`,
    subtitle: `${f.name}`,
    draftMarking: `DRAFT — for factual accuracy checking — ${longDate(input.date)}`,
    cover: [
      ['Provider', `${input.provider.name} (${input.provider.type})`],
      ...(input.provider.owner ? [['Owner', input.provider.owner] as [string, string]] : []),
      ...(input.provider.region ? [['Region', input.provider.region] as [string, string]] : []),
      ['Fieldwork', `${longDate(input.inspection.fieldworkStart)} to ${longDate(input.inspection.fieldworkEnd)}`],
      ['Framework', `${f.id}, revision ${f.revision}`],
    ],
    summary: {
      rows: r.standards.map((s) => [`${s.id} ${s.name}`, s.rating ?? 'Not yet rated']),
      overall: r.overall.rating ?? 'Not yet rated',
      score: `${r.overall.score} of ${r.overall.max}`,
    },
    recommendations: input.recommendations.map((t) => t.trim()).filter(Boolean),
    previousRecommendations: (input.previousRecommendations ?? []).map((r) => [r.text, r.progress ? r.progress[0]!.toUpperCase() + r.progress.slice(1) : 'Not yet judged', r.note]),
    context,
    chapters,
    annexResults,
    subgroups,
    methodology,
  };
  return {
    ...model,
    texts: () => [
      model.title,
      model.subtitle,
      model.draftMarking,
      ...model.cover.flat(),
      ...model.summary.rows.flat(),
      ...model.recommendations,
      ...model.previousRecommendations.flat(),
      ...model.context.flat(),
      ...chapters.flatMap((c) => [c.title, ...c.standards.flatMap((s) => [s.name, s.ratingLine, ...s.strengths, ...s.improvements, ...s.findings, s.chart?.alt ?? ''])]),
      ...annexResults.flatMap((a) => [a.standard, ...a.rows.flatMap((r) => [r.text, r.base])]),
      ...subgroups.flatMap((s) => [s.title, ...s.header, ...s.rows.flat()]),
      ...methodology,
    ],
  };
}
