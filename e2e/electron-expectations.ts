// What e2e/electron.spec.ts expects of the real Electron app. Those specs skip where Electron's
// runtime cannot be fetched, so e2e/electron-expectations.test.ts checks these against the code
// (the preload, the shell's window options) in a unit test that runs everywhere.

/** What the page can reach: no Node, and window.api with exactly these members. */
export const PAGE_REACH = { require: 'undefined', process: 'undefined', api: ['invoke', 'onMenu'] } as const;

/** The first screen's heading. */
export const START_HEADING = 'Inspections';
