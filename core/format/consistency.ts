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
 * so a file could show a reader one value and import another. Scans the text once, without recursion.
 */
export function duplicateJsonKey(text: string): string | null {
  type Frame = { kind: 'object'; keys: Set<string>; path: (string | number)[]; key: string | null } | { kind: 'array'; index: number; path: (string | number)[] };
  const stack: Frame[] = [];
  let expectKey = false;
  const here = (): (string | number)[] => {
    const top = stack.at(-1);
    if (!top) return [];
    return top.kind === 'object' ? [...top.path, ...(top.key === null ? [] : [top.key])] : [...top.path, top.index];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          s += text.slice(j, j + 2);
          j += 2;
        } else s += text[j++];
      }
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        let key = s;
        try {
          key = JSON.parse(`"${s}"`) as string;
        } catch {
          // malformed: JSON.parse reports it
        }
        if (top.keys.has(key)) return pathToString([...top.path, key]);
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (ch === '{') {
      stack.push({ kind: 'object', keys: new Set(), path: here(), key: null });
      expectKey = true;
    } else if (ch === '[') {
      stack.push({ kind: 'array', index: 0, path: here() });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') expectKey = true;
      else if (top?.kind === 'array') top.index++;
    }
  }
  return null;
}
