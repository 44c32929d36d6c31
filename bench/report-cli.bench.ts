import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { reportInspectionFile } from '../core/testing/report-inspection';
import { FRAMEWORK, realisticFile } from './fixtures';
import type { Row } from './measure';

const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');

/** Wall time of whole `fieldwork …` processes, as an inspector's command line pays it; milliseconds. */
function timeProcess(args: string[], runs: number): { p50: number; min: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`fieldwork ${args[0]} failed: ${r.stderr}`);
    if (i > 0) samples.push(ms); // the first run warms the file cache and tsx's compile cache
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)]!, min: samples[0]! };
}

/**
 * The draft report of a realistic 150-case inspection (the in-process report benchmark's: every
 * applicable question and prompt answered, notes on every No, a CRN and name per case for the privacy
 * check) with every report text filled (foreword to operating model, figures, each standard's
 * narrative and practice examples, domain 1 notes, addressed recommendations), written by the real CLI,
 * Word and PDF, each a whole process. The floor is the same CLI validating the same file: process
 * start, compile-on-load and parsing, measured in this run.
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
  const runs = 5;
  const floor = timeProcess(['validate', file], runs);
  const docx = timeProcess(['report', file, '--out', join(dir, 'r.docx'), '--date', '2019-06-30'], runs);
  const pdf = timeProcess(['report', file, '--pdf', join(dir, 'r.pdf'), '--chromium', chromium, '--date', '2019-06-30'], runs);
  return [
    { id: 'report.cli.floor.150', name: 'fieldwork validate, 150-case inspection: CLI process floor (p50)', value: floor.p50, unit: 'ms' },
    { id: 'report.docx.cli.150', name: 'fieldwork report --out .docx, 150-case inspection, whole process (p50)', value: docx.p50, unit: 'ms', target: '< 2000 ms', met: docx.p50 < 2000 },
    { id: 'report.pdf.cli.150', name: 'fieldwork report --pdf, 150-case inspection, whole process (p50)', value: pdf.p50, unit: 'ms', target: '< 3000 ms', met: pdf.p50 < 3000, note: 'includes launching Chromium' },
  ];
}
