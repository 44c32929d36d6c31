import { buildReportModel, pdfPageChrome, renderReportHtml, type PageChrome, type ReportInput, type ReportModel } from '../../core';
import { loadPdfReader, pdfText } from './pdf-text';
import { checkReport, type PersonalData } from './privacy';

/**
 * Renders PDF bytes from HTML: Electron's printToPDF in the app, Chromium's page.pdf in tests and the CLI.
 * The page chrome (markings and page numbers on every page) goes in the printer's header and footer.
 */
export type PdfPrinter = (html: string, chrome: PageChrome) => Promise<Uint8Array>;

/** All the text inside a .docx (every XML part, tags removed), as a reader of the file would find it. */
export async function docxText(docx: Uint8Array): Promise<string> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(docx);
  const parts = Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
  const texts = await Promise.all(parts.map((n) => zip.file(n)!.async('string')));
  return texts
    .join('\n')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}


export interface RenderedReport {
  model: ReportModel;
  bytes: Uint8Array;
}

/**
 * The Word writer, loaded by the Word report only (a PDF or the preview does not need the Word library
 * or the chart renderer). The app's render thread run from source has only tsx's require hook, under
 * which import() cannot load TypeScript: there it is required.
 */
async function loadDocxWriter(): Promise<typeof import('./docx')> {
  try {
    return await import('./docx');
  } catch (e) {
    if (typeof require !== 'function') throw e;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./docx') as typeof import('./docx');
  }
}

/** The Word report, refused if any CRN or name of the inspection appears anywhere in it. */
export async function renderDocx(input: ReportInput, personal: PersonalData): Promise<RenderedReport> {
  const model = buildReportModel(input);
  const { reportDocx } = await loadDocxWriter();
  const bytes = await reportDocx(model);
  checkReport(await docxText(bytes), input, personal);
  return { model, bytes };
}

/** The HTML report (preview and PDF source), checked the same way. */
export function renderHtml(input: ReportInput, personal: PersonalData): { model: ReportModel; html: string } {
  const model = buildReportModel(input);
  const html = renderReportHtml(model);
  checkReport(html, input, personal);
  return { model, html };
}

/**
 * The PDF report. Its HTML source is checked before printing, and the printed PDF's own text (what a
 * reader would copy out of it, properties included) is checked again: the printer lays text out anew.
 */
export async function renderPdf(input: ReportInput, personal: PersonalData, print: PdfPrinter): Promise<RenderedReport> {
  const { model, html } = renderHtml(input, personal);
  // PDF.js loads while the page prints (the check below needs it).
  loadPdfReader().catch(() => undefined);
  const bytes = await print(html, pdfPageChrome(model));
  checkReport(await pdfText(bytes), input, personal);
  return { model, bytes };
}
