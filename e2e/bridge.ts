import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../electron/shell/security';
import { startMainProcess, type MainProcess } from '../electron/main-process';
import type { PdfPrinter } from '../electron/report/write';
import type { MainServices, SaveDialogOptions } from '../electron/services';

// The test-side stand-in for Electron: the built renderer over HTTP, and window.api bridged to the
// real main-process handlers. Used by the specs and by the renderer benchmarks.

export const RENDERER_DIR = resolve(__dirname, '..', 'dist', 'renderer');

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Serves the built renderer over 127.0.0.1 (Chromium refuses module scripts from file://), with the app's CSP header. */
export function serveRenderer(): Promise<Server> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build:renderer` first (npm test does).');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = resolve(RENDERER_DIR, `.${path === '/' ? '/index.html' : path}`);
    if (!file.startsWith(RENDERER_DIR) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** The real main-process handlers on a temporary SQLite file, reopenable to simulate an app restart. */
export class TestBackend {
  main: MainProcess;
  readonly errors: unknown[] = [];
  /** Answers for the next save dialogs, in order; null cancels. Each dialog shown is recorded. */
  readonly saveAnswers: (string | null)[] = [];
  readonly dialogsShown: SaveDialogOptions[] = [];
  readonly openAnswers: (string | null)[] = [];
  /** Answers for the next open dialogs that choose several files; without one, the next of `openAnswers` is chosen alone. */
  readonly openManyAnswers: string[][] = [];
  /** Prints PDFs; a spec that exports PDF sets this (e.g. with Chromium's page.pdf). */
  printToPdf: PdfPrinter = () => Promise.reject(new Error('no PDF printer in this test'));
  readonly services: MainServices = {
    chooseSavePath: async (o) => {
      this.dialogsShown.push(o);
      return this.saveAnswers.shift() ?? null;
    },
    chooseOpenPath: async (o) => {
      this.dialogsShown.push(o);
      return this.openAnswers.shift() ?? null;
    },
    chooseOpenPaths: async (o) => {
      this.dialogsShown.push(o);
      const many = this.openManyAnswers.shift();
      if (many) return many;
      const one = this.openAnswers.shift() ?? null;
      return one === null ? [] : [one];
    },
    printToPdf: (html, chrome) => this.printToPdf(html, chrome),
    today: () => '2019-06-30',
  };
  /** `user`: the name already given on an earlier start; null for a first start (the app asks). */
  constructor(
    readonly dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-e2e-')),
    readonly user: string | null = 'Test Inspector',
  ) {
    this.main = this.start();
  }
  private start(): MainProcess {
    // Long work on the job thread, as the app runs it: this process's loop (the bridge) keeps answering meanwhile.
    return startMainProcess({ dataDir: this.dataDir, ...(this.user ? { user: this.user } : {}), version: '0.0.0-e2e', log: { error: (...a) => this.errors.push(a) }, services: this.services, longWork: 'thread' });
  }
  restart(): void {
    this.main.close();
    this.main = this.start();
  }
  /**
   * A restart after the app stopped part-way through long work, as after a crash: the store is opened
   * again once nothing of the stopped app still writes to it. (A crashed process's locks go with it; here
   * the stopped app's job thread lives on in this process until its last transaction has ended.)
   */
  async restartAfterStop(): Promise<void> {
    this.main.close();
    const probe = new Database(this.main.databasePath);
    try {
      probe.pragma('busy_timeout = 0');
      for (const until = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 50))) {
        try {
          probe.exec('BEGIN IMMEDIATE; ROLLBACK');
          break;
        } catch (e) {
          if (Date.now() > until) throw e;
        }
      }
    } finally {
      probe.close();
    }
    this.main = this.start();
  }
  close(): void {
    this.main.close();
  }
}

/**
 * Bridges `window.api.invoke` to the backend exactly as the preload does: one function, one
 * channel, and only the page's top frame is answered (the shell checks the sender frame too).
 */
export async function connect(page: Page, backend: TestBackend): Promise<void> {
  await page.exposeBinding('__fieldworkInvoke', (source, message: unknown) => {
    if (source.frame !== source.page.mainFrame()) return { ok: false, error: { code: 'FORBIDDEN', message: 'Request refused.' } };
    return backend.main.dispatch(message);
  });
  // A string, not a function: transpilers (tsx for the benchmarks) may add helpers to a function's source.
  await page.addInitScript(`
    (() => {
      const invoke = window.__fieldworkInvoke;
      Object.defineProperty(window, 'api', {
        value: Object.freeze({ invoke: (command, input) => invoke({ command, input }) }),
        writable: false,
        configurable: false,
      });
    })();
  `);
}

