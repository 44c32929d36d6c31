import { Alert, Box, Card, CardContent, FormControlLabel, MenuItem, Paper, Stack, Switch, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography, useTheme } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { RECOMMENDATION_PROGRESS } from '../../../core/domain/enums';
import type { InspectionSummary, ProgressView } from '../../../core/api/contract';
import { call } from '../api';
import { formatDayMonthYear } from '../format';
import { Load } from '../components/page';
import { RatingChip } from '../components/rating-chip';
import { ratingColour } from '../theme';
import { useDebouncedSaver } from '../use-autosave';
import { useCommand } from '../use-command';
import { overallHeadline, standardHeadline } from '../../../core/compare/compare';
import { useInspectionReadOnly } from '../inspections/read-only';

const pct = (n: number) => `${Math.round(n)}%`;
const signed = (n: number) => `${n > 0 ? '+' : ''}${Math.round(n)}`;

function Comparison({ oldId, newId }: { oldId: string; newId: string }) {
  const [data] = useCommand('inspection.compare', { oldId, newId });
  return (
    <Load data={data}>
      {(c) => (
        <Stack spacing={2}>
          <Typography>
            {c.old.label} ({c.old.framework}
            {c.old.ratingsOnly ? ', ratings only' : ''}) against {c.new.label} ({c.new.framework}).{' '}
            {c.byTheme ? 'The frameworks differ, so standards are matched by area and key questions by theme.' : ''}
          </Typography>
          <Typography data-testid="overall-compare">
            Overall: {c.overall.old.rating ?? 'not rated'} ({c.overall.old.score ?? '–'} of {c.overall.old.max}) then, {c.overall.new.rating ?? 'not rated'} ({c.overall.new.score ?? '–'} of {c.overall.new.max}) now. {overallHeadline(c)}
          </Typography>
          <TableContainer component={Paper} variant="outlined">
            <Table size="small" aria-label="Standards then and now">
              <TableHead>
                <TableRow>
                  <TableCell>Standard</TableCell>
                  <TableCell>Then</TableCell>
                  <TableCell>Now</TableCell>
                  <TableCell>Change</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {c.standards.map((s) => (
                  <TableRow key={s.match}>
                    <TableCell>{s.label}</TableCell>
                    <TableCell>{s.old ? <>{s.old.id} <RatingChip rating={s.old.rating} /></> : 'no counterpart'}</TableCell>
                    <TableCell>{s.new ? <>{s.new.id} <RatingChip rating={s.new.rating} /></> : 'no counterpart'}</TableCell>
                    <TableCell>{standardHeadline(s, c.keyQuestions)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <TableContainer component={Paper} variant="outlined">
            <Table size="small" aria-label="Key questions then and now">
              <TableHead>
                <TableRow>
                  <TableCell>Key question</TableCell>
                  <TableCell align="right">Then</TableCell>
                  <TableCell align="right">Now</TableCell>
                  <TableCell align="right">Change (points)</TableCell>
                  <TableCell>Beyond sampling noise at {Math.round(c.confidence * 100)}% confidence?</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {c.keyQuestions.map((k) => (
                  <TableRow key={k.match} data-kq={k.newId}>
                    <TableCell>
                      {k.label} ({k.oldId === k.newId ? k.newId : `${k.oldId} → ${k.newId}`})
                    </TableCell>
                    <TableCell align="right">{pct(k.old)}{k.oldBase ? ` of ${k.oldBase}` : ''}</TableCell>
                    <TableCell align="right">{pct(k.new)}{k.newBase ? ` of ${k.newBase}` : ''}</TableCell>
                    <TableCell align="right">{signed(k.change)}</TableCell>
                    <TableCell>{k.verdict}{k.noise !== null ? ` (noise ±${Math.round(k.noise)})` : ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          {c.unmatchedKeyQuestions.length > 0 && (
            <Typography variant="body2" color="text.secondary">
              Without a counterpart: {c.unmatchedKeyQuestions.map((u) => `${u.id} (${u.side === 'old' ? 'then' : 'now'})`).join(', ')}.
            </Typography>
          )}
        </Stack>
      )}
    </Load>
  );
}

/** Each judgement is saved on its own, keyed by the previous recommendation's id. */
function Progress({ inspectionId, initial }: { inspectionId: string; initial: ProgressView[] }) {
  const readOnly = useInspectionReadOnly();
  const [items, setItems] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const { save } = useDebouncedSaver(async (key) => {
    const item = itemsRef.current.find((x) => (x.recommendationId ?? x.id) === key);
    if (!item) return;
    const r = await call('progress.judge', { inspectionId, id: item.id, recommendationId: item.recommendationId, text: item.text, progress: item.progress, note: item.note });
    setError(r.ok ? null : r.error.message);
    // The first save gives the judgement its own id.
    if (r.ok) setItems((list) => list.map((x) => ((x.recommendationId ?? x.id) === key ? { ...x, id: r.value.id } : x)));
  });
  const change = (i: number, patch: Partial<ProgressView>) => {
    const item = { ...items[i]!, ...patch };
    const next = items.map((x, j) => (j === i ? item : x));
    itemsRef.current = next;
    setItems(next);
    save(item.recommendationId ?? item.id ?? '', '');
  };
  if (items.length === 0) return <Typography color="text.secondary">The previous inspection recorded no recommendations.</Typography>;
  return (
    <Stack spacing={2}>
      {error && <Alert severity="error">{error}</Alert>}
      {items.map((r, i) => (
        <Box key={r.recommendationId ?? r.id ?? i} sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <Typography sx={{ flex: '2 1 300px' }}>
            {i + 1}. {r.text}
          </Typography>
          <TextField select disabled={readOnly} size="small" label={`Progress on recommendation ${i + 1}`} value={r.progress ?? ''} onChange={(e) => change(i, { progress: (e.target.value || null) as ProgressView['progress'] })} sx={{ minWidth: 220 }}>
            <MenuItem value="">Not yet judged</MenuItem>
            {RECOMMENDATION_PROGRESS.map((p) => (
              <MenuItem key={p} value={p}>
                {p[0]!.toUpperCase() + p.slice(1)}
              </MenuItem>
            ))}
          </TextField>
          <TextField size="small" multiline label={`Note on recommendation ${i + 1}`} value={r.note} onChange={(e) => change(i, { note: e.target.value })} sx={{ flex: '2 1 300px' }} slotProps={{ htmlInput: { readOnly } }} />
        </Box>
      ))}
    </Stack>
  );
}

function History({ providerId }: { providerId: string }) {
  const theme = useTheme();
  const [includeDrafts, setIncludeDrafts] = useState(false);
  const [history] = useCommand('provider.history', { providerId, includeDrafts });
  return (
    <>
    <FormControlLabel control={<Switch checked={includeDrafts} onChange={(e) => setIncludeDrafts(e.target.checked)} />} label="Include draft inspections in the history" />
    <Load data={history}>
      {(rows) => {
        const w = 640;
        const h = 200;
        const pts = rows.filter((r) => r.share !== null);
        const x = (i: number) => 40 + (pts.length <= 1 ? (w - 80) / 2 : (i * (w - 80)) / (pts.length - 1));
        const y = (s: number) => h - 30 - s * (h - 50);
        const alt = `Overall score as a share of the maximum: ${pts.map((p) => `${p.date ?? ''} ${Math.round(p.share! * 100)}% (${p.score} of ${p.max}, ${p.rating ?? 'not rated'})`).join('; ')}`;
        return (
          <Stack spacing={2}>
            <Box component="svg" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={alt} sx={{ width: '100%', maxWidth: w, bgcolor: 'background.paper' }}>
              <line x1={40} x2={w - 20} y1={y(0)} y2={y(0)} stroke={theme.palette.divider} />
              <line x1={40} x2={w - 20} y1={y(1)} y2={y(1)} stroke={theme.palette.divider} />
              <polyline fill="none" stroke={theme.palette.primary.main} strokeWidth={2} points={pts.map((p, i) => `${x(i)},${y(p.share!)}`).join(' ')} />
              {pts.map((p, i) => (
                <g key={p.inspectionId}>
                  <circle cx={x(i)} cy={y(p.share!)} r={5} fill={p.rating ? ratingColour(p.rating, theme) : theme.palette.text.disabled} />
                  <text x={x(i)} y={h - 10} fontSize={11} textAnchor="middle" fill={theme.palette.text.primary}>
                    {p.date ? `${p.date.slice(5, 7)}/${p.date.slice(0, 4)}` : ''}
                  </text>
                  <text x={x(i)} y={y(p.share!) - 10} fontSize={11} textAnchor="middle" fill={theme.palette.text.primary}>
                    {Math.round(p.share! * 100)}%
                  </text>
                </g>
              ))}
            </Box>
            <TableContainer component={Paper} variant="outlined">
              <Table size="small" aria-label="Ratings per inspection">
                <TableHead>
                  <TableRow>
                    <TableCell>Inspection</TableCell>
                    <TableCell>Overall</TableCell>
                    <TableCell>Standards</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={r.inspectionId}>
                      <TableCell>
                        {r.date ? formatDayMonthYear(r.date) : '—'} ({r.frameworkId})
                      </TableCell>
                      <TableCell>
                        <RatingChip rating={r.rating} /> {r.score ?? '–'} of {r.max}
                      </TableCell>
                      <TableCell>{r.standards.map((s) => `${s.id} ${s.rating ?? '–'}`).join(' · ')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </Stack>
        );
      }}
    </Load>
    </>
  );
}

export function CompareTab({ inspection }: { inspection: InspectionSummary }) {
  const [previous] = useCommand('inspection.previous', { inspectionId: inspection.id });
  const [progress] = useCommand('progress.list', { inspectionId: inspection.id });
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    if (previous.state === 'ready' && chosen === null) setChosen(previous.value.suggested ?? previous.value.candidates[0]?.id ?? null);
  }, [previous, chosen]);
  return (
    <Stack spacing={3}>
      <Load data={previous}>
        {(p) =>
          p.candidates.length === 0 ? (
            <Alert severity="info">No other inspection of {inspection.provider.name} is in Fieldwork. Import one, or record a past inspection from its published report.</Alert>
          ) : (
            <Card variant="outlined">
              <CardContent>
                <TextField select label="Compare with" value={chosen ?? ''} onChange={(e) => setChosen(e.target.value)} sx={{ minWidth: 420, mb: 2 }}>
                  {p.candidates.map((c) => (
                    <MenuItem key={c.id} value={c.id}>
                      {c.label} ({c.frameworkId}
                      {c.ratingsOnly ? ', ratings only' : ''}){c.id === p.suggested ? ' — the previous inspection' : ''}
                    </MenuItem>
                  ))}
                </TextField>
                {chosen && <Comparison oldId={chosen} newId={inspection.id} />}
              </CardContent>
            </Card>
          )
        }
      </Load>
      <Card variant="outlined" component="section" aria-labelledby="prev-recs">
        <CardContent>
          <Typography id="prev-recs" variant="h6" component="h2" gutterBottom>
            Progress on the previous inspection&apos;s recommendations
          </Typography>
          <Load data={progress}>{(items) => <Progress inspectionId={inspection.id} initial={items} />}</Load>
        </CardContent>
      </Card>
      <Card variant="outlined" component="section" aria-labelledby="history">
        <CardContent>
          <Typography id="history" variant="h6" component="h2" gutterBottom>
            {inspection.provider.name}: history
          </Typography>
          <History providerId={inspection.provider.id} />
        </CardContent>
      </Card>
    </Stack>
  );
}
