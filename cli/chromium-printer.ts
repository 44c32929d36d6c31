import { chromium } from 'playwright-core';
import type { PdfPrinter } from '../electron/report/write';

/** Prints HTML to PDF with a given Chromium, offline: no network, no JavaScript needed by the report. */
export function chromiumPrinter(executablePath: string): PdfPrinter {
  return async (html) => {
    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' }, tagged: true, outline: true });
    } finally {
      await browser.close();
    }
  };
}
