import CheckIcon from '@mui/icons-material/Check';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlined';
import { Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Divider, Link, Paper, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { createContext, memo, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { contract, type AuditEntryView, type CaseDetail } from '../../../core/api/contract';
import { AuditTable } from '../components/audit-table';
import { ANSWER_LABELS, ANSWERS, type Answer } from '../../../core/domain/ratings';
import { keyQuestionApplies, promptApplies, standardsForCase, whyNothingApplies } from '../../../core/engine/applicability';
import { caseProgress, suggestFromPrompts, type AnswerState } from '../../../core/engine/progress';
import { frameworks as registry } from '../frameworks';
import type { Framework, KeyQuestion, Standard } from '../../../core/frameworks/schema';
import { ConfirmDialog } from '../components/confirm-dialog';
import { call } from '../api';
import { Load, Page } from '../components/page';
import { formatTime } from '../format';
import { href, navigate } from '../router';
import { useDebouncedSaver } from '../use-autosave';
import { useCommand } from '../use-command';
import { CaseHeldBy, CaseTeamNotice, heldReason } from '../team/case-team-notice';
import { useProgressive } from '../use-progressive';
import { caseHistory, keyQuestionOf, type Change } from './case-history';
import { listState, nextCaseId } from './list-state';
import { useSettings } from '../settings-provider';
import { AddCaseDialog } from './add-case-dialog';
import { CaseQaPanel, ConsistencyWarnings } from '../qa/case-qa-panel';

type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'error'; message: string; retry?: () => void };
/** The longest evidence note the store takes, read from the one contract so the two never differ. */
export const NOTE_MAX = contract['case.note'].input.shape.note.maxLength ?? 20_000;
const count = (n: number) => n.toLocaleString('en-GB');
const answerText = (v: Answer | null) => (v ? ANSWER_LABELS[v] : 'no answer');

const KEY_ANSWERS: Record<string, Answer> = { y: 'yes', n: 'no', a: 'na' };

function SaveIndicator({ save }: { save: SaveState }) {
  return (
    <Box role="status" aria-live="polite" data-testid="save-state" sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 170 }}>
      {save.state === 'saving' && <Typography variant="body2">Saving…</Typography>}
      {save.state === 'saved' && (
        <>
          <CheckCircleOutlineIcon fontSize="small" color="success" />
          <Typography variant="body2">Saved at {formatTime(save.at)}</Typography>
        </>
      )}
      {save.state === 'error' && (
        <>
          <ErrorOutlineIcon fontSize="small" color="error" />
          <Typography variant="body2" color="error">
            Not saved: {save.message}
          </Typography>
          {save.retry && (
            <Button size="small" onClick={save.retry}>
              Try again
            </Button>
          )}
        </>
      )}
    </Box>
  );
}

/** True on a final inspection: everything can be read, nothing changed. */
const ReadOnly = createContext(false);

function AnswerButtons({ id, label, value, disabled: notApplicable, onChange, size = 'medium' }: { id: string; label: string; value: Answer | null; disabled?: boolean; size?: 'small' | 'medium'; onChange: (v: Answer | null) => void }) {
  const readOnly = useContext(ReadOnly);
  const disabled = notApplicable || readOnly;
  return (
    <Box sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
      {/* Clicking the selected answer again does nothing: clearing is its own, explicit action. */}
      <ToggleButtonGroup exclusive size={size} value={value} disabled={disabled} aria-label={label} data-question={id} onChange={(_e, v: Answer | null) => v !== null && onChange(v)}>
        {ANSWERS.map((a) => (
          <ToggleButton
            key={a}
            value={a}
            aria-label={`${ANSWER_LABELS[a]} for ${id}`}
            color={a === 'yes' ? 'success' : a === 'no' ? 'error' : 'standard'}
            sx={{ px: size === 'small' ? 1.25 : 2, '&.Mui-selected': { fontWeight: 700, borderWidth: 2, borderColor: 'currentColor' } }}
          >
            {value === a && <CheckIcon fontSize="small" sx={{ mr: 0.5 }} aria-hidden />}
            {a === 'na' ? 'N/A' : ANSWER_LABELS[a]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {value !== null && !disabled && (
        <Button size="small" onClick={() => onChange(null)} aria-label={`Clear the answer to ${id}`}>
          Clear
        </Button>
      )}
    </Box>
  );
}

/** The evidence note: its limit always shown, a counter as it nears it, and the problem at the field. */
function NoteField({ id, note, answer, register, onNote }: { id: string; note: string; answer: Answer | null; register: CardProps['register']; onNote: CardProps['onNote'] }) {
  const readOnly = useContext(ReadOnly);
  const over = note.length > NOTE_MAX;
  const missing = answer === 'no' && note.trim() === '';
  const helper = over
    ? `Too long to save: ${count(note.length)} of ${count(NOTE_MAX)} characters. Shorten it by ${count(note.length - NOTE_MAX)}; what you typed stays here until it can be saved.`
    : missing
      ? `A "No" needs an evidence note. Up to ${count(NOTE_MAX)} characters.`
      : note.length >= NOTE_MAX * 0.9
        ? `${count(note.length)} of ${count(NOTE_MAX)} characters`
        : `Up to ${count(NOTE_MAX)} characters.`;
  return (
    <TextField
      sx={{ mt: 2 }}
      fullWidth
      multiline
      minRows={2}
      label={`Evidence note for ${id}`}
      value={note}
      inputRef={(el: HTMLTextAreaElement | null) => register('note', id, el)}
      onChange={(e) => onNote(id, e.target.value)}
      error={over || missing}
      helperText={helper}
      slotProps={{ formHelperText: { 'aria-live': over ? 'assertive' : 'off' } as object, htmlInput: { readOnly } }}
    />
  );
}

interface CardProps {
  standard: Standard;
  question: KeyQuestion;
  detail: CaseDetail;
  answers: ReadonlyMap<string, AnswerState>;
  focused: boolean;
  /** The prompt that Y/N/A answer (Shift+J/K move to it), or null for the key question itself. */
  focusedPrompt: string | null;
  register: (kind: 'card' | 'note', id: string, el: HTMLElement | null) => void;
  onFocusQuestion: (id: string) => void;
  onAnswer: (questionId: string, value: Answer | null) => void;
  onNote: (questionId: string, note: string) => void;
}

/** A card re-renders only when its own answers, or its focus, change: scoring stays quick on long forms. */
function sameCard(a: CardProps, b: CardProps): boolean {
  if (a.focused !== b.focused || a.focusedPrompt !== b.focusedPrompt || a.question !== b.question || a.detail !== b.detail) return false;
  if (a.register !== b.register || a.onFocusQuestion !== b.onFocusQuestion || a.onAnswer !== b.onAnswer || a.onNote !== b.onNote) return false;
  return [a.question.id, ...a.question.prompts.map((p) => p.id)].every((id) => a.answers.get(id) === b.answers.get(id));
}

const KeyQuestionCard = memo(function KeyQuestionCard({ standard, question, detail, answers, focused, focusedPrompt, register, onFocusQuestion, onAnswer, onNote }: CardProps) {
  const applies = keyQuestionApplies(standard, question, detail);
  const saved = answers.get(question.id);
  const note = saved?.note ?? '';
  const promptAnswers = question.prompts.filter((p) => promptApplies(standard, question, p, detail)).map((p) => answers.get(p.id)?.value ?? null);
  const suggestion = suggestFromPrompts(promptAnswers);
  return (
    <Paper
      variant="outlined"
      component="section"
      ref={(el: HTMLElement | null) => register('card', question.id, el)}
      tabIndex={applies ? -1 : undefined}
      onFocus={() => onFocusQuestion(question.id)}
      aria-labelledby={`kq-${question.id}`}
      aria-current={focused ? 'step' : undefined}
      data-kq={question.id}
      sx={{ p: 2.5, outline: 'none', borderColor: focused ? 'primary.main' : undefined, borderWidth: focused ? 2 : 1, bgcolor: applies ? undefined : 'action.hover' }}
    >
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }}>
        <Box sx={{ flex: '2 1 420px' }}>
          <Typography id={`kq-${question.id}`} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
            {question.id} {question.text}
          </Typography>
          {!applies ? (
            <Alert severity="info" sx={{ mt: 1 }}>
              Not applicable to this case under the framework&apos;s rules (from the case&apos;s attributes).
            </Alert>
          ) : (
            <>
              <Box sx={{ mt: 1.5, display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
                <AnswerButtons id={question.id} label={`Answer to key question ${question.id}`} value={saved?.value ?? null} onChange={(v) => onAnswer(question.id, v)} />
                {suggestion && suggestion !== saved?.value && (
                  <Typography variant="body2" color="text.secondary" data-testid={`suggestion-${question.id}`}>
                    The prompts suggest {ANSWER_LABELS[suggestion]}; the answer is your judgement.
                  </Typography>
                )}
              </Box>
              {question.prompts.length > 0 && (
                <Box component="ul" sx={{ listStyle: 'none', p: 0, mt: 2, mb: 0 }} aria-label={`Prompts for ${question.id}`}>
                  {question.prompts.map((p) => {
                    const pApplies = promptApplies(standard, question, p, detail);
                    return (
                      <Box
                        component="li"
                        key={p.id}
                        aria-current={focusedPrompt === p.id ? 'step' : undefined}
                        data-prompt={p.id}
                        sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 0.5, px: 0.5, borderRadius: 1, outline: focusedPrompt === p.id ? '2px solid' : 'none', outlineColor: 'primary.main' }}
                      >
                        <AnswerButtons size="small" id={p.id} label={`Answer to prompt ${p.id}`} disabled={!pApplies} value={answers.get(p.id)?.value ?? null} onChange={(v) => onAnswer(p.id, v)} />
                        <Typography variant="body2" color={pApplies ? 'text.primary' : 'text.disabled'}>
                          ({p.id.split('.').at(-1)}) {p.text}
                          {!pApplies && ' — not applicable'}
                        </Typography>
                      </Box>
                    );
                  })}
                </Box>
              )}
              <NoteField id={question.id} note={note} answer={saved?.value ?? null} register={register} onNote={onNote} />
            </>
          )}
        </Box>
        <Box sx={{ flex: '1 1 260px', bgcolor: 'action.hover', p: 1.5, borderRadius: 1, alignSelf: 'flex-start' }}>
          <Typography variant="overline" component="p">
            Guidance
          </Typography>
          <Typography variant="body2">{question.guidance}</Typography>
        </Box>
      </Box>
    </Paper>
  );
}, sameCard);

const SHORTCUTS: [string, string, boolean][] = [
  ['Y / N / A', 'Answer the focused key question (or prompt) Yes, No or Not applicable', true],
  ['J / K or ↓ / ↑', 'Next or previous key question (questions that do not apply are skipped)', true],
  ['Shift+J / Shift+K', "Move through the focused question's prompts; Y / N / A then answer the prompt", true],
  ['Delete or Backspace', 'Clear the focused answer (clicking a selected answer does nothing)', true],
  ['E', 'Into the evidence note of the focused question', true],
  ['Esc', 'Out of the evidence note, back to its question', false],
  ['?', 'This list', true],
  ['Ctrl+Z', 'Undo the last answer or note (the question is brought into view)', false],
  ['Ctrl+Shift+Z or Ctrl+Y', 'Redo', false],
  ['Ctrl+Enter', 'Mark complete and open the next case in the list', false],
  ['Enter (in a confirmation)', 'Confirm, e.g. completing a case with nothing to score', false],
];

function ShortcutsDialog({ open, singleKeys, onClose }: { open: boolean; singleKeys: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="shortcuts-title" maxWidth="md">
      <DialogTitle id="shortcuts-title">Keyboard shortcuts</DialogTitle>
      <DialogContent>
        {!singleKeys && <Alert severity="info" sx={{ mb: 2 }}>Single-key shortcuts are switched off in Settings; the Ctrl shortcuts work.</Alert>}
        <Box component="table" aria-label="Keyboard shortcuts" sx={{ borderCollapse: 'collapse', '& th, & td': { textAlign: 'left', py: 0.75, pr: 3, borderBottom: 1, borderColor: 'divider', verticalAlign: 'top' } }}>
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">What they do</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map(([keys, what, single]) => (
              <tr key={keys} style={single && !singleKeys ? { opacity: 0.6 } : undefined}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>
                  {what}
                  {single && !singleKeys ? ' (off)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Edit the case's details (reassigning is one), or delete it after a confirmation; both audited. */
/** Editing the case's details (reassigning it is allowed while it is out) and deleting it (not while it is out). */
function CaseAdmin({ detail, onChanged, heldBy }: { detail: CaseDetail; onChanged: () => void; heldBy: string | null }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const marked = detail.answers.filter((a) => a.value !== null || a.note !== '').length;
  const remove = async () => {
    const r = await call('case.delete', { caseId: detail.id });
    if (!r.ok) return setError(r.error.message);
    setDeleting(false);
    navigate({ name: 'inspection', id: detail.inspectionId });
  };
  return (
    <>
      <Button size="small" onClick={() => setEditing(true)}>
        Edit case details
      </Button>
      <Button size="small" color="error" disabled={heldBy !== null} title={heldBy !== null ? heldReason(heldBy) : undefined} onClick={() => setDeleting(true)}>
        Delete case
      </Button>
      {editing && (
        <AddCaseDialog
          inspection={{ id: detail.inspectionId, frameworkId: detail.frameworkId }}
          existing={detail}
          open
          onClose={(saved) => {
            setEditing(false);
            if (saved) onChanged();
          }}
        />
      )}
      <ConfirmDialog open={deleting} title={`Delete case ${detail.ref}?`} confirm={`Delete case ${detail.ref}`} danger error={error} onCancel={() => setDeleting(false)} onConfirm={() => void remove()}>
        {marked > 0
          ? `Its ${marked} ${marked === 1 ? 'answer or note goes' : 'answers and notes go'} with it, and it no longer counts in any rating.`
          : 'It has no answers or notes, and no longer counts in any rating.'}{' '}
        The audit trail keeps a record of the deletion and who made it.
      </ConfirmDialog>
    </>
  );
}

function CaseHistory({ inspectionId, caseRef }: { inspectionId: string; caseRef: string }) {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const toggle = async () => {
    if (!open) {
      const r = await call('audit.list', { inspectionId, caseRef });
      setEntries(r.ok ? r.value : []);
    }
    setOpen(!open);
  };
  return (
    <Box>
      <Button size="small" onClick={() => void toggle()} aria-expanded={open}>
        {open ? 'Hide history of changes' : 'Show history of changes'}
      </Button>
      {open && entries && <AuditTable entries={entries} showCase={false} />}
    </Box>
  );
}

// Keys pressed between "complete and next" and the next case being ready. Module state because
// the form that receives them is not mounted yet when they arrive.
type BufferedKey = Pick<KeyboardEventInit, 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>;
let buffered: BufferedKey[] = [];
function bufferKey(e: KeyboardEvent): void {
  if (['Control', 'Shift', 'Alt', 'Meta'].includes(e.key)) return;
  e.preventDefault();
  buffered.push({ key: e.key, ctrlKey: e.ctrlKey, shiftKey: e.shiftKey, altKey: e.altKey, metaKey: e.metaKey });
}
function takeBufferedKeys(): BufferedKey[] {
  const out = buffered;
  buffered = [];
  return out;
}
// All at once, before any key typed later can arrive: the handler reads focus from refs, so each
// key sees where the one before moved without waiting for React to render. Keys replayed into a
// text field (E opened the evidence note, and the inspector typed on) are typed into it: a replayed
// keydown event types nothing, so the note would otherwise be lost.
function replayKeys(keys: BufferedKey[], target: EventTarget): void {
  for (let i = 0; i < keys.length; i++) {
    const at = document.activeElement;
    if ((at instanceof HTMLTextAreaElement || at instanceof HTMLInputElement) && !at.readOnly) {
      const typed = typeKeys(at, keys, i);
      if (typed > i) {
        i = typed - 1;
        continue;
      }
    }
    (at ?? target).dispatchEvent(new KeyboardEvent('keydown', { ...keys[i], bubbles: true, cancelable: true }));
  }
}

/**
 * Types the run of typing keys from `from` into a text field as one edit (a controlled field keeps
 * only the last of several edits made before React renders); returns where the run ended.
 */
function typeKeys(el: HTMLTextAreaElement | HTMLInputElement, keys: BufferedKey[], from: number): number {
  let value = el.value;
  let start = el.selectionStart ?? value.length;
  let end = el.selectionEnd ?? start;
  let i = from;
  for (; i < keys.length; i++) {
    const k = keys[i]!;
    if (k.ctrlKey || k.metaKey || k.altKey) break;
    if (k.key === 'Backspace') {
      const cut = start === end ? Math.max(0, start - 1) : start;
      value = value.slice(0, cut) + value.slice(end);
      start = end = cut;
      continue;
    }
    const text = k.key === 'Enter' && el instanceof HTMLTextAreaElement ? '\n' : k.key !== undefined && k.key.length === 1 ? k.key : null;
    if (text === null) break;
    value = value.slice(0, start) + text + value.slice(end);
    start = end = start + text.length;
  }
  if (i === from) return from;
  // The prototype's setter, so React's controlled field sees a change it did not make itself.
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el) as object, 'value')?.set?.call(el, value);
  el.setSelectionRange(start, start);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  return i;
}

function isTextEntry(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

function CaseForm({ initial, framework, readOnly: final = false, onChanged }: { initial: CaseDetail; framework: Framework; readOnly?: boolean; onChanged: () => void }) {
  // Out with an inspector: nothing here may change it until the lead takes it back.
  const heldBy = useContext(CaseHeldBy);
  const readOnly = final || heldBy !== null;
  const { settings } = useSettings();
  const leaving = useRef(false);
  const [answers, setAnswers] = useState<Map<string, AnswerState>>(() => new Map(initial.answers.map((a) => [a.questionId, { value: a.value, note: a.note }])));
  const [status, setStatus] = useState(initial.status);
  // Why the store sent this case back to in progress (its invariants decide; the form only shows it).
  const [reopenReason, setReopenReason] = useState(initial.reopenReason);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  // The history lives for the session, per case; this counter re-renders when it changes.
  const history = caseHistory(initial.id);
  const [, setHistoryVersion] = useState(0);
  const historyChanged = () => setHistoryVersion((v) => v + 1);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<{ message: string; items: [string, string][] } | null>(null);
  const standards = useMemo(() => standardsForCase(framework, initial), [framework, initial]);
  // Navigation moves over the key questions that apply; the rest are shown but skipped.
  const navigable = useMemo(() => standards.flatMap((s) => s.keyQuestions.filter((k) => keyQuestionApplies(s, k, initial)).map((k) => k.id)), [standards, initial]);
  const [focus, setFocusState] = useState(0);
  const [promptFocus, setPromptFocusState] = useState(-1);
  // The key handler reads focus from refs, set at once: keys arriving faster than React renders
  // (typed ahead, or replayed after opening a case) each see where the one before moved.
  const focusRef = useRef(0);
  const promptFocusRef = useRef(-1);
  const setFocus = (i: number) => {
    focusRef.current = i;
    setFocusState(i);
  };
  const setPromptFocus = (i: number) => {
    promptFocusRef.current = i;
    setPromptFocusState(i);
  };
  const [showKeys, setShowKeys] = useState(false);
  const singleKeys = settings.singleKeyShortcuts !== false;
  // The prompts of a key question that apply to this case, in order: Shift+J/K move over them.
  const promptsOf = useCallback(
    (kqId: string): string[] => {
      for (const s of standards) {
        const k = s.keyQuestions.find((q) => q.id === kqId);
        if (k) return k.prompts.filter((p) => promptApplies(s, k, p, initial)).map((p) => p.id);
      }
      return [];
    },
    [standards, initial],
  );
  const cards = useRef(new Map<string, HTMLElement>());
  const notes = useRef(new Map<string, HTMLElement>());
  const answersRef = useRef(answers);
  answersRef.current = answers;
  const statusRef = useRef(status);
  statusRef.current = status;
  // Each note as last written, so that a pause in typing becomes one undoable change.
  const savedNotes = useRef(new Map(initial.answers.map((a) => [a.questionId, a.note])));

  // Saves that failed for a reason the inspector can fix (a full disk, a read-only folder): the value
  // stays in the form, and "Try again" sends every one of them again.
  const failed = useRef(new Map<string, () => Promise<boolean>>());
  const retryAll = () => {
    const waiting = [...failed.current.values()];
    setSave({ state: 'saving' });
    for (const attempt of waiting) void attempt();
  };
  const retryable = (code: string) => code === 'DISK_FULL' || code === 'READ_ONLY';
  const afterSave = (r: Awaited<ReturnType<typeof call<'case.answer'>>>) => {
    if (r.ok) setSave(failed.current.size > 0 ? { state: 'error', message: 'some changes are still not saved.', retry: retryAll } : { state: 'saved', at: r.value.updatedAt });
    else setSave({ state: 'error', message: r.error.message, ...(failed.current.size > 0 ? { retry: retryAll } : {}) });
    // A change can send a complete case back to in progress (the store's invariants): show it, and why.
    if (r.ok && statusRef.current === 'complete')
      void call('case.get', { caseId: initial.id }).then((g) => {
        if (!g.ok) return;
        setStatus(g.value.status);
        setReopenReason(g.value.reopenReason);
      });
    return r.ok;
  };

  const setLocal = (questionId: string, patch: Partial<AnswerState>) =>
    setAnswers((m) => new Map(m).set(questionId, { value: null, note: '', ...m.get(questionId), ...patch }));

  const writeNote = useCallback(
    async (questionId: string, note: string, record: boolean): Promise<boolean> => {
      const key = `note ${questionId}`;
      const before = savedNotes.current.get(questionId) ?? '';
      if (note === before) {
        failed.current.delete(key);
        return true;
      }
      const r = await call('case.note', { caseId: initial.id, questionId, note });
      if (!r.ok) {
        // What was typed stays in the field; only the message changes.
        if (retryable(r.error.code)) {
          failed.current.set(key, () => writeNote(questionId, note, record));
          setSave({ state: 'error', message: r.error.message, retry: retryAll });
        } else setSave({ state: 'error', message: `${r.error.message} The evidence note for ${questionId} is kept here but not saved.` });
        return false;
      }
      failed.current.delete(key);
      savedNotes.current.set(questionId, note);
      if (record) {
        history.undo.push({ kind: 'note', questionId, before, after: note });
        history.redo = [];
        historyChanged();
      }
      return afterSave(r);
    },
    [initial.id, history],
  );
  const noteSaver = useDebouncedSaver((questionId, note) => writeNote(questionId, note, true));

  /**
   * Writes an answer. A refused write puts the screen (and the history) back to what is stored; one
   * the inspector can fix (a full disk) keeps the answer, says it is not saved and offers "Try again".
   */
  const writeAnswer = useCallback(
    async (questionId: string, value: Answer | null, before: Answer | null, onFail?: () => void): Promise<boolean> => {
      const key = `answer ${questionId}`;
      setLocal(questionId, { value });
      answersRef.current = new Map(answersRef.current).set(questionId, { note: '', ...answersRef.current.get(questionId), value });
      setSave({ state: 'saving' });
      const send = async (): Promise<boolean> => {
        const r = await call('case.answer', { caseId: initial.id, questionId, value });
        if (r.ok) {
          failed.current.delete(key);
          return afterSave(r);
        }
        if (retryable(r.error.code)) {
          failed.current.set(key, send);
          setSave({ state: 'error', message: r.error.message, retry: retryAll });
          return true;
        }
        failed.current.delete(key);
        setLocal(questionId, { value: before });
        answersRef.current = new Map(answersRef.current).set(questionId, { note: '', ...answersRef.current.get(questionId), value: before });
        onFail?.();
        setSave({ state: 'error', message: `${r.error.message} The answer to ${questionId} is back to ${answerText(before)}.` });
        return false;
      };
      return send();
    },
    [initial.id],
  );

  const answer = useCallback(
    (questionId: string, value: Answer | null) => {
      const before = answersRef.current.get(questionId)?.value ?? null;
      if (before === value) return;
      const change: Change = { kind: 'answer', questionId, before, after: value };
      history.undo.push(change);
      history.redo = [];
      historyChanged();
      setProblem(null);
      void writeAnswer(questionId, value, before, () => {
        const i = history.undo.lastIndexOf(change);
        if (i >= 0) history.undo.splice(i, 1);
        historyChanged();
      });
    },
    [writeAnswer, history],
  );
  const saveNote = noteSaver.save;
  const cancelNote = noteSaver.cancel;
  const onNote = useCallback(
    (questionId: string, note: string) => {
      setLocal(questionId, { note });
      if (note.length > NOTE_MAX) {
        // Never sent (the store would refuse it) and never dropped: it waits in the field.
        cancelNote(questionId);
        setSave({ state: 'error', message: `the evidence note for ${questionId} is over ${count(NOTE_MAX)} characters.` });
        return;
      }
      setSave({ state: 'saving' });
      saveNote(questionId, note);
    },
    [saveNote, cancelNote],
  );
  const register = useCallback((kind: 'card' | 'note', id: string, el: HTMLElement | null) => {
    const map = (kind === 'card' ? cards.current : notes.current) as Map<string, HTMLElement>;
    if (el) map.set(id, el);
    else map.delete(id);
  }, []);
  const onFocusQuestion = useCallback(
    (id: string) => {
      const i = navigable.indexOf(id);
      if (i >= 0) setFocus(i);
    },
    [navigable],
  );

  const focusQuestion = (id: string, note = false) => {
    const i = navigable.indexOf(id);
    if (i >= 0) setFocus(i);
    setPromptFocus(-1);
    const el = note ? notes.current.get(id) : cards.current.get(id);
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'center', behavior: 'auto' });
  };

  /** Undo and redo show what they change: the question is scrolled to, focused and announced. */
  const replay = async (direction: 'undo' | 'redo') => {
    await noteSaver.flush();
    const from = direction === 'undo' ? history.undo : history.redo;
    const change = from.pop();
    if (!change) {
      setAnnouncement(direction === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
      return;
    }
    (direction === 'undo' ? history.redo : history.undo).push(change);
    historyChanged();
    const value = direction === 'undo' ? change.before : change.after;
    const other = direction === 'undo' ? change.after : change.before;
    focusQuestion(keyQuestionOf(change.questionId));
    const verb = direction === 'undo' ? 'Undone' : 'Redone';
    if (change.kind === 'answer') {
      setAnnouncement(`${verb}: ${change.questionId} is now ${answerText(value as Answer | null)} (was ${answerText(other as Answer | null)}).`);
      const ok = await writeAnswer(change.questionId, value as Answer | null, other as Answer | null);
      if (!ok) {
        // Not stored: the change goes back where it was, so the history matches the store.
        (direction === 'undo' ? history.redo : history.undo).pop();
        from.push(change);
        historyChanged();
      }
    } else {
      setLocal(change.questionId, { note: value as string });
      setAnnouncement(`${verb}: the evidence note for ${change.questionId}.`);
      await writeNote(change.questionId, value as string, false);
    }
  };
  const undo = () => void replay('undo');
  const redo = () => void replay('redo');

  const progress = caseProgress(framework, initial, answers);
  const nothingApplies = useMemo(() => whyNothingApplies(framework, initial), [framework, initial]);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const renderedStandards = useProgressive(standards.length, 1);
  const complete = async (confirmed = false) => {
    // A case with nothing applicable is completed only when the inspector says so.
    if (nothingApplies && !confirmed) {
      setConfirmEmpty(true);
      return;
    }
    setConfirmEmpty(false);
    // From the keypress on, keys are held for the next case: the inspector types on while it opens.
    // If this case cannot be completed they are given back to it, in order.
    leaving.current = true;
    const stay = () => {
      leaving.current = false;
      replayKeys(takeBufferedKeys(), window);
    };
    await noteSaver.flush();
    const local = caseProgress(framework, initial, answersRef.current);
    if (!local.complete) {
      stay();
      const items: [string, string][] = [...local.unanswered.map((q) => [q, 'answer needed'] as [string, string]), ...local.missingNotes.map((q) => [q, 'a "No" needs an evidence note'] as [string, string])];
      setProblem({ message: 'This case cannot be marked complete yet.', items });
      const first = items[0];
      if (first) focusQuestion(first[0], local.missingNotes.includes(first[0]) && !local.unanswered.includes(first[0]));
      return;
    }
    const r = await call('case.complete', { caseId: initial.id, complete: true });
    if (!r.ok) {
      stay();
      setProblem({ message: r.error.message, items: Object.entries(r.error.fieldErrors ?? {}) });
      return;
    }
    setStatus('complete');
    setReopenReason(null);
    // The next case follows the list as the inspector last saw it (filter, sort) and their own
    // assignment; statuses are refreshed so a case completed elsewhere is not offered.
    const list = await call('case.list', { inspectionId: initial.inspectionId });
    const cases = list.ok ? list.value : [];
    const byId = new Map(cases.map((c) => [c.id, c]));
    const kept = listState(initial.inspectionId);
    const order = kept.order.length > 0 ? kept.order.filter((c) => byId.has(c.id)) : [...cases].sort((a, b) => a.ref.localeCompare(b.ref, 'en-GB', { numeric: true }));
    const fresh = order.map((c) => ({ id: c.id, assignedInspector: byId.get(c.id)?.assignedInspector ?? '', status: byId.get(c.id)?.status ?? c.status }));
    if (kept.order.length > 0) kept.order = fresh;
    const next = nextCaseId(fresh, initial.id, settings.inspectorName);
    if (!next) stay();
    navigate(next ? { name: 'case', id: next } : { name: 'inspection', id: initial.inspectionId });
  };
  const reopen = async () => {
    const r = await call('case.complete', { caseId: initial.id, complete: false });
    if (r.ok) {
      setStatus(r.value.status);
      setReopenReason(r.value.reopenReason);
    }
  };

  // Keyboard-first scoring. Keys act on the focused key question unless the inspector is typing.
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    const focus = focusRef.current;
    const promptFocus = promptFocusRef.current;
    if (leaving.current) {
      bufferKey(e);
      return;
    }
    if (document.querySelector('[role="dialog"]')) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && e.key === 'Enter') {
      e.preventDefault();
      if (readOnly) return;
      void complete();
      return;
    }
    const typing = isTextEntry(e.target);
    if (typing) {
      if (e.key === 'Escape') {
        e.preventDefault();
        const id = navigable[focus];
        if (id) focusQuestion(id);
      }
      return;
    }
    if (readOnly && ctrl) return;
    if (ctrl && (e.key === 'z' || e.key === 'Z')) {
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
      return;
    }
    if (ctrl && e.key === 'y') {
      e.preventDefault();
      redo();
      return;
    }
    if (ctrl || e.altKey) return;
    // One-key shortcuts can be switched off (WCAG 2.1.4); Ctrl shortcuts and buttons still work.
    if (!singleKeys) return;
    const id = navigable[focus];
    const k = e.key.toLowerCase();
    if (e.key === '?') {
      e.preventDefault();
      setShowKeys(true);
      return;
    }
    if (e.shiftKey && id && (k === 'j' || k === 'k' || k === 'arrowdown' || k === 'arrowup')) {
      e.preventDefault();
      const prompts = promptsOf(id);
      const next = k === 'j' || k === 'arrowdown' ? Math.min(promptFocus + 1, prompts.length - 1) : Math.max(promptFocus - 1, -1);
      setPromptFocus(next);
      const row = next >= 0 ? document.querySelector(`[data-prompt="${prompts[next]}"]`) : cards.current.get(id);
      row?.scrollIntoView({ block: 'nearest' });
      return;
    }
    const prompt = id ? promptsOf(id)[promptFocus] : undefined;
    if (readOnly && (k in KEY_ANSWERS || k === 'delete' || k === 'backspace')) return;
    if (k === 'delete' || k === 'backspace') {
      // Clearing is explicit: the answer group (key question or prompt) that has focus, else the focused question.
      const group = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('[data-question]') : null;
      const target = group?.dataset.question ?? prompt ?? id;
      if (target && answersRef.current.get(target)?.value) {
        e.preventDefault();
        answer(target, null);
      }
    } else if (id && k in KEY_ANSWERS) {
      e.preventDefault();
      answer(prompt ?? id, KEY_ANSWERS[k]!);
    } else if (k === 'arrowdown' || k === 'j') {
      e.preventDefault();
      const n = navigable[Math.min(focus + 1, navigable.length - 1)];
      if (n) focusQuestion(n);
    } else if (k === 'arrowup' || k === 'k') {
      e.preventDefault();
      const p = navigable[Math.max(focus - 1, 0)];
      if (p) focusQuestion(p);
    } else if (k === 'e' && id) {
      e.preventDefault();
      focusQuestion(id, true);
    }
  };
  useEffect(() => {
    const on = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
  useEffect(() => {
    const first = navigable[0];
    const card = first ? cards.current.get(first) : undefined;
    card?.focus({ preventScroll: true });
    // Keys typed while this case was opening are applied now, in order, one per turn so that each
    // sees the focus the one before it moved.
    replayKeys(takeBufferedKeys(), card ?? window);
  }, [navigable]);


  return (
    <ReadOnly.Provider value={readOnly}>
    <Stack spacing={3}>
      {final && (
        <Alert severity="info" data-testid="read-only">
          This inspection is final: its answers and notes can be read but not changed.
        </Alert>
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', position: 'sticky', top: 48, zIndex: 2, bgcolor: 'background.default', py: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
          {initial.ref}
        </Typography>
        <Chip label={framework.samples.find((s) => s.id === initial.sample)?.name ?? initial.sample} />
        {initial.crn && <Typography color="text.secondary">CRN {initial.crn}</Typography>}
        {initial.name && <Typography color="text.secondary">{initial.name}</Typography>}
        <Typography color="text.secondary" data-testid="case-progress">
          {nothingApplies ? 'No key question applies to this case' : `${progress.applicable.length - progress.unanswered.length} of ${progress.applicable.length} key questions answered`}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Typography variant="body2" role="status" aria-live="polite" data-testid="undo-announcement" sx={{ maxWidth: 360 }}>
          {announcement}
        </Typography>
        <SaveIndicator save={save} />
        {final ? (
          <Chip label={status === 'complete' ? 'Complete · final, read-only' : 'Final, read-only'} />
        ) : heldBy !== null ? (
          <>
            {status === 'complete' && <Chip color="success" label="Complete" />}
            <Button variant={status === 'complete' ? 'text' : 'contained'} disabled aria-describedby="held-reason">
              {status === 'complete' ? 'Reopen' : 'Mark complete'}
            </Button>
            <Typography variant="body2" color="text.secondary" id="held-reason" data-testid="held-reason">
              {heldReason(heldBy)}
            </Typography>
          </>
        ) : status === 'complete' ? (
          <>
            <Chip color="success" label="Complete" />
            <Button onClick={() => void reopen()}>Reopen</Button>
          </>
        ) : (
          <Button variant="contained" onClick={() => void complete()}>
            Mark complete
          </Button>
        )}
        {/* In the header, so the reason is in view wherever on the form the answer was cleared; gone once
            every question is answered again (the case is then ready to be marked complete). */}
        {status !== 'complete' && reopenReason && !progress.complete && (
          <Alert severity="warning" role="alert" data-testid="reopen-reason" onClose={() => setReopenReason(null)} sx={{ width: '100%', py: 0 }}>
            {reopenReason}
          </Alert>
        )}
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary" id="keyboard-help">
          {singleKeys
            ? 'Keys: Y yes · N no · A not applicable · J/K next and previous question · Shift+J/K the prompts · Delete clear · E evidence note · Ctrl+Z undo · Ctrl+Enter complete and next · ? every shortcut'
            : 'Single-key shortcuts are off (Settings). Ctrl+Z undo · Ctrl+Shift+Z redo · Ctrl+Enter complete and next.'}
        </Typography>
        <Button size="small" onClick={() => setShowKeys(true)}>
          Keyboard shortcuts
        </Button>
        {!final && (
          <>
            <Box sx={{ flexGrow: 1 }} />
            <CaseAdmin detail={initial} onChanged={onChanged} heldBy={heldBy} />
          </>
        )}
      </Box>
      <ShortcutsDialog open={showKeys} singleKeys={singleKeys} onClose={() => setShowKeys(false)} />
      {nothingApplies && (
        <Alert severity="info" data-testid="nothing-applies">
          Nothing in this case is scored: {nothingApplies} Check the case&apos;s attributes if that is not right.
        </Alert>
      )}
      <Dialog open={confirmEmpty} onClose={() => setConfirmEmpty(false)} aria-labelledby="confirm-empty-title">
        <DialogTitle id="confirm-empty-title">Complete a case with nothing to score?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            No key question applies to {initial.ref}: {nothingApplies} It will count as complete but add nothing to any rating.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmEmpty(false)}>Cancel</Button>
          <Button variant="contained" autoFocus onClick={() => void complete(true)}>
            Mark complete
          </Button>
        </DialogActions>
      </Dialog>
      {problem && (
        <Alert severity="error" role="alert">
          {problem.message}
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {problem.items.map(([q, m]) => (
              <li key={q}>
                <Link component="button" onClick={() => focusQuestion(q, m.includes('note'))}>
                  {q}: {m}
                </Link>
              </li>
            ))}
          </Box>
        </Alert>
      )}
      <CaseQaPanel detail={initial} framework={framework} />
      <ConsistencyWarnings framework={framework} detail={initial} answers={answers} />
      <CaseHistory inspectionId={initial.inspectionId} caseRef={initial.ref} />
      {standards.slice(0, renderedStandards).map((s) => (
        <Box key={s.id} component="section" aria-labelledby={`std-${s.id}`}>
          <Typography id={`std-${s.id}`} variant="h5" component="h2">
            {s.id} {s.name}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1.5 }}>
            {s.statement}
          </Typography>
          <Stack spacing={2}>
            {s.keyQuestions.map((k) => (
              <KeyQuestionCard
                key={k.id}
                standard={s}
                question={k}
                detail={initial}
                answers={answers}
                focused={navigable[focus] === k.id}
                focusedPrompt={navigable[focus] === k.id ? (promptsOf(k.id)[promptFocus] ?? null) : null}
                register={register}
                onFocusQuestion={onFocusQuestion}
                onAnswer={answer}
                onNote={onNote}
              />
            ))}
          </Stack>
          <Divider sx={{ mt: 3 }} />
        </Box>
      ))}
    </Stack>
    </ReadOnly.Provider>
  );
}

/** The inspection's status decides whether the form can be changed. */
function CaseFormFor({ initial, framework, onChanged }: { initial: CaseDetail; framework: Framework; onChanged: () => void }) {
  const [inspection] = useCommand('inspection.get', { id: initial.inspectionId });
  const loading = inspection.state === 'loading';
  useEffect(() => {
    if (!loading) return;
    window.addEventListener('keydown', bufferKey);
    return () => window.removeEventListener('keydown', bufferKey);
  }, [loading]);
  // Edited details (sample, attributes) change what applies: the form starts afresh from them.
  const details = JSON.stringify([initial.crn, initial.name, initial.sample, initial.assignedInspector, initial.attributes]);
  return <Load data={inspection}>{(i) => <CaseForm key={details} initial={initial} framework={framework} readOnly={i.status === 'final'} onChanged={onChanged} />}</Load>;
}

export function CaseScreen({ id }: { id: string }) {
  const [detail, reload] = useCommand('case.get', { caseId: id });
  const loading = detail.state === 'loading';
  useEffect(() => {
    if (!loading) return;
    window.addEventListener('keydown', bufferKey);
    return () => window.removeEventListener('keydown', bufferKey);
  }, [loading]);
  // Taking the case back or resolving a conflict changes it underneath the form: start the form afresh.
  const [version, setVersion] = useState(0);
  return (
    <Load data={detail}>
      {(c) => {
        const framework = registry.get(c.frameworkId, c.frameworkRevision);
        return (
          <Page
            title={`Case ${c.ref}`}
            crumbs={[
              { label: 'Inspections', href: href({ name: 'inspections' }) },
              { label: 'Cases', href: href({ name: 'inspection', id: c.inspectionId }) },
              { label: c.ref },
            ]}
          >
            <CaseTeamNotice
              inspectionId={c.inspectionId}
              caseId={c.id}
              caseRef={c.ref}
              onChanged={() => {
                reload();
                setVersion((v) => v + 1);
              }}
            >
              {framework ? <CaseFormFor key={version} initial={c} framework={framework} onChanged={reload} /> : <Alert severity="error">This case uses framework {c.frameworkId}, which this version of Fieldwork does not have.</Alert>}
            </CaseTeamNotice>
          </Page>
        );
      }}
    </Load>
  );
}
