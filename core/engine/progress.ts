import type { Answer } from '../domain/ratings';
import type { Framework } from '../frameworks/schema';
import { type CaseLike, keyQuestionApplies, standardsForCase } from './applicability';

export interface AnswerState {
  value: Answer | null;
  note: string;
}

/** What progress needs of an answer when the note's text is not read: its value and whether it has a note. */
export interface AnswerFlags {
  value: Answer | null;
  hasNote: boolean;
}

export interface CaseProgress {
  /** Key questions that apply to the case, in form order. */
  applicable: string[];
  unanswered: string[];
  /** Key questions answered No without an evidence note. */
  missingNotes: string[];
  complete: boolean;
}

/** What a case still needs before it can be marked complete (METHOD.md section 3: every No carries a note). */
export function caseProgress(f: Framework, c: CaseLike, answers: ReadonlyMap<string, AnswerState | AnswerFlags>): CaseProgress {
  const applicable: string[] = [];
  const unanswered: string[] = [];
  const missingNotes: string[] = [];
  for (const s of standardsForCase(f, c))
    for (const k of s.keyQuestions) {
      if (!keyQuestionApplies(s, k, c)) continue;
      applicable.push(k.id);
      const a = answers.get(k.id);
      if (!a?.value) unanswered.push(k.id);
      else if (a.value === 'no' && !('hasNote' in a ? a.hasNote : a.note.trim() !== '')) missingNotes.push(k.id);
    }
  return { applicable, unanswered, missingNotes, complete: unanswered.length === 0 && missingNotes.length === 0 };
}

/**
 * A suggestion for a key question from its prompts: Yes when every applicable prompt is Yes,
 * No when any is No. Only ever shown; the inspector's own answer is the judgement.
 */
export function suggestFromPrompts(promptAnswers: (Answer | null)[]): Answer | null {
  const answered = promptAnswers.filter((a): a is Answer => a !== null && a !== 'na');
  if (answered.length === 0 || promptAnswers.some((a) => a === null)) return null;
  return answered.includes('no') ? 'no' : 'yes';
}
