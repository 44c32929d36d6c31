// npm run bench: every benchmark the issues name. Prints a table and writes bench/results.json and
// bench/results.md. Targets are reported, never asserted: tests do not time things.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { bundleBenchmarks } from './bundle.bench';
import type { Row } from './measure';
import { exchangeBenchmarks } from './exchange.bench';
import { ratingBenchmarks } from './rating.bench';
import { samplingBenchmarks } from './sampling.bench';
import { rendererBenchmarks } from './renderer.bench';
import { reportBenchmarks } from './report.bench';
import { storeBenchmarks } from './store.bench';

const root = join(__dirname, '..');

function fmt(v: number): string {
  return v >= 1000 ? Math.round(v).toLocaleString('en-GB') : v >= 10 ? v.toFixed(1) : v.toFixed(3);
}

async function main() {
  const sections: [string, () => Promise<Row[]> | Row[]][] = [
    ['rating', ratingBenchmarks],
    ['store', storeBenchmarks],
    ['report', reportBenchmarks],
    ['exchange', exchangeBenchmarks],
    ['bundle', () => bundleBenchmarks(root)],
    ['renderer', rendererBenchmarks],
    ['sampling', samplingBenchmarks],
  ];
  const rows: (Row & { section: string })[] = [];
  for (const [section, run] of sections) {
    process.stdout.write(`running ${section}…\n`);
    for (const r of await run()) rows.push({ section, ...r });
  }
  const machine = `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}`;
  const lines = [
    `| benchmark | result | target | met |`,
    `| --- | ---: | --- | --- |`,
    ...rows.map((r) => `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`),
  ];
  const md = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n\n${lines.join('\n')}\n`;
  console.log(`\n${md}`);
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, results: rows }, null, 2)}\n`);
  writeFileSync(join(root, 'bench', 'results.md'), md);
}

void main();
