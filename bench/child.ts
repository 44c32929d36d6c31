// A fresh process for the "cold" benchmarks: nothing cached in memory, the store opened as the app
// opens it. Run by scale.bench.ts as `node --import tsx bench/child.ts <json>`; prints one JSON line.
import { performance } from 'node:perf_hooks';
import { startMainProcess } from '../electron/main-process';

interface Task {
  dataDir: string;
  /** Times of later league.table calls to take (the warm figure). */
  warmRuns: number;
}

async function main() {
  const task = JSON.parse(process.argv[2]!) as Task;
  const t0 = performance.now();
  const app = startMainProcess({ dataDir: task.dataDir, version: 'bench', log: { error: (m, d) => process.stderr.write(`${m} ${String(d)}\n`) } });
  const opened = performance.now();
  // The first screen is the inspections list: ready when its data is.
  const list = await app.dispatch({ command: 'inspection.list', input: {} });
  if (!list.ok) throw new Error(JSON.stringify(list.error));
  const ready = performance.now();
  const l0 = performance.now();
  const first = await app.dispatch({ command: 'league.table', input: {} });
  if (!first.ok) throw new Error(JSON.stringify(first.error));
  const leagueCold = performance.now() - l0;
  const warm: number[] = [];
  for (let i = 0; i < task.warmRuns; i++) {
    const t = performance.now();
    await app.dispatch({ command: 'league.table', input: {} });
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  app.close();
  process.stdout.write(
    `${JSON.stringify({ open: opened - t0, ready: ready - t0, inspections: (list.value as unknown[]).length, leagueCold, leagueWarm: warm[Math.floor(warm.length / 2)] ?? null, rows: (first.value as unknown[]).length })}\n`,
  );
}

void main();
