import type { Browser } from 'playwright-core';
import type { PdfPrinter } from '../electron/report/write';

/** The page as the report expects it: A4, backgrounds (rating colours) printed, markings in the margins. */
export const PDF_OPTIONS = {
  format: 'A4',
  printBackground: true,
  displayHeaderFooter: true,
  margin: { top: '22mm', bottom: '22mm', left: '16mm', right: '16mm' },
  tagged: true,
  outline: true,
} as const;

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Playwright's client, loaded only when a PDF is printed (it is a third of a second of start-up a Word report does not need). */
async function playwright(): Promise<typeof import('playwright-core')> {
  // require where there is one (the bundled CLI): an import() of this CommonJS package first scans all of
  // it for its exports, which costs another 0.2 s.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return typeof require === 'function' ? (require('playwright-core') as typeof import('playwright-core')) : await import('playwright-core');
}

async function printWith(browser: Browser, html: string, chrome: Parameters<PdfPrinter>[1]): Promise<Uint8Array> {
  const page = await browser.newPage({ javaScriptEnabled: false });
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html, { waitUntil: 'load' });
  return await page.pdf({ ...PDF_OPTIONS, ...chrome });
}

/** Prints HTML to PDF with a given Chromium, offline: no network, no JavaScript needed by the report. */
export function chromiumPrinter(executablePath: string): PdfPrinter {
  return async (html, chrome) => {
    const browser = await (await playwright()).chromium.launch({ executablePath, args: ARGS });
    try {
      return await printWith(browser, html, chrome);
    } finally {
      await browser.close();
    }
  };
}

export interface StartedPrinter {
  print: PdfPrinter;
  /** Closes the browser, printed or not; safe to call more than once. */
  close: () => Promise<void>;
}

/**
 * Starts launching Chromium now and prints with it later: the command line starts the browser before it
 * reads and checks the inspection, so the launch (most of a second) overlaps that work. Nothing reaches
 * the browser until the report's HTML has passed the personal-data check.
 */
export function startChromiumPrinter(executablePath: string): StartedPrinter {
  const launching = playwright().then((p) => p.chromium.launch({ executablePath, args: ARGS }));
  // A failed launch is reported by print; unawaited, it must not end the process first.
  launching.catch(() => undefined);
  let closed: Promise<void> | undefined;
  return {
    print: async (html, chrome) => printWith(await launching, html, chrome),
    close: () =>
      (closed ??= launching.then(
        (b) => b.close(),
        () => undefined,
      )),
  };
}
