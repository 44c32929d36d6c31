/** The single channel name; the preload exposes nothing else. Kept apart so the preload bundles no schemas. */
export const IPC_CHANNEL = 'fieldwork:invoke';

/** Main to renderer: only menu action names travel this way. */
export const MENU_CHANNEL = 'fieldwork:menu';
export const MENU_ACTIONS = ['export-report', 'import-file', 'restore-backup'] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

/** What the preload puts on `window.api`. */
export interface FieldworkBridge {
  invoke(command: string, input: unknown): Promise<unknown>;
  /** Subscribes to menu actions; returns the unsubscribe function. */
  onMenu?(listener: (action: MenuAction) => void): () => void;
}
