import {
  Alert,
  Box,
  Button,
  ButtonBase,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
  useTheme,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import type { InspectionSummary } from '../../../core/api/contract';
import { ANSWER_LABELS, RATINGS, type Rating } from '../../../core/domain/ratings';
import type { KeyQuestionResult, StandardResult } from '../../../core/engine/types';
import { firmnessOf, provisionalLabel, type CaseState } from '../../../core/engine/provisional';
import { passedQa } from '../../../core/qa/status';
import { frameworks as registry } from '../frameworks';
import { THEME_LABELS, type Framework } from '../../../core/frameworks/schema';
import { call } from '../api';
import { RatingChip } from '../components/rating-chip';
import { Load } from '../components/page';
import { href } from '../router';
import { ratingColour } from '../theme';
import { useCommand } from '../use-command';
import { useInspectionReadOnly } from '../inspections/read-only';

const REFRESH_MS = 3000;

/** A key question's percentage as a bar, with the framework's band thresholds marked on it. */
function KeyQuestionBar({ framework, kq, onOpen }: { framework: Framework; kq: KeyQuestionResult; onOpen: () => void }) {
  const theme = useTheme();
  const pct = kq.percent ?? 0;
  const thresholds = framework.rules.keyQuestionBands.filter((b) => b.minPercent > 0);
  const label = `${kq.id} ${kq.theme ? THEME_LABELS[kq.theme] : ''}: ${kq.percent === null ? 'no applicable cases' : `${kq.yes} of ${kq.applicable} (${Math.round(pct)}%), ${kq.band}`}${kq.unanswered ? `, ${kq.unanswered} unanswered` : ''}`;
  return (
    <ButtonBase onClick={onOpen} aria-label={`${label}. Show the cases`} sx={{ display: 'block', width: '100%', textAlign: 'left', borderRadius: 1, p: 0.75, '&:hover': { bgcolor: 'action.hover' } }}>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1 }}>
        <Typography variant="body2">
          <strong>{kq.id}</strong> {kq.theme ? THEME_LABELS[kq.theme] : kq.text}
        </Typography>
        <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
          {kq.percent === null ? '—' : `${kq.yes}/${kq.applicable} · ${Math.round(pct)}%`}
          {kq.unanswered > 0 && <Box component="span" sx={{ color: 'text.secondary' }}> · {kq.unanswered} unanswered</Box>}
        </Typography>
      </Box>
      <Box sx={{ position: 'relative', height: 12, bgcolor: 'action.selected', borderRadius: 1, mt: 0.5 }} aria-hidden>
        <Box sx={{ width: `${pct}%`, height: '100%', borderRadius: 1, bgcolor: kq.band ? ratingColour(kq.band, theme) : 'transparent' }} />
        {thresholds.map((t) => (
          <Box key={t.rating} title={`${t.rating} from ${t.minPercent}%`} sx={{ position: 'absolute', left: `${t.minPercent}%`, top: -3, bottom: -3, width: 2, bgcolor: 'text.primary', opacity: 0.6 }} />
        ))}
      </Box>
    </ButtonBase>
  );
}

function QuestionCasesDialog({ inspectionId, questionId, onClose }: { inspectionId: string; questionId: string; onClose: () => void }) {
  const [cases] = useCommand('inspection.questionCases', { inspectionId, questionId });
  return (
    <Dialog open onClose={onClose} aria-labelledby="qc-title" fullWidth maxWidth="md">
      <DialogTitle id="qc-title">Cases behind {questionId}</DialogTitle>
      <DialogContent>
        <Load data={cases}>
          {(list) => (
            <Table size="small" aria-label={`Cases for ${questionId}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Sample ref</TableCell>
                  <TableCell>Answer</TableCell>
                  <TableCell>Evidence note</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {list.map((c) => (
                  <TableRow key={c.caseId}>
                    <TableCell>
                      <Link href={href({ name: 'case', id: c.caseId })}>{c.ref}</Link>
                    </TableCell>
                    <TableCell>{c.value ? ANSWER_LABELS[c.value] : 'Unanswered'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{c.note || '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Load>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

function OverrideDialog({ inspectionId, standard, onClose }: { inspectionId: string; standard: StandardResult; onClose: (changed: boolean) => void }) {
  const [rating, setRating] = useState<Rating | ''>(standard.override?.rating ?? '');
  const [reason, setReason] = useState(standard.override?.reason ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = async (clear: boolean) => {
    const r = await call('override.set', { inspectionId, standardId: standard.id, rating: clear || rating === '' ? null : rating, reason: clear ? '' : reason });
    if (r.ok) onClose(true);
    else setError(r.error.fieldErrors?.reason ?? r.error.message);
  };
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby="ov-title" fullWidth maxWidth="sm">
      <DialogTitle id="ov-title">
        Override {standard.id} {standard.name}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Typography>Computed rating: {standard.computedRating ?? 'not yet rated'}. It stays visible beside any override.</Typography>
          <TextField select label="Rating agreed by the panel" value={rating} onChange={(e) => setRating(e.target.value as Rating)}>
            {RATINGS.map((r) => (
              <MenuItem key={r} value={r}>
                {r}
              </MenuItem>
            ))}
          </TextField>
          <TextField label="Reason" required multiline minRows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={error !== null} helperText={error ?? 'Recorded and reported with the rating.'} />
        </Stack>
      </DialogContent>
      <DialogActions>
        {standard.override && <Button color="error" onClick={() => void save(true)}>Remove override</Button>}
        <Box sx={{ flexGrow: 1 }} />
        <Button onClick={() => onClose(false)}>Cancel</Button>
        <Button variant="contained" disabled={rating === ''} onClick={() => void save(false)}>
          Save override
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function StandardCard({ framework, s, cases, onOpenQuestion, onOverride }: { framework: Framework; s: StandardResult; cases: readonly CaseState[]; onOpenQuestion: (id: string) => void; onOverride: () => void }) {
  const readOnly = useInspectionReadOnly();
  const firm = firmnessOf(framework, s, cases);
  const provisional = provisionalLabel(firm);
  return (
    <Card variant="outlined" component="section" aria-labelledby={`sr-${s.id}`} data-standard={s.id}>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 1, flexWrap: 'wrap' }}>
          <Typography id={`sr-${s.id}`} variant="h6" component="h3" sx={{ flexGrow: 1 }}>
            {s.id} {s.name}
          </Typography>
          {provisional && s.rating && <Chip variant="outlined" color="warning" label={provisional} data-testid={`provisional-${s.id}`} />}
          <RatingChip rating={s.rating} size="medium" />
        </Box>
        {firm?.belowMinimum && (
          <Alert severity="warning" sx={{ mb: 1 }} data-testid={`small-base-${s.id}`}>
            This rating rests on {s.casesInSample} {s.casesInSample === 1 ? 'case' : 'cases'}, fewer than the framework&apos;s minimum base of {firm.minimumBase}: read it with caution.
          </Alert>
        )}
        {s.override && (
          <Alert severity="info" sx={{ mb: 1 }}>
            Computed {s.computedRating ?? 'no rating'}; overridden to {s.override.rating}: {s.override.reason}
          </Alert>
        )}
        {s.kind === 'cases' ? (
          <>
            <Stack spacing={0.5}>
              {s.keyQuestions.map((k) => (
                <KeyQuestionBar key={k.id} framework={framework} kq={k} onOpen={() => onOpenQuestion(k.id)} />
              ))}
            </Stack>
            <Box component="ul" sx={{ pl: 2.5, mb: 0 }}>
              {s.explanation.map((e) => (
                <Typography component="li" variant="body2" key={e}>
                  {e}
                </Typography>
              ))}
            </Box>
            {!readOnly && (
              <Button size="small" sx={{ mt: 1 }} onClick={onOverride}>
                {s.override ? 'Change override' : 'Override rating…'}
              </Button>
            )}
          </>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {s.rationale ? s.rationale : 'Judgement not yet entered. Enter it on the Judgements tab.'}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

export function RatingsTab({ inspection }: { inspection: InspectionSummary }) {
  const [qaCompleteOnly, setQaCompleteOnly] = useState(false);
  const [ratings, reloadRatings] = useCommand('inspection.ratings', { inspectionId: inspection.id, qaCompleteOnly });
  // Case statuses say which ratings are still provisional.
  const [caseList, reloadCases] = useCommand('case.list', { inspectionId: inspection.id });
  const cases: CaseState[] = caseList.state === 'ready' ? caseList.value : [];
  const reload = useCallback(() => {
    reloadRatings();
    reloadCases();
  }, [reloadRatings, reloadCases]);
  const [question, setQuestion] = useState<string | null>(null);
  const [overriding, setOverriding] = useState<StandardResult | null>(null);
  const framework = registry.get(inspection.frameworkId, inspection.frameworkRevision);
  // Live: the dashboard follows answers as they are saved, and catches up when the window regains focus.
  useEffect(() => {
    const t = setInterval(reload, REFRESH_MS);
    window.addEventListener('focus', reload);
    return () => {
      clearInterval(t);
      window.removeEventListener('focus', reload);
    };
  }, [reload]);
  if (!framework) return <Alert severity="error">Unknown framework {inspection.frameworkId}.</Alert>;
  return (
    <Load data={ratings}>
      {(r) => (
        <Stack spacing={3}>
          <ToggleButtonGroup exclusive size="small" value={qaCompleteOnly ? 'qa' : 'all'} aria-label="Which cases to rate from" onChange={(_e, v: string | null) => v && setQaCompleteOnly(v === 'qa')}>
            <ToggleButton value="all">All cases ({caseList.state === 'ready' ? caseList.value.length : '…'})</ToggleButton>
            <ToggleButton value="qa">QA-complete cases only ({caseList.state === 'ready' ? caseList.value.filter((c) => passedQa(c.qaStatus)).length : '…'})</ToggleButton>
          </ToggleButtonGroup>
          <Card variant="outlined" component="section" aria-label="Overall rating">
            <CardContent sx={{ display: 'flex', alignItems: 'center', gap: 3, flexWrap: 'wrap' }}>
              <Typography variant="h5" component="h2">
                Overall
              </Typography>
              <RatingChip rating={r.overall.rating} size="medium" />
              <Typography data-testid="overall-score">
                Score {r.overall.score} of {r.overall.max}
              </Typography>
              {r.overall.missing.length > 0 && <Typography color="text.secondary">Waiting for: {r.overall.missing.join(', ')}</Typography>}
              {(() => {
                const firms = r.standards.map((s) => firmnessOf(framework, s, cases)).filter((x) => x !== null);
                const open = firms.some((x) => x.provisional);
                const samples = new Set(r.standards.filter((s) => s.kind === 'cases').map((s) => s.sample));
                const inSamples = cases.filter((c) => samples.has(c.sample));
                return open ? (
                  <Chip variant="outlined" color="warning" data-testid="overall-provisional" label={`Provisional: ${inSamples.filter((c) => c.status === 'complete').length} of ${inSamples.length} cases scored`} />
                ) : null;
              })()}
            </CardContent>
          </Card>
          {r.warnings
            .filter((w) => w.code === 'leadership-and-inadequate-cases')
            .map((w) => (
              <Alert key={w.message} severity="warning">
                {w.message}
              </Alert>
            ))}
          {framework.domains.map((d) => (
            <Box key={d.id} component="section" aria-labelledby={`dom-${d.id}`}>
              <Typography id={`dom-${d.id}`} variant="h5" component="h2" sx={{ mb: 1.5 }}>
                Domain {d.id}: {d.name}
              </Typography>
              <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(420px, 1fr))' }}>
                {r.standards
                  .filter((s) => s.domainId === d.id)
                  .map((s) => (
                    <StandardCard key={s.id} framework={framework} s={s} cases={cases} onOpenQuestion={setQuestion} onOverride={() => setOverriding(s)} />
                  ))}
              </Box>
            </Box>
          ))}
          {question && <QuestionCasesDialog inspectionId={inspection.id} questionId={question} onClose={() => setQuestion(null)} />}
          {overriding && (
            <OverrideDialog
              inspectionId={inspection.id}
              standard={overriding}
              onClose={(changed) => {
                setOverriding(null);
                if (changed) reload();
              }}
            />
          )}
        </Stack>
      )}
    </Load>
  );
}
