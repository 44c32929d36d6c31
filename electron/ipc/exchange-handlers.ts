import {
  type ComparableInspection,
  type ComparableRatings,
  type Framework,
  type InspectionFile,
  type InspectionSummary,
  checkAgainstFramework,
  comparableFromFile,
  comparableFromInput,
  comparableHeader,
  compareInspections,
  latestPerProvider,
  leagueTable,
  toCsv,
} from '../../core';
import { exportInspection, importInspection, ratingInput } from '../../db';
import { FileTooLargeError, readTextFile } from '../files/inspection-files';
import { invalidFile } from '../data/long-work';
import { writeFileAtomically } from '../files/write-atomically';
import { AppError, type Handlers } from './dispatch';
import type { HandlerContext } from './handlers';

export { UNCHECKED_MESSAGE } from '../data/long-work';

type ExchangeHandlers = Pick<Handlers, 'exchange.export' | 'exchange.open' | 'exchange.check' | 'exchange.import' | 'inspection.recordRatings' | 'inspection.previous' | 'inspection.compare' | 'progress.list' | 'progress.set' | 'progress.judge' | 'provider.history' | 'league.table' | 'league.exportCsv'>;

export function createExchangeHandlers(ctx: HandlerContext, frameworkOf: (id: string, revision?: string) => Framework) {
  const { store } = ctx;
  // Each inspection's ratings are kept in the store (rating_summary), dropped by the write path in the
  // transaction of any change to the inspection and rebuilt here on the next read, so the league table,
  // history and comparisons cost as much on the first view after a start as on later ones. The key
  // holds what a summary was computed with: a new version of the app (engine) or framework rebuilds it.
  const summaryKey = (insp: InspectionSummary) => `${ctx.app.version}|${insp.frameworkId}@${insp.frameworkRevision}`;
  const comparables = (list: readonly InspectionSummary[]): ComparableInspection[] => {
    const fresh: Parameters<typeof store.keepRatingSummaries>[0][number][] = [];
    const out = list.map((insp) => {
      const f = frameworkOf(insp.frameworkId, insp.frameworkRevision);
      const header = comparableHeader({ id: insp.id, provider: insp.provider.name, fieldworkStart: insp.fieldworkStart }, f);
      const key = summaryKey(insp);
      const kept = store.ratingSummary(insp.id, key);
      if (kept !== undefined) return { ...header, ...(JSON.parse(kept) as ComparableRatings) };
      // Read on one snapshot, with the log's position in it, so the summary is kept only if nothing
      // changed the inspection after the read (see keepRatingSummaries).
      const { value: computed, seenSeq } = store.readForSummary(() =>
        store.recordedRatings(insp.id).kind === 'ratings-only'
          ? comparableFromFile(exportInspection(store, insp.id), f)
          : comparableFromInput({ ...header, recommendations: store.recommendations(insp.id) }, f, ratingInput(store.db, insp.id)),
      );
      const { id: _id, provider: _provider, label: _label, date: _date, framework: _framework, ...ratings } = computed;
      fresh.push({ inspectionId: insp.id, key, summary: JSON.stringify(ratings satisfies ComparableRatings), overall: ratings.overall, seenSeq });
      return { ...header, ...ratings };
    });
    store.keepRatingSummaries(fresh);
    return out;
  };
  /**
   * The league table: each provider's latest inspection, with the overall result kept in the store for
   * it (a short row each, all read in one statement, never the whole summaries); one without a kept
   * result under the current key is rated, and kept, as for history and comparisons.
   */
  const league = (includeDrafts: boolean | undefined) => {
    const latest = latestPerProvider(
      store.listInspections().filter((i) => includeDrafts || i.status === 'final'),
      (i) => i.provider.name,
      (i) => i.fieldworkStart,
    );
    const kept = store.keptOveralls();
    const rated = new Map(comparables(latest.filter((i) => kept.get(i.id)?.key !== summaryKey(i))).map((c) => [c.id, c.overall]));
    return leagueTable(latest.map((i) => ({ id: i.id, provider: i.provider.name, date: i.fieldworkStart, framework: { id: i.frameworkId }, overall: rated.get(i.id) ?? kept.get(i.id)! })));
  };
  const comparable = (inspectionId: string, known?: InspectionSummary): ComparableInspection => comparables([known ?? store.getInspection(inspectionId)])[0]!;
  const longWork = () => {
    if (!ctx.longWork) throw new Error('long work needs the handlers built by createHandlers');
    return ctx.longWork;
  };
  /**
   * The previous inspection's recommendations, each with this inspection's judgement of it (keyed by
   * the recommendation's id), then any judged recommendations known only by their text.
   */
  const progressList = (inspectionId: string) => {
    const saved = store.progressList(inspectionId);
    const insp = store.getInspection(inspectionId);
    const previous = store
      .listInspections()
      .filter((i) => i.provider.id === insp.provider.id && i.fieldworkStart < insp.fieldworkStart)
      .sort((a, b) => b.fieldworkStart.localeCompare(a.fieldworkStart))[0];
    const offered = previous ? store.recommendationList(previous.id) : [];
    const byRec = new Map(saved.filter((p) => p.recommendationId !== null).map((p) => [p.recommendationId!, p]));
    const view = (p: (typeof saved)[number]) => ({ id: p.id, recommendationId: p.recommendationId, text: p.text, progress: p.progress, note: p.note });
    return [
      ...offered.map((r) => {
        const p = byRec.get(r.id);
        return p ? view(p) : { id: null, recommendationId: r.id, text: r.text, progress: null, note: '' };
      }),
      ...saved.filter((p) => p.recommendationId === null || !offered.some((r) => r.id === p.recommendationId)).map(view),
    ];
  };
  const csvPath = async (name: string) =>
    ctx.services.chooseSavePath({ title: 'Export the league table as CSV', defaultName: name, filters: [{ name: 'CSV', extensions: ['csv'] }] });

  return {
    'exchange.export': async ({ inspectionId, passphrase, jobId }) => {
      const insp = store.getInspection(inspectionId);
      ctx.jobs?.note(jobId, { phase: 'asking' });
      const path = await ctx.services.chooseSavePath({
        title: 'Export the inspection file',
        defaultName: `${insp.provider.name.replace(/[^\p{L}\p{N} -]+/gu, '').trim() || 'inspection'} ${insp.fieldworkStart}.fieldwork.json`,
        filters: [{ name: 'Fieldwork inspection', extensions: ['json'] }],
      });
      if (path === null) return { path: null };
      // Read (in one snapshot), written and sealed by the long-work runner: on the job thread in the app.
      await longWork().export({ inspectionId, passphrase, path }, jobId);
      return { path };
    },
    'exchange.open': async () => {
      const path = await ctx.services.chooseOpenPath({ title: 'Import an inspection file', defaultName: '', filters: [{ name: 'Fieldwork inspection', extensions: ['json'] }] });
      if (path === null) return null;
      try {
        return { name: path.split(/[\\/]/).pop() ?? path, text: await readTextFile(path) };
      } catch (e) {
        if (e instanceof FileTooLargeError) throw new AppError('VALIDATION', e.message);
        throw new AppError('VALIDATION', `The file could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
      }
    },
    // Reading and checking a large file takes a while: done by the long-work runner (the job thread in the app).
    'exchange.check': ({ text, passphrase }) => longWork().check({ text, passphrase }),
    // Read, checked and written (one transaction, in its write turn) by the long-work runner.
    'exchange.import': ({ text, passphrase, onDuplicate, provider, acceptUnchecked, fileName, jobId }) =>
      longWork().import({ text, passphrase, onDuplicate, provider, acceptUnchecked, fileName }, jobId),
    'inspection.recordRatings': (input) => {
      const f = frameworkOf(input.frameworkId);
      const file: InspectionFile = {
        formatVersion: 1,
        framework: f.id,
        provider: input.newProvider ? { ...input.newProvider } : { ...store.getProvider(input.providerId!) },
        inspection: { fieldworkStart: input.fieldworkStart, fieldworkEnd: input.fieldworkEnd, status: 'final' },
        cases: [],
        judgements: {},
        recommendations: input.recommendations.filter((r) => r.trim()).map((text) => ({ text })),
        ratingsOnly: {
          standards: input.standards,
          ...(input.overall ? { overall: { rating: input.overall } } : {}),
          keyQuestions: Object.fromEntries(Object.entries(input.keyQuestions).map(([k, v]) => [k, { percent: v.percent, ...(v.base !== null ? { base: v.base } : {}) }])),
        },
      };
      const issues = checkAgainstFramework(file, f);
      if (issues.length) throw invalidFile(issues);
      const choice = input.providerId ? { mode: 'existing' as const, id: input.providerId } : { mode: 'new' as const };
      return { inspectionId: importInspection(store, file, f.revision, { onDuplicate: 'keep-both', provider: choice }) };
    },
    'inspection.previous': ({ inspectionId }) => {
      const insp = store.getInspection(inspectionId);
      const others = store
        .listInspections()
        .filter((i) => i.provider.id === insp.provider.id && i.id !== inspectionId)
        .sort((a, b) => b.fieldworkStart.localeCompare(a.fieldworkStart));
      const earlier = others.filter((i) => i.fieldworkStart < insp.fieldworkStart);
      return {
        suggested: earlier[0]?.id ?? null,
        candidates: others.map((i) => ({ id: i.id, label: `${i.provider.name}, fieldwork from ${i.fieldworkStart}`, frameworkId: i.frameworkId, fieldworkStart: i.fieldworkStart, ratingsOnly: comparable(i.id).ratingsOnly })),
      };
    },
    'inspection.compare': ({ oldId, newId }) => compareInspections(comparable(oldId), comparable(newId)),
    'progress.list': ({ inspectionId }) => progressList(inspectionId),
    'progress.set': ({ inspectionId, items }) => store.setRecommendationProgress(inspectionId, items),
    'progress.judge': ({ inspectionId, id, recommendationId, text, progress, note }) => {
      // A first judgement takes the recommendation's place in the previous inspection's list.
      const position = progressList(inspectionId).findIndex((p) => (id ? p.id === id : p.recommendationId === recommendationId)) + 1;
      const p = store.setProgress(inspectionId, { recommendationId, text, progress, note }, { ...(id ? { id } : {}), ...(position > 0 ? { position } : {}) });
      return { id: p.id, recommendationId: p.recommendationId, text: p.text, progress: p.progress, note: p.note };
    },
    'provider.history': ({ providerId, includeDrafts }) =>
      store
        .listInspections()
        .filter((i) => i.provider.id === providerId && (includeDrafts || i.status === 'final'))
        .sort((a, b) => a.fieldworkStart.localeCompare(b.fieldworkStart))
        .map((i) => {
          const c = comparable(i.id, i);
          return {
            inspectionId: i.id,
            label: c.label,
            date: c.date,
            frameworkId: c.framework.id,
            rating: c.overall.rating,
            score: c.overall.score,
            max: c.overall.max,
            share: c.overall.score === null ? null : c.overall.score / c.overall.max,
            standards: c.standards.map((s) => ({ id: s.id, name: s.name, rating: s.rating })),
          };
        }),
    // Final inspections only unless drafts are asked for: a draft at 9 of 30 cases is not a result.
    'league.table': ({ includeDrafts }) => league(includeDrafts),
    'league.exportCsv': async ({ includeDrafts }) => {
      const rows = league(includeDrafts);
      const path = await csvPath(`league table ${ctx.services.today()}.csv`);
      if (path === null) return { path: null };
      const csv = toCsv([
        ['Provider', 'Latest inspection', 'Framework', 'Overall rating', 'Score', 'Maximum', 'Share of maximum'],
        ...rows.map((r) => [r.provider, r.date, r.framework, r.rating ?? '', r.score, r.max, r.share === null ? '' : `${Math.round(r.share * 100)}%`]),
      ]);
      await writeFileAtomically(path, csv);
      return { path };
    },
  } satisfies ExchangeHandlers;
}
