import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { type PageChrome, type ReportInput, pdfPageChrome } from '../../core';
import { pdfText } from '../report/pdf-text';
import { PersonalDataError, type PersonalData, checkReport } from '../report/privacy';
import { renderDocx, renderHtml } from '../report/write';

// Report rendering on its own thread. The data worker owns the store; if it also rendered a 150-case
// report (hundreds of milliseconds of synchronous work), every save behind it would wait that long.

/** How the handlers render reports: in-process by default, on a render thread in the data worker. */
export interface ReportRenderer {
  docx(input: ReportInput, personal: PersonalData): Promise<{ bytes: Uint8Array }>;
  /** The checked HTML, and the page chrome a PDF printer puts around it. */
  html(input: ReportInput, personal: PersonalData): Promise<{ html: string; chrome: PageChrome }>;
  /** Checks the printed PDF's own text and properties (the printer lays text out anew); rejects with PersonalDataError. */
  checkPdf(bytes: Uint8Array, input: ReportInput, personal: PersonalData): Promise<void>;
}

export const IN_PROCESS_RENDERER: ReportRenderer = {
  docx: (input, personal) => renderDocx(input, personal),
  html: async (input, personal) => {
    const { model, html } = renderHtml(input, personal);
    return { html, chrome: pdfPageChrome(model) };
  },
  checkPdf: async (bytes, input, personal) => checkReport(await pdfText(bytes), input, personal),
};

type Request = { id: number; kind: 'docx' | 'html' | 'check-pdf'; input: ReportInput; personal: PersonalData; bytes?: Uint8Array };
type Response = { id: number; ok: true; bytes?: Uint8Array; html?: string; chrome?: PageChrome } | { id: number; ok: false; found?: string[]; message: string };

function entry(): string {
  const bundled = join(__dirname, 'render-thread.cjs');
  return existsSync(bundled) ? bundled : join(__dirname, 'render-thread.ts');
}

/** A renderer backed by one long-lived worker thread, started on first use; `close` ends it. */
export function threadRenderer(): ReportRenderer & { close(): Promise<void> } {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { ok: (r: Response & { ok: true }) => void; fail: (e: Error) => void }>();
  const start = (): Worker => {
    const file = entry();
    const w = file.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData: { role: 'render' } }) : new Worker(file, { workerData: { role: 'render' } });
    w.on('message', (r: Response) => {
      const p = waiting.get(r.id);
      waiting.delete(r.id);
      if (!p) return;
      if (r.ok) p.ok(r);
      else p.fail(r.found ? new PersonalDataError(r.found) : new Error(r.message));
    });
    const gone = (e: Error) => {
      for (const p of waiting.values()) p.fail(e);
      waiting.clear();
      worker = null;
    };
    w.on('error', gone);
    w.on('exit', () => gone(new Error('The report renderer stopped.')));
    w.unref();
    return w;
  };
  const run = (kind: Request['kind'], input: ReportInput, personal: PersonalData, bytes?: Uint8Array) =>
    new Promise<Response & { ok: true }>((ok, fail) => {
      const id = nextId++;
      waiting.set(id, { ok, fail });
      (worker ??= start()).postMessage({ id, kind, input, personal, ...(bytes ? { bytes } : {}) } satisfies Request);
    });
  return {
    docx: async (input, personal) => ({ bytes: (await run('docx', input, personal)).bytes! }),
    html: async (input, personal) => {
      const r = await run('html', input, personal);
      return { html: r.html!, chrome: r.chrome! };
    },
    checkPdf: async (bytes, input, personal) => void (await run('check-pdf', input, personal, bytes)),
    close: async () => {
      await worker?.terminate();
      worker = null;
    },
  };
}

// The thread's side: render what is asked, report a refusal for personal data as such.
if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === 'render') {
  const port = parentPort;
  port.on('message', (m: Request) => {
    const reply = (r: Response, transfer?: ArrayBuffer[]) => port.postMessage(r, transfer);
    Promise.resolve()
      .then(async () =>
        m.kind === 'docx'
          ? { bytes: (await renderDocx(m.input, m.personal)).bytes }
          : m.kind === 'html'
            ? IN_PROCESS_RENDERER.html(m.input, m.personal)
            : IN_PROCESS_RENDERER.checkPdf(m.bytes!, m.input, m.personal).then(() => ({})),
      )
      .then(
      (r) => reply({ id: m.id, ok: true, ...r }),
      (e: unknown) => reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e), ...(e instanceof PersonalDataError ? { found: e.found } : {}) }),
    );
  });
}
