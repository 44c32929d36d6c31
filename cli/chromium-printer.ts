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

/**
 * Prints HTML to PDF with a given Chromium through Playwright, offline: no network, no JavaScript needed
 * by the report. The command line prints with cdp-printer.ts (these page options, without loading
 * Playwright); the tests print with this as the reference its pages are compared with.
 */
export function chromiumPrinter(executablePath: string): PdfPrinter {
  return async (html, chrome) => {
    // Loaded only when a PDF is printed: Playwright's client is half a second of start-up a Word report does not need.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ ...PDF_OPTIONS, ...chrome });
    } finally {
      await browser.close();
    }
  };
}
