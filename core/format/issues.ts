import type { z } from 'zod';

/** One validation problem, with the JSON path it concerns (e.g. `cases[3].answers.2.1.9`). */
export interface PathIssue {
  path: string;
  message: string;
}

export function pathToString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

export function formatIssues(error: z.ZodError): PathIssue[] {
  return error.issues.map((i) => ({ path: pathToString(i.path), message: i.message }));
}
