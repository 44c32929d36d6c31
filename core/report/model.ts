import { CASE_ATTRIBUTES, GENDERS, ROSH_LEVELS, SENTENCE_TYPES, type CaseAttributeKey } from '../domain/case-attributes';
import type { Rating } from '../domain/ratings';
import {
  CONTEXT_FACT_INFO,
  CONTEXT_FACT_KEYS,
  INSPECTION_TEXT_INFO,
  STANDARD_TEXT_INFO,
  type ContextFactKey,
  type InspectionTextKey,
  type ReportSectionId,
  type StandardTextKey,
} from '../domain/report-text';
import { standardApplies } from '../engine/applicability';
import { breakdown } from '../engine/breakdown';
import type { CaseRecord, InspectionResult, StandardResult } from '../engine/types';
import { allStandards, reportRules } from '../frameworks/load';
import type { Condition, Framework, Standard } from '../frameworks/schema';
import { blockTexts, placeholder, type Block, type Cell, type ReportSection } from './blocks';
import { keyQuestionChart } from './charts';
import { fewerThan, findingSentence, pct, promptHighlights, subgroupContrasts } from './findings';

export interface ReportRecommendation {
  text: string;
  /** Whom it is addressed to ("the provider", "HM Prison and Probation Service", …); empty means the provider. */
  addressee?: string;
}

/** Everything a draft report is made from. Cases carry no personal data: refs only. */
export interface ReportInput {
  framework: Framework;
  result: InspectionResult;
  cases: readonly CaseRecord[];
  provider: { name: string; type: string; owner: string; region: string };
  inspection: { fieldworkStart: string | null; fieldworkEnd: string | null; caseloadSize: number | null };
  recommendations: readonly (string | ReportRecommendation)[];
  /** Strengths and areas for improvement per standard, one point per line. */
  standardText: Readonly<Record<string, { strengths: string; improvements: string }>>;
  /** The inspectors' narrative for the whole report (foreword, overall findings, background, …). */
  text?: Readonly<Partial<Record<InspectionTextKey, string>>>;
  /** Narrative paragraphs and practice examples per standard. */
  standardNarrative?: Readonly<Record<string, Readonly<Partial<Record<StandardTextKey, string>>>>>;
  /** Provider-level contextual figures. */
  facts?: Readonly<Partial<Record<ContextFactKey, number>>>;
  /** Domain 1 evidence per key question, entered on the Judgements tab. */
  judgementNotes?: Readonly<Record<string, string>>;
  /** The report's date (YYYY-MM-DD), for the draft marking. */
  date: string;
  /** How many of the cases were complete when the draft was made (absent: all of them). */
  completeCases?: number;
  /** Progress on the previous inspection's recommendations, as judged in this one. */
  previousRecommendations?: readonly { text: string; progress: string | null; note: string }[];
  /** Sampling facts known to the inspection (the sample builder records them). */
  sampling?: { windowStart?: string | null; windowEnd?: string | null; eliminations?: readonly { reason: string; count: number }[]; confidence?: number; marginOfError?: number };
}

export interface ReportModel {
  title: string;
  subtitle: string;
  /** "DRAFT — for factual accuracy checking — 30 June 2019": on the cover and every page. */
  draftMarking: string;
  /** "OFFICIAL-SENSITIVE": on every page until published. */
  protectiveMarking: string;
  cover: [string, string][];
  sections: ReportSection[];
  /** Every piece of text in the report, for the personal-data check. */
  texts(): string[];
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export function longDate(iso: string | null | undefined): string {
  if (!iso) return 'not recorded';
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : DATE.format(d);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const lines = (text: string | undefined) => (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
/** Paragraphs are separated by a blank line; a single line break inside one is kept as a space. */
export const paragraphs = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter(Boolean);
const para = (text: string, tone?: 'lead' | 'note'): Block => ({ kind: 'paragraph', text, ...(tone ? { tone } : {}) });
const heading = (text: string, level: 3 | 4 = 3): Block => ({ kind: 'heading', level, text });
const textOr = (text: string | undefined, missing: string): Block[] => {
  const ps = paragraphs(text);
  return ps.length ? ps.map((p) => para(p)) : [placeholder(missing)];
};
const listOr = (text: string | undefined, missing: string): Block[] => {
  const items = lines(text);
  return items.length ? [{ kind: 'list', ordered: false, items }] : [placeholder(missing)];
};
const cells = (...texts: string[]): Cell[] => texts.map((text) => ({ text }));

/** Figures under the threshold print "fewer than N"; zero stays zero. */
function suppressedCount(n: number, threshold: number): string {
  return n > 0 && n < threshold ? fewerThan(threshold) : n.toLocaleString('en-GB');
}

/** How a condition reads in Annex 1: "where a review was due". */
function conditionPhrase(c: Condition | undefined): string | null {
  if (c && 'attribute' in c && c.equals === true) {
    const phrase = CASE_ATTRIBUTES.find((a) => a.key === c.attribute)?.subgroupPhrase;
    if (phrase) return `where ${phrase}`;
  }
  return null;
}

/** Values of an attribute in a logical order (low, medium, high, very high), then anything else. */
function orderedValues(key: CaseAttributeKey, present: Iterable<string>): string[] {
  const logical: readonly string[] =
    key === 'roshLevel' ? ROSH_LEVELS : key === 'gender' ? GENDERS : key === 'sentenceType' ? SENTENCE_TYPES : ['yes', 'no'];
  const all = [...new Set(present)];
  return [...logical.filter((v) => all.includes(v)), ...all.filter((v) => !logical.includes(v)).sort()];
}

const SUBGROUP_KEYS: CaseAttributeKey[] = ['domesticAbuse', 'childSafeguarding', 'gender', 'roshLevel', 'sentenceType'];

export function buildReportModel(input: ReportInput): ReportModel {
  const { framework: f, result: r } = input;
  const rules = reportRules(f);
  const T = rules.smallCellThreshold;
  const text = input.text ?? {};
  const byId = new Map(r.standards.map((s) => [s.id, s]));
  const defs = new Map(allStandards(f).map((s) => [s.id, s]));
  const sampleOf = (c: CaseRecord) => c.sample ?? 'case-supervision';
  const sampleSizes = f.samples.map((s) => ({ ...s, n: input.cases.filter((c) => sampleOf(c) === s.id).length }));
  const supervision = input.cases.filter((c) => sampleOf(c) === 'case-supervision');
  const sectionTitle = (id: ReportSectionId) => rules.sections.find((s) => s.id === id)?.title ?? id;
  const overall = r.overall.rating;

  const section = (id: ReportSectionId, blocks: Block[], parts: ReportSection['parts'] = [], newPage = false): ReportSection => ({
    id,
    title: sectionTitle(id),
    blocks,
    parts,
    newPage,
  });

  // Ratings, as published: overall first, then each domain's standards under the domain's name.
  const ratingCell = (rating: Rating | null): Cell => (rating ? { text: rating, rating } : { text: 'Not yet rated' });
  const ratingsTable: Block = {
    kind: 'table',
    name: 'ratings',
    header: ['Standard', 'Rating'],
    widths: [68, 32],
    rows: [
      [{ text: 'Overall rating', bold: true }, ratingCell(overall)],
      ...f.domains.flatMap((d) => [
        [{ text: `${d.id}. ${d.name}`, group: true, bold: true }, { text: '', group: true }],
        ...d.standards.map((std) => [{ text: `${std.id} ${std.name}` }, ratingCell(byId.get(std.id)?.rating ?? null)]),
      ]),
    ],
  };

  // Recommendations, grouped by addressee in the order first used, numbered straight through.
  const recs = input.recommendations
    .map((x) => (typeof x === 'string' ? { text: x, addressee: '' } : { text: x.text, addressee: x.addressee ?? '' }))
    .map((x) => ({ text: x.text.trim(), addressee: x.addressee.trim() || rules.recommendationAddressees[0]! }))
    .filter((x) => x.text);
  const recBlocks: Block[] = [];
  if (recs.length === 0) recBlocks.push(placeholder('the recommendations'));
  else {
    let n = 1;
    for (const addressee of [...new Set(recs.map((x) => x.addressee))]) {
      const items = recs.filter((x) => x.addressee === addressee).map((x) => x.text);
      const who = addressee === rules.recommendationAddressees[0] ? input.provider.name : addressee;
      // A heading, not a paragraph, so it is never left at a page foot apart from its list.
      recBlocks.push(heading(`${who.charAt(0).toUpperCase()}${who.slice(1)} should:`, 4), { kind: 'list', ordered: true, items, start: n });
      n += items.length;
    }
  }

  // Contextual facts: structured figures, then the inspectors' commentary.
  const facts = { ...input.facts };
  if (facts.caseload === undefined && input.inspection.caseloadSize !== null) facts.caseload = input.inspection.caseloadSize;
  const factValue = (k: ContextFactKey): string => {
    const v = facts[k];
    if (v === undefined) return '[To be entered]';
    const unit = CONTEXT_FACT_INFO[k].unit;
    return unit === 'percent' ? `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%` : v.toLocaleString('en-GB', { maximumFractionDigits: unit === 'count' ? 0 : 1 });
  };
  const contextBlocks: Block[] = [
    { kind: 'table', name: 'contextual-facts', header: ['Fact', 'Figure'], widths: [75, 25], rows: CONTEXT_FACT_KEYS.map((k) => cells(CONTEXT_FACT_INFO[k].label, factValue(k))) },
    ...textOr(text['contextual-facts'], INSPECTION_TEXT_INFO['contextual-facts'].missing),
  ];

  // One chapter per domain.
  const chapters: ReportSection[] = f.domains.map((d) => ({
    id: `domain-${d.id}` as const,
    title: `${d.id}. ${d.name}`,
    blocks: [],
    newPage: true,
    parts: d.standards.map((std) => ({ id: std.id, title: `${std.id} ${std.name}`, blocks: standardBlocks(std, byId.get(std.id)!) })),
  }));

  function standardBlocks(std: Standard, s: StandardResult): Block[] {
    const narrative = input.standardNarrative?.[std.id] ?? {};
    const own = input.standardText[std.id];
    const blocks: Block[] = [];
    const override = s.override ? `The ratings panel set this rating; the data gave ${s.computedRating ?? 'no rating'}. Reason: ${s.override.reason}` : undefined;
    blocks.push({ kind: 'rating', label: 'Rating', rating: s.rating, ...(override ? { note: override } : {}) }, para(std.statement, 'lead'));
    if (s.kind === 'judgement') {
      blocks.push(heading('Rationale'), ...textOr(s.rationale ?? undefined, `the rationale for the ${std.id} rating`));
      for (const kq of std.keyQuestions) blocks.push(heading(`${kq.id} ${kq.text}`, 4), ...textOr(input.judgementNotes?.[kq.id], `the evidence for key question ${kq.id}`));
      blocks.push(...paragraphs(narrative.narrative).map((p) => para(p)));
    } else {
      blocks.push(heading('Findings'), ...s.keyQuestions.map((k) => para(findingSentence(f, k, T))));
      const highlights = promptHighlights(f, s, T);
      if (highlights) blocks.push(para(highlights));
      blocks.push(...subgroupContrasts(f, input.cases, s, T).map((t) => para(t)));
      if (s.keyQuestions.some((k) => k.applicable > 0)) {
        const chart = keyQuestionChart(f, s, T);
        blocks.push({ kind: 'chart', chart, caption: `Figure: ${std.id} ${std.name}, share of cases sufficient on each key question, against the band thresholds.` });
      }
      blocks.push(heading('Commentary'), ...textOr(narrative.narrative, `${STANDARD_TEXT_INFO.narrative.missing} for ${std.id} ${std.name}`));
    }
    blocks.push(heading('Strengths'), ...listOr(own?.strengths, `the strengths for ${std.id}`));
    blocks.push(heading('Areas for improvement'), ...listOr(own?.improvements, `the areas for improvement for ${std.id}`));
    const examples = paragraphs(narrative['practice-examples']);
    if (examples.length) blocks.push({ kind: 'example', title: 'Practice example', paragraphs: examples });
    return blocks;
  }

  // Annex 1: methodology generated from the inspection.
  const bands = f.rules.keyQuestionBands;
  const sampling = f.rules.sampling;
  const strata = rules.sampleStrata.map((k) => CASE_ATTRIBUTES.find((a) => a.key === k)!.label.toLowerCase());
  const listWords = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
  const judgementCount = r.standards.filter((s) => s.kind === 'judgement').length;
  const mainSample = sampleSizes.find((s) => s.id === 'case-supervision') ?? sampleSizes[0]!;
  const otherSamples = sampleSizes.filter((s) => s !== mainSample);
  const fieldwork: Block[] = [
    para(
      `Fieldwork took place from ${longDate(input.inspection.fieldworkStart)} to ${longDate(input.inspection.fieldworkEnd)}. Inspectors and local assessors read and assessed ${plural(input.completeCases ?? input.cases.length, 'case')}${input.completeCases !== undefined && input.completeCases < input.cases.length ? ` (${input.cases.length} are in the sample; the rest were not complete when this draft was made)` : ''}, interviewing the case managers where they could, and gathered the evidence for the ${plural(judgementCount, 'standard')} of organisational delivery from the provider's documents and from meetings, focus groups and interviews with leaders, managers, staff and partners.`,
    ),
  ];
  const window =
    input.sampling?.windowStart && input.sampling.windowEnd
      ? para(`Cases were eligible for the sample if the sentence or licence started between ${longDate(input.sampling.windowStart)} and ${longDate(input.sampling.windowEnd)}.`)
      : placeholder('the eligibility window (the dates between which the sentence or licence started)');
  const sampleBlocks: Block[] = [
    window,
    para(
      `The ${mainSample.name.toLowerCase()} sample of ${plural(mainSample.n, 'case')} was sized for ${Math.round((input.sampling?.confidence ?? sampling.confidence) * 100)}% confidence with a margin of error of ±${Math.round((input.sampling?.marginOfError ?? sampling.marginOfError) * 100)}%, and stratified so that it mirrors the eligible caseload by ${listWords(strata)}.${otherSamples.length ? ` Separate samples were read for ${listWords(otherSamples.map((s) => `${s.name.toLowerCase()} (${plural(s.n, 'case')})`))}.` : ''}`,
    ),
  ];
  const outOfScope: string[] = [];
  for (const s of allStandards(f).filter((x) => x.ratedBy === 'cases' && x.appliesWhen)) {
    const inSample = input.cases.filter((c) => sampleOf(c) === s.sample);
    const out = inSample.filter((c) => !standardApplies(s, c)).length;
    if (out > 0) outOfScope.push(`${suppressedCount(out, T)} of the ${plural(inSample.length, 'case')} in the ${f.samples.find((x) => x.id === s.sample)?.name.toLowerCase() ?? s.sample} sample ${out === 1 ? 'was' : 'were'} out of scope for ${s.id} ${s.name}, which applies only ${conditionPhrase(s.appliesWhen) ?? 'to some cases'}.`);
  }
  for (const e of input.sampling?.eliminations ?? []) outOfScope.push(`${plural(e.count, 'sampled case')} ${e.count === 1 ? 'was' : 'were'} eliminated and replaced: ${e.reason}.`);
  const unrounded = bands[1] ? bands[1].minPercent - 0.3 : null;
  const ratingsBlocks: Block[] = [
    para(
      `A key question's result is the share of the cases where it applied that were answered yes; cases where it did not apply are left out of the base, and unanswered questions are reported, never counted as no. Each key question falls in a band: ${bands.map((b, i) => (i === bands.length - 1 ? `below ${bands[i - 1]!.minPercent}% (${b.label}), ${b.rating}` : `${b.minPercent}% or more (${b.label}), ${b.rating}`)).join('; ')}. A standard rated from cases takes the band of its lowest key question; the standards of organisational delivery are rated by the inspectors' judgement of the evidence.`,
    ),
    ...(unrounded !== null && bands[2]
      ? [para(`Bands are applied to the unrounded percentage, not to the whole number printed: a result of ${unrounded.toFixed(1)}%, shown as ${Math.round(unrounded)}%, is ${bands[2].rating}, because it is below ${bands[1]!.minPercent}%.`)]
      : []),
    para(
      `Each standard scores ${Object.entries(f.rules.points).map(([k, v]) => `${k} ${v}`).join(', ')}. The ${plural(r.standards.length, 'score')} are added, out of ${r.overall.max}, and the total gives the overall rating: ${f.rules.overallBands.map((b, i) => `${b.minScore}–${i === 0 ? r.overall.max : f.rules.overallBands[i - 1]!.minScore - 1} ${b.rating}`).join('; ')}.`,
    ),
    para(`In subgroup figures and findings, a figure whose base is under ${T} cases is printed as "${fewerThan(T)}", and a breakdown in which a group is a single case is left out, so that no individual can be identified. Annex 2 gives every base.`, 'note'),
    para(`This draft was produced by Fieldwork from the inspection's own data, using the ${f.name} (${f.id}, revision ${f.revision}).`, 'note'),
  ];
  const profileRows: Cell[][] = [];
  const total = supervision.length;
  for (const key of ['gender', 'sentenceType', 'roshLevel'] as const) {
    const label = CASE_ATTRIBUTES.find((a) => a.key === key)!.label;
    const counts = new Map<string, number>();
    for (const c of supervision) {
      const v = c.attributes[key];
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const v of orderedValues(key, counts.keys())) {
      const n = counts.get(v)!;
      profileRows.push(cells(`${label}: ${v}`, suppressedCount(n, T), n < T ? '–' : pct((n / total) * 100)));
    }
  }
  for (const key of ['domesticAbuse', 'childSafeguarding'] as const) {
    const n = supervision.filter((c) => c.attributes[key] === true).length;
    profileRows.push(cells(CASE_ATTRIBUTES.find((a) => a.key === key)!.label, suppressedCount(n, T), n > 0 && n < T ? '–' : total ? pct((n / total) * 100) : '–'));
  }
  const annex1Parts: ReportSection['parts'] = [
    { id: 'fieldwork', title: 'Fieldwork', blocks: fieldwork },
    { id: 'sample', title: 'The sample', blocks: sampleBlocks },
    { id: 'out-of-scope', title: 'Cases out of scope', blocks: outOfScope.length ? outOfScope.map((t) => para(t)) : [para('No sampled case was out of scope or eliminated.')] },
    { id: 'ratings', title: 'How the ratings are derived', blocks: ratingsBlocks },
    {
      id: 'profile',
      title: 'Sample profile',
      blocks: [
        para(`The ${mainSample.name.toLowerCase()} sample of ${plural(total, 'case')}, by the characteristics it was stratified on and the concerns recorded.`),
        { kind: 'table', name: 'sample-profile', header: ['Characteristic', 'Cases', 'Share of sample'], widths: [60, 20, 20], rows: profileRows },
      ],
    },
  ];

  // Annex 2: every key question and prompt with its base; subgroup tables with small cells suppressed.
  const annex2Parts: ReportSection['parts'] = r.standards
    .filter((s) => s.kind === 'cases')
    .map((s) => {
      const std = defs.get(s.id)!;
      return {
        id: s.id,
        title: `${s.id} ${s.name}`,
        blocks: [
          {
            kind: 'table',
            name: 'annex-results',
            header: ['Number', 'Question', 'Result', 'Base (yes of applicable)'],
            widths: [13, 59, 10, 18],
            rows: s.keyQuestions.flatMap((k) => {
              const kq = std.keyQuestions.find((x) => x.id === k.id)!;
              return [
                [{ text: k.id, bold: true }, { text: kq.text, bold: true }, { text: pct(k.percent), bold: true }, { text: `${k.yes} of ${k.applicable}` }],
                ...k.prompts.map((p) => [{ text: p.id, indent: true }, { text: kq.prompts.find((x) => x.id === p.id)?.text ?? '' }, { text: pct(p.percent) }, { text: `${p.yes} of ${p.applicable}` }]),
              ];
            }),
          } satisfies Block,
        ],
      };
    });
  const dropped: string[] = [];
  const kqIds = r.standards.filter((s) => s.kind === 'cases' && s.sample === 'case-supervision').flatMap((s) => s.keyQuestions.map((k) => k.id));
  for (const key of SUBGROUP_KEYS) {
    const label = CASE_ATTRIBUTES.find((a) => a.key === key)!.label;
    const splits = kqIds.map((id) => breakdown(f, input.cases, id, key));
    const groups = new Map<string, number>();
    for (const g of splits[0]?.groups ?? []) groups.set(g.value, g.cases);
    const values = orderedValues(key, groups.keys());
    if (values.length < 2) continue;
    // A group of one case would let a reader who knows the group identify the person: drop the breakdown.
    if ([...groups.values()].some((n) => n === 1)) {
      dropped.push(label.toLowerCase());
      continue;
    }
    annex2Parts.push({
      id: `subgroup-${key}`,
      title: `Key question results by ${label.toLowerCase()}`,
      blocks: [
        {
          kind: 'table',
          name: 'subgroup',
          header: ['Key question', ...values.map((v) => `${v} (${suppressedCount(groups.get(v) ?? 0, T)} cases)`)],
          widths: [16, ...values.map(() => 84 / values.length)],
          rows: splits.map((b) => [
            { text: b.questionId },
            ...values.map((v) => {
              const g = b.groups.find((x) => x.value === v)?.result;
              if (!g || g.applicable === 0) return { text: '–' };
              return { text: g.applicable < T ? fewerThan(T) : `${pct(g.percent)} (${g.yes} of ${g.applicable})` };
            }),
          ]),
        },
      ],
    });
  }
  if (dropped.length)
    annex2Parts.push({ id: 'subgroup-dropped', title: 'Breakdowns not shown', blocks: [para(`The breakdowns by ${listWords(dropped)} are not shown: a group of a single case would identify the person.`, 'note')] });

  const build: Record<ReportSectionId, () => ReportSection | null> = {
    acknowledgements: () => section('acknowledgements', textOr(text.acknowledgements, INSPECTION_TEXT_INFO.acknowledgements.missing)),
    contents: () => section('contents', [{ kind: 'contents' }], [], true),
    foreword: () => section('foreword', textOr(text.foreword, INSPECTION_TEXT_INFO.foreword.missing), [], true),
    'overall-findings': () =>
      section('overall-findings', [
        para(`Overall, ${input.provider.name} is rated as: ${overall ?? 'not yet rated'}.${overall ? ` This is based on its ratings for the ${plural(r.standards.length, 'standard')} (a score of ${r.overall.score} out of ${r.overall.max}).` : ''}`, 'lead'),
        ...textOr(text['overall-findings'], INSPECTION_TEXT_INFO['overall-findings'].missing),
      ]),
    ratings: () => section('ratings', [ratingsTable]),
    recommendations: () => section('recommendations', recBlocks),
    'previous-recommendations': () =>
      input.previousRecommendations?.length
        ? section('previous-recommendations', [
            {
              kind: 'table',
              name: 'previous-recommendations',
              header: ['Recommendation', 'Progress', 'Note'],
              widths: [50, 15, 35],
              rows: input.previousRecommendations.map((p) => cells(p.text, p.progress ? p.progress[0]!.toUpperCase() + p.progress.slice(1) : 'Not yet judged', p.note)),
            },
          ])
        : null,
    background: () => section('background', textOr(text.background, INSPECTION_TEXT_INFO.background.missing), [], true),
    'contextual-facts': () => section('contextual-facts', contextBlocks),
    domains: () => null,
    'annex-methodology': () => section('annex-methodology', [], annex1Parts, true),
    'annex-results': () => section('annex-results', [], annex2Parts, true),
    'annex-operating-model': () => section('annex-operating-model', textOr(text['operating-model'], INSPECTION_TEXT_INFO['operating-model'].missing), [], true),
    'annex-glossary': () =>
      section('annex-glossary', [{ kind: 'table', name: 'glossary', header: ['Term', 'Meaning'], widths: [28, 72], rows: rules.glossary.map((g) => [{ text: g.term, bold: true }, { text: g.definition }]) }], [], true),
  };
  const sections = rules.sections.flatMap((s) => (s.id === 'domains' ? chapters : [build[s.id]()].filter((x): x is ReportSection => x !== null)));

  const title = text.title?.trim() || `An inspection of probation services in ${input.provider.name}`;
  const model: Omit<ReportModel, 'texts'> = {
    title,
    subtitle: `HM Inspectorate of Probation · ${f.name}`,
    draftMarking: `DRAFT — for factual accuracy checking — ${longDate(input.date)}`,
    protectiveMarking: rules.protectiveMarking,
    cover: [
      ['Provider', `${input.provider.name}${input.provider.type ? ` (${input.provider.type})` : ''}`],
      ...(input.provider.owner ? [['Owner', input.provider.owner] as [string, string]] : []),
      ...(input.provider.region ? [['Region', input.provider.region] as [string, string]] : []),
      ['Fieldwork', `${longDate(input.inspection.fieldworkStart)} to ${longDate(input.inspection.fieldworkEnd)}`],
      ['Framework', `${f.id}, revision ${f.revision}`],
      ['Overall rating', overall ?? 'Not yet rated'],
    ],
    sections,
  };
  return {
    ...model,
    texts: () => [
      model.title,
      model.subtitle,
      model.draftMarking,
      model.protectiveMarking,
      ...model.cover.flat(),
      ...sections.flatMap((s) => [s.title, ...s.blocks.flatMap(blockTexts), ...s.parts.flatMap((p) => [p.title, ...p.blocks.flatMap(blockTexts)])]),
    ],
  };
}
