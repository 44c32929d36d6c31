type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loading: Promise<Pdfjs> | undefined;

/**
 * Starts loading PDF.js (parser and worker) if it is not loading yet. The PDF report calls it before it
 * prints, so the load overlaps the printing; PDF.js is loaded only when a PDF is checked, so the app and
 * the CLI start without it.
 */
export function loadPdfReader(): Promise<Pdfjs> {
  loading ??= (async () => {
    withoutCanvas();
    // The worker in this thread (PDF.js's "fake worker" under Node), loaded beside the parser rather than after it.
    const [pdfjs] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
    return pdfjs;
  })();
  return loading;
}

/**
 * PDF.js loads @napi-rs/canvas under Node for drawing pages (its DOMMatrix, ImageData and Path2D); reading
 * text draws nothing, and the canvas is a large native library (a quarter of a second to load). Where
 * there is a require (the bundled CLI, the app), the canvas resolves to stand-ins that refuse to draw.
 */
function withoutCanvas(): void {
  if (typeof require !== 'function') return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createRequire, Module } = require('node:module') as typeof import('node:module');
    const path = createRequire(require.resolve('pdfjs-dist/package.json')).resolve('@napi-rs/canvas');
    if (require.cache[path]) return;
    const refuse = (what: string) =>
      class {
        constructor() {
          throw new Error(`${what}: Fieldwork reads PDF text and draws no pages`);
        }
      };
    const stand = new Module(path);
    stand.filename = path;
    stand.loaded = true;
    stand.exports = { DOMMatrix: refuse('DOMMatrix'), ImageData: refuse('ImageData'), Path2D: refuse('Path2D'), createCanvas: refuse('createCanvas') };
    require.cache[path] = stand;
  } catch {
    // No canvas installed: PDF.js reads text without it.
  }
}

/**
 * The text a reader of a PDF would find in it: every page's text (lines kept apart, so a name split
 * across lines is joined again by the privacy check's normalising) and the document properties.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await loadPdfReader();
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
