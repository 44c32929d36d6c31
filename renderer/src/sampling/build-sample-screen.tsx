import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import CasinoIcon from '@mui/icons-material/CasinoOutlined';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  FormGroup,
  IconButton,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import { useEffect, useMemo, useState, type DragEvent, type ReactNode } from 'react';
import type { CaseAttributeKey } from '../../../core/domain/case-attributes';
import type { CaseloadLoaded, DrawView, InspectionSummary, SampleDefaults, SampleSettingsInput } from '../../../core/api/contract';
import { CASELOAD_COLUMNS, parseDay } from '../../../core/sampling/caseload';
import { britishDate } from '../../../core/sampling/draw';
import { call } from '../api';
import { Load, Page } from '../components/page';
import { href, navigate } from '../router';
import { useCommand } from '../use-command';
import { BalanceTable } from './balance-table';
import { EliminateDialog } from './eliminate-dialog';
import { SavedSample } from './saved-sample';

const CASES_SHOWN = 1000;

function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2.5, mb: 3 }}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1.5 }}>
        <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
          {title}
        </Typography>
        {action}
      </Stack>
      {children}
    </Paper>
  );
}

const percentText = (x: number) => String(Math.round(x * 1000) / 10);
const newSeed = () => Math.floor(Math.random() * 1_000_000);

/** Reads "80" as 0.8; null when it is not a percentage within the bounds. */
function percent(text: string, min: number, max: number): number | null {
  const v = Number(text.replace('%', '').replace(/^±/, '').trim());
  return text.trim() !== '' && Number.isFinite(v) && v > min && v < max ? v / 100 : null;
}

interface FormState {
  sample: string;
  useWindow: boolean;
  windowStart: string;
  windowEnd: string;
  exclusions: { attribute: CaseAttributeKey; value: string }[];
  confidence: string;
  margin: string;
  size: string;
  strata: CaseAttributeKey[];
  seed: string;
  inspectors: string;
}

function initialForm(d: SampleDefaults): FormState {
  const s = d.settings;
  return {
    sample: d.samples.find((x) => !x.drawn && x.cases === 0)?.id ?? d.samples[0]!.id,
    useWindow: s.window !== null,
    windowStart: s.window ? britishDate(s.window.start) : '',
    windowEnd: s.window ? britishDate(s.window.end) : '',
    exclusions: s.exclusions,
    confidence: percentText(s.confidence),
    margin: percentText(s.margin),
    size: '',
    strata: s.strata,
    seed: String(s.seed),
    inspectors: '',
  };
}

/** The form as settings, or the message for each field that does not read. */
function settingsOf(f: FormState): { settings: SampleSettingsInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const start = parseDay(f.windowStart.trim());
  const end = parseDay(f.windowEnd.trim());
  if (f.useWindow && !start) errors.windowStart = 'a date like 03/11/2018';
  if (f.useWindow && !end) errors.windowEnd = 'a date like 03/12/2018';
  if (f.useWindow && start && end && end < start) errors.windowEnd = 'the window cannot end before it starts';
  const confidence = percent(f.confidence, 50, 99.95);
  if (confidence === null) errors.confidence = 'a percentage between 50 and 99.9';
  const margin = percent(f.margin, 0, 50);
  if (margin === null) errors.margin = 'a percentage above 0 and below 50';
  const size = f.size.trim() === '' ? null : Number(f.size);
  if (size !== null && !(Number.isInteger(size) && size >= 1 && size <= 100_000)) errors.size = 'a whole number of cases, or blank for the formula';
  const seed = Number(f.seed);
  if (!/^\d+$/.test(f.seed.trim()) || !Number.isSafeInteger(seed)) errors.seed = 'a whole number, 0 or more';
  if (f.strata.length === 0) errors.strata = 'choose at least one';
  if (Object.keys(errors).length > 0) return { settings: null, errors };
  return {
    settings: { confidence: confidence!, margin: margin!, window: f.useWindow ? { start: start!, end: end! } : null, exclusions: f.exclusions, strata: f.strata, size, seed },
    errors,
  };
}

const inspectorsOf = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

function CaseloadPicker({ inspectionId, onLoaded }: { inspectionId: string; onLoaded: (l: CaseloadLoaded | null, fileName: string) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = async (file: File) => {
    setMessage(null);
    setBusy(`Reading ${file.name} (${(file.size / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB)…`);
    const text = await file.text();
    const r = await call('sampling.load', { inspectionId, csv: text });
    setBusy(null);
    if (r.ok) onLoaded(r.value, file.name);
    else {
      setMessage(r.error.fieldErrors?.csv ?? r.error.message);
      onLoaded(null, file.name);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) void load(file);
  };
  return (
    <Box onDragOver={(e) => e.preventDefault()} onDrop={onDrop} sx={{ border: 2, borderStyle: 'dashed', borderColor: 'divider', borderRadius: 1, p: 3, textAlign: 'center' }}>
      <Button component="label" variant="outlined" startIcon={<UploadFileIcon />} disabled={busy !== null}>
        Choose the caseload CSV
        <input hidden type="file" accept=".csv,text/csv" aria-label="Caseload CSV file" onChange={(e) => e.target.files?.[0] && void load(e.target.files[0])} />
      </Button>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        or drop it here. Columns: {CASELOAD_COLUMNS.join(', ')}. Start dates as 03/06/2019 or 2019-06-03.
      </Typography>
      {busy && (
        <Box sx={{ mt: 2 }} role="status">
          <Typography variant="body2">{busy}</Typography>
          <LinearProgress aria-label="Reading the caseload" sx={{ mt: 1 }} />
        </Box>
      )}
      {message && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {message}
        </Alert>
      )}
    </Box>
  );
}

function Builder({ inspection, defaults }: { inspection: InspectionSummary; defaults: SampleDefaults }) {
  const [caseload, setCaseload] = useState<{ fileName: string; loaded: CaseloadLoaded | null } | null>(null);
  const [form, setForm] = useState<FormState>(() => initialForm(defaults));
  const [eliminations, setEliminations] = useState<{ crn: string; reason: string }[]>([]);
  const [draw, setDraw] = useState<DrawView | null>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  const [eliminating, setEliminating] = useState<{ ref: string; crn: string } | null>(null);
  const [newRule, setNewRule] = useState<{ attribute: CaseAttributeKey | ''; value: string }>({ attribute: '', value: '' });
  const [committing, setCommitting] = useState(false);
  const [commitError, setCommitError] = useState<string | null>(null);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  const { settings, errors } = useMemo(() => settingsOf(form), [form]);
  const inspectors = useMemo(() => inspectorsOf(form.inspectors), [form.inspectors]);
  const ready = caseload?.loaded && caseload.loaded.errorCount === 0 ? caseload.loaded : null;
  const input = ready && settings ? { inspectionId: inspection.id, caseloadId: ready.caseloadId, sample: form.sample, settings, eliminations, inspectors } : null;
  const inputKey = input ? JSON.stringify(input) : null;

  // Redraw as the lead changes anything: drawing is quick and writes nothing.
  useEffect(() => {
    if (!inputKey) return;
    let live = true;
    const t = setTimeout(() => {
      void call('sampling.draw', JSON.parse(inputKey) as NonNullable<typeof input>).then((r) => {
        if (!live) return;
        if (r.ok) {
          setDraw(r.value);
          setDrawError(null);
        } else setDrawError(Object.values(r.error.fieldErrors ?? {})[0] ?? r.error.message);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [inputKey]);

  const sampleName = defaults.samples.find((s) => s.id === form.sample)?.name ?? form.sample;
  const chosen = defaults.samples.find((s) => s.id === form.sample);
  const blocked = chosen?.drawn ? 'This sample has already been drawn for this inspection.' : chosen && chosen.cases > 0 ? `This inspection already has ${chosen.cases} cases in the ${sampleName} sample.` : null;
  const values = ready?.values.find((v) => v.attribute === newRule.attribute)?.values ?? [];
  const active = draw?.cases.filter((c) => c.status === 'sampled') ?? [];
  const perInspector = inspectors.map((n) => [n, active.filter((c) => c.assignedInspector === n).length] as const);

  const commit = async () => {
    if (!input) return;
    setCommitting(true);
    setCommitError(null);
    const r = await call('sampling.commit', input);
    setCommitting(false);
    if (r.ok) navigate({ name: 'inspection', id: inspection.id });
    else setCommitError(r.error.message);
  };

  return (
    <>
      <Section title="1. Caseload">
        {caseload?.loaded && caseload.loaded.errorCount === 0 ? (
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Alert severity="success" sx={{ flexGrow: 1 }}>
              {caseload.fileName}: {caseload.loaded.rows.toLocaleString('en-GB')} cases read
              {caseload.loaded.firstStart && caseload.loaded.lastStart && `, starting ${britishDate(caseload.loaded.firstStart)} to ${britishDate(caseload.loaded.lastStart)}`}.
            </Alert>
            <Button onClick={() => { setCaseload(null); setDraw(null); setEliminations([]); }}>Choose another file</Button>
          </Stack>
        ) : (
          <CaseloadPicker inspectionId={inspection.id} onLoaded={(loaded, fileName) => { setCaseload({ fileName, loaded }); setDraw(null); setEliminations([]); }} />
        )}
        {caseload?.loaded && caseload.loaded.errorCount > 0 && (
          <Alert severity="error" sx={{ mt: 2 }} aria-label="Problems in the caseload">
            <Typography sx={{ fontWeight: 600 }}>
              Nothing can be drawn until {caseload.loaded.errorCount === 1 ? 'this is' : `these ${caseload.loaded.errorCount.toLocaleString('en-GB')} problems are`} fixed in the file
              {caseload.loaded.errorCount > caseload.loaded.errors.length ? ` (the first ${caseload.loaded.errors.length} are listed)` : ''}:
            </Typography>
            <List dense disablePadding sx={{ maxHeight: 240, overflow: 'auto' }}>
              {caseload.loaded.errors.map((e, i) => (
                <ListItem key={i} disableGutters>
                  <ListItemText primary={`${e.line > 0 ? `Line ${e.line}` : 'File'}${e.column ? `, ${e.column}` : ''}: ${e.message}`} />
                </ListItem>
              ))}
            </List>
          </Alert>
        )}
      </Section>

      <Section title="2. Eligibility">
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 2 }}>
          <TextField select label="Sample" value={form.sample} onChange={(e) => set('sample', e.target.value)} sx={{ minWidth: 220 }} error={blocked !== null && !chosen?.drawn} helperText={chosen?.drawn ? 'Already drawn: the saved sample is below.' : (blocked ?? ' ')}>
            {defaults.samples.map((s) => (
              <MenuItem key={s.id} value={s.id}>
                {s.name}
                {s.drawn ? ' (drawn)' : s.cases > 0 ? ` (${s.cases} cases)` : ''}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel control={<Checkbox checked={form.useWindow} onChange={(e) => set('useWindow', e.target.checked)} />} label="Start-date window" sx={{ mt: 1 }} />
          <TextField label="Window starts" value={form.windowStart} onChange={(e) => set('windowStart', e.target.value)} disabled={!form.useWindow} error={!!errors.windowStart} helperText={errors.windowStart ?? 'dd/mm/yyyy'} sx={{ width: 170 }} />
          <TextField label="Window ends" value={form.windowEnd} onChange={(e) => set('windowEnd', e.target.value)} disabled={!form.useWindow} error={!!errors.windowEnd} helperText={errors.windowEnd ?? 'dd/mm/yyyy'} sx={{ width: 170 }} />
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          The framework's window is {defaults.settings.window ? `${britishDate(defaults.settings.window.start)} to ${britishDate(defaults.settings.window.end)}` : 'not set'}, from the fieldwork start
          ({britishDate(inspection.fieldworkStart)}).
        </Typography>
        <Typography variant="subtitle2" component="h3">
          Exclusions
        </Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', my: 1 }}>
          <TextField select size="small" label="Exclude where" value={newRule.attribute} onChange={(e) => setNewRule({ attribute: e.target.value as CaseAttributeKey, value: '' })} sx={{ minWidth: 220 }}>
            {defaults.strataChoices.map((c) => (
              <MenuItem key={c.attribute} value={c.attribute}>
                {c.label}
              </MenuItem>
            ))}
          </TextField>
          <TextField select size="small" label="is" value={newRule.value} onChange={(e) => setNewRule((r) => ({ ...r, value: e.target.value }))} sx={{ minWidth: 240 }} disabled={values.length === 0}>
            {values.map((v) => (
              <MenuItem key={v.value} value={v.value}>
                {v.value} ({v.count.toLocaleString('en-GB')})
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="outlined"
            disabled={!newRule.attribute || !newRule.value}
            onClick={() => {
              if (newRule.attribute && !form.exclusions.some((x) => x.attribute === newRule.attribute && x.value === newRule.value))
                set('exclusions', [...form.exclusions, { attribute: newRule.attribute, value: newRule.value }]);
              setNewRule({ attribute: '', value: '' });
            }}
          >
            Add exclusion
          </Button>
        </Stack>
        {draw && (
          <Table size="small" aria-label="Exclusions and their counts" sx={{ maxWidth: 720 }}>
            <TableBody>
              <TableRow>
                <TableCell>Cases on the caseload</TableCell>
                <TableCell align="right">{draw.caseload.toLocaleString('en-GB')}</TableCell>
                <TableCell />
              </TableRow>
              {draw.exclusionCounts.map((e) => {
                const rule = form.exclusions.find((x) => e.reason === `${defaults.strataChoices.find((c) => c.attribute === x.attribute)?.label.toLowerCase()} is ${x.value}`);
                return (
                  <TableRow key={e.reason}>
                    <TableCell>Excluded: {e.reason}</TableCell>
                    <TableCell align="right">−{e.count.toLocaleString('en-GB')}</TableCell>
                    <TableCell padding="checkbox">
                      {rule && (
                        <IconButton size="small" aria-label={`Remove the exclusion ${e.reason}`} onClick={() => set('exclusions', form.exclusions.filter((x) => x !== rule))}>
                          <DeleteIcon fontSize="small" />
                        </IconButton>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
              <TableRow>
                <TableCell sx={{ fontWeight: 700 }}>Eligible cases (N)</TableCell>
                <TableCell align="right" sx={{ fontWeight: 700 }} data-testid="eligible">
                  {draw.eligible.toLocaleString('en-GB')}
                </TableCell>
                <TableCell />
              </TableRow>
            </TableBody>
          </Table>
        )}
      </Section>

      {chosen?.drawn ? (
        <SavedSample inspectionId={inspection.id} sample={form.sample} sampleName={sampleName} caseloadId={ready?.caseloadId ?? null} reasons={defaults.eliminationReasons} />
      ) : (
        <>
        <Section title="3. Sample size">
          <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
            <TextField label="Confidence level (%)" value={form.confidence} onChange={(e) => set('confidence', e.target.value)} error={!!errors.confidence} helperText={errors.confidence ?? `framework: ${percentText(defaults.settings.confidence)}%`} sx={{ width: 200 }} />
            <TextField label="Margin of error (± %)" value={form.margin} onChange={(e) => set('margin', e.target.value)} error={!!errors.margin} helperText={errors.margin ?? `framework: ±${percentText(defaults.settings.margin)}%`} sx={{ width: 200 }} />
            <TextField label="Size chosen instead (optional)" value={form.size} onChange={(e) => set('size', e.target.value)} error={!!errors.size} helperText={errors.size ?? 'blank: use the formula'} sx={{ width: 240 }} />
          </Stack>
          {draw && (
            <Box component="figure" aria-label="Sample size formula" sx={{ m: 0, p: 2, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace', fontSize: '0.95rem' }}>
              {draw.size.working.map((l) => (
                <div key={l}>{l}</div>
              ))}
              <Typography sx={{ mt: 1, fontWeight: 700 }} data-testid="sample-size">
                Sample size: {draw.n.toLocaleString('en-GB')} of {draw.eligible.toLocaleString('en-GB')} eligible cases{draw.n !== draw.size.n ? ` (chosen; the formula gives ${draw.size.n})` : ''}
              </Typography>
            </Box>
          )}
        </Section>

        <Section title="4. Strata and draw">
          <FormGroup row aria-label="Stratify by">
            {defaults.strataChoices.map((c) => (
              <FormControlLabel
                key={c.attribute}
                control={
                  <Checkbox
                    checked={form.strata.includes(c.attribute)}
                    onChange={(e) => set('strata', e.target.checked ? defaults.strataChoices.map((x) => x.attribute).filter((a) => a === c.attribute || form.strata.includes(a)) : form.strata.filter((a) => a !== c.attribute))}
                  />
                }
                label={c.label}
              />
            ))}
          </FormGroup>
          {errors.strata && <Typography color="error">Stratify by {errors.strata}.</Typography>}
          <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', mt: 2 }}>
            <TextField label="Seed" value={form.seed} onChange={(e) => set('seed', e.target.value)} error={!!errors.seed} helperText={errors.seed ?? 'the same seed always draws the same sample'} sx={{ width: 260 }} />
            <Button startIcon={<CasinoIcon />} onClick={() => { set('seed', String(newSeed())); setEliminations([]); }} sx={{ mt: 1 }}>
              New seed
            </Button>
            <TextField
              label="Inspectors"
              value={form.inspectors}
              onChange={(e) => set('inspectors', e.target.value)}
              multiline
              minRows={2}
              helperText="One per line or separated by commas; cases are spread evenly"
              sx={{ minWidth: 320 }}
            />
          </Stack>
          {draw && (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {draw.strata.length.toLocaleString('en-GB')} strata; {draw.strata.filter((s) => s.sample > 0).length.toLocaleString('en-GB')} have cases in the sample.
              {perInspector.length > 0 && ` Cases per inspector: ${perInspector.map(([n, k]) => `${n} ${k}`).join(', ')}.`}
            </Typography>
          )}
        </Section>

        {drawError && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {drawError}
          </Alert>
        )}

        {draw && (
          <>
            <Section title="5. Balance">
              <BalanceTable rows={draw.balance} />
            </Section>

            <Section title={`6. The sample (${active.length.toLocaleString('en-GB')} cases)`}>
              {draw.eliminations.length > 0 && (
                <Alert severity="info" sx={{ mb: 2 }} aria-label="Eliminations">
                  {draw.eliminations.map((e) => (
                    <div key={e.ref}>
                      {e.ref} eliminated ({e.reason}): {e.replacementRef ? `replaced by ${e.replacementRef} from the same stratum` : 'no case left in its stratum to replace it'}.
                    </div>
                  ))}
                </Alert>
              )}
              <TableContainer component={Paper} variant="outlined" sx={{ maxHeight: 480 }}>
                <Table size="small" stickyHeader aria-label="Drawn cases">
                  <TableHead>
                    <TableRow>
                      <TableCell>Sample ref</TableCell>
                      <TableCell>CRN</TableCell>
                      <TableCell>Name</TableCell>
                      <TableCell>Start</TableCell>
                      <TableCell>Stratum</TableCell>
                      <TableCell>Assigned to</TableCell>
                      <TableCell />
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {draw.cases.slice(0, CASES_SHOWN).map((c) => (
                      <TableRow key={c.ref} sx={c.status === 'eliminated' ? { '& td': { color: 'text.disabled' }, '& td.struck': { textDecoration: 'line-through' } } : undefined}>
                        <TableCell className="struck">
                          {c.ref}
                          {c.replaces && <Chip size="small" label={`replaces ${c.replaces}`} sx={{ ml: 1 }} />}
                        </TableCell>
                        <TableCell className="struck">{c.crn}</TableCell>
                        <TableCell className="struck">{c.name}</TableCell>
                        <TableCell>{britishDate(c.startDate)}</TableCell>
                        <TableCell>{c.stratum}</TableCell>
                        <TableCell>{c.assignedInspector || '—'}</TableCell>
                        <TableCell align="right">
                          {c.status === 'eliminated' ? (
                            <Typography variant="body2">Eliminated: {c.reason}</Typography>
                          ) : (
                            <Button size="small" color="warning" onClick={() => setEliminating({ ref: c.ref, crn: c.crn })} aria-label={`Eliminate ${c.ref}`}>
                              Eliminate…
                            </Button>
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
              {draw.cases.length > CASES_SHOWN && (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                  Showing the first {CASES_SHOWN.toLocaleString('en-GB')} of {draw.cases.length.toLocaleString('en-GB')}.
                </Typography>
              )}
            </Section>

            {commitError && (
              <Alert severity="error" sx={{ mb: 2 }}>
                {commitError}
              </Alert>
            )}
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 4 }}>
              <Button variant="contained" size="large" disabled={committing || blocked !== null || active.length === 0 || drawError !== null} onClick={() => void commit()}>
                Use as the inspection's {sampleName.toLowerCase()} sample
              </Button>
              <Typography variant="body2" color="text.secondary">
                Adds {active.length.toLocaleString('en-GB')} cases and records the seed, settings and eliminations.
              </Typography>
            </Stack>
        </>
      )}
        </>
      )}
      <EliminateDialog
        target={eliminating}
        reasons={defaults.eliminationReasons}
        onClose={(reason) => {
          if (eliminating && reason) setEliminations((list) => [...list, { crn: eliminating.crn, reason }]);
          setEliminating(null);
        }}
      />
    </>
  );
}

/** Build sample: from the provider's caseload extract to the inspection's stratified, reproducible sample. */
export function BuildSampleScreen({ id }: { id: string }) {
  const [inspection] = useCommand('inspection.get', { id });
  const [defaults] = useCommand('sampling.defaults', { inspectionId: id });
  return (
    <Load data={inspection}>
      {(insp) => (
        <Page
          title="Build sample"
          crumbs={[{ label: 'Inspections', href: href({ name: 'inspections' }) }, { label: insp.provider.name, href: href({ name: 'inspection', id }) }, { label: 'Build sample' }]}
        >
          <Typography color="text.secondary" sx={{ mt: -2, mb: 3 }}>
            {insp.provider.name} · {insp.frameworkId} · fieldwork starts {britishDate(insp.fieldworkStart)}
          </Typography>
          <Load data={defaults}>{(d) => <Builder inspection={insp} defaults={d} />}</Load>
        </Page>
      )}
    </Load>
  );
}
