import { caseProgress, type AnswerState } from '../engine/progress';
import { DEFAULT_SAMPLE } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import { pathToString, type PathIssue } from './issues';
import type { InspectionFile } from './inspection-file';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A timestamp as Fieldwork writes them (ISO 8601), and a real one: 2019-02-30 is not. */
export function isDateTime(s: string): boolean {
  if (!DATE_TIME.test(s)) return false;
  const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isFinite(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

/**
 * What a file says about itself that cannot all be true: a case marked complete with applicable key
 * questions unanswered or a No without its evidence note, audit entries about cases the file does not
 * have, timestamps that are not dates. Each issue names the path to fix.
 */
export function contradictions(file: InspectionFile, f: Framework): PathIssue[] {
  const issues: PathIssue[] = [];
  const refs = new Set(file.cases.map((c) => c.ref));
  file.cases.forEach((c, i) => {
    if (c.status !== 'complete') return;
    const answers = new Map<string, AnswerState>(Object.entries(c.answers).map(([q, v]) => [q, { value: v, note: c.notes?.[q] ?? '' }]));
    const p = caseProgress(f, { sample: c.sample ?? DEFAULT_SAMPLE, attributes: c.attributes ?? {} }, answers);
    if (p.unanswered.length > 0)
      issues.push({ path: pathToString(['cases', i, 'status']), message: `the case is marked complete, but ${p.unanswered.length === 1 ? 'key question' : 'key questions'} ${p.unanswered.join(', ')} ${p.unanswered.length === 1 ? 'is' : 'are'} unanswered` });
    for (const q of p.missingNotes) issues.push({ path: pathToString(['cases', i, 'notes', q]), message: 'the case is marked complete, but this "No" has no evidence note' });
  });
  (file.audit ?? []).forEach((a, i) => {
    if (a.caseRef !== null && !refs.has(a.caseRef)) issues.push({ path: pathToString(['audit', i, 'caseRef']), message: `the file has no case "${a.caseRef}"` });
    if (!isDateTime(a.changedAt)) issues.push({ path: pathToString(['audit', i, 'changedAt']), message: `"${a.changedAt.slice(0, 40)}" is not a date and time (e.g. 2019-06-03T10:15:00Z)` });
  });
  return issues;
}

/**
 * The first key that appears twice in one JSON object, as a path: JSON.parse keeps the last silently,
 * so a file could show a reader one value and import another. One pass over the text; the path is kept
 * as a stack of segments (never copied), so deep nesting in a hostile file costs no more than its length.
 * Run only on text JSON.parse accepted, so the text is well formed.
 */
export function duplicateJsonKey(text: string): string | null {
  // Per open container: its keys so far (objects) or null (arrays), and where we are in it.
  const keys: (Set<string> | null)[] = [];
  const at: (string | number)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Find the closing quote: one not preceded by an odd run of backslashes.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return null;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
      const top = keys.length - 1;
      const set = keys[top];
      if (expectKey && set) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (set.has(key)) return pathToString([...at.slice(0, top), key]);
        set.add(key);
        at[top] = key;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) {
      keys.push(new Set());
      at.push('');
      expectKey = true;
    } else if (c === 0x5b) {
      keys.push(null);
      at.push(0);
    } else if (c === 0x7d || c === 0x5d) {
      keys.pop();
      at.pop();
    } else if (c === 0x2c) {
      const top = keys.length - 1;
      if (keys[top]) expectKey = true;
      else if (top >= 0) at[top] = (at[top] as number) + 1;
    }
  }
  return null;
}
