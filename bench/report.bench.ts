import { chromium } from '@playwright/test';
import { chromiumPathOrExit } from '../cli/find-chromium';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Answer } from '../core';
import { DATABASE_FILE, startMainProcess } from '../electron/main-process';
import { NO_SERVICES } from '../electron/services';
import { startDataHost } from '../electron/data/data-host';
import { reportInputFromFile } from '../core';
import { renderDocx, renderPdf } from '../electron/report/write';
import { FRAMEWORK, cachedStore, copyOfStore, realisticFile } from './fixtures';
import { time, type Row } from './measure';


export async function reportBenchmarks(_log: (s: string) => void): Promise<Row[]> {
  // A realistic 150-case inspection: every applicable key question and prompt answered, notes on every No.
  const file = realisticFile('00000000-0000-4000-8000-000000000150', 'Bench CRC', 150, 7);
  const { input, personal } = reportInputFromFile(file, FRAMEWORK, '2019-06-30');
  const docx = (await time(() => renderDocx(input, personal), 5, 1)).p50;
  const browser = await chromium.launch({ executablePath: chromiumPathOrExit(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const pdf = (
      await time(
      () =>
        renderPdf(input, personal, async (html) => {
          const page = await browser.newPage({ javaScriptEnabled: false });
          await page.setContent(html);
          const bytes = await page.pdf({ format: 'A4', printBackground: true });
          await page.close();
          return bytes;
        }),
        5,
        1,
      )
    ).p50;
    // Saves while a report renders (save.p99.during-report) are measured in the long-work section.
    return [
      { id: 'report.docx.150', name: 'report .docx, 150-case inspection (p50)', value: docx, unit: 'ms', target: '< 2000 ms', met: docx < 2000 },
      { id: 'report.pdf.150', name: 'report PDF, 150-case inspection (p50)', value: pdf, unit: 'ms', target: '< 3000 ms', met: pdf < 3000, note: 'Chromium page.pdf; the app prints in a hidden window' },
    ];
  } finally {
    await browser.close();
  }
}

const NEXT: Record<Answer, Answer> = { yes: 'no', no: 'na', na: 'yes' };
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/**
 * Answer saves while a 150-case report renders over and over (Word export through the real handler),
 * against the same saves with nothing else running, in the same store and run. A save that has to wait
 * behind the report's rendering shows up in the p99.
 */
export async function savesDuringReport(log: (s: string) => void, where: 'worker' | 'in-process'): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-bench-during-'));
  copyOfStore(cachedStore({ inspections: 1, casesPerInspection: 150 }, log), dataDir, DATABASE_FILE);
  const out = join(dataDir, 'report.docx');
  const services = { ...NO_SERVICES, chooseSavePath: async () => out, today: () => '2019-06-30' };
  const local = startMainProcess({ dataDir, user: 'Bench Inspector', version: 'bench', log: { error: () => {} }, services });
  const inspectionId = local.store.listInspections()[0]!.id;
  // The benchmark's inspections are final (published); one being worked on is a draft.
  local.store.setInspectionStatus(inspectionId, 'draft');
  const current = local.store.answersByCase(inspectionId);
  const pairs = local.store
    .listCases(inspectionId)
    .filter((c) => c.sample === 'case-supervision')
    .slice(0, 30)
    .flatMap((c) => ['2.1.1', '2.1.2', '2.2.1', '2.3.1'].map((questionId) => ({ caseId: c.id, questionId, value: (current.get(c.id)?.get(questionId)?.value ?? 'na') as Answer })));
  if (where === 'worker') local.close();
  // As the app runs it: the store in the data worker, reports on its render thread; or all on one thread.
  const app = where === 'worker' ? await startDataHost({ dataDir, version: 'bench', today: '2019-06-30', services, log: { error: (m: string, d?: unknown) => log(`data worker: ${m} ${d instanceof Error ? (d.stack ?? d.message) : JSON.stringify(d)}`) } }) : local;
  try {
    let i = 0;
    const saves = async (n: number) => {
      const times: number[] = [];
      for (let k = 0; k < n; k++) {
        const p = pairs[i++ % pairs.length]!;
        p.value = NEXT[p.value];
        const t = performance.now();
        const r = await app.dispatch({ command: 'case.answer', input: { caseId: p.caseId, questionId: p.questionId, value: p.value } });
        times.push(performance.now() - t);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        // An inspector's keypresses are spaced out; a tight loop would starve the report instead.
        await new Promise((ok) => setTimeout(ok, 2));
      }
      return times;
    };
    await saves(30);
    const quiet = await saves(400);
    let rendering = true;
    let reports = 0;
    const loop = (async () => {
      while (rendering) {
        const r = await app.dispatch({ command: 'report.export', input: { inspectionId, format: 'docx' } });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        reports++;
      }
    })();
    const busy = await saves(400);
    rendering = false;
    await loop;
    const p99 = q(busy, 0.99);
    const sfx = where === 'worker' ? '' : '.in-process';
    const how = where === 'worker' ? 'store in the data worker, report on its render thread (as the app runs)' : 'everything on one thread (before the data worker)';
    return [
      { id: `save.p99.quiet-150${sfx}`, name: `answer save p99, 150-case inspection, nothing else running; ${how}`, value: q(quiet, 0.99), unit: 'ms' },
      { id: `save.p99.during-report${sfx}`, name: `answer save p99 while a 150-case report renders (${reports} Word exports during 400 saves); ${how}`, value: p99, unit: 'ms', target: `≤ 2× save.p99.quiet-150${sfx}`, met: p99 <= 2 * q(quiet, 0.99) },
    ];
  } finally {
    await app.close();
  }
}
