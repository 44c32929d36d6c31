/** The single channel name; the preload exposes nothing else. Kept apart so the preload bundles no schemas. */
export const IPC_CHANNEL = 'fieldwork:invoke';

/** What the preload puts on `window.api`. */
export interface FieldworkBridge {
  invoke(command: string, input: unknown): Promise<unknown>;
}
