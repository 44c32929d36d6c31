// npm run bench: every benchmark the issues name. Prints a table and writes bench/results.json and
// bench/results.md. Targets are reported, never asserted: tests do not time things.
// `npm run bench -- store league` runs only the named sections (results.json is then not rewritten);
// `npm run bench -- --merge store scale` runs them and replaces only their rows in results.json (so the
// long sections can be run one at a time on a shared machine; each row keeps the date it was measured).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { bundleBenchmarks } from './bundle.bench';
import type { Row } from './measure';
import { exchangeBenchmarks } from './exchange.bench';
import { ratingBenchmarks } from './rating.bench';
import { samplingBenchmarks } from './sampling.bench';
import { rendererBenchmarks } from './renderer.bench';
import { reportBenchmarks } from './report.bench';
import { sealBenchmarks } from './seal.bench';
import { reportCliBenchmarks } from './report-cli.bench';
import { storeBenchmarks } from './store.bench';
import { scaleBenchmarks } from './scale.bench';
import { teamBenchmarks, teamStoreBenchmarks } from './team.bench';
import { longWorkBenchmarks } from './long-work.bench';

const root = join(__dirname, '..');

/** Ids the performance issue (#16) names: a run that lacks one says so. */
export const REQUIRED_IDS = [
  'save.p50',
  'save.p99',
  'floor.p50',
  'floor.p99',
  'startup.ready.small',
  'startup.ready.large',
  'league.cold.500',
  'league.warm.500',
  'caselist.first.300',
  'caselist.first.3000',
  'ratings.handler.300',
  'ratings.handler.3000',
  'save.p99.during-report',
];

function fmt(v: number): string {
  return v >= 1000 ? Math.round(v).toLocaleString('en-GB') : v >= 10 ? v.toFixed(1) : v.toFixed(3);
}

async function main() {
  const log = (s: string) => process.stdout.write(`  ${s}\n`);
  const sections: [string, () => Promise<Row[]> | Row[]][] = [
    ['rating', ratingBenchmarks],
    ['store', () => storeBenchmarks(log)],
    ['report', () => reportBenchmarks(log)],
    ['report-cli', reportCliBenchmarks],
    ['exchange', exchangeBenchmarks],
    ['seal', sealBenchmarks],
    ['bundle', () => bundleBenchmarks(root)],
    ['renderer', () => rendererBenchmarks(log)],
    ['sampling', samplingBenchmarks],
    ['scale', () => scaleBenchmarks(log)],
    ['team', teamBenchmarks],
    ['team-store', teamStoreBenchmarks],
    ['long-work', () => longWorkBenchmarks(log)],
  ];
  const merge = process.argv.includes('--merge');
  const only = process.argv.slice(2).filter((a) => a !== '--merge');
  // When and under what load each row was measured (the machine may be shared: the load says how much).
  const rows: (Row & { section: string; measured?: string; load?: string })[] = [];
  for (const [section, run] of sections) {
    if (only.length > 0 && !only.includes(section)) continue;
    process.stdout.write(`running ${section}…\n`);
    const measured = new Date().toISOString();
    const loadBefore = loadavg()[0]!;
    const result = await run();
    const load = `${loadBefore.toFixed(1)}–${loadavg()[0]!.toFixed(1)}`;
    for (const r of result) rows.push({ section, ...r, measured, load });
  }
  if (merge) {
    // The rows of the sections not run now, as they were last measured (rows without an id predate the ids).
    const path = join(root, 'bench', 'results.json');
    const before = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { results: (Row & { section?: string })[] }).results : [];
    // A row measured now replaces its earlier figure even when it moved to another section.
    const now = new Set(rows.map((r) => r.id));
    const kept = before.filter((r): r is Row & { section: string; measured?: string; load?: string } => typeof r.id === 'string' && typeof r.section === 'string' && !only.includes(r.section) && !now.has(r.id));
    rows.unshift(...kept);
  }
  const ids = new Set<string>();
  for (const r of rows) {
    if (ids.has(r.id)) throw new Error(`duplicate benchmark id ${r.id}`);
    ids.add(r.id);
  }
  const machine = `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}`;
  const lines = [
    `| id | benchmark | result | target | met | load average |`,
    `| --- | --- | ---: | --- | --- | --- |`,
    ...rows.map((r) => `| \`${r.id}\` | ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} | ${r.load ?? ''} |`),
  ];
  const md = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n\n${lines.join('\n')}\n`;
  console.log(`\n${md}`);
  if (only.length > 0 && !merge) {
    console.log(`(only ${only.join(', ')}: bench/results.json not rewritten)`);
    return;
  }
  const missing = REQUIRED_IDS.filter((id) => !ids.has(id));
  if (missing.length > 0) console.log(`MISSING benchmark ids: ${missing.join(', ')}`);
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, results: rows }, null, 2)}\n`);
  writeFileSync(join(root, 'bench', 'results.md'), md);
}

void main();
