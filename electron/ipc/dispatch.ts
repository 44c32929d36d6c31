import type { z } from 'zod';
import {
  type ApiError,
  type ApiResult,
  type CommandName,
  type CommandOutput,
  type ParsedInput,
  contract,
  isCommandName,
  InvariantError,
  pathToString,
} from '../../core';
import { BackupFailedError, RestoreRefusedError, StoreError } from '../../db';

/** The main side of the contract: one handler per command, checked at compile time with `satisfies`. */
export type Handlers = {
  [C in CommandName]: (input: ParsedInput<C>) => CommandOutput<C> | Promise<CommandOutput<C>>;
};

/** A failure a handler reports on purpose, with a code the renderer can act on. */
export class AppError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface Logger {
  error(message: string, detail?: unknown): void;
}

export type Dispatch = (message: unknown) => Promise<ApiResult<unknown>>;

const failure = (error: ApiError): ApiResult<never> => ({ ok: false, error });

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) {
    const key = i.path.length === 0 ? '_' : pathToString(i.path);
    out[key] ??= i.message;
  }
  return out;
}

export const DISK_FULL_MESSAGE = 'The disk is full, so this change was not saved. What you entered is kept: free some space on the disk and it will be saved when you try again.';
export const READ_ONLY_MESSAGE = "Fieldwork cannot save: its data folder or data file has become read-only (or you no longer have permission to write there). What you entered is kept; fix the folder's permissions and try again.";
export const DAMAGED_MESSAGE = "Fieldwork's data file is damaged, so this change was not saved. Restart Fieldwork: it will offer the latest good backup.";

/** SQLite and file-system failures an inspector can act on, in words (never SQLite's own text). */
export function plainFailure(e: unknown): ApiError | null {
  if (e instanceof RestoreRefusedError) return { code: 'CONFLICT', message: e.message };
  if (e instanceof BackupFailedError) return { code: 'UNAVAILABLE', message: e.message };
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code.startsWith('SQLITE_IOERR') && /disk is full|No space/i.test(String((e as Error).message)))
    return { code: 'DISK_FULL', message: DISK_FULL_MESSAGE };
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return { code: 'READ_ONLY', message: READ_ONLY_MESSAGE };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { code: 'UNAVAILABLE', message: BUSY_MESSAGE };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { code: 'STORE_DAMAGED', message: DAMAGED_MESSAGE };
  return null;
}

/** The store was locked by long work's write (a command thought to only read wrote after all): it is run again once the write ends. */
export const BUSY_MESSAGE = 'Fieldwork is finishing other work on its data file, so this was not done. Please try again in a moment.';

export const GENERIC_ERROR = 'Something went wrong and the change was not saved. Please try again; if it keeps happening, restart Fieldwork.';

/**
 * Validates a message `{command, input}` against the contract, runs the handler and wraps the
 * outcome. Nothing thrown ever crosses to the renderer: unknown errors are logged here and
 * reported as a generic message.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (message) => {
    if (typeof message !== 'object' || message === null) return failure({ code: 'VALIDATION', message: 'Malformed request.' });
    const { command, input } = message as { command?: unknown; input?: unknown };
    if (!isCommandName(command))
      return failure({ code: 'UNKNOWN_COMMAND', message: `Unknown command ${JSON.stringify(String(command)).slice(0, 80)}.` });
    const spec = contract[command];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success)
      return failure({ code: 'VALIDATION', message: 'Some fields need attention.', fieldErrors: fieldErrorsOf(parsed.error) });
    try {
      const handler = handlers[command] as (i: unknown) => unknown;
      const value = await handler(parsed.data);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log.error(`${command}: handler output does not match the contract`, out.error.issues);
        return failure({ code: 'INTERNAL', message: GENERIC_ERROR });
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof AppError) return failure({ code: e.code, message: e.message, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) });
      if (e instanceof InvariantError)
        return failure({ code: e.code === 'FINAL' ? 'FINAL' : 'VALIDATION', message: e.message, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) });
      if (e instanceof StoreError)
        return failure({ code: e.code, message: e.message, ...(e.field ? { fieldErrors: { [e.field]: e.message } } : {}) });
      log.error(`${command} failed`, e);
      const plain = plainFailure(e);
      if (plain) return failure(plain);
      return failure({ code: 'INTERNAL', message: GENERIC_ERROR });
    }
  };
}
