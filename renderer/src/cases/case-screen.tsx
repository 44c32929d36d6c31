import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlined';
import { Alert, Box, Button, Chip, Divider, Link, Paper, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AuditEntryView, CaseDetail } from '../../../core/api/contract';
import { AuditTable } from '../components/audit-table';
import { ANSWER_LABELS, ANSWERS, type Answer } from '../../../core/domain/ratings';
import { keyQuestionApplies, promptApplies, standardsForCase } from '../../../core/engine/applicability';
import { caseProgress, suggestFromPrompts, type AnswerState } from '../../../core/engine/progress';
import { frameworks as registry } from '../frameworks';
import type { Framework, KeyQuestion, Standard } from '../../../core/frameworks/schema';
import { call } from '../api';
import { Load, Page } from '../components/page';
import { formatTime } from '../format';
import { href, navigate } from '../router';
import { useDebouncedSaver } from '../use-autosave';
import { useCommand } from '../use-command';
import { useProgressive } from '../use-progressive';

type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'error'; message: string; retry?: () => void };
interface Change {
  questionId: string;
  before: Answer | null;
  after: Answer | null;
}

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

function AnswerButtons({ id, label, value, disabled, onChange, size = 'medium' }: { id: string; label: string; value: Answer | null; disabled?: boolean; size?: 'small' | 'medium'; onChange: (v: Answer | null) => void }) {
  return (
    <ToggleButtonGroup exclusive size={size} value={value} disabled={disabled} aria-label={label} data-question={id} onChange={(_e, v: Answer | null) => onChange(v)}>
      {ANSWERS.map((a) => (
        <ToggleButton key={a} value={a} aria-label={`${ANSWER_LABELS[a]} for ${id}`} color={a === 'yes' ? 'success' : a === 'no' ? 'error' : 'standard'} sx={{ px: size === 'small' ? 1.25 : 2 }}>
          {a === 'na' ? 'N/A' : ANSWER_LABELS[a]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

interface CardProps {
  standard: Standard;
  question: KeyQuestion;
  detail: CaseDetail;
  answers: ReadonlyMap<string, AnswerState>;
  focused: boolean;
  register: (kind: 'card' | 'note', id: string, el: HTMLElement | null) => void;
  onFocusQuestion: (id: string) => void;
  onAnswer: (questionId: string, value: Answer | null) => void;
  onNote: (questionId: string, note: string) => void;
}

/** A card re-renders only when its own answers, or its focus, change: scoring stays quick on long forms. */
function sameCard(a: CardProps, b: CardProps): boolean {
  if (a.focused !== b.focused || a.question !== b.question || a.detail !== b.detail) return false;
  if (a.register !== b.register || a.onFocusQuestion !== b.onFocusQuestion || a.onAnswer !== b.onAnswer || a.onNote !== b.onNote) return false;
  return [a.question.id, ...a.question.prompts.map((p) => p.id)].every((id) => a.answers.get(id) === b.answers.get(id));
}

const KeyQuestionCard = memo(function KeyQuestionCard({ standard, question, detail, answers, focused, register, onFocusQuestion, onAnswer, onNote }: CardProps) {
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
      sx={{ p: 2.5, outline: 'none', borderColor: focused ? 'primary.main' : undefined, borderWidth: focused ? 2 : 1, opacity: applies ? 1 : 0.7 }}
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
                      <Box component="li" key={p.id} sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 0.5 }}>
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
              <TextField
                sx={{ mt: 2 }}
                fullWidth
                multiline
                minRows={2}
                label={`Evidence note for ${question.id}`}
                value={note}
                inputRef={(el: HTMLTextAreaElement | null) => register('note', question.id, el)}
                onChange={(e) => onNote(question.id, e.target.value)}
                error={saved?.value === 'no' && note.trim() === ''}
                helperText={saved?.value === 'no' && note.trim() === '' ? 'A "No" needs an evidence note.' : ' '}
              />
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

function isTextEntry(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

function CaseForm({ initial, framework }: { initial: CaseDetail; framework: Framework }) {
  const [answers, setAnswers] = useState<Map<string, AnswerState>>(() => new Map(initial.answers.map((a) => [a.questionId, { value: a.value, note: a.note }])));
  const [status, setStatus] = useState(initial.status);
  const [reopenReason, setReopenReason] = useState(initial.reopenReason);
  const statusRef = useRef(status);
  statusRef.current = status;
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const [history, setHistory] = useState<{ undo: Change[]; redo: Change[] }>({ undo: [], redo: [] });
  const [problem, setProblem] = useState<{ message: string; items: [string, string][] } | null>(null);
  const standards = useMemo(() => standardsForCase(framework, initial), [framework, initial]);
  // Navigation moves over the key questions that apply; the rest are shown but skipped.
  const navigable = useMemo(() => standards.flatMap((s) => s.keyQuestions.filter((k) => keyQuestionApplies(s, k, initial)).map((k) => k.id)), [standards, initial]);
  const [focus, setFocus] = useState(0);
  const cards = useRef(new Map<string, HTMLElement>());
  const notes = useRef(new Map<string, HTMLElement>());
  const answersRef = useRef(answers);
  answersRef.current = answers;

  // Saves that failed for a reason the inspector can fix (a full disk, a read-only folder): the value
  // stays in the form, and "Try again" sends every one of them again.
  const failed = useRef(new Map<string, () => Promise<boolean>>());
  const retryAll = () => {
    const waiting = [...failed.current.values()];
    setSave({ state: 'saving' });
    for (const attempt of waiting) void attempt();
  };
  const attemptSave = (key: string, send: () => ReturnType<typeof call<'case.answer'>>) => {
    const attempt = (): Promise<boolean> =>
      send().then((r) => {
        if (r.ok) failed.current.delete(key);
        else if (r.error.code === 'DISK_FULL' || r.error.code === 'READ_ONLY') failed.current.set(key, attempt);
        return afterSave(r);
      });
    return attempt();
  };
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
  const noteSaver = useDebouncedSaver((questionId, note) => attemptSave(`note ${questionId}`, () => call('case.note', { caseId: initial.id, questionId, note })));

  const setLocal = (questionId: string, patch: Partial<AnswerState>) =>
    setAnswers((m) => new Map(m).set(questionId, { value: null, note: '', ...m.get(questionId), ...patch }));

  const writeAnswer = useCallback(
    (questionId: string, value: Answer | null) => {
      setLocal(questionId, { value });
      setSave({ state: 'saving' });
      void attemptSave(`answer ${questionId}`, () => call('case.answer', { caseId: initial.id, questionId, value }));
    },
    [initial.id],
  );

  const answer = useCallback(
    (questionId: string, value: Answer | null) => {
      const before = answersRef.current.get(questionId)?.value ?? null;
      if (before === value) return;
      setHistory((h) => ({ undo: [...h.undo, { questionId, before, after: value }], redo: [] }));
      setProblem(null);
      writeAnswer(questionId, value);
    },
    [writeAnswer],
  );
  const saveNote = noteSaver.save;
  const onNote = useCallback(
    (questionId: string, note: string) => {
      setLocal(questionId, { note });
      setSave({ state: 'saving' });
      saveNote(questionId, note);
    },
    [saveNote],
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
  const undo = () => {
    const last = history.undo.at(-1);
    if (!last) return;
    setHistory({ undo: history.undo.slice(0, -1), redo: [...history.redo, last] });
    writeAnswer(last.questionId, last.before);
  };
  const redo = () => {
    const next = history.redo.at(-1);
    if (!next) return;
    setHistory({ undo: [...history.undo, next], redo: history.redo.slice(0, -1) });
    writeAnswer(next.questionId, next.after);
  };

  const focusQuestion = (id: string, note = false) => {
    const i = navigable.indexOf(id);
    if (i >= 0) setFocus(i);
    const el = note ? notes.current.get(id) : cards.current.get(id);
    el?.focus();
    el?.scrollIntoView({ block: 'center', behavior: 'auto' });
  };

  const progress = caseProgress(framework, initial, answers);
  const renderedStandards = useProgressive(standards.length, 1);
  const complete = async () => {
    await noteSaver.flush();
    const local = caseProgress(framework, initial, answersRef.current);
    if (!local.complete) {
      const items: [string, string][] = [...local.unanswered.map((q) => [q, 'answer needed'] as [string, string]), ...local.missingNotes.map((q) => [q, 'a "No" needs an evidence note'] as [string, string])];
      setProblem({ message: 'This case cannot be marked complete yet.', items });
      const first = items[0];
      if (first) focusQuestion(first[0], local.missingNotes.includes(first[0]) && !local.unanswered.includes(first[0]));
      return;
    }
    const r = await call('case.complete', { caseId: initial.id, complete: true });
    if (!r.ok) {
      setProblem({ message: r.error.message, items: Object.entries(r.error.fieldErrors ?? {}) });
      return;
    }
    setStatus('complete');
    const list = await call('case.list', { inspectionId: initial.inspectionId });
    const cases = list.ok ? list.value : [];
    const at = cases.findIndex((c) => c.id === initial.id);
    const next = [...cases.slice(at + 1), ...cases.slice(0, Math.max(at, 0))].find((c) => c.status !== 'complete');
    navigate(next ? { name: 'case', id: next.id } : { name: 'inspection', id: initial.inspectionId });
  };
  const reopen = async () => {
    const r = await call('case.complete', { caseId: initial.id, complete: false });
    if (r.ok) setStatus(r.value.status);
  };

  // Keyboard-first scoring. Keys act on the focused key question unless the inspector is typing.
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    if (document.querySelector('[role="dialog"]')) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && e.key === 'Enter') {
      e.preventDefault();
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
    const id = navigable[focus];
    const k = e.key.toLowerCase();
    if (id && k in KEY_ANSWERS) {
      e.preventDefault();
      answer(id, KEY_ANSWERS[k]!);
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
    if (first) cards.current.get(first)?.focus({ preventScroll: true });
  }, [navigable]);

  return (
    <Stack spacing={3}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', position: 'sticky', top: 48, zIndex: 2, bgcolor: 'background.default', py: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
          {initial.ref}
        </Typography>
        <Chip label={framework.samples.find((s) => s.id === initial.sample)?.name ?? initial.sample} />
        {initial.crn && <Typography color="text.secondary">CRN {initial.crn}</Typography>}
        {initial.name && <Typography color="text.secondary">{initial.name}</Typography>}
        <Typography color="text.secondary" data-testid="case-progress">
          {progress.applicable.length - progress.unanswered.length} of {progress.applicable.length} key questions answered
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <SaveIndicator save={save} />
        {status === 'complete' ? (
          <>
            <Chip color="success" label="Complete" />
            <Button onClick={() => void reopen()}>Reopen</Button>
          </>
        ) : (
          <Button variant="contained" onClick={() => void complete()}>
            Mark complete
          </Button>
        )}
      </Box>
      <Typography variant="body2" color="text.secondary" id="keyboard-help">
        Keys: Y yes · N no · A not applicable · J/K or ↑/↓ next and previous question · E evidence note (Esc to leave it) · Ctrl+Z undo · Ctrl+Shift+Z redo · Ctrl+Enter mark complete and open the next case
      </Typography>
      {status !== 'complete' && reopenReason && (
        <Alert severity="warning" data-testid="reopen-reason">
          {reopenReason}
        </Alert>
      )}
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
  );
}

export function CaseScreen({ id }: { id: string }) {
  const [detail] = useCommand('case.get', { caseId: id });
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
            {framework ? <CaseForm initial={c} framework={framework} /> : <Alert severity="error">This case uses framework {c.frameworkId}, which this version of Fieldwork does not have.</Alert>}
          </Page>
        );
      }}
    </Load>
  );
}
