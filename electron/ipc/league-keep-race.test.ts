import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FrameworkRegistry, type InspectionFile, allStandards, caseStandards, shippedFrameworks } from '../../core';
import { Store, openDatabase } from '../../db';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

let main: MainProcess;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldwork-race-'));
  main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());
const { ok } = typedClient(() => main.dispatch);
const f = shippedFrameworks().get('crc-2018')!;
const kqs = caseStandards(f, 'case-supervision').flatMap((s) => s.keyQuestions.map((k) => k.id));
const judged = allStandards(f).find((s) => s.ratedBy === 'judgement')!.id;
const file = (id: string, provider: string, date: string): InspectionFile => ({
  format: 'fieldwork-inspection', formatVersion: 1, id, framework: 'crc-2018', frameworkRevision: '2019-07',
  provider: { name: provider, type: 'CRC' },
  inspection: { fieldworkStart: date, fieldworkEnd: date, caseloadSize: 4000, status: 'draft' },
  cases: Array.from({ length: 6 }, (_, i) => ({ ref: `CS-${i}`, sample: 'case-supervision', status: 'in-progress' as const, attributes: { reviewDue: true }, answers: Object.fromEntries(kqs.map((q) => [q, i < 3 ? 'yes' : 'no'])) as Record<string, 'yes' | 'no'>, notes: {} })),
  judgements: {}, overrides: {}, recommendations: [],
});

// Found in review: the league kept an overall result computed before another connection's change, and showed it after.
it('a change committed by another connection while the league rates keeps no stale overall result', async () => {
  const ids: string[] = [];
  for (const [id, p, d] of [['0b7d8e0c-1111-4a2b-9c3d-0000000001a1', 'London CRC', '2019-04-01'], ['0b7d8e0c-1111-4a2b-9c3d-0000000001b2', 'Essex CRC', '2019-05-01']] as const)
    ids.push((await ok('exchange.import', { text: JSON.stringify(file(id, p, d)), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } })).inspectionId);
  // The job thread's connection: its own Store on the same file.
  const other = new Store(openDatabase(join(dir, 'fieldwork.sqlite')), { frameworks: new FrameworkRegistry() });
  other.db.pragma('busy_timeout = 5000');
  const get = FrameworkRegistry.prototype.get;
  let calls = 0;
  const spy = vi.spyOn(FrameworkRegistry.prototype, 'get').mockImplementation(function (this: FrameworkRegistry, id: string, rev?: string) {
    // The second inspection's framework is looked up after the first inspection was read: the other connection commits now.
    if (++calls === 2) for (const i of ids) other.setJudgement(i, judged, 'Outstanding', 'written by the job thread');
    return get.call(this, id, rev);
  });
  await ok('league.table', { includeDrafts: true });
  spy.mockRestore();
  other.db.close();
  const league = await ok('league.table', { includeDrafts: true });
  for (const i of ids) expect(league.find((r) => r.inspectionId === i)!.score).toBe((await ok('inspection.ratings', { inspectionId: i })).overall.score);
});
