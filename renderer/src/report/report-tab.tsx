import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import { Alert, Box, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, InputAdornment, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResult, InspectionSummary, RecommendationItem, ReportNarrative, StandardText } from '../../../core/api/contract';
import { reportRules } from '../../../core/frameworks/load';
import type { Framework, Standard } from '../../../core/frameworks/schema';
import type { InspectionResult, StandardResult } from '../../../core/engine/types';
import {
  CONTEXT_FACT_INFO,
  CONTEXT_FACT_KEYS,
  INSPECTION_TEXT_INFO,
  INSPECTION_TEXT_KEYS,
  STANDARD_TEXT_INFO,
  type ContextFactKey,
  type ReportSectionKey,
} from '../../../core/domain/report-text';
import { call } from '../api';
import { callLong } from '../components/long-work';
import { Load } from '../components/page';
import { RatingChip } from '../components/rating-chip';
import { frameworks as registry } from '../frameworks';
import { useDebouncedSaver } from '../use-autosave';
import { useCommand } from '../use-command';
import { useInspectionReadOnly } from '../inspections/read-only';

export const EXPORT_EVENT = 'fieldwork:export-report';

/** "Saving…", "Saved", or what went wrong, announced politely. */
function useSaveStatus() {
  const [status, setStatus] = useState('');
  const track = async <T extends ApiResult<unknown>>(p: Promise<T>): Promise<T> => {
    setStatus('Saving…');
    const r = await p;
    setStatus(r.ok ? 'Saved' : `Not saved: ${r.error.message}`);
    return r;
  };
  return { status, track };
}

function SaveStatus({ status }: { status: string }) {
  return (
    <Typography variant="body2" color={status.startsWith('Not saved') ? 'error' : 'text.secondary'} role="status" sx={{ minHeight: 20 }}>
      {status}
    </Typography>
  );
}

function Narrative({ inspectionId, framework, initial }: { inspectionId: string; framework: Framework; initial: ReportNarrative }) {
  const readOnly = useInspectionReadOnly();
  const [text, setText] = useState(initial.sections);
  const [facts, setFacts] = useState<Record<string, string>>(Object.fromEntries(CONTEXT_FACT_KEYS.map((k) => [k, initial.facts[k]?.toString() ?? ''])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { status, track } = useSaveStatus();
  const { save } = useDebouncedSaver(async (key, value) => {
    const figure = value.trim().replace(/,/g, '');
    // A figure that is not a number is not sent: it would travel as null and clear the saved one.
    if (key.startsWith('fact:') && figure !== '' && !Number.isFinite(Number(figure))) {
      setErrors((e) => ({ ...e, [key]: 'Enter a number, such as 48 or 69.5' }));
      return;
    }
    const r = key.startsWith('fact:')
      ? await track(call('report.fact.set', { inspectionId, fact: key.slice(5) as ContextFactKey, value: figure === '' ? null : Number(figure) }))
      : await track(call('report.section.set', { inspectionId, key: key as ReportSectionKey, text: value }));
    const detail = r.ok ? '' : (Object.values(r.error.fieldErrors ?? {})[0] ?? r.error.message);
    setErrors((e) => ({ ...e, [key]: detail ? detail.charAt(0).toUpperCase() + detail.slice(1) : '' }));
  });
  const overall = reportRules(framework).sections.find((s) => s.id === 'overall-findings')?.title ?? INSPECTION_TEXT_INFO['overall-findings'].label;
  const label = (k: (typeof INSPECTION_TEXT_KEYS)[number]) => (k === 'overall-findings' ? overall : INSPECTION_TEXT_INFO[k].label);
  const field = (k: ReportSectionKey, props: { label: string; helperText: string; multiline?: boolean; type?: string }) => (
    <TextField
      key={k}
      fullWidth
      multiline={props.multiline}
      minRows={props.multiline ? 3 : undefined}
      type={props.type}
      label={props.label}
      slotProps={{ htmlInput: { readOnly }, ...(props.type === 'date' ? { inputLabel: { shrink: true } } : {}) }}
      helperText={errors[k] || props.helperText}
      error={!!errors[k]}
      value={text[k] ?? ''}
      onChange={(e) => {
        setText({ ...text, [k]: e.target.value });
        save(k, e.target.value);
      }}
    />
  );
  return (
    <Card variant="outlined" component="section" aria-labelledby="narrative">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'baseline', gap: 2 }}>
          <Typography id="narrative" variant="h6" component="h2" gutterBottom sx={{ flexGrow: 1 }}>
            Report text
          </Typography>
          <SaveStatus status={status} />
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          What is left empty prints as a marked placeholder, “[To be written: …]”, so nothing goes missing from the draft.
        </Typography>
        <Stack spacing={2}>
          {INSPECTION_TEXT_KEYS.map((k) => field(k, { label: label(k), helperText: INSPECTION_TEXT_INFO[k].helper, multiline: k !== 'title' }))}
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
            The sample (Annex 1)
          </Typography>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
            {field('eligibility-start', { label: 'Eligible from', helperText: 'Sentences or licences starting on or after', type: 'date' })}
            {field('eligibility-end', { label: 'Eligible to', helperText: 'and on or before', type: 'date' })}
          </Stack>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
            Contextual facts: figures
          </Typography>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
            {CONTEXT_FACT_KEYS.map((k) => (
              <TextField
                key={k}
                label={CONTEXT_FACT_INFO[k].label}
                inputMode="decimal"
                value={facts[k]}
                error={!!errors[`fact:${k}`]}
                helperText={errors[`fact:${k}`] || ' '}
                slotProps={{ htmlInput: { readOnly }, ...(CONTEXT_FACT_INFO[k].unit === 'percent' ? { input: { endAdornment: <InputAdornment position="end">%</InputAdornment> } } : {}) }}
                onChange={(e) => {
                  setFacts({ ...facts, [k]: e.target.value });
                  save(`fact:${k}`, e.target.value);
                }}
              />
            ))}
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}

interface RecommendationDraft {
  /** Local key for React and the debounced saver; the stored id once the item exists. */
  key: string;
  id: string | null;
  text: string;
  /** '' for the provider. */
  addressee: string;
}

/**
 * Each recommendation is saved on its own, by its stable id, with its addressee: typing in one never
 * rewrites the others. An item is created when it first gets text, and removed when emptied or deleted.
 */
function Recommendations({ inspectionId, framework, initial }: { inspectionId: string; framework: Framework; initial: RecommendationItem[] }) {
  const readOnly = useInspectionReadOnly();
  const addressees = reportRules(framework).recommendationAddressees;
  const fresh = (): RecommendationDraft => ({ key: `new-${Math.random().toString(36).slice(2)}`, id: null, text: '', addressee: '' });
  const [items, setItems] = useState<RecommendationDraft[]>(initial.length ? initial.map((r) => ({ key: r.id, id: r.id, text: r.text, addressee: r.addressee })) : [fresh()]);
  const [error, setError] = useState<string | null>(null);
  // Ids by local key, and creations under way, so that quick edits never create an item twice.
  const ids = useRef(new Map(initial.map((r) => [r.id, r.id])));
  const creating = useRef(new Map<string, Promise<string | null>>());
  const write = async (key: string, json: string) => {
    const { text, addressee } = JSON.parse(json) as { text: string; addressee: string };
    const id = ids.current.get(key) ?? (await creating.current.get(key)) ?? null;
    const report = (r: { ok: boolean; error?: { message: string } }) => setError(r.ok ? null : (r.error?.message ?? null));
    if (!text.trim()) {
      if (id) {
        report(await call('recommendation.remove', { id }));
        ids.current.delete(key);
      }
      return;
    }
    if (id) return report(await call('recommendation.edit', { id, text, addressee }));
    const adding = call('recommendation.add', { inspectionId, text, addressee }).then((r) => {
      report(r);
      if (r.ok) ids.current.set(key, r.value.id);
      return r.ok ? r.value.id : null;
    });
    creating.current.set(key, adding);
    await adding;
    creating.current.delete(key);
  };
  const { save } = useDebouncedSaver((key, json) => write(key, json));
  const edit = (key: string, patch: Partial<Pick<RecommendationDraft, 'text' | 'addressee'>>) => {
    const item = { ...items.find((x) => x.key === key)!, ...patch };
    setItems((list) => list.map((x) => (x.key === key ? item : x)));
    save(key, JSON.stringify({ text: item.text, addressee: item.addressee }));
  };
  const remove = (key: string) => {
    setItems((list) => list.filter((x) => x.key !== key));
    save(key, JSON.stringify({ text: '', addressee: '' }));
  };
  return (
    <Card variant="outlined" component="section" aria-labelledby="recs">
      <CardContent>
        <Typography id="recs" variant="h6" component="h2" gutterBottom>
          Recommendations
        </Typography>
        {error && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {error}
          </Alert>
        )}
        <Stack spacing={1.5}>
          {items.map((t, i) => (
            <Box key={t.key} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
              <Typography sx={{ pt: 2, minWidth: 24 }} aria-hidden>
                {i + 1}.
              </Typography>
              <TextField
                select
                label={`Addressee of recommendation ${i + 1}`}
                value={t.addressee || addressees[0]}
                sx={{ minWidth: 240 }}
                disabled={readOnly}
                onChange={(e) => edit(t.key, { addressee: e.target.value === addressees[0] ? '' : e.target.value })}
              >
                {addressees.map((a, n) => (
                  <MenuItem key={a} value={a}>
                    {n === 0 ? 'The provider' : a.charAt(0).toUpperCase() + a.slice(1)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField fullWidth multiline label={`Recommendation ${i + 1}`} value={t.text} onChange={(e) => edit(t.key, { text: e.target.value })} slotProps={{ htmlInput: { readOnly } }} />
              {!readOnly && (
                <IconButton aria-label={`Remove recommendation ${i + 1}`} onClick={() => remove(t.key)}>
                  <DeleteIcon />
                </IconButton>
              )}
            </Box>
          ))}
        </Stack>
        {!readOnly && (
          <Button startIcon={<AddIcon />} sx={{ mt: 1 }} onClick={() => setItems([...items, fresh()])}>
            Add recommendation
          </Button>
        )}
      </CardContent>
    </Card>
  );
}

/** The standard's numbers beside its text: the rating, and each key question's result with its base. */
function Numbers({ result }: { result: StandardResult | undefined }) {
  if (!result) return null;
  return (
    <Box component="aside" aria-label={`${result.id} numbers`} sx={{ minWidth: 260, maxWidth: 320, p: 1.5, borderRadius: 1, bgcolor: 'action.hover' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          Rating
        </Typography>
        <RatingChip rating={result.rating} />
      </Stack>
      {result.kind === 'judgement' ? (
        <Typography variant="body2" color="text.secondary">
          Rated by judgement; the rationale and key question notes entered on the Judgements tab print with it.
        </Typography>
      ) : (
        <Box component="ul" sx={{ m: 0, pl: 2 }}>
          {result.keyQuestions.map((k) => (
            <Typography component="li" variant="body2" key={k.id}>
              {k.id}: {k.percent === null ? 'no applicable cases' : `${Math.round(k.percent)}% (${k.yes} of ${k.applicable})`}
              {k.band ? `, ${k.band}` : ''}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}

function StandardTextEditor({ inspectionId, standard, result, initial }: { inspectionId: string; standard: Standard; result: StandardResult | undefined; initial: StandardText }) {
  const readOnly = useInspectionReadOnly();
  const [text, setText] = useState(initial);
  const { status, track } = useSaveStatus();
  const { save } = useDebouncedSaver((_key, json) => track(call('report.text.set', { inspectionId, standardId: standard.id, ...(JSON.parse(json) as StandardText) })));
  const change = (next: StandardText) => {
    setText(next);
    save('text', JSON.stringify(next));
  };
  const field = (k: keyof StandardText, label: string, helperText: string) => (
    <TextField fullWidth multiline minRows={2} label={`${label}: ${standard.id}`} helperText={helperText} value={text[k]} onChange={(e) => change({ ...text, [k]: e.target.value })} slotProps={{ htmlInput: { readOnly } }} />
  );
  return (
    <Box component="section" aria-labelledby={`rt-${standard.id}`}>
      <Stack direction="row" sx={{ alignItems: 'baseline', gap: 2, mb: 1 }}>
        <Typography id={`rt-${standard.id}`} variant="subtitle1" component="h3" sx={{ fontWeight: 600, flexGrow: 1 }}>
          {standard.id} {standard.name}
        </Typography>
        <SaveStatus status={status} />
      </Stack>
      <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Numbers result={result} />
        <Stack spacing={1.5} sx={{ flexGrow: 1, width: '100%' }}>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
            {field('strengths', 'Strengths', 'One point per line')}
            {field('improvements', 'Areas for improvement', 'One point per line')}
          </Stack>
          {field('narrative', STANDARD_TEXT_INFO.narrative.label, 'A paragraph per blank line; the findings sentences and chart come from the data')}
          {field('practiceExamples', STANDARD_TEXT_INFO['practice-examples'].label, 'Optional; printed in a box')}
        </Stack>
      </Stack>
    </Box>
  );
}

/** The report's own HTML, shown in place: its body only, styled here rather than by its print stylesheet. */
function Preview({ html }: { html: string }) {
  const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? '';
  return (
    <Paper
      variant="outlined"
      aria-label="Report preview"
      component="article"
      sx={{
        p: 4,
        bgcolor: '#fff',
        color: '#1a1a1a',
        '& table': { borderCollapse: 'collapse', width: '100%', my: 1 },
        '& th, & td': { border: '1px solid #999', p: '4px 8px', textAlign: 'left', verticalAlign: 'top' },
        '& th': { bgcolor: '#e8eef7' },
        '& .marking': { color: '#b3261e', fontWeight: 700 },
        '& .placeholder': { bgcolor: '#fff4c2', fontStyle: 'italic', px: 1 },
        '& span.rating': { px: 1, fontWeight: 700 },
        '& h2': { borderBottom: '2px solid #1d4f91', mt: 4 },
        '& svg': { maxWidth: '100%', height: 'auto' },
        '& figcaption': { fontSize: '0.8rem', color: '#444' },
        '& aside.example': { border: '1px solid #1d4f91', p: 1.5, my: 1 },
        '& nav.contents ol': { listStyle: 'none', pl: 2 },
      }}
      dangerouslySetInnerHTML={{ __html: body }}
    />
  );
}

export function ReportTab({ inspection }: { inspection: InspectionSummary }) {
  const [recommendations] = useCommand('recommendation.items', { inspectionId: inspection.id });
  const [texts] = useCommand('report.text.list', { inspectionId: inspection.id });
  const [narrative] = useCommand('report.narrative.get', { inspectionId: inspection.id });
  const [ratings] = useCommand('inspection.ratings', { inspectionId: inspection.id });
  const [preview, setPreview] = useState<string | null>(null);
  const [status, setStatus] = useState<{ severity: 'success' | 'error' | 'info'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const framework = registry.get(inspection.frameworkId, inspection.frameworkRevision);

  const showPreview = async () => {
    const r = await call('report.preview', { inspectionId: inspection.id });
    if (r.ok) setPreview(r.value.html);
    else setStatus({ severity: 'error', message: r.error.message });
  };
  const exportAs = useCallback(
    async (format: 'docx' | 'pdf') => {
      setBusy(true);
      setStatus({ severity: 'info', message: `Preparing the ${format === 'docx' ? 'Word' : 'PDF'} report…` });
      const r = await callLong('report.export', { inspectionId: inspection.id, format }, 'report');
      setBusy(false);
      if (!r.ok) setStatus({ severity: 'error', message: r.error.message });
      else setStatus(r.value.path ? { severity: 'success', message: `Saved ${r.value.path}` } : null);
    },
    [inspection.id],
  );
  useEffect(() => {
    const on = () => void exportAs('docx');
    window.addEventListener(EXPORT_EVENT, on);
    return () => window.removeEventListener(EXPORT_EVENT, on);
  }, [exportAs]);

  if (!framework) return <Alert severity="error">Unknown framework {inspection.frameworkId}.</Alert>;
  const standards = framework.domains.flatMap((d) => d.standards);
  const results = (r: InspectionResult) => new Map(r.standards.map((s) => [s.id, s]));
  return (
    <Stack spacing={3}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
        <Button variant="outlined" onClick={() => void showPreview()}>
          Preview report
        </Button>
        <Button variant="contained" disabled={busy} onClick={() => void exportAs('docx')}>
          Export Word (.docx)
        </Button>
        <Button variant="contained" disabled={busy} onClick={() => void exportAs('pdf')}>
          Export PDF
        </Button>
        <Typography variant="body2" color="text.secondary">
          Cases appear only by sample reference; a report that would contain a CRN or name is not written.
        </Typography>
      </Box>
      {status && (
        <Alert severity={status.severity} role={status.severity === 'error' ? 'alert' : 'status'} onClose={() => setStatus(null)}>
          {status.message}
        </Alert>
      )}
      <Load data={narrative}>{(n) => <Narrative inspectionId={inspection.id} framework={framework} initial={n} />}</Load>
      <Load data={recommendations}>{(list) => <Recommendations inspectionId={inspection.id} framework={framework} initial={list} />}</Load>
      <Card variant="outlined" component="section" aria-labelledby="std-text">
        <CardContent>
          <Typography id="std-text" variant="h6" component="h2" gutterBottom>
            Standards: text beside the numbers
          </Typography>
          <Load data={texts}>
            {(t) => (
              <Load data={ratings}>
                {(r) => (
                  <Stack spacing={4}>
                    {standards.map((s) => (
                      <StandardTextEditor
                        key={s.id}
                        inspectionId={inspection.id}
                        standard={s}
                        result={results(r).get(s.id)}
                        initial={t[s.id] ?? { strengths: '', improvements: '', narrative: '', practiceExamples: '' }}
                      />
                    ))}
                  </Stack>
                )}
              </Load>
            )}
          </Load>
        </CardContent>
      </Card>
      {/* The preview opens where it can be seen, over the form, and is fetched afresh each time so it shows the latest edits. */}
      <Dialog open={preview !== null} onClose={() => setPreview(null)} fullWidth maxWidth="lg" scroll="paper" aria-labelledby="preview-title">
        <DialogTitle id="preview-title">Preview of the draft report</DialogTitle>
        <DialogContent dividers>{preview && <Preview html={preview} />}</DialogContent>
        <DialogActions>
          <Button onClick={() => void showPreview()}>Refresh</Button>
          <Button variant="contained" onClick={() => setPreview(null)} autoFocus>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
