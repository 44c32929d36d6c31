import { readFile } from 'node:fs/promises';
import type { PathIssue } from '../core';

/** Bad input: printed as a message (and the JSON paths at fault), exit code 2, never a stack trace. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly issues: PathIssue[] = [],
  ) {
    super(message);
  }
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? 'error'})`);
  }
}
