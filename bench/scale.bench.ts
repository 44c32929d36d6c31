import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { rateInspection } from '../core';
import { DATABASE_FILE, startMainProcess } from '../electron/main-process';
import { FRAMEWORK, cachedStore, copyOfStore, type StoreSpec } from './fixtures';
import { time, type Row } from './measure';

interface ChildResult {
  open: number;
  ready: number;
  inspections: number;
  leagueCold: number;
  leagueWarm: number | null;
  rows: number;
}

const root = join(__dirname, '..');

/** Opens the store in a fresh Node process (nothing in memory), as the app does at start. */
function fresh(dataDir: string, warmRuns: number): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'child.ts'), JSON.stringify({ dataDir, warmRuns })], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
}

const mb = (path: string) => statSync(path).size / 2 ** 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Start-up with a small and a large store: each the median of three fresh processes. */
function startup(spec: StoreSpec, log: (s: string) => void): { ready: number; size: number } {
  const path = cachedStore(spec, log);
  fresh(dirname(path), 0); // once untimed, so the OS file cache is in the same state for both sizes
  return { ready: median([0, 1, 2].map(() => fresh(dirname(path), 0).ready)), size: mb(path) };
}

/** The league table over N inspections: cold in a fresh process (after one earlier run, as on any later start), warm in the same one. */
function league(spec: StoreSpec, log: (s: string) => void): { cold: number; warm: number; ready: number; size: number } {
  const path = cachedStore(spec, log);
  fresh(dirname(path), 0);
  const runs = [0, 1, 2].map(() => fresh(dirname(path), 9));
  return { cold: median(runs.map((r) => r.leagueCold)), warm: median(runs.map((r) => r.leagueWarm!)), ready: median(runs.map((r) => r.ready)), size: mb(path) };
}

/** Handlers over one inspection of `cases` cases: ratings (handler and engine alone), the case list, a case. */
async function perInspection(cases: number, log: (s: string) => void) {
  const source = cachedStore({ inspections: 1, casesPerInspection: cases }, log);
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-bench-scale-'));
  copyOfStore(source, dataDir, DATABASE_FILE);
  const app = startMainProcess({ dataDir, version: 'bench', log: { error: () => {} } });
  try {
    const inspectionId = app.store.listInspections()[0]!.id;
    const call = async (command: string, input: unknown) => {
      const r = await app.dispatch({ command, input });
      if (!r.ok) throw new Error(`${command}: ${JSON.stringify(r.error)}`);
    };
    // The first call after a start reads every answer into the index the engine uses; each later call
    // here follows a save (an answer changed, as while an inspector works with the ratings open), so
    // it pays for bringing the index up to date as well as for the engine.
    const t0 = performance.now();
    await call('inspection.ratings', { inspectionId });
    const first = performance.now() - t0;
    app.store.setInspectionStatus(inspectionId, 'draft');
    const editable = app.store.listCases(inspectionId).filter((c) => c.sample === 'case-supervision');
    let n = 0;
    const afterSave = async () => {
      const c = editable[n++ % editable.length]!;
      const next = app.store.answersByCase(inspectionId).get(c.id)?.get('2.1.1')?.value === 'yes' ? 'no' : 'yes';
      await call('case.answer', { caseId: c.id, questionId: '2.1.1', value: next });
      const t = performance.now();
      await call('inspection.ratings', { inspectionId });
      return performance.now() - t;
    };
    const samples: number[] = [];
    for (let i = 0; i < 18; i++) samples.push(await afterSave());
    const handler = { p50: samples.slice(3).sort((a, b) => a - b)[7]! };
    const input = app.store.inspectionInput(inspectionId);
    const engine = await time(() => rateInspection(FRAMEWORK, input), 15, 3);
    const list = await time(() => call('case.list', { inspectionId }), 15, 3);
    const caseId = app.store.listCases(inspectionId)[Math.floor(cases / 2)]!.id;
    const get = await time(() => call('case.get', { caseId }), 50, 5);
    return { first, handler: handler.p50, engine: engine.p50, list: list.p50, get: get.p50 };
  } finally {
    app.close();
    // A private copy (233 MB at 3,000 cases): not left behind in the temp dir.
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The scale section: each cost at a small and a large size, with its growth ratio. A cost that is
 * flat in the data stays near 1×; one that grows with the data grows with the size ratio.
 */
export async function scaleBenchmarks(log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const grow = (id: string, name: string, small: number, large: number, sizeRatio: number, target?: { max: number; text: string }) =>
    rows.push({
      id,
      name: `${name}: growth (${sizeRatio}× the data)`,
      value: large / small,
      unit: '×',
      ...(target ? { target: target.text, met: large / small <= target.max } : {}),
    });

  // Start-up: an 8 MB store (one realistic inspection of 110 cases with its change log) and one of at
  // least 500 MB: the league's 500 inspections of 150 realistic cases (about 5.5 GB with every case's
  // change log; built once by copying imported templates in SQL, see bench/fixtures.ts). LEAGUE_CASES
  // sets fewer cases per inspection for a quicker run (the README's figures use the default).
  const small = startup({ inspections: 1, casesPerInspection: 110 }, log);
  const leagueCases = Number(process.env.LEAGUE_CASES ?? 150);
  const large = league({ inspections: 500, casesPerInspection: leagueCases }, log);
  rows.push(
    { id: 'startup.ready.small', name: `start-up to the first screen's data, ${small.size.toFixed(0)} MB store (fresh process, median of 3)`, value: small.ready, unit: 'ms' },
    { id: 'startup.ready.large', name: `start-up to the first screen's data, ${large.size.toFixed(0)} MB store (fresh process, median of 3)`, value: large.ready, unit: 'ms', target: '≤ 2× startup.ready.small', met: large.ready <= 2 * small.ready },
    { id: 'league.cold.500', name: `league table, 500 inspections × ${leagueCases} realistic cases (${large.size.toFixed(0)} MB): first call in a fresh process`, value: large.cold, unit: 'ms', target: '≤ 3× league.warm.500 and < 200 ms', met: large.cold <= 3 * large.warm && large.cold < 200 },
    { id: 'league.warm.500', name: `league table, 500 inspections × ${leagueCases} realistic cases: later calls in the same process (p50)`, value: large.warm, unit: 'ms' },
  );

  // 300 → 3,000 cases in one inspection.
  const c300 = await perInspection(300, log);
  const c3000 = await perInspection(3000, log);
  rows.push(
    { id: 'ratings.handler.300', name: 'inspection.ratings handler, 300 realistic cases, each call after a save (p50)', value: c300.handler, unit: 'ms' },
    { id: 'ratings.handler.3000', name: 'inspection.ratings handler, 3,000 realistic cases, each call after a save (p50)', value: c3000.handler, unit: 'ms', target: '< 100 ms', met: c3000.handler < 100 },
    { id: 'ratings.handler.first.3000', name: 'inspection.ratings handler, 3,000 realistic cases, first call after a start (reads every answer)', value: c3000.first, unit: 'ms' },
    { id: 'ratings.engine.3000', name: 'rating engine alone, 3,000 cases (p50)', value: c3000.engine, unit: 'ms' },
    { id: 'ratings.handler-over-engine.3000', name: 'inspection.ratings handler ÷ engine alone, 3,000 cases', value: c3000.handler / c3000.engine, unit: '×' },
    { id: 'caselist.handler.300', name: 'case.list handler, 300 cases (p50)', value: c300.list, unit: 'ms' },
    { id: 'caselist.handler.3000', name: 'case.list handler, 3,000 cases (p50)', value: c3000.list, unit: 'ms' },
    { id: 'caseget.handler.3000', name: 'case.get handler in an inspection of 3,000 cases (p50)', value: c3000.get, unit: 'ms' },
  );
  grow('scale.cases.ratings', 'inspection.ratings, 300 → 3,000 cases', c300.handler, c3000.handler, 10);
  grow('scale.cases.caselist', 'case.list handler, 300 → 3,000 cases', c300.list, c3000.list, 10);
  grow('scale.cases.caseget', 'case.get, 300 → 3,000 cases', c300.get, c3000.get, 10, { max: 2, text: '≤ 2× (flat)' });

  // 10 → 2,000 inspections. The 2,000 have 6 realistic cases each rather than 150, so that the store
  // (about 1 GB with every case's change log) builds in minutes; the league's cost is per inspection
  // once summaries are kept in the store, whatever the cases.
  const i10 = league({ inspections: 10, casesPerInspection: 6 }, log);
  const i2000 = league({ inspections: 2000, casesPerInspection: 6 }, log);
  rows.push(
    { id: 'league.cold.10', name: 'league table, 10 inspections × 6 cases: first call in a fresh process', value: i10.cold, unit: 'ms' },
    { id: 'league.cold.2000', name: `league table, 2,000 inspections × 6 cases (${i2000.size.toFixed(0)} MB): first call in a fresh process`, value: i2000.cold, unit: 'ms' },
    { id: 'league.warm.2000', name: 'league table, 2,000 inspections: later calls (p50)', value: i2000.warm, unit: 'ms' },
    { id: 'startup.ready.2000', name: `start-up to the first screen's data, 2,000 inspections (${i2000.size.toFixed(0)} MB)`, value: i2000.ready, unit: 'ms' },
  );
  grow('scale.inspections.league-cold', 'league table (cold), 10 → 2,000 inspections', i10.cold, i2000.cold, 200);
  grow('scale.inspections.startup', 'start-up to first screen, 10 → 2,000 inspections', i10.ready, i2000.ready, 200, { max: 2, text: '≤ 2× (flat)' });
  return rows;
}
