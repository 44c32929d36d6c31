import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { PdfPrinter } from '../electron/report/write';
import { PDF_OPTIONS } from './chromium-printer';

/**
 * The command line's PDF printer: Chromium driven over its DevTools pipe (--remote-debugging-pipe), as
 * Playwright drives it, with the few protocol calls printing needs and the page options Playwright's
 * page.pdf would send for PDF_OPTIONS. Playwright's client is a third of a second of CPU to load, more
 * than the rest of printing; the tests keep Playwright's page.pdf as the reference the pages are
 * compared with (cli/report-pdf.test.ts).
 */

/** Playwright's launch switches for headless Chromium (chromiumSwitches, headless, pipe), less those for other browsers. */
const SWITCHES = [
  '--disable-field-trial-config',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-back-forward-cache',
  '--disable-breakpad',
  '--disable-component-extensions-with-background-pages',
  '--disable-component-update',
  '--no-default-browser-check',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  // Playwright's, then the browser's own pages a printer never shows: the omnibox popups (web pages
  // preloaded, each in a renderer of its own, as soon as a page opens: about half a second of CPU
  // competing with the print), other preloaded browser pages and the spare renderer kept for a next page.
  '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI,SpareRendererForSitePerProcess',
  '--allow-pre-commit-input',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--force-color-profile=srgb',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--no-service-autorun',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--headless',
  '--hide-scrollbars',
  '--mute-audio',
  '--blink-settings=primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4',
  '--no-sandbox',
  '--disable-gpu',
  '--remote-debugging-pipe',
  '--no-startup-window',
];

/** Playwright's default font families on Linux (it sets them on every page), so generic families print alike. */
const LINUX_FONTS = { fontFamilies: { standard: 'Times New Roman', fixed: 'Monospace', serif: 'Times New Roman', sansSerif: 'Arial', cursive: 'Comic Sans MS', fantasy: 'Impact' } };

/** Paper and margins in inches, converted as Playwright's page.pdf converts them (96 px an inch, 3.78 px a mm). */
const inches = (mm: string) => (Number(mm.replace(/mm$/, '')) * 3.78) / 96;
const A4 = { width: 8.27, height: 11.7 };

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

class Pipe {
  private nextId = 0;
  private buffer = '';
  private readonly waiting = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: Message) => void>();
  private closedWith: Error | null = null;

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
        const m = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        const w = m.id === undefined ? undefined : this.waiting.get(m.id);
        if (w) {
          this.waiting.delete(m.id!);
          if (m.error) w.reject(new Error(`Chromium: ${m.error.message}`));
          else w.resolve(m.result ?? {});
        } else for (const l of this.listeners) l(m);
      }
    });
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: Record<string, unknown>) => void, reject });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) })}\0`);
    });
  }

  on(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(error: Error): void {
    this.closedWith ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}

interface Browser {
  process: ChildProcess;
  pipe: Pipe;
  profile: string;
}

async function launch(executablePath: string, tempDir: string): Promise<Browser> {
  const profile = mkdtempSync(join(tempDir, 'fieldwork-chromium-'));
  const child = spawn(executablePath, [...SWITCHES, `--user-data-dir=${profile}`], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    stderr = (stderr + s).slice(-4000);
  });
  const pipe = new Pipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const failed = (why: string) => new Error(`Chromium (${executablePath}) ${why}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`);
  child.on('error', (e) => pipe.close(failed(`could not start: ${e.message}`)));
  child.on('exit', (code, signal) => pipe.close(failed(`ended (${signal ?? `exit code ${code}`})`)));
  (child.stdio[3] as Writable).on('error', () => undefined);
  const browser = { process: child, pipe, profile };
  try {
    await pipe.send('Browser.getVersion');
  } catch (e) {
    await close(browser);
    throw e;
  }
  return browser;
}

async function close(b: Browser): Promise<void> {
  if (b.process.exitCode === null && b.process.signalCode === null) {
    const exited = new Promise<void>((resolve) => b.process.once('exit', () => resolve()));
    b.pipe.send('Browser.close').catch(() => undefined);
    // A browser that does not end when asked is ended.
    const timer = setTimeout(() => b.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  for (const s of b.process.stdio) s?.destroy();
  await rm(b.profile, { recursive: true, force: true, maxRetries: 3 });
}

/** A fresh page (its own browser context) made ready to print: offline, no JavaScript, Playwright's fonts. */
interface Page {
  browserContextId: string;
  frameId: string;
  send: <T = Record<string, unknown>>(method: string, params?: Record<string, unknown>) => Promise<T>;
  on: (listener: (m: Message) => void) => () => void;
  /** Stops refusing its requests and disposes of its context; safe to call more than once. */
  dispose: () => Promise<void>;
}

async function openPage(b: Browser): Promise<Page> {
  const { pipe } = b;
  const { browserContextId } = await pipe.send<{ browserContextId: string }>('Target.createBrowserContext', { disposeOnDetach: true });
  let stopBlocking: () => void = () => undefined;
  let disposed: Promise<void> | undefined;
  const dispose = () =>
    (disposed ??= (async () => {
      stopBlocking();
      await pipe.send('Target.disposeBrowserContext', { browserContextId }).catch(() => undefined);
    })());
  try {
    const { targetId } = await pipe.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await pipe.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const send = <T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}) => pipe.send<T>(method, params, sessionId);
    // Offline: every request the page would make fails (the report needs none); no JavaScript runs.
    stopBlocking = pipe.on((m) => {
      if (m.sessionId === sessionId && m.method === 'Fetch.requestPaused') send('Fetch.failRequest', { requestId: m.params!.requestId, errorReason: 'Failed' }).catch(() => undefined);
    });
    await Promise.all([
      send('Page.enable'),
      send('Fetch.enable', { patterns: [{ urlPattern: '*' }] }),
      send('Emulation.setScriptExecutionDisabled', { value: true }),
      process.platform === 'linux' ? send('Page.setFontFamilies', LINUX_FONTS) : undefined,
    ]);
    const { frameTree } = await send<{ frameTree: { frame: { id: string } } }>('Page.getFrameTree');
    const on = (listener: (m: Message) => void) => pipe.on((m) => m.sessionId === sessionId && listener(m));
    return { browserContextId, frameId: frameTree.frame.id, send, on, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

async function printOn(page: Page, html: string, chrome: Parameters<PdfPrinter>[1]): Promise<Uint8Array> {
  const loaded = new Promise<void>((resolve) => {
    const off = page.on((m) => {
      if (m.method === 'Page.loadEventFired') {
        off();
        resolve();
      }
    });
  });
  await page.send('Page.setDocumentContent', { frameId: page.frameId, html });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([loaded, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('Chromium did not finish loading the report in 60 s')), 60_000)))]).finally(() => clearTimeout(timer));
  const { margin } = PDF_OPTIONS;
  const { data } = await page.send<{ data: string }>('Page.printToPDF', {
    landscape: false,
    displayHeaderFooter: PDF_OPTIONS.displayHeaderFooter,
    headerTemplate: chrome.headerTemplate,
    footerTemplate: chrome.footerTemplate,
    printBackground: PDF_OPTIONS.printBackground,
    scale: 1,
    paperWidth: A4.width,
    paperHeight: A4.height,
    marginTop: inches(margin.top),
    marginBottom: inches(margin.bottom),
    marginLeft: inches(margin.left),
    marginRight: inches(margin.right),
    pageRanges: '',
    preferCSSPageSize: false,
    generateTaggedPDF: PDF_OPTIONS.tagged,
    generateDocumentOutline: PDF_OPTIONS.outline,
  });
  return new Uint8Array(Buffer.from(data, 'base64'));
}

export interface StartedPrinter {
  print: PdfPrinter;
  /** Resolves once the browser is up with the page it will print on open (rejects if it could not start). */
  ready: () => Promise<void>;
  /** Closes the browser (and removes its profile folder), printed or not; safe to call more than once. */
  close: () => Promise<void>;
}

/**
 * Starts launching Chromium now and prints with it later: the command line starts the browser, and opens
 * the page it will print on (a new renderer process: half a second or more on a busy machine), before it
 * reads and checks the inspection, so both overlap that work. Nothing reaches the browser until the
 * report's HTML has passed the personal-data check; a second print opens another page (unless `once`).
 */
export function startChromiumPrinter(
  executablePath: string,
  options: {
    /** Where its browser profile folder goes (the OS temp folder). */ tempDir?: string;
    /**
     * One print only (the command line's): the browser starts closing as soon as the PDF is back, so its
     * shutdown (and the removal of its profile folder) overlaps the check of the PDF's text.
     */
    once?: boolean;
  } = {},
): StartedPrinter {
  const launching = launch(executablePath, options.tempDir ?? tmpdir());
  let first: Promise<Page> | undefined = launching.then(openPage);
  // A failed launch is reported by print; unawaited, it must not end the process first.
  first.catch(() => undefined);
  let closed: Promise<void> | undefined;
  let printed = false;
  return {
    print: async (html, chrome) => {
      if (options.once && printed) throw new Error('Chromium was closed after its one print: start another printer');
      printed = true;
      const page = await (first ?? launching.then(openPage));
      first = undefined;
      try {
        return await printOn(page, html, chrome);
      } finally {
        // Closing the browser lets go of its pages; its errors are reported by the caller's close().
        if (options.once) closeBrowser().catch(() => undefined);
        else await page.dispose();
      }
    },
    ready: async () => void (await (first ?? launching)),
    close: () => closeBrowser(),
  };
  function closeBrowser(): Promise<void> {
    return (closed ??= launching.then(
      async (b) => {
        // A page opened but never printed on is let go with the browser.
        if (first) await first.then((p) => p.dispose(), () => undefined);
        first = undefined;
        await close(b);
      },
      () => undefined,
    ));
  }
}
