import { Alert, Box, Button, Checkbox, Chip, FormControlLabel, Link, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import type { InspectionSummary } from '../../../core/api/contract';
import type { AgreementView, DipSampleView } from '../../../core/api/qa-contract';
import { ANSWER_LABELS, type Answer } from '../../../core/domain/ratings';
import type { DipSampleRule } from '../../../core/qa/dip-sample';
import { QA_STATUSES } from '../../../core/qa/status';
import { COMMENT_STATE_LABELS } from '../../../core/qa/comments';
import { call } from '../api';
import { parseWholeNumber } from '../format';
import { Load } from '../components/page';
import { href } from '../router';
import { useCommand } from '../use-command';
import { QA_STATUS_COLOUR, commentTarget, formatWhen, kappaText, percent, qaStatusLabel } from './qa-format';

function Section({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <Box component="section" aria-labelledby={id} sx={{ mb: 4 }}>
      <Typography id={id} variant="h5" component="h2" sx={{ mb: 1.5 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function AgreementTable({ a }: { a: AgreementView }) {
  const row = (key: string, label: React.ReactNode, s: AgreementView['overall'], bold = false) => (
    <TableRow key={key} sx={bold ? { '& td, & th': { fontWeight: 600 } } : undefined}>
      <TableCell component="th" scope="row">
        {label}
      </TableCell>
      <TableCell align="right">{s.cases}</TableCell>
      <TableCell align="right">{percent(s.agreement)}</TableCell>
      <TableCell align="right">{kappaText(s.kappa)}</TableCell>
      <TableCell>{s.band ?? (s.kappa === null && s.cases > 0 ? 'no variation: kappa undefined' : '—')}</TableCell>
    </TableRow>
  );
  return (
    <>
      {a.overall.caution && a.doubleMarked > 0 && (
        <Alert severity="warning" sx={{ mb: 1.5 }} data-testid="agreement-caution">
          Only {a.overall.cases} {a.overall.cases === 1 ? 'case is' : 'cases are'} double-marked: with fewer than {a.cautionBelowCases}, read these figures with caution.
        </Alert>
      )}
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label="Agreement between markers">
          <TableHead>
            <TableRow>
              <TableCell>Key question</TableCell>
              <TableCell align="right">Cases</TableCell>
              <TableCell align="right">Agreement</TableCell>
              <TableCell align="right">Cohen&apos;s kappa</TableCell>
              <TableCell>In plain words</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {a.keyQuestions.map((k) =>
              row(
                k.id,
                <>
                  {k.id} <Typography component="span" variant="body2" color="text.secondary">{k.text}</Typography>
                </>,
                k,
              ),
            )}
            {row('overall', 'All key questions', a.overall, true)}
          </TableBody>
        </Table>
      </TableContainer>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        A key question counts a case only where both markings answered it. Bands: {a.source}.
      </Typography>
    </>
  );
}

function Disagreements({ a, onRecorded }: { a: AgreementView; onRecorded: () => void }) {
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const record = async (caseId: string, ref: string, questionId: string, value: Answer) => {
    const r = await call('case.answer', { caseId, questionId, value });
    if (!r.ok) return setMessage({ severity: 'error', text: r.error.message });
    setMessage({ severity: 'success', text: `Recorded ${ANSWER_LABELS[value]} on ${questionId} for ${ref} as the agreed answer.${value === 'no' ? ' Add its evidence note on the case.' : ''}` });
    onRecorded();
  };
  if (a.disagreements.length === 0) return <Typography color="text.secondary">No disagreements between the markings.</Typography>;
  return (
    <>
      {message && (
        <Alert severity={message.severity} sx={{ mb: 1 }} onClose={() => setMessage(null)} role={message.severity === 'error' ? 'alert' : 'status'}>
          {message.text}
        </Alert>
      )}
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label="Disagreements for moderation">
          <TableHead>
            <TableRow>
              <TableCell>Case</TableCell>
              <TableCell>Key question</TableCell>
              <TableCell>First marking</TableCell>
              <TableCell>Second marking</TableCell>
              <TableCell>Agreed at moderation</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {a.disagreements.map((d) => (
              <TableRow key={`${d.ref}-${d.id}`}>
                <TableCell>
                  <Link href={href({ name: 'case', id: d.caseId })}>{d.ref}</Link>
                </TableCell>
                <TableCell>{d.id}</TableCell>
                <TableCell>{ANSWER_LABELS[d.first]}</TableCell>
                <TableCell>
                  {ANSWER_LABELS[d.second]} ({d.secondBy})
                </TableCell>
                <TableCell>
                  <Button size="small" onClick={() => void record(d.caseId, d.ref, d.id, d.second)}>
                    Record {ANSWER_LABELS[d.second]}
                  </Button>
                  <Button size="small" onClick={() => void record(d.caseId, d.ref, d.id, d.first)}>
                    Keep {ANSWER_LABELS[d.first]}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}

function describeRule(r: DipSampleRule): string {
  const size = r.per === 'number' ? `${r.value} ${r.value === 1 ? 'case' : 'cases'}` : `${Math.round(r.value * 100)}%`;
  const weights = [r.weightByNoAnswers ? 'many No answers' : '', r.weightByRosh ? 'high risk of serious harm' : ''].filter(Boolean);
  return `${size} of each marker's completed cases, at least one each${weights.length ? `, weighted towards ${weights.join(' and ')}` : ''}`;
}

/** The share is typed in per cent; the rule stores a fraction. Checked at the field before anything is sent. */
const dipFormSchema = z
  .object({
    per: z.enum(['number', 'share']),
    value: z.string(),
    weightByNoAnswers: z.boolean(),
    weightByRosh: z.boolean(),
    seed: z.string().max(200, 'Keep the seed to 200 characters or fewer'),
  })
  .superRefine((v, ctx) => {
    const n = parseWholeNumber(v.value);
    if (v.per === 'share' && (n === null || n < 1 || n > 100)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a share from 1 to 100 per cent' });
    if (v.per === 'number' && (n === null || n < 1 || n > 10_000)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a whole number of cases from 1 to 10,000' });
  });
type DipForm = z.infer<typeof dipFormSchema>;

function DipSample({ inspectionId }: { inspectionId: string }) {
  const [draws, reload] = useCommand('qa.dip.list', { inspectionId });
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<DipSampleView | null>(null);
  const { control, handleSubmit, watch, formState } = useForm<DipForm>({
    resolver: zodResolver(dipFormSchema),
    defaultValues: { per: 'share', value: '10', weightByNoAnswers: true, weightByRosh: true, seed: '' },
  });
  const per = watch('per');
  const draw = async (v: DipForm) => {
    const n = parseWholeNumber(v.value) ?? 0;
    const rule: DipSampleRule = { per: v.per, value: v.per === 'share' ? n / 100 : n, weightByNoAnswers: v.weightByNoAnswers, weightByRosh: v.weightByRosh };
    const r = await call('qa.dip.draw', { inspectionId, rule, ...(v.seed.trim() ? { seed: v.seed.trim() } : {}) });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setLast(r.value);
    reload();
  };
  const valueError = formState.errors.value?.message;
  const seedError = formState.errors.seed?.message;
  return (
    <>
      <Stack component="form" noValidate onSubmit={(e) => void handleSubmit(draw)(e)} direction="row" spacing={2} useFlexGap sx={{ alignItems: 'flex-start', flexWrap: 'wrap', mb: 1.5 }}>
        <Controller name="per" control={control} render={({ field }) => (
          <TextField select size="small" label="Draw" {...field} inputRef={field.ref} sx={{ minWidth: 170 }}>
            <MenuItem value="share">a share (%)</MenuItem>
            <MenuItem value="number">a number of cases</MenuItem>
          </TextField>
        )} />
        <Controller name="value" control={control} render={({ field }) => (
          <TextField size="small" label={per === 'share' ? 'Per cent' : 'Cases'} {...field} inputRef={field.ref} sx={{ width: 200 }} slotProps={{ htmlInput: { inputMode: 'numeric' } }} error={valueError !== undefined} helperText={valueError ?? ' '} />
        )} />
        <Controller name="weightByNoAnswers" control={control} render={({ field }) => (
          <FormControlLabel control={<Checkbox checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />} label="Weight towards many No answers" />
        )} />
        <Controller name="weightByRosh" control={control} render={({ field }) => (
          <FormControlLabel control={<Checkbox checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />} label="Weight towards high RoSH" />
        )} />
        <Controller name="seed" control={control} render={({ field }) => (
          <TextField size="small" label="Seed (optional)" {...field} inputRef={field.ref} error={seedError !== undefined} helperText={seedError ?? 'The same seed draws the same cases'} />
        )} />
        <Button type="submit" variant="contained">
          Draw dip sample
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      {last?.perMarker && (
        <Alert severity="success" sx={{ mb: 1 }} data-testid="dip-result">
          Drew {last.picks.length} {last.picks.length === 1 ? 'case' : 'cases'}: {last.perMarker.map((m) => `${m.marker ?? 'Unassigned'} ${m.drawn} of ${m.completed}`).join(' · ')}
        </Alert>
      )}
      <Load data={draws}>
        {(list) =>
          list.length === 0 ? (
            <Typography color="text.secondary">No dip sample drawn yet. Only completed cases are drawn.</Typography>
          ) : (
            <TableContainer component={Paper} variant="outlined">
              <Table size="small" aria-label="Dip samples drawn">
                <TableHead>
                  <TableRow>
                    <TableCell>Drawn</TableCell>
                    <TableCell>By</TableCell>
                    <TableCell>Rule</TableCell>
                    <TableCell>Seed</TableCell>
                    <TableCell>Cases</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.map((d) => (
                    <TableRow key={d.id}>
                      <TableCell>{formatWhen(d.createdAt)}</TableCell>
                      <TableCell>{d.drawnBy}</TableCell>
                      <TableCell>{describeRule(d.rule)}</TableCell>
                      <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{d.seed}</TableCell>
                      <TableCell>{d.picks.map((p) => `${p.ref}${p.marker ? ` (${p.marker})` : ''}`).join(', ')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )
        }
      </Load>
    </>
  );
}

/** The quality lead's view: statuses, open comments, consistency warnings, agreement and the dip sample. Never in the report. */
export function QaTab({ inspection }: { inspection: InspectionSummary }) {
  const [cases] = useCommand('case.list', { inspectionId: inspection.id });
  const [comments] = useCommand('qa.comments', { inspectionId: inspection.id });
  const [warnings] = useCommand('qa.consistency', { inspectionId: inspection.id });
  const [agreement, reloadAgreement] = useCommand('qa.agreement', { inspectionId: inspection.id });
  return (
    <>
      <Section title="Cases by QA status" id="qa-statuses">
        <Load data={cases}>
          {(list) => (
            <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }} data-testid="qa-status-counts">
              {QA_STATUSES.map((s) => (
                <Chip key={s} color={QA_STATUS_COLOUR[s]} variant="outlined" label={`${qaStatusLabel(s)}: ${list.filter((c) => c.qaStatus === s).length}`} />
              ))}
            </Stack>
          )}
        </Load>
      </Section>
      <Section title="Open comments" id="qa-comments">
        <Load data={comments}>
          {(list) => {
            const open = list.filter((c) => c.state !== 'resolved');
            return open.length === 0 ? (
              <Typography color="text.secondary">No open comments.</Typography>
            ) : (
              <TableContainer component={Paper} variant="outlined">
                <Table size="small" aria-label="Open comments">
                  <TableHead>
                    <TableRow>
                      <TableCell>Case</TableCell>
                      <TableCell>On</TableCell>
                      <TableCell>Comment</TableCell>
                      <TableCell>Answer</TableCell>
                      <TableCell>State</TableCell>
                      <TableCell>By</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {open.map((c) => (
                      <TableRow key={c.id}>
                        <TableCell>
                          <Link href={href({ name: 'case', id: c.caseId })}>{c.ref}</Link>
                        </TableCell>
                        <TableCell>{commentTarget(c.questionId)}</TableCell>
                        <TableCell>{c.text}</TableCell>
                        <TableCell>{c.reply || '—'}</TableCell>
                        <TableCell>{COMMENT_STATE_LABELS[c.state]}</TableCell>
                        <TableCell>
                          {c.author}, {formatWhen(c.createdAt)}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            );
          }}
        </Load>
      </Section>
      <Section title="Consistency checks" id="qa-consistency">
        <Load data={warnings}>
          {(list) =>
            list.length === 0 ? (
              <Typography color="text.secondary">No markings contradict themselves.</Typography>
            ) : (
              <TableContainer component={Paper} variant="outlined">
                <Table size="small" aria-label="Consistency warnings">
                  <TableHead>
                    <TableRow>
                      <TableCell>Case</TableCell>
                      <TableCell>Question</TableCell>
                      <TableCell>Warning</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {list.map((w) => (
                      <TableRow key={`${w.caseId}-${w.ruleId}-${w.questionId}`}>
                        <TableCell>
                          <Link href={href({ name: 'case', id: w.caseId })}>{w.ref}</Link>
                        </TableCell>
                        <TableCell>{w.questionId}</TableCell>
                        <TableCell>{w.message}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            )
          }
        </Load>
      </Section>
      <Section title="Agreement between markers" id="qa-agreement">
        <Load data={agreement}>
          {(a) =>
            a.doubleMarked === 0 ? (
              <Typography color="text.secondary">No case is double-marked yet. Open a case and choose Second marking (blind), or use the links below.</Typography>
            ) : (
              <AgreementTable a={a} />
            )
          }
        </Load>
        <Load data={cases}>
          {(list) => (
            <Typography variant="body2" sx={{ mt: 1.5 }}>
              Second-mark a case:{' '}
              {list.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && ' · '}
                  <Link href={href({ name: 'second-marking', id: c.id })}>{c.ref}</Link>
                </span>
              ))}
            </Typography>
          )}
        </Load>
      </Section>
      <Section title="Disagreements for moderation" id="qa-disagreements">
        <Load data={agreement}>{(a) => <Disagreements a={a} onRecorded={reloadAgreement} />}</Load>
      </Section>
      <Section title="Dip sample" id="qa-dip">
        <DipSample inspectionId={inspection.id} />
      </Section>
    </>
  );
}
