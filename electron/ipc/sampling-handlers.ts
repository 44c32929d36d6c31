import { randomUUID } from 'node:crypto';
import {
  type CaseloadRow,
  type DrawView,
  type Framework,
  CASELOAD_ATTRIBUTES,
  SamplingError,
  attributeLabel,
  attributeValue,
  defaultSettings,
  drawSample,
  readCaseloadCsv,
  refPrefix,
} from '../../core';
import type { ParsedInput } from '../../core';
import { SampleDraws } from '../../db';
import { AppError, type Handlers } from './dispatch';
import type { HandlerContext } from './handlers';

type SamplingHandlers = Pick<Handlers, 'sampling.defaults' | 'sampling.load' | 'sampling.draw' | 'sampling.commit' | 'sampling.list' | 'sampling.eliminate'>;

/** At most this many problems travel to the preview; the count says how many there are in all. */
const ERRORS_SHOWN = 200;
/** Caseloads kept in memory between loading and committing (the newest; a lead builds one at a time). */
const CASELOADS_KEPT = 2;

interface Caseload {
  inspectionId: string;
  rows: CaseloadRow[];
}

/**
 * The sample builder's commands. A caseload is read once and kept in the main process, so each
 * change of settings redraws without sending tens of thousands of rows over IPC again.
 */
export function createSamplingHandlers(ctx: HandlerContext, frameworkOf: (inspectionId: string) => Framework, inspectorName: () => string): SamplingHandlers {
  const { store } = ctx;
  const draws = new SampleDraws(store.db, store);
  const caseloads = new Map<string, Caseload>();

  const caseloadOf = (input: { caseloadId: string; inspectionId: string }): Caseload => {
    const c = caseloads.get(input.caseloadId);
    if (!c || c.inspectionId !== input.inspectionId) throw new AppError('NOT_FOUND', 'The caseload is no longer loaded: choose the caseload file again.');
    return c;
  };

  const draw = (input: ParsedInput<'sampling.draw'>) => {
    const f = frameworkOf(input.inspectionId);
    const sample = f.samples.find((s) => s.id === input.sample);
    if (!sample) throw new AppError('VALIDATION', `${f.id} has no ${input.sample} sample.`, { sample: 'not a sample of this framework' });
    try {
      return { sample, result: drawSample(caseloadOf(input).rows, input.settings, { refPrefix: refPrefix(sample.name), inspectors: input.inspectors, eliminations: input.eliminations }) };
    } catch (e) {
      if (e instanceof SamplingError) throw new AppError('VALIDATION', `The sample cannot be drawn: ${e.message}.`);
      throw e;
    }
  };

  const view = (d: ReturnType<typeof drawSample>): DrawView => ({
    caseload: d.caseload,
    eligible: d.eligible,
    exclusionCounts: d.exclusionCounts,
    size: { population: d.size.population, confidence: d.size.confidence, margin: d.size.margin, z: d.size.z, n0: d.size.n0, n: d.size.n, working: d.size.working },
    n: d.n,
    strata: d.strata.map(({ label, key, population, exact, sample }) => ({ label, key: key as Record<string, string>, population, exact, sample })),
    cases: d.cases.map((c) => ({ ...c, stratum: d.strata[c.stratum]!.label })),
    eliminations: d.eliminations,
    balance: d.balance,
  });

  return {
    'sampling.defaults': ({ inspectionId }) => {
      const insp = store.getInspection(inspectionId);
      const f = frameworkOf(inspectionId);
      const recorded = new Set(draws.list(inspectionId).map((d) => d.sample));
      const cases = store.listCases(inspectionId);
      return {
        settings: defaultSettings(f, insp.fieldworkStart || null, Math.floor(Math.random() * 1_000_000)),
        samples: f.samples.map((s) => ({ id: s.id, name: s.name, drawn: recorded.has(s.id), cases: cases.filter((c) => c.sample === s.id).length })),
        eliminationReasons: f.rules.sampling.eliminationReasons,
        strataChoices: CASELOAD_ATTRIBUTES.map(([attribute]) => ({ attribute, label: attributeLabel(attribute) })),
      };
    },
    'sampling.load': ({ inspectionId, csv }) => {
      store.getInspection(inspectionId);
      const r = readCaseloadCsv(csv);
      const caseloadId = randomUUID();
      if (r.errors.length === 0) {
        caseloads.set(caseloadId, { inspectionId, rows: r.rows });
        while (caseloads.size > CASELOADS_KEPT) caseloads.delete(caseloads.keys().next().value!);
      }
      // One pass over the rows for the start-date range and each attribute's values.
      let first: string | null = null;
      let last: string | null = null;
      const counts = CASELOAD_ATTRIBUTES.map(() => new Map<string, number>());
      for (const row of r.rows) {
        if (first === null || row.startDate < first) first = row.startDate;
        if (last === null || row.startDate > last) last = row.startDate;
        for (let k = 0; k < counts.length; k++) {
          const v = attributeValue(row.attributes, CASELOAD_ATTRIBUTES[k]![0]);
          const m = counts[k]!;
          m.set(v, (m.get(v) ?? 0) + 1);
        }
      }
      return {
        caseloadId,
        rows: r.rows.length,
        errors: r.errors.slice(0, ERRORS_SHOWN),
        errorCount: r.errors.length,
        values: CASELOAD_ATTRIBUTES.map(([attribute], k) => ({
          attribute,
          label: attributeLabel(attribute),
          values: [...counts[k]!].sort((a, b) => b[1] - a[1]).slice(0, 100).map(([value, count]) => ({ value, count })),
        })),
        firstStart: first,
        lastStart: last,
      };
    },
    'sampling.draw': (input) => view(draw(input).result),
    'sampling.commit': (input) => {
      const { sample, result } = draw(input);
      const active = result.cases.filter((c) => c.status === 'sampled');
      if (active.length === 0) throw new AppError('VALIDATION', 'The sample is empty: no eligible case was drawn.');
      const drawId = draws.record(
        {
          inspectionId: input.inspectionId,
          sample: sample.id,
          settings: input.settings,
          inspectors: input.inspectors.filter(Boolean),
          caseloadRows: result.caseload,
          eligible: result.eligible,
          size: result.n,
          drawnBy: inspectorName(),
          eliminations: result.eliminations.map(({ ref, crn, reason, replacementRef }) => ({ ref, crn, reason, replacementRef })),
        },
        active.map((c) => ({ inspectionId: input.inspectionId, ref: c.ref, crn: c.crn, name: c.name, sample: sample.id, assignedInspector: c.assignedInspector, attributes: c.attributes })),
      );
      caseloads.delete(input.caseloadId);
      return { imported: active.length, drawId };
    },
    'sampling.list': ({ inspectionId }) => draws.list(inspectionId),
    'sampling.eliminate': (input) => {
      const record = draws.get(input.drawId);
      if (record.inspectionId !== input.inspectionId) throw new AppError('NOT_FOUND', 'That sample draw belongs to another inspection.');
      if (!record.settings) throw new AppError('VALIDATION', 'The saved draw\'s settings can no longer be read, so no replacement can be drawn for it.');
      const f = frameworkOf(input.inspectionId);
      const sample = f.samples.find((s) => s.id === record.sample);
      if (!sample) throw new AppError('VALIDATION', `${f.id} has no ${record.sample} sample.`);
      const rows = caseloadOf(input).rows;
      const stored = store.listCases(input.inspectionId).filter((c) => c.sample === record.sample);
      const target = stored.find((c) => c.ref === input.ref);
      if (!target) throw new AppError('VALIDATION', `${input.ref} is not in the saved ${sample.name.toLowerCase()} sample.`, { ref: 'not in the sample' });
      const options = { refPrefix: refPrefix(sample.name), inspectors: record.inspectors };
      const prior = record.eliminations.map(({ crn, reason }) => ({ crn, reason }));
      // The same caseload, settings, seed and earlier eliminations must give back the saved sample;
      // only then is the next case in the stratum's line the one this draw would have taken.
      const wrongFile = `This caseload file does not give back the saved sample, so it is not the file the sample was drawn from (${record.caseloadRows.toLocaleString('en-GB')} cases, ${record.eligible.toLocaleString('en-GB')} eligible). Choose that file.`;
      const crnOf = new Map(stored.map((c) => [c.ref, store.getCase(c.id).crn]));
      try {
        const again = drawSample(rows, record.settings, { ...options, eliminations: prior });
        const same = again.caseload === record.caseloadRows && again.eligible === record.eligible && again.cases.every((c) => c.status !== 'sampled' || crnOf.get(c.ref) === c.crn);
        if (!same) throw new AppError('VALIDATION', wrongFile);
      } catch (e) {
        if (e instanceof SamplingError) throw new AppError('VALIDATION', wrongFile);
        throw e;
      }
      const crn = crnOf.get(target.ref)!;
      const full = drawSample(rows, record.settings, { ...options, eliminations: [...prior, { crn, reason: input.reason }] });
      const elimination = full.eliminations.at(-1)!;
      const drawn = elimination.replacementRef ? full.cases.find((c) => c.ref === elimination.replacementRef)! : null;
      draws.eliminate(
        record.id,
        target.id,
        { ref: elimination.ref, crn: elimination.crn, reason: elimination.reason, replacementRef: elimination.replacementRef },
        drawn && { inspectionId: input.inspectionId, ref: drawn.ref, crn: drawn.crn, name: drawn.name, sample: record.sample, assignedInspector: target.assignedInspector, attributes: drawn.attributes },
      );
      return { ref: elimination.ref, replacementRef: elimination.replacementRef, draw: draws.list(input.inspectionId).find((d) => d.id === record.id)! };
    },
  };
}
