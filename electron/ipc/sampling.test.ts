import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCaseloadCsv, sampleSize } from '../../core';
import { caseloadCsv } from '../../core/testing/caseload';
import { exportInspection } from '../../db';
import { serialiseInspection } from '../files/inspection-files';
import { reportInputFromStore } from '../report/from-store';
import { renderHtml } from '../report/write';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

let main: MainProcess;
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-sampling-'));
  main = startMainProcess({ dataDir, user: 'Test Inspector', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());

const { send, ok } = typedClient(() => main.dispatch);
const CASELOAD = caseloadCsv(3000, 21, '2018-06-01');

async function inspection() {
  return ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' });
}

describe('the sample builder through the real handlers and store', () => {
  it('loads a caseload, draws with the framework defaults, eliminates and replaces, and records the draw with the sample', async () => {
    const insp = await inspection();
    const defaults = await ok('sampling.defaults', { inspectionId: insp.id });
    // Framework data: 80% ±5%, window 7 to 6 months before fieldwork, four strata, the reason list.
    expect(defaults.settings).toMatchObject({ confidence: 0.8, margin: 0.05, window: { start: '2018-11-03', end: '2018-12-03' }, strata: ['gender', 'sentenceType', 'roshLevel', 'office'], size: null });
    expect(defaults.eliminationReasons).toContain('transferred out');
    expect(defaults.samples.map((s) => s.id)).toEqual(['case-supervision', 'unpaid-work', 'through-the-gate']);

    const loaded = await ok('sampling.load', { inspectionId: insp.id, csv: CASELOAD });
    expect(loaded).toMatchObject({ rows: 3000, errors: [], errorCount: 0 });
    const settings = { ...defaults.settings, seed: 99, exclusions: [{ attribute: 'sentenceType' as const, value: 'post-sentence supervision' }] };
    const base = { inspectionId: insp.id, caseloadId: loaded.caseloadId, sample: 'case-supervision', settings, eliminations: [], inspectors: ['Ann Ames', 'Bo Berry', 'Cy Cole'] };
    const first = await ok('sampling.draw', base);
    const rows = readCaseloadCsv(CASELOAD).rows.filter((r) => r.startDate >= '2018-11-03' && r.startDate <= '2018-12-03');
    const eligible = rows.filter((r) => r.attributes.sentenceType !== 'post-sentence supervision').length;
    expect(first.eligible).toBe(eligible);
    expect(first.n).toBe(sampleSize(eligible, 0.8, 0.05).n);
    expect(first.exclusionCounts.map((e) => e.reason)).toEqual(['started before 03/11/2018', 'started after 03/12/2018', 'sentence type is post-sentence supervision']);
    expect(first.size.working[2]).toContain(`÷ ${eligible.toLocaleString('en-GB')})⌉`);
    expect(await ok('case.list', { inspectionId: insp.id })).toEqual([]); // drawing writes nothing

    // A case from a stratum with cases to spare, so there is a replacement to draw.
    const victim = first.cases.find((c) => first.strata.some((st) => st.label === c.stratum && st.population > st.sample))!;
    const withElim = { ...base, eliminations: [{ crn: victim.crn, reason: 'transferred out' }] };
    const second = await ok('sampling.draw', withElim);
    const replacement = second.cases.find((c) => c.replaces === victim.ref)!;
    expect(replacement.stratum).toBe(victim.stratum);
    expect(replacement.assignedInspector).toBe(victim.assignedInspector);

    const committed = await ok('sampling.commit', withElim);
    expect(committed.imported).toBe(first.n);
    const cases = await ok('case.list', { inspectionId: insp.id });
    expect(cases.map((c) => c.ref).sort()).toEqual(second.cases.filter((c) => c.status === 'sampled').map((c) => c.ref).sort());
    expect(cases.every((c) => c.sample === 'case-supervision')).toBe(true);
    const per = ['Ann Ames', 'Bo Berry', 'Cy Cole'].map((n) => cases.filter((c) => c.assignedInspector === n).length);
    expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);

    // The draw survives a restart, and the report's Annex 1 states the elimination by ref only.
    main.close();
    main = startMainProcess({ dataDir, user: 'Test Inspector', version: 'test', log: { error: () => {} } });
    const [record] = await ok('sampling.list', { inspectionId: insp.id });
    expect(record).toMatchObject({ sample: 'case-supervision', drawnBy: 'Test Inspector', seed: 99, settings, inspectors: ['Ann Ames', 'Bo Berry', 'Cy Cole'], caseloadRows: 3000, eligible, size: first.n, eliminations: [{ ref: victim.ref, crn: victim.crn, reason: 'transferred out', replacementRef: replacement.ref }] });
    const f = main.store.getInspection(insp.id);
    expect(f.caseCount).toBe(first.n);
    const { input, personal } = reportInputFromStore(main.store, (await import('../../core')).shippedFrameworks().get('crc-2018')!, insp.id, '2019-06-30');
    expect(personal.crns).toContain(victim.crn);
    const html = renderHtml(input, personal).html;
    expect(html).toContain('Cases were eligible for the sample if the sentence or licence started between 3 November 2018 and 3 December 2018.');
    expect(html).toContain(`The case supervision sample of ${first.n} cases was sized for 80% confidence with a margin of error of ±5%`);
    expect(html).toContain('1 sampled case was eliminated and replaced: transferred out.');
    expect(html).not.toContain(victim.crn);

    // A sample is drawn once: a second commit is refused and changes nothing.
    const again = await ok('sampling.load', { inspectionId: insp.id, csv: CASELOAD });
    const refused = await send('sampling.commit', { ...withElim, caseloadId: again.caseloadId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await ok('case.list', { inspectionId: insp.id })).toHaveLength(first.n);
  });

  it('eliminates a case after the sample is saved: the caseload file is checked, the replacement comes from the same stratum and keeps the inspector', async () => {
    const insp = await inspection();
    const defaults = await ok('sampling.defaults', { inspectionId: insp.id });
    const settings = { ...defaults.settings, seed: 7 };
    const loaded = await ok('sampling.load', { inspectionId: insp.id, csv: CASELOAD });
    const base = { inspectionId: insp.id, caseloadId: loaded.caseloadId, sample: 'case-supervision', settings, eliminations: [], inspectors: ['Ann Ames', 'Bo Berry'] };
    const preview = await ok('sampling.draw', base);
    const { drawId } = await ok('sampling.commit', base);
    const before = await ok('case.list', { inspectionId: insp.id });
    // Two victims from strata with cases to spare; the lead reassigned the first one meanwhile.
    const spare = preview.cases.filter((c) => preview.strata.some((st) => st.label === c.stratum && st.population > st.sample + 1));
    const [victim, answered] = [spare[0]!, spare.find((c) => c.stratum !== spare[0]!.stratum) ?? spare[1]!];
    const victimId = before.find((c) => c.ref === victim.ref)!.id;
    main.store.apply([{ entity: 'case', id: victimId, field: 'assignedInspector', value: 'Cy Cole' }]);
    const reassigned = await ok('case.list', { inspectionId: insp.id });

    // Another caseload (a different extract) cannot stand in for the one the sample came from.
    const other = await ok('sampling.load', { inspectionId: insp.id, csv: caseloadCsv(3000, 22, '2018-06-01') });
    const wrong = await send('sampling.eliminate', { inspectionId: insp.id, drawId, caseloadId: other.caseloadId, ref: victim.ref, reason: 'deceased' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('is not the file the sample was drawn from (3,000 cases') } });
    expect(await ok('case.list', { inspectionId: insp.id })).toEqual(reassigned);

    const again = await ok('sampling.load', { inspectionId: insp.id, csv: CASELOAD });
    const done = await ok('sampling.eliminate', { inspectionId: insp.id, drawId, caseloadId: again.caseloadId, ref: victim.ref, reason: 'deceased' });
    // Exactly what the builder would have drawn had the elimination come before saving.
    const expected = await ok('sampling.draw', { ...base, caseloadId: again.caseloadId, eliminations: [{ crn: victim.crn, reason: 'deceased' }] });
    const replacement = expected.cases.find((c) => c.replaces === victim.ref)!;
    expect(done).toMatchObject({ ref: victim.ref, replacementRef: replacement.ref, draw: { eliminations: [{ ref: victim.ref, crn: victim.crn, reason: 'deceased', replacementRef: replacement.ref }] } });
    expect(replacement.stratum).toBe(victim.stratum);
    const after = await ok('case.list', { inspectionId: insp.id });
    expect(after.map((c) => c.ref)).not.toContain(victim.ref);
    expect(after.find((c) => c.ref === replacement.ref)).toMatchObject({ sample: 'case-supervision', assignedInspector: 'Cy Cole' });
    expect(after).toHaveLength(before.length);
    // Both changes are in the change log, with who made them.
    const audit = main.store.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM change_log WHERE entity = 'case' AND field = '$delete'").get()!;
    expect(audit.n).toBe(1);

    // A case with an answer is refused, with the reason, and nothing changes.
    const answeredId = after.find((c) => c.ref === answered.ref)!.id;
    await ok('case.answer', { caseId: answeredId, questionId: '2.1.1', value: 'yes' });
    const refused = await send('sampling.eliminate', { inspectionId: insp.id, drawId, caseloadId: again.caseloadId, ref: answered.ref, reason: 'transferred out' });
    expect(refused).toMatchObject({ ok: false, error: { message: `${answered.ref} has an answer or note recorded, so it cannot be eliminated: clear them on the case first, or keep the case.` } });
    expect((await ok('sampling.list', { inspectionId: insp.id }))[0]!.eliminations).toHaveLength(1);
    expect(await ok('case.list', { inspectionId: insp.id })).toHaveLength(before.length);

    // A second elimination after saving follows the first in the same stratum line, and survives a restart.
    main.close();
    main = startMainProcess({ dataDir, user: 'Test Inspector', version: 'test', log: { error: () => {} } });
    const third = await ok('sampling.load', { inspectionId: insp.id, csv: CASELOAD });
    const second = await ok('sampling.eliminate', { inspectionId: insp.id, drawId, caseloadId: third.caseloadId, ref: replacement.ref, reason: 'transferred out' });
    const expected2 = await ok('sampling.draw', { ...base, caseloadId: third.caseloadId, eliminations: [{ crn: victim.crn, reason: 'deceased' }, { crn: replacement.crn, reason: 'transferred out' }] });
    expect(second.replacementRef).toBe(expected2.cases.find((c) => c.replaces === replacement.ref)!.ref);

    // The draw travels with the inspection: exported, imported into another store, it is the same draw.
    const text = serialiseInspection(exportInspection(main.store, insp.id));
    const elsewhere = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-sampling-')), user: 'Another Inspector', version: 'test', log: { error: () => {} } });
    try {
      const r = await elsewhere.dispatch({ command: 'exchange.import', input: { text, onDuplicate: 'keep-both', provider: { mode: 'auto' } } });
      expect(r.ok).toBe(true);
      const there = await elsewhere.dispatch({ command: 'sampling.list', input: { inspectionId: insp.id } });
      expect(there).toEqual({ ok: true, value: await ok('sampling.list', { inspectionId: insp.id }) });
      const { input, personal } = reportInputFromStore(elsewhere.store, (await import('../../core')).shippedFrameworks().get('crc-2018')!, insp.id, '2019-06-30');
      const html = renderHtml(input, personal).html;
      expect(html).toContain('1 sampled case was eliminated and replaced: deceased.');
      expect(html).toContain('1 sampled case was eliminated and replaced: transferred out.');
    } finally {
      elsewhere.close();
    }
  });

  it('a caseload with bad rows is previewed with its problems and cannot be drawn from', async () => {
    const insp = await inspection();
    const bad = `${CASELOAD.split('\n').slice(0, 5).join('\n')}\nX9,Z,female,,,licence,someday,low,North,no,no,no\n`;
    const loaded = await ok('sampling.load', { inspectionId: insp.id, csv: bad });
    expect(loaded.errorCount).toBeGreaterThan(0);
    expect(loaded.errors[0]).toMatchObject({ line: 6, column: 'start date' });
    const defaults = await ok('sampling.defaults', { inspectionId: insp.id });
    const r = await send('sampling.draw', { inspectionId: insp.id, caseloadId: loaded.caseloadId, sample: 'case-supervision', settings: defaults.settings, eliminations: [], inspectors: [] });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'The caseload is no longer loaded: choose the caseload file again.' } });
  });

  it('refuses bad settings and unknown eliminations with a message, writing nothing', async () => {
    const insp = await inspection();
    const loaded = await ok('sampling.load', { inspectionId: insp.id, csv: CASELOAD });
    const defaults = await ok('sampling.defaults', { inspectionId: insp.id });
    const base = { inspectionId: insp.id, caseloadId: loaded.caseloadId, sample: 'case-supervision', settings: defaults.settings, eliminations: [], inspectors: [] };
    const wrongWindow = await send('sampling.draw', { ...base, settings: { ...defaults.settings, window: { start: '2019-01-01', end: '2018-01-01' } } });
    expect(wrongWindow).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { 'settings.window.end': 'the window cannot end before it starts' } } });
    const unknown = await send('sampling.commit', { ...base, eliminations: [{ crn: 'NOBODY', reason: 'deceased' }] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'The sample cannot be drawn: NOBODY is not in the sample.' } });
    const noSample = await send('sampling.draw', { ...base, sample: 'court-work' });
    expect(noSample).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await ok('case.list', { inspectionId: insp.id })).toEqual([]);
    expect(await ok('sampling.list', { inspectionId: insp.id })).toEqual([]);
  });
});
