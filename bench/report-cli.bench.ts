import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { reportInspectionFile } from '../core/testing/report-inspection';
import { FRAMEWORK, realisticFile } from './fixtures';
import type { Row } from './measure';

const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');

/** Wall time of one whole `fieldwork …` process, as an inspector's command line pays it; milliseconds. */
function timeProcess(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`fieldwork ${args[0]} failed: ${r.stderr}`);
  return ms;
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The draft report of a realistic 150-case inspection (the in-process report benchmark's: every
 * applicable question and prompt answered, notes on every No, a CRN and name per case for the privacy
 * check) with every report text filled (foreword to operating model, figures, each standard's
 * narrative and practice examples, domain 1 notes, addressed recommendations), written by the real CLI,
 * Word and PDF, each a whole process. The floor is the same CLI validating the same file (process
 * start, loading the CLI, reading, parsing and checking the file: what every command on the file pays),
 * measured in the same rounds.
 */
export function reportCliBenchmarks(): (Row & { id: string })[] {
  const dir = mkdtempSync(join(tmpdir(), 'fieldwork-bench-report-'));
  const file = join(dir, 'inspection.fieldwork.json');
  const texts = reportInspectionFile(FRAMEWORK, { filled: true, casesPerSample: 1 });
  const realistic = realisticFile('00000000-0000-4000-8000-000000000150', 'Bench CRC', 150, 7);
  writeFileSync(
    file,
    JSON.stringify({
      ...realistic,
      inspection: { ...realistic.inspection, title: texts.inspection?.title, eligibilityStart: texts.inspection?.eligibilityStart, eligibilityEnd: texts.inspection?.eligibilityEnd },
      reportSections: texts.reportSections,
      contextFacts: texts.contextFacts,
      reportText: texts.reportText,
      judgementNotes: texts.judgementNotes,
      recommendations: texts.recommendations,
    }),
  );
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const commands = {
    floor: ['validate', file],
    docx: ['report', file, '--out', join(dir, 'r.docx'), '--date', '2019-06-30'],
    pdf: ['report', file, '--pdf', join(dir, 'r.pdf'), '--chromium', chromium, '--date', '2019-06-30'],
  };
  // One untimed round first: it warms the file cache, Chromium's files and the CLI's bundle (built
  // once after a source changes). Then the three commands in turn, round after round, so a change in the
  // machine's load falls on all three alike.
  const runs = 7;
  const times = { floor: [] as number[], docx: [] as number[], pdf: [] as number[] };
  for (let i = 0; i <= runs; i++) {
    for (const k of ['floor', 'docx', 'pdf'] as const) {
      const ms = timeProcess(commands[k]);
      if (i > 0) times[k].push(ms);
    }
  }
  const floor = p50(times.floor);
  const docx = p50(times.docx);
  const pdf = p50(times.pdf);
  const spread = (xs: number[]) => `runs ${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))} ms`;
  return [
    { id: 'report.cli.floor.150', name: `fieldwork validate, 150-case inspection: CLI process floor (p50 of ${runs})`, value: floor, unit: 'ms', note: `start, load the CLI, read and check the file; ${spread(times.floor)}` },
    { id: 'report.docx.cli.150', name: `fieldwork report --out .docx, 150-case inspection, whole process (p50 of ${runs})`, value: docx, unit: 'ms', target: '< 2000 ms', met: docx < 2000, note: spread(times.docx) },
    { id: 'report.pdf.cli.150', name: `fieldwork report --pdf, 150-case inspection, whole process (p50 of ${runs})`, value: pdf, unit: 'ms', target: '< 3000 ms', met: pdf < 3000, note: `includes launching Chromium; ${spread(times.pdf)}` },
  ];
}
