import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { FrameworkRegistry, type ImportCheck, type ImportPreview, type ReportInput } from '../../core';
import { Store, backupNow, openDatabase } from '../../db';
import type { PersonalData } from '../report/privacy';
import type { Backups } from '../main-process';
import type { Jobs } from './jobs';
import {
  type ExportRequest,
  type ImportRequest,
  type JobFailure,
  type JobHooks,
  type ProgressNote,
  type ReportOutput,
  type ReportRequest,
  type SampleRequest,
  fromFailure,
  runExport,
  runCheck,
  runImport,
  runPreview,
  runReport,
  runSample,
  toFailure,
} from './long-work';
import { IN_PROCESS_RENDERER, type ReportRenderer } from './render-thread';
import { takeText, textOf } from './attachments';

// Long work on a thread of its own with its own connection to the store, so the data worker's loop
// stays free: while an import reads, checks and writes 300 cases, a case opens and a save is saved.
// The import's one transaction waits for its write turn (the data worker holds its writes back
// meanwhile: SQLite has one writer); reads on the data worker see the store as it was until it commits.

/** How the handlers run long work: on the job thread in the app, in-process in tests. */
export interface JobRunner {
  check(req: { text: string; passphrase?: string | undefined }): Promise<ImportCheck>;
  import(req: ImportRequest, jobId: string | undefined): Promise<{ inspectionId: string }>;
  /** What a sample CSV would add to an inspection (read and checked against its cases; nothing written). */
  preview(req: SampleRequest): Promise<ImportPreview>;
  /** A sample CSV added to an inspection (read and checked, then one transaction in its write turn). */
  sample(req: SampleRequest, jobId: string | undefined): Promise<{ imported: number; skipped: number; updated: number }>;
  export(req: ExportRequest, jobId: string | undefined): Promise<void>;
  /** The report rendered; `checkPdf` checks the printed PDF against the same data (PDF only). */
  report(req: ReportRequest, jobId: string | undefined): Promise<{ output: ReportOutput; checkPdf(bytes: Uint8Array): Promise<void> }>;
  close(): Promise<void>;
}

const hooksOf = (jobs: Jobs, jobId: string | undefined): JobHooks => ({ progress: (p) => jobs.note(jobId, p), cancelled: () => jobs.cancelled(jobId) });

/** Long work on the store's own connection (blocking this thread while it writes): tests, the CLI. */
export function inProcessJobs(live: () => { store: Store; frameworks: FrameworkRegistry }, jobs: Jobs, render: ReportRenderer, backups?: Backups): JobRunner {
  return {
    check: (req) => runCheck(live().store, live().frameworks, { ...req, text: textOf(req.text) }),
    import: (req, jobId) =>
      jobs.importing(() =>
        runImport(live().store, live().frameworks, { ...req, text: textOf(req.text) }, {
          ...hooksOf(jobs, jobId),
          backup: async () => (backups ? (await backups.now('before-import')).name : null),
          writeTurn: () => jobs.writeTurn(),
        }),
      ),
    preview: async (req) => runPreview(live().store, live().frameworks, { ...req, csv: textOf(req.csv) }),
    sample: (req, jobId) => jobs.importing(() => runSample(live().store, live().frameworks, { ...req, csv: textOf(req.csv) }, { ...hooksOf(jobs, jobId), writeTurn: () => jobs.writeTurn() })),
    export: (req, jobId) => runExport(live().store, req, hooksOf(jobs, jobId)),
    report: async (req, jobId) => {
      const { output, input, personal } = await runReport(live().store, live().frameworks, render, req, hooksOf(jobs, jobId));
      return { output, checkPdf: (bytes) => render.checkPdf(bytes, input, personal) };
    },
    close: async () => {},
  };
}

type Request =
  // `textBytes`: the file's text, moved here as bytes (attachments.ts); the request's own text is then a stand-in.
  | { type: 'check'; id: number; req: { text: string; passphrase?: string | undefined }; textBytes?: Uint8Array }
  | { type: 'import'; id: number; req: ImportRequest; backup: boolean; flag: Int32Array; textBytes?: Uint8Array }
  | { type: 'preview'; id: number; req: SampleRequest; textBytes?: Uint8Array }
  | { type: 'sample'; id: number; req: SampleRequest; flag: Int32Array; textBytes?: Uint8Array }
  | { type: 'export'; id: number; req: ExportRequest; flag: Int32Array }
  | { type: 'report'; id: number; req: ReportRequest; flag: Int32Array }
  | { type: 'check-pdf'; id: number; report: number; bytes: Uint8Array }
  | { type: 'forget'; report: number }
  | { type: 'turn-go'; id: number };
type Reply =
  | { type: 'progress'; id: number; p: ProgressNote }
  | { type: 'turn'; id: number }
  /** The job's transaction has ended (committed or rolled back): the data worker's held writes may go. */
  | { type: 'turn-end'; id: number }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; failure: JobFailure };

interface ThreadInit {
  role: 'jobs';
  databasePath: string;
  nativeBinding?: string;
}

function entry(): string {
  const bundled = join(__dirname, 'job-thread.cjs');
  return existsSync(bundled) ? bundled : join(__dirname, 'job-thread.ts');
}

/** Long work on one job thread (restarted if it stops); each job opens its own connection and closes it. */
export function threadJobs(o: { databasePath: string; nativeBinding?: string; backups: boolean }, jobs: Jobs): JobRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { jobId: string | undefined; ok: (v: unknown) => void; fail: (e: Error) => void; endTurn?: () => void }>();
  const start = (): Worker => {
    const init: ThreadInit = { role: 'jobs', databasePath: o.databasePath, ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}) };
    const file = entry();
    const w = file.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData: init }) : new Worker(file, { workerData: init });
    w.on('message', (m: Reply) => {
      const p = waiting.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return jobs.note(p.jobId, m.p);
      if (m.type === 'turn')
        return void jobs.writeTurn().then((end) => {
          p.endTurn = end;
          w.postMessage({ type: 'turn-go', id: m.id } satisfies Request);
        });
      if (m.type === 'turn-end') {
        p.endTurn?.();
        delete p.endTurn;
        return;
      }
      waiting.delete(m.id);
      if (waiting.size === 0) w.unref();
      // The thread's transaction has ended (committed or rolled back) before it answers.
      p.endTurn?.();
      if (m.type === 'done') p.ok(m.value);
      else p.fail(fromFailure(m.failure));
    });
    const gone = (e: Error) => {
      for (const p of waiting.values()) {
        p.endTurn?.();
        p.fail(e);
      }
      waiting.clear();
      worker = null;
    };
    w.on('error', gone);
    w.on('exit', () => gone(new Error('The job thread stopped.')));
    w.unref();
    return w;
  };
  // Started now, not on first use: loading its code takes a moment, better spent while the window opens.
  worker = start();
  const run = <T>(jobId: string | undefined, make: (id: number) => Request): Promise<T> =>
    new Promise<T>((ok, fail) => {
      const id = nextId++;
      waiting.set(id, { jobId, ok: ok as (v: unknown) => void, fail });
      worker ??= start();
      // Held while work is out (a process with nothing else to do must not end under it), let go when idle.
      worker.ref();
      const m = make(id);
      const moving = 'textBytes' in m ? m.textBytes : undefined;
      worker.postMessage(m, moving ? [moving.buffer as ArrayBuffer] : []);
    });
  /** A file's text that arrived as bytes goes on as them, moved: never a string on this thread. */
  const moved = (text: string) => {
    const t = takeText(text);
    return typeof t === 'string' ? {} : { textBytes: t };
  };
  return {
    check: (req) => run(undefined, (id) => ({ type: 'check', id, req, ...moved(req.text) })),
    // Counted from start to finish: the thread's connection is opened on the store as it is at the start.
    import: (req, jobId) => jobs.importing(() => run(jobId, (id) => ({ type: 'import', id, req, backup: o.backups, flag: jobs.flag(jobId), ...moved(req.text) }))),
    preview: (req) => run(undefined, (id) => ({ type: 'preview', id, req, ...moved(req.csv) })),
    sample: (req, jobId) => jobs.importing(() => run(jobId, (id) => ({ type: 'sample', id, req, flag: jobs.flag(jobId), ...moved(req.csv) }))),
    export: (req, jobId) => run(jobId, (id) => ({ type: 'export', id, req, flag: jobs.flag(jobId) })),
    report: async (req, jobId) => {
      let reportId = 0;
      const output = await run<ReportOutput>(jobId, (id) => {
        reportId = id;
        return { type: 'report', id, req, flag: jobs.flag(jobId) };
      });
      if (output.format === 'docx') return { output, checkPdf: async () => {} };
      return { output, checkPdf: (bytes) => run<void>(jobId, (id) => ({ type: 'check-pdf', id, report: reportId, bytes })) };
    },
    close: async () => {
      await worker?.terminate();
      worker = null;
    },
  };
}

// The thread's side.
if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === 'jobs') {
  const port = parentPort;
  const init = workerData as ThreadInit;
  const native = init.nativeBinding ? { nativeBinding: init.nativeBinding } : {};
  const frameworks = new FrameworkRegistry();
  const reply = (r: Reply) => port.postMessage(r);
  const turns = new Map<number, () => void>();
  // What a PDF's printed text is checked against, kept until the check (or until the export gives up).
  const reports = new Map<number, { input: ReportInput; personal: PersonalData }>();
  const hooks = (id: number, flag: Int32Array): JobHooks => {
    let last = 0;
    let lastPhase = '';
    return {
      // At most ten notes a second: each is a message the data worker handles between commands.
      progress: (p) => {
        const now = Date.now();
        if (p.phase === lastPhase && now - last < 100 && p.done !== p.total) return;
        last = now;
        lastPhase = p.phase;
        reply({ type: 'progress', id, p });
      },
      cancelled: () => Atomics.load(flag, 0) === 1,
    };
  };
  const withStore = async <T>(run: (store: Store) => Promise<T>): Promise<T> => {
    const db = openDatabase(init.databasePath, native);
    // The data worker's checkpoint thread copies the WAL in (db/checkpoints.ts): an import's commit here
    // must not do it itself inside the job.
    db.pragma('wal_autocheckpoint = 0');
    try {
      return await run(new Store(db, { frameworks }));
    } finally {
      db.close();
    }
  };
  /** Asks the data worker for a write turn; the turn ends when the job ends it (an import takes several), or answers. */
  const turnOf = (id: number) => () =>
    new Promise<() => void>((ok) => {
      turns.set(id, () => ok(() => reply({ type: 'turn-end', id })));
      reply({ type: 'turn', id });
    });
  const answer = (id: number, work: Promise<unknown>) =>
    work.then(
      (value) => reply({ type: 'done', id, value }),
      (e: unknown) => reply({ type: 'failed', id, failure: toFailure(e) }),
    );
  port.on('message', (m: Request) => {
    switch (m.type) {
      case 'turn-go':
        turns.get(m.id)?.();
        turns.delete(m.id);
        return;
      case 'import':
        void answer(
          m.id,
          withStore((store) =>
            runImport(store, frameworks, { ...m.req, text: m.textBytes ? textOf(m.textBytes) : m.req.text }, {
              ...hooks(m.id, m.flag),
              backup: async () => (m.backup ? (await backupNow(store.db, dirname(init.databasePath), 'before-import', new Date(), native)).name : null),
              writeTurn: turnOf(m.id),
            }),
          ),
        );
        return;
      case 'sample':
        void answer(m.id, withStore((store) => runSample(store, frameworks, { ...m.req, csv: m.textBytes ? textOf(m.textBytes) : m.req.csv }, { ...hooks(m.id, m.flag), writeTurn: turnOf(m.id) })));
        return;
      case 'check':
        void answer(m.id, withStore((store) => runCheck(store, frameworks, { ...m.req, text: m.textBytes ? textOf(m.textBytes) : m.req.text })));
        return;
      case 'preview':
        void answer(m.id, withStore(async (store) => runPreview(store, frameworks, { ...m.req, csv: m.textBytes ? textOf(m.textBytes) : m.req.csv })));
        return;
      case 'export':
        void answer(m.id, withStore((store) => runExport(store, m.req, hooks(m.id, m.flag))));
        return;
      case 'report':
        void answer(
          m.id,
          withStore(async (store) => {
            const { output, input, personal } = await runReport(store, frameworks, IN_PROCESS_RENDERER, m.req, hooks(m.id, m.flag));
            // One PDF is printed at a time: an earlier report whose printing failed is not checked any more.
            reports.clear();
            if (output.format === 'html') reports.set(m.id, { input, personal });
            return output;
          }),
        );
        return;
      case 'check-pdf': {
        const kept = reports.get(m.report);
        reports.delete(m.report);
        void answer(m.id, kept ? IN_PROCESS_RENDERER.checkPdf(m.bytes, kept.input, kept.personal) : Promise.reject(new Error('The report to check is no longer known.')));
        return;
      }
      case 'forget':
        reports.delete(m.report);
        return;
    }
  });
}
