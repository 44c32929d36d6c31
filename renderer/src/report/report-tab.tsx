import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import { Alert, Box, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, Paper, Stack, TextField, Typography } from '@mui/material';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InspectionSummary, RecommendationItem } from '../../../core/api/contract';
import { frameworks as registry } from '../frameworks';
import type { Standard } from '../../../core/frameworks/schema';
import { call } from '../api';
import { Load } from '../components/page';
import { useDebouncedSaver } from '../use-autosave';
import { useCommand } from '../use-command';

export const EXPORT_EVENT = 'fieldwork:export-report';

interface RecommendationDraft {
  /** Local key for React and the debounced saver; the stored id once the item exists. */
  key: string;
  id: string | null;
  text: string;
}

/**
 * Each recommendation is saved on its own, by its stable id: typing in one never rewrites the
 * others. An item is created when it first gets text, and removed when emptied or deleted.
 */
function Recommendations({ inspectionId, initial }: { inspectionId: string; initial: RecommendationItem[] }) {
  const fresh = (): RecommendationDraft => ({ key: `new-${Math.random().toString(36).slice(2)}`, id: null, text: '' });
  const [items, setItems] = useState<RecommendationDraft[]>(initial.length ? initial.map((r) => ({ key: r.id, id: r.id, text: r.text })) : [fresh()]);
  const [error, setError] = useState<string | null>(null);
  // Ids by local key, and creations under way, so that quick edits never create an item twice.
  const ids = useRef(new Map(initial.map((r) => [r.id, r.id])));
  const creating = useRef(new Map<string, Promise<string | null>>());
  const write = async (key: string, text: string) => {
    const id = ids.current.get(key) ?? (await creating.current.get(key)) ?? null;
    const report = (r: { ok: boolean; error?: { message: string } }) => setError(r.ok ? null : (r.error?.message ?? null));
    if (!text.trim()) {
      if (id) {
        report(await call('recommendation.remove', { id }));
        ids.current.delete(key);
      }
      return;
    }
    if (id) return report(await call('recommendation.edit', { id, text }));
    const adding = call('recommendation.add', { inspectionId, text }).then((r) => {
      report(r);
      if (r.ok) ids.current.set(key, r.value.id);
      return r.ok ? r.value.id : null;
    });
    creating.current.set(key, adding);
    await adding;
    creating.current.delete(key);
  };
  const { save } = useDebouncedSaver((key, text) => write(key, text));
  const edit = (key: string, text: string) => {
    setItems((list) => list.map((x) => (x.key === key ? { ...x, text } : x)));
    save(key, text);
  };
  const remove = (key: string) => {
    setItems((list) => list.filter((x) => x.key !== key));
    save(key, '');
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
              <TextField fullWidth multiline label={`Recommendation ${i + 1}`} value={t.text} onChange={(e) => edit(t.key, e.target.value)} />
              <IconButton aria-label={`Remove recommendation ${i + 1}`} onClick={() => remove(t.key)}>
                <DeleteIcon />
              </IconButton>
            </Box>
          ))}
        </Stack>
        <Button startIcon={<AddIcon />} sx={{ mt: 1 }} onClick={() => setItems([...items, fresh()])}>
          Add recommendation
        </Button>
      </CardContent>
    </Card>
  );
}

function StandardText({ inspectionId, standard, initial }: { inspectionId: string; standard: Standard; initial: { strengths: string; improvements: string } }) {
  const [text, setText] = useState(initial);
  const { save } = useDebouncedSaver((_key, json) => call('report.text.set', { inspectionId, standardId: standard.id, ...(JSON.parse(json) as typeof initial) }));
  const change = (next: typeof initial) => {
    setText(next);
    save('text', JSON.stringify(next));
  };
  return (
    <Box component="section" aria-labelledby={`rt-${standard.id}`}>
      <Typography id={`rt-${standard.id}`} variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
        {standard.id} {standard.name}
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField fullWidth multiline minRows={3} label={`Strengths: ${standard.id}`} helperText="One point per line" value={text.strengths} onChange={(e) => change({ ...text, strengths: e.target.value })} />
        <TextField fullWidth multiline minRows={3} label={`Areas for improvement: ${standard.id}`} helperText="One point per line" value={text.improvements} onChange={(e) => change({ ...text, improvements: e.target.value })} />
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
        '& .draft': { color: '#b3261e', fontWeight: 700 },
        '& h2': { borderBottom: '2px solid #1d4f91', mt: 4 },
        '& svg': { maxWidth: '100%', height: 'auto' },
        '& figcaption': { fontSize: '0.8rem', color: '#444' },
      }}
      dangerouslySetInnerHTML={{ __html: body }}
    />
  );
}

export function ReportTab({ inspection }: { inspection: InspectionSummary }) {
  const [recommendations] = useCommand('recommendation.items', { inspectionId: inspection.id });
  const [texts] = useCommand('report.text.list', { inspectionId: inspection.id });
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
      const r = await call('report.export', { inspectionId: inspection.id, format });
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
      <Load data={recommendations}>{(list) => <Recommendations inspectionId={inspection.id} initial={list} />}</Load>
      <Card variant="outlined" component="section" aria-labelledby="std-text">
        <CardContent>
          <Typography id="std-text" variant="h6" component="h2" gutterBottom>
            Strengths and areas for improvement
          </Typography>
          <Load data={texts}>
            {(t) => (
              <Stack spacing={3}>
                {standards.map((s) => (
                  <StandardText key={s.id} inspectionId={inspection.id} standard={s} initial={t[s.id] ?? { strengths: '', improvements: '' }} />
                ))}
              </Stack>
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
