import { randomUUID } from 'node:crypto';
import { contract, isCommandName } from '../../core';

// A file's text sent with a command (an inspection file of up to 50 MB, a sample CSV) is read on the job
// thread. Copied as a string it was serialised by the main thread, read in by the data worker and
// serialised again for the job thread: about 80 ms of the data worker's time for a 15 MB file, when no
// other command may wait more than 100 ms. It travels instead as bytes, moved (not copied) from the main
// thread to the data worker and on to the job thread; the command carries a short stand-in for the text,
// which the job thread's runner swaps for the bytes. The data worker never holds the text as a string.

/** The fields of the commands whose handlers hand the text straight to the long-work runner. */
const FIELDS: Partial<Record<string, 'text' | 'csv'>> = {
  'exchange.check': 'text',
  'exchange.import': 'text',
  'case.import': 'csv',
  'case.importPreview': 'csv',
};

/** Below this a string costs less to copy than to encode. */
const WORTH_MOVING = 256 * 1024;

const PREFIX = '\u0000fieldwork-attached:';

export interface Attached {
  field: 'text' | 'csv';
  bytes: Uint8Array;
}

/**
 * The main thread's side: a command whose file text is large leaves as `message` with a stand-in and the
 * text as bytes to transfer. A text over its command's limit stays a string, so the contract refuses it in words.
 */
export function detachText(message: unknown): { message: unknown; attached?: Attached } {
  if (typeof message !== 'object' || message === null) return { message };
  const { command, input } = message as { command?: unknown; input?: unknown };
  if (!isCommandName(command) || typeof input !== 'object' || input === null) return { message };
  const field = FIELDS[command];
  const text = field ? (input as Record<string, unknown>)[field] : undefined;
  if (!field || typeof text !== 'string' || text.length < WORTH_MOVING) return { message };
  const schema = (contract[command].input as unknown as { shape?: Record<string, { maxLength?: number | null }> }).shape?.[field];
  if (typeof schema?.maxLength !== 'number' || text.length > schema.maxLength) return { message };
  return { message: { command, input: { ...input, [field]: '' } }, attached: { field, bytes: new TextEncoder().encode(text) } };
}

const held = new Map<string, Uint8Array>();

/** The data worker's side: the bytes are held under a stand-in put where the text was (released by `release`). */
export function reattach(message: unknown, attached: Attached): { message: unknown; release(): void } {
  const token = `${PREFIX}${randomUUID()}`;
  held.set(token, attached.bytes);
  const m = message as { command: unknown; input: Record<string, unknown> };
  return { message: { ...m, input: { ...m.input, [attached.field]: token } }, release: () => held.delete(token) };
}

/** For the job thread: the bytes a stand-in names (taken: they move on with the job), or the text itself. */
export function takeText(text: string): string | Uint8Array {
  if (!text.startsWith(PREFIX)) return text;
  const bytes = held.get(text);
  held.delete(text);
  if (!bytes) throw new Error('The file sent with this command is no longer held.');
  return bytes;
}

/** The text again, wherever it arrives (bytes moved to the job thread, or a stand-in on the same thread). */
export function textOf(text: string | Uint8Array): string {
  const t = typeof text === 'string' ? takeText(text) : text;
  return typeof t === 'string' ? t : new TextDecoder().decode(t);
}
