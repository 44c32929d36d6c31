import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlined';
import {
  Alert,
  Box,
  Chip,
  Divider,
  Paper,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CaseDetail, SavedAnswer } from '../../../core/api/contract';
import { ANSWER_LABELS, ANSWERS, type Answer } from '../../../core/domain/ratings';
import { keyQuestionApplies, promptApplies, standardsForCase } from '../../../core/engine/applicability';
import { FrameworkRegistry } from '../../../core/frameworks/load';
import type { Framework, KeyQuestion, Standard } from '../../../core/frameworks/schema';
import { call } from '../api';
import { Load, Page } from '../components/Page';
import { formatTime } from '../format';
import { href } from '../router';
import { useCommand } from '../use-command';

type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'error'; message: string };

const registry = new FrameworkRegistry();
const NOTE_DEBOUNCE_MS = 500;

function SaveIndicator({ save }: { save: SaveState }) {
  return (
    <Box role="status" aria-live="polite" data-testid="save-state" sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 160 }}>
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
        </>
      )}
    </Box>
  );
}

function AnswerButtons({ id, label, value, disabled, onChange, size = 'medium' }: { id: string; label: string; value: Answer | null; disabled?: boolean; size?: 'small' | 'medium'; onChange: (v: Answer | null) => void }) {
  return (
    <ToggleButtonGroup
      exclusive
      size={size}
      value={value}
      disabled={disabled}
      aria-label={label}
      data-question={id}
      onChange={(_e, v: Answer | null) => onChange(v)}
    >
      {ANSWERS.map((a) => (
        <ToggleButton key={a} value={a} aria-label={`${ANSWER_LABELS[a]} for ${id}`} color={a === 'yes' ? 'success' : a === 'no' ? 'error' : 'standard'} sx={{ px: size === 'small' ? 1.25 : 2 }}>
          {a === 'na' ? 'N/A' : ANSWER_LABELS[a]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

interface QuestionProps {
  standard: Standard;
  question: KeyQuestion;
  detail: CaseDetail;
  answers: Map<string, SavedAnswer>;
  onAnswer: (questionId: string, value: Answer | null) => void;
  onNote: (questionId: string, note: string) => void;
}

function KeyQuestionCard({ standard, question, detail, answers, onAnswer, onNote }: QuestionProps) {
  const applies = keyQuestionApplies(standard, question, detail);
  const saved = answers.get(question.id);
  const [note, setNote] = useState(saved?.note ?? '');
  return (
    <Paper variant="outlined" sx={{ p: 2.5 }} component="section" aria-labelledby={`kq-${question.id}`}>
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }}>
        <Box sx={{ flex: '2 1 420px' }}>
          <Typography id={`kq-${question.id}`} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
            {question.id} {question.text}
          </Typography>
          {!applies ? (
            <Alert severity="info" sx={{ mt: 1 }}>
              Not applicable to this case under the framework&apos;s rules.
            </Alert>
          ) : (
            <>
              <Box sx={{ mt: 1.5 }}>
                <AnswerButtons id={question.id} label={`Answer to key question ${question.id}`} value={saved?.value ?? null} onChange={(v) => onAnswer(question.id, v)} />
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
                onChange={(e) => {
                  setNote(e.target.value);
                  onNote(question.id, e.target.value);
                }}
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
}

function CaseForm({ initial, framework }: { initial: CaseDetail; framework: Framework }) {
  const [answers, setAnswers] = useState(() => new Map(initial.answers.map((a) => [a.questionId, a])));
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const pendingNotes = useRef(new Map<string, { timer: ReturnType<typeof setTimeout>; note: string }>());
  const standards = useMemo(() => standardsForCase(framework, initial), [framework, initial]);

  const saved = (r: Awaited<ReturnType<typeof call<'case.answer'>>>) => {
    if (r.ok) {
      setAnswers((m) => new Map(m).set(r.value.questionId, r.value));
      setSave({ state: 'saved', at: r.value.updatedAt });
    } else setSave({ state: 'error', message: r.error.message });
  };
  const onAnswer = (questionId: string, value: Answer | null) => {
    setSave({ state: 'saving' });
    void call('case.answer', { caseId: initial.id, questionId, value }).then(saved);
  };
  const onNote = (questionId: string, note: string) => {
    setSave({ state: 'saving' });
    const pending = pendingNotes.current.get(questionId);
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      pendingNotes.current.delete(questionId);
      void call('case.note', { caseId: initial.id, questionId, note }).then(saved);
    }, NOTE_DEBOUNCE_MS);
    pendingNotes.current.set(questionId, { timer, note });
  };
  // Notes typed just before leaving the case are written at once rather than dropped.
  useEffect(() => {
    const pending = pendingNotes.current;
    const caseId = initial.id;
    return () => {
      for (const [questionId, p] of pending) {
        clearTimeout(p.timer);
        void call('case.note', { caseId, questionId, note: p.note });
      }
      pending.clear();
    };
  }, [initial.id]);

  return (
    <Stack spacing={3}>
      <Box
        sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', position: 'sticky', top: 48, zIndex: 2, bgcolor: 'background.default', py: 1, borderBottom: 1, borderColor: 'divider' }}
      >
        <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
          {initial.ref}
        </Typography>
        <Chip label={framework.samples.find((s) => s.id === initial.sample)?.name ?? initial.sample} />
        {initial.crn && <Typography color="text.secondary">CRN {initial.crn}</Typography>}
        {initial.name && <Typography color="text.secondary">{initial.name}</Typography>}
        <Box sx={{ flexGrow: 1 }} />
        <SaveIndicator save={save} />
      </Box>
      {standards.map((s) => (
        <Box key={s.id} component="section" aria-labelledby={`std-${s.id}`}>
          <Typography id={`std-${s.id}`} variant="h5" component="h2">
            {s.id} {s.name}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1.5 }}>
            {s.statement}
          </Typography>
          <Stack spacing={2}>
            {s.keyQuestions.map((k) => (
              <KeyQuestionCard key={k.id} standard={s} question={k} detail={initial} answers={answers} onAnswer={onAnswer} onNote={onNote} />
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
