/**
 * The text a reader of a PDF would find in it: every page's text (lines kept apart, so a name split
 * across lines is joined again by the privacy check's normalising) and the document properties.
 * PDF.js is loaded only when a PDF is checked, so the app and the CLI start without it.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // A copy: PDF.js takes ownership of (detaches) the buffer it is given.
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const out: string[] = [];
    const { info } = await doc.getMetadata();
    for (const [key, value] of Object.entries((info ?? {}) as Record<string, unknown>)) if (typeof value === 'string') out.push(`${key}: ${value}`);
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      out.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
      page.cleanup();
    }
    return out.join('\n');
  } finally {
    await doc.destroy();
  }
}
