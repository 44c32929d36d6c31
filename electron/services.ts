import type { PdfPrinter } from './report/write';

export interface SaveDialogOptions {
  title: string;
  defaultName: string;
  filters: { name: string; extensions: string[] }[];
}

/**
 * What the handlers need from Electron, passed in: the shell supplies dialogs and printing, the tests
 * supply stand-ins that answer the dialog, so every handler runs under plain Node.
 */
export interface MainServices {
  /** The native save dialog; null when the user cancels. */
  chooseSavePath(options: SaveDialogOptions): Promise<string | null>;
  /** The native open dialog; null when the user cancels. */
  chooseOpenPath(options: SaveDialogOptions): Promise<string | null>;
  /** The native open dialog choosing several files; none when the user cancels. Without it, one file is chosen. */
  chooseOpenPaths?(options: SaveDialogOptions): Promise<string[]>;
  printToPdf: PdfPrinter;
  /** Today's date, YYYY-MM-DD, for the report's draft marking. */
  today(): string;
}

const unavailable = (what: string) => () => Promise.reject(new Error(`${what} is not available in this process`));

export const NO_SERVICES: MainServices = {
  chooseSavePath: unavailable('A save dialog'),
  chooseOpenPath: unavailable('An open dialog'),
  printToPdf: unavailable('PDF printing'),
  today: () => new Date().toISOString().slice(0, 10),
};
