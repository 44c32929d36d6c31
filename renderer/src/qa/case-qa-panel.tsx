import { Alert, Box, Button, Chip, Link, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import type { CaseDetail } from '../../../core/api/contract';
import type { QaCaseView, QaCommentView } from '../../../core/api/qa-contract';
import type { Answer } from '../../../core/domain/ratings';
import type { AnswerState } from '../../../core/engine/progress';
import { standardsForCase } from '../../../core/engine/applicability';
import type { Framework } from '../../../core/frameworks/schema';
import { COMMENT_STATE_LABELS } from '../../../core/qa/comments';
import { checkConsistency } from '../../../core/qa/consistency';
import { QA_ACTION_LABELS } from '../../../core/qa/status';
import { call } from '../api';
import { href } from '../router';
import { useCommand } from '../use-command';
import { QA_STATUS_COLOUR, commentTarget, formatWhen, qaStatusLabel } from './qa-format';

/** The framework's consistency rules over the answers as they stand on the form: they warn, never block. */
export function ConsistencyWarnings({ framework, detail, answers }: { framework: Framework; detail: CaseDetail; answers: ReadonlyMap<string, AnswerState> }) {
  const warnings = useMemo(() => {
    const given: Record<string, Answer> = {};
    const notes: Record<string, string> = {};
    for (const [q, a] of answers) {
      if (a.value) given[q] = a.value;
      notes[q] = a.note;
    }
    return checkConsistency(framework, { ref: detail.ref, sample: detail.sample, attributes: detail.attributes, answers: given, notes });
  }, [framework, detail, answers]);
  if (warnings.length === 0) return null;
  return (
    <Alert severity="warning" data-testid="consistency-warnings">
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        Consistency checks (a warning only: nothing stops you saving)
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {warnings.map((w) => (
          <li key={`${w.ruleId}-${w.questionId}`}>{w.message}</li>
        ))}
      </Box>
    </Alert>
  );
}

function CommentItem({ c, reviewer, locked, onChange, setError }: { c: QaCommentView; reviewer: boolean; locked: boolean; onChange: (v: QaCaseView) => void; setError: (m: string | null) => void }) {
  const [reply, setReply] = useState('');
  const run = async (p: ReturnType<typeof call<'qa.comment.reply'>>) => {
    const r = await p;
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setReply('');
    onChange(r.value);
  };
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="qa-comment" data-state={c.state}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
        <Chip size="small" label={commentTarget(c.questionId)} />
        <Chip size="small" color={c.state === 'resolved' ? 'success' : c.state === 'answered' ? 'primary' : 'warning'} label={COMMENT_STATE_LABELS[c.state]} />
        <Typography variant="body2" color="text.secondary">
          {c.author}, {formatWhen(c.createdAt)}
        </Typography>
      </Stack>
      <Typography>{c.text}</Typography>
      {c.reply && (
        <Typography variant="body2" sx={{ mt: 0.5, pl: 2, borderLeft: 3, borderColor: 'divider' }}>
          {c.repliedBy}: {c.reply}
        </Typography>
      )}
      {c.state === 'resolved' && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          Resolved by {c.resolvedBy}
        </Typography>
      )}
      {c.state !== 'resolved' && (
        <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'flex-start' }}>
          <TextField size="small" label={`Answer to the comment on ${commentTarget(c.questionId).toLowerCase()}`} value={reply} onChange={(e) => setReply(e.target.value)} sx={{ flexGrow: 1 }} />
          <Button variant="outlined" disabled={reply.trim() === ''} onClick={() => void run(call('qa.comment.reply', { commentId: c.id, text: reply }))}>
            Answer
          </Button>
          {reviewer && (
            <Button variant="contained" onClick={() => void run(call('qa.comment.resolve', { commentId: c.id, resolved: true }))}>
              Resolve
            </Button>
          )}
        </Stack>
      )}
      {c.state === 'resolved' && reviewer && !locked && (
        <Button size="small" sx={{ mt: 0.5 }} onClick={() => void run(call('qa.comment.resolve', { commentId: c.id, resolved: false }))}>
          Reopen comment
        </Button>
      )}
    </Paper>
  );
}

/** The case's QA: its status and the moves the user may make, and the comments with their answers. */
export function CaseQaPanel({ detail, framework }: { detail: CaseDetail; framework: Framework }) {
  const [loaded, reload] = useCommand('qa.case', { caseId: detail.id });
  const [view, setView] = useState<QaCaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState('case');
  const [text, setText] = useState('');
  const v = view ?? (loaded.state === 'ready' ? loaded.value : null);
  const targets = useMemo(
    () => standardsForCase(framework, detail).flatMap((s) => s.keyQuestions.flatMap((k) => [{ id: k.id, label: `Key question ${k.id}` }, ...k.prompts.map((p) => ({ id: p.id, label: `Prompt ${p.id}` }))])),
    [framework, detail],
  );
  if (!v) return null;
  const apply = (r: Awaited<ReturnType<typeof call<'qa.case'>>>) => {
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setView(r.value);
  };
  const open = v.comments.filter((c) => c.state !== 'resolved').length;
  return (
    <Paper variant="outlined" component="section" aria-labelledby="qa-heading" sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography id="qa-heading" variant="h6" component="h2">
          Quality assurance
        </Typography>
        <Chip color={QA_STATUS_COLOUR[v.status]} label={qaStatusLabel(v.status)} data-testid="qa-status" />
        <Typography variant="body2" color="text.secondary" data-testid="qa-open-comments">
          {open === 0 ? 'No open comments' : `${open} open ${open === 1 ? 'comment' : 'comments'}`}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        {v.actions
          .filter((a) => a.allowed)
          .map((a) => (
            <Button key={a.action} variant="contained" onClick={() => void call('qa.transition', { caseId: detail.id, action: a.action }).then(apply)}>
              {QA_ACTION_LABELS[a.action]}
            </Button>
          ))}
        <Link href={href({ name: 'second-marking', id: detail.id })}>Second marking (blind)</Link>
      </Stack>
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }} onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <Stack spacing={1}>
        {v.comments.map((c) => (
          <CommentItem key={c.id} c={c} reviewer={v.reviewer} locked={v.status === 'final' || v.status === 'qa-complete'} onChange={setView} setError={setError} />
        ))}
      </Stack>
      {v.reviewer && v.status !== 'final' && v.status !== 'qa-complete' && (
        <Stack direction="row" spacing={1} sx={{ mt: 1.5, alignItems: 'flex-start' }}>
          <TextField select size="small" label="Comment on" value={target} onChange={(e) => setTarget(e.target.value)} sx={{ minWidth: 200 }}>
            <MenuItem value="case">Whole case</MenuItem>
            {targets.map((t) => (
              <MenuItem key={t.id} value={t.id}>
                {t.label}
              </MenuItem>
            ))}
          </TextField>
          <TextField size="small" label="QA comment" placeholder="Evidence note does not support Yes" value={text} onChange={(e) => setText(e.target.value)} sx={{ flexGrow: 1 }} />
          <Button
            variant="outlined"
            disabled={text.trim() === ''}
            onClick={() =>
              void call('qa.comment.add', { caseId: detail.id, questionId: target === 'case' ? null : target, text }).then((r) => {
                apply(r);
                if (r.ok) setText('');
              })
            }
          >
            Add comment
          </Button>
        </Stack>
      )}
      {loaded.state === 'error' && <Button onClick={reload}>Try again</Button>}
    </Paper>
  );
}
