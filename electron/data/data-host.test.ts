import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../core';
import { docxText } from '../report/write';
import { chromium } from 'playwright-core';
import type { PdfPrinter } from '../report/write';
import { CorruptDatabaseError, startMainProcess } from '../main-process';
import { NO_SERVICES } from '../services';
import { type DataHost, startDataHost, startThread } from './data-host';

// The store in a worker thread, exactly as the Electron shell runs it (the shell passes its own dialogs
// and printer; here they are stand-ins). Everything below runs under plain Node.

const hosts: DataHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function host(dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-host-')), services = NO_SERVICES) {
  const errors: unknown[] = [];
  const h = await startDataHost({ dataDir, version: 'test', today: '2019-06-30', services, log: { error: (...a) => errors.push(a) } });
  hosts.push(h);
  // Changes are made by someone: the first start asks for a name.
  expect(await h.dispatch({ command: 'identity.set', input: { name: 'Test Inspector' } })).toMatchObject({ ok: true });
  return { h, errors, dataDir };
}

/** A host on a fresh folder whose real data worker the test can watch or stop (`seen` gets it as it starts). */
function hostWithWorker(seen: (worker: Worker) => void): Promise<DataHost> {
  return startDataHost({
    dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-host-')),
    version: 'test',
    services: NO_SERVICES,
    log: { error: () => {} },
    spawn: (init) => {
      const w = startThread(join(__dirname, 'data-worker.ts'), init);
      seen(w);
      return w as never;
    },
  });
}

async function ok<T>(h: DataHost, command: string, input: unknown): Promise<T> {
  const r = (await h.dispatch({ command, input })) as ApiResult<T>;
  if (!r.ok) throw new Error(`${command}: ${JSON.stringify(r.error)}`);
  return r.value;
}

const CSV = 'sample,sample ref,CRN,name,review due\nCase supervision,CS-1,X1,Alex Person,yes\nCase supervision,CS-2,X2,Sam Person,yes\n';

describe('the data worker: the store and the handlers off the main thread, behind the same contract', () => {
  it('answers commands as the in-process handlers do, on the same file', async () => {
    const { h, dataDir } = await host();
    const insp = await ok<{ id: string }>(h, 'inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    await ok(h, 'case.import', { inspectionId: insp.id, csv: CSV });
    const [c] = await ok<{ id: string }[]>(h, 'case.list', { inspectionId: insp.id });
    await ok(h, 'case.answer', { caseId: c!.id, questionId: '2.1.1', value: 'no' });
    // Validation and errors come back as results, never as thrown exceptions.
    expect(await h.dispatch({ command: 'case.answer', input: { caseId: c!.id, questionId: '9.9.9', value: 'no' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await h.dispatch({ command: 'no.such', input: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const ratings = await ok(h, 'inspection.ratings', { inspectionId: insp.id });
    const list = await ok(h, 'case.list', { inspectionId: insp.id });
    await h.close();
    hosts.length = 0;

    const local = startMainProcess({ dataDir, version: 'test', log: { error: () => {} } });
    // The worker kept its rating summaries in the store: the same answers come back from them.
    try {
      const same = async (command: string, input: unknown) => ((await local.dispatch({ command, input })) as ApiResult<unknown> & { ok: true }).value;
      expect(await same('inspection.ratings', { inspectionId: insp.id })).toEqual(ratings);
      expect(await same('case.list', { inspectionId: insp.id })).toEqual(list);
    } finally {
      local.close();
    }
  });

  it('asks the main thread for dialogs, and renders the report on its own thread', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fieldwork-host-out-')), 'report.docx');
    const asked: string[] = [];
    const { h } = await host(undefined, {
      ...NO_SERVICES,
      chooseSavePath: async (o) => {
        asked.push(o.title);
        return out;
      },
    });
    const insp = await ok<{ id: string }>(h, 'inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    await ok(h, 'case.import', { inspectionId: insp.id, csv: CSV });
    expect(await ok(h, 'report.export', { inspectionId: insp.id, format: 'docx' })).toEqual({ path: out });
    expect(asked).toEqual(['Export the draft report as Word document']);
    expect(await docxText(readFileSync(out))).toContain('Kent CRC');
    expect((await ok<{ html: string }>(h, 'report.preview', { inspectionId: insp.id })).html).toContain('Kent CRC');

    // A report that would contain personal data is refused with its own code, from the thread it was rendered on.
    await ok(h, 'recommendation.set', { inspectionId: insp.id, items: ['Talk to Alex Person about X1.'] });
    expect(await h.dispatch({ command: 'report.export', input: { inspectionId: insp.id, format: 'docx' } })).toMatchObject({ ok: false, error: { code: 'PERSONAL_DATA' } });
    expect(await h.dispatch({ command: 'report.preview', input: { inspectionId: insp.id } })).toMatchObject({ ok: false, error: { code: 'PERSONAL_DATA' } });
  });

  it('keeps answering while a report renders: a save sent after an export started finishes first', async () => {
    let release: (() => void) | null = null;
    const { h } = await host(undefined, {
      ...NO_SERVICES,
      // The dialog waits until the save below has come back: the export is mid-way, the store free.
      chooseSavePath: () => new Promise((ok) => (release = () => ok(null))),
    });
    const insp = await ok<{ id: string }>(h, 'inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    await ok(h, 'case.import', { inspectionId: insp.id, csv: CSV });
    const [c] = await ok<{ id: string }[]>(h, 'case.list', { inspectionId: insp.id });
    const order: string[] = [];
    const exporting = h.dispatch({ command: 'report.export', input: { inspectionId: insp.id, format: 'docx' } }).then(() => order.push('export'));
    while (!release) await new Promise((r) => setTimeout(r, 5));
    await ok(h, 'case.answer', { caseId: c!.id, questionId: '2.1.1', value: 'yes' });
    order.push('save');
    (release as () => void)();
    await exporting;
    expect(order).toEqual(['save', 'export']);
  });

  it('reports a damaged store as the shell expects, and a dead worker as an error rather than a hang', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-host-bad-'));
    writeFileSync(join(dataDir, 'fieldwork.sqlite'), 'this is not a database');
    // A store that is not SQLite, with no backup to offer: refused as the in-process start refuses it.
    await expect(startDataHost({ dataDir, version: 'test', services: NO_SERVICES, log: { error: () => {} } })).rejects.toMatchObject({ code: 'CORRUPT_DATABASE', damage: 'not-sqlite', latestGood: null });
    expect(() => startMainProcess({ dataDir, version: 'test', log: { error: () => {} } })).toThrow(expect.objectContaining({ code: 'CORRUPT_DATABASE', damage: 'not-sqlite' }));

    // A stand-in worker that dies after starting: commands then fail with a message, and never hang.
    let spawned: Worker | null = null;
    const h = await hostWithWorker((w) => {
      spawned = w;
    });
    await ok(h, 'system.ping', {});
    await (spawned as unknown as Worker).terminate();
    const r = await h.dispatch({ command: 'system.ping', input: {} });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(existsSync(h.databasePath)).toBe(true);
  });

  it("moves a large file's text to the data worker as bytes (never a string there): it is checked, refused and imported on the job thread as sent", async () => {
    // A stand-in that records what the main thread posts to the real data worker.
    const posted: unknown[] = [];
    const h = await hostWithWorker((w) => {
      const post = w.postMessage.bind(w);
      w.postMessage = (m: unknown, transfer?: readonly Transferable[]) => {
        posted.push(m);
        post(m, transfer as never);
      };
    });
    hosts.push(h);
    await ok(h, 'identity.set', { name: 'Test Inspector' });
    const cases = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ ref: `${prefix}-${i}`, crn: `X${100000 + i}`, sample: 'case-supervision', status: 'in-progress', answers: { '2.1.1': 'yes' }, notes: {} }));
    const file = (id: string, n: number) =>
      JSON.stringify({ format: 'fieldwork-inspection', formatVersion: 1, id, framework: 'crc-2018', frameworkRevision: '2019-07', provider: { name: 'Moved CRC', type: 'CRC' }, inspection: { fieldworkStart: '2019-04-01', fieldworkEnd: '2019-04-12', status: 'draft' }, cases: cases(n, 'M'), judgements: {} });
    const huge = file('0b7d8e0c-1111-4a2b-9c3d-0000000000f2', 10_001);
    const sent = (command: string) => posted.filter((m): m is { type: 'dispatch'; message: { command: string; input: Record<string, unknown> }; attached?: { field: string; bytes: Uint8Array } } => (m as { type?: string }).type === 'dispatch' && (m as { message: { command: string } }).message.command === command);
    const refused = await h.dispatch({ command: 'exchange.check', input: { text: huge } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('10,001 cases') } });
    // Before: the 1.6 MB text was posted to the data worker as a string.
    const [check] = sent('exchange.check');
    expect(check!.message.input.text).toBe('');
    expect(check!.attached?.field).toBe('text');
    // Moved, not copied: the main thread's bytes are gone once posted.
    expect(check!.attached?.bytes.byteLength).toBe(0);

    const big = file('0b7d8e0c-1111-4a2b-9c3d-0000000000f3', 2_500);
    const imported = await ok<{ inspectionId: string }>(h, 'exchange.import', { text: big, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' }, fileName: 'big.json' });
    expect(sent('exchange.import')[0]!.message.input.text).toBe('');
    expect(await ok<unknown[]>(h, 'case.list', { inspectionId: imported.inspectionId })).toHaveLength(2_500);
    // The import's record names the file by the hash of the text as sent.
    const audit = await ok<{ entries: { what: string; detail?: string }[] }>(h, 'audit.list', { inspectionId: imported.inspectionId });
    expect(JSON.stringify(audit)).toContain('big.json');

    const csv = `sample ref,crn,name\n${Array.from({ length: 9_000 }, (_, i) => `S-${i},Y${100000 + i},Person with a longer name ${i}`).join('\n')}\n`;
    const preview = await ok<{ rows: unknown[] }>(h, 'case.importPreview', { inspectionId: imported.inspectionId, csv });
    expect(preview.rows).toHaveLength(9_000);
    expect(sent('case.importPreview')[0]!.attached?.field).toBe('csv');
    // A text over its command's limit stays a string, so the contract refuses it in words.
    const tooBig = await h.dispatch({ command: 'case.import', input: { inspectionId: imported.inspectionId, csv: 'x'.repeat(5_000_001) } });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(sent('case.import')[0]!.attached).toBeUndefined();
  });

  it("passes on the background integrity check's verdict: none for a good store; damage with the latest good backup, writes then refused", async () => {
    const { h: good } = await host();
    expect(await good.integrity).toBeNull();

    const dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-host-damaged-'));
    const seed = startMainProcess({ dataDir, user: 'Test Inspector', version: 'test', log: { error: () => {} } });
    for (let i = 0; i < 200; i++) await seed.dispatch({ command: 'provider.create', input: { name: `Provider ${i} ${'x'.repeat(150)}`, type: 'CRC' } });
    const backup = await seed.backups.now();
    seed.db.pragma('wal_checkpoint(TRUNCATE)');
    seed.close();
    const path = join(dataDir, 'fieldwork.sqlite');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(statSync(path).size / 2 / 4096) * 4096);
    closeSync(fd);
    const h = await startDataHost({ dataDir, version: 'test', services: NO_SERVICES, log: { error: () => {} } });
    hosts.push(h);
    const damage = await h.integrity;
    expect(damage).toBeInstanceOf(CorruptDatabaseError);
    expect(damage?.latestGood?.name).toBe(backup.name);
    expect(await h.dispatch({ command: 'provider.create', input: { name: 'Lost CRC', type: 'CRC' } })).toMatchObject({ ok: false, error: { code: 'STORE_DAMAGED' } });
  });

  it("checks the printed PDF's own text on the render thread: a name the printer added is refused and no file is written", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fieldwork-host-pdf-')), 'report.pdf');
    // Chromium prints here as Electron's printToPDF does in the app (the main thread's service).
    const real: PdfPrinter = async (html, chrome) => {
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage({ javaScriptEnabled: false });
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', displayHeaderFooter: true, ...chrome });
      } finally {
        await browser.close();
      }
    };
    let addName = true;
    const { h } = await host(undefined, {
      ...NO_SERVICES,
      chooseSavePath: async () => out,
      printToPdf: (html, chrome) => real(html, addName ? { ...chrome, footerTemplate: `${chrome.footerTemplate}<span style="font-size:8px">Alex Person</span>` } : chrome),
    });
    const insp = await ok<{ id: string }>(h, 'inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    await ok(h, 'case.import', { inspectionId: insp.id, csv: CSV });
    expect(await h.dispatch({ command: 'report.export', input: { inspectionId: insp.id, format: 'pdf' } })).toMatchObject({ ok: false, error: { code: 'PERSONAL_DATA' } });
    expect(existsSync(out)).toBe(false);
    addName = false;
    expect(await ok(h, 'report.export', { inspectionId: insp.id, format: 'pdf' })).toEqual({ path: out });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);
});
