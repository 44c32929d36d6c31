// PDF.js's worker ships no types; importing it only registers it (globalThis.pdfjsWorker) for the parser.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
