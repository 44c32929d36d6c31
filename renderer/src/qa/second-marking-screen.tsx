import { Alert, Box, Paper, Stack, Table, TableBody, TableCell, TableRow, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useState } from 'react';
import type { SecondMarkingView } from '../../../core/api/qa-contract';
import { CASE_ATTRIBUTES } from '../../../core/domain/case-attributes';
import { ANSWER_LABELS, ANSWERS, type Answer } from '../../../core/domain/ratings';
import { keyQuestionApplies, standardsForCase } from '../../../core/engine/applicability';
import { call } from '../api';
import { Load, Page } from '../components/page';
import { frameworks as registry } from '../frameworks';
import { href } from '../router';
import { useCommand } from '../use-command';

function attributeValue(v: unknown): string {
  if (v === undefined) return 'Not recorded';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}

/**
 * Blind second marking: the case's attributes and the questions, and only this marking's answers.
 * The first marking never reaches this screen (the command does not send it).
 */
function SecondMarkingForm({ initial }: { initial: SecondMarkingView }) {
  const [view, setView] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const framework = registry.get(view.frameworkId, view.frameworkRevision);
  if (!framework) return <Alert severity="error">This case uses framework {view.frameworkId}, which this version of Fieldwork does not have.</Alert>;
  const like = { sample: view.sample, attributes: view.attributes };
  const answer = async (questionId: string, value: Answer | null) => {
    const r = await call('qa.second.answer', { caseId: view.caseId, questionId, value });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setView(r.value);
  };
  const standards = standardsForCase(framework, like);
  const total = standards.flatMap((s) => s.keyQuestions.filter((k) => keyQuestionApplies(s, k, like))).length;
  const given = Object.keys(view.answers).filter((q) => q.split('.').length === 3).length;
  return (
    <Stack spacing={3}>
      <Alert severity="info">
        Blind second marking: you see the case&apos;s attributes and the questions, not the first marking. Your answers are kept apart and never change the case&apos;s ratings; they are compared with the first marking in Quality assurance.
      </Alert>
      {view.blocked && (
        <Alert severity="warning" role="alert">
          {view.blocked}
        </Alert>
      )}
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" gutterBottom>
          About the case
        </Typography>
        <Table size="small" aria-label="Case attributes">
          <TableBody>
            {CASE_ATTRIBUTES.map((a) => (
              <TableRow key={a.key}>
                <TableCell component="th" scope="row" sx={{ width: 280 }}>
                  {a.label}
                </TableCell>
                <TableCell>{attributeValue(view.attributes[a.key])}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      <Typography data-testid="second-progress">
        {given} of {total} key questions answered{view.by ? ` by ${view.by}` : ''}
      </Typography>
      {standards.map((s) => (
        <Box key={s.id} component="section" aria-labelledby={`second-std-${s.id}`}>
          <Typography id={`second-std-${s.id}`} variant="h5" component="h2" sx={{ mb: 1 }}>
            {s.id} {s.name}
          </Typography>
          <Stack spacing={1.5}>
            {s.keyQuestions.map((k) => {
              const applies = keyQuestionApplies(s, k, like);
              return (
                <Paper key={k.id} variant="outlined" sx={{ p: 2, opacity: applies ? 1 : 0.7 }} data-second-kq={k.id}>
                  <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
                    {k.id} {k.text}
                  </Typography>
                  {applies ? (
                    <ToggleButtonGroup
                      exclusive
                      sx={{ mt: 1 }}
                      value={view.answers[k.id] ?? null}
                      disabled={view.blocked !== null}
                      aria-label={`Second marking of key question ${k.id}`}
                      onChange={(_e, v: Answer | null) => void answer(k.id, v)}
                    >
                      {ANSWERS.map((a) => (
                        <ToggleButton key={a} value={a} aria-label={`${ANSWER_LABELS[a]} for ${k.id}`} color={a === 'yes' ? 'success' : a === 'no' ? 'error' : 'standard'} sx={{ px: 2 }}>
                          {a === 'na' ? 'N/A' : ANSWER_LABELS[a]}
                        </ToggleButton>
                      ))}
                    </ToggleButtonGroup>
                  ) : (
                    <Typography variant="body2" color="text.secondary">
                      Not applicable to this case under the framework&apos;s rules.
                    </Typography>
                  )}
                </Paper>
              );
            })}
          </Stack>
        </Box>
      ))}
    </Stack>
  );
}

export function SecondMarkingScreen({ id }: { id: string }) {
  const [view] = useCommand('qa.second.get', { caseId: id });
  return (
    <Load data={view}>
      {(v) => (
        <Page
          title={`Second marking of ${v.ref}`}
          crumbs={[
            { label: 'Inspections', href: href({ name: 'inspections' }) },
            { label: 'Quality assurance', href: href({ name: 'inspection', id: v.inspectionId, tab: 'qa' }) },
            { label: `Second marking of ${v.ref}` },
          ]}
        >
          <SecondMarkingForm initial={v} />
        </Page>
      )}
    </Load>
  );
}
