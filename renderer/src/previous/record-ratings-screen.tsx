import { Alert, Box, Button, FormControlLabel, MenuItem, Paper, Radio, RadioGroup, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { parseDayMonthYear } from '../format';
import type { CommandInput } from '../../../core/api/contract';
import { RATINGS, type Rating } from '../../../core/domain/ratings';
import { PROVIDER_TYPES } from '../../../core/format/inspection-file';
import { frameworks as registry } from '../frameworks';
import { call } from '../api';
import { Load, Page } from '../components/page';
import { href, navigate } from '../router';
import { useCommand } from '../use-command';

type ProviderType = (typeof PROVIDER_TYPES)[number];

/** A previous inspection known only from its published report: ratings, percentages if known, recommendations. */
export function RecordRatingsScreen() {
  const [providers] = useCommand('provider.list', {});
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [providerId, setProviderId] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState<ProviderType>('CRC');
  const [frameworkId, setFrameworkId] = useState('crc-2018');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [ratings, setRatings] = useState<Record<string, Rating>>({});
  const [overall, setOverall] = useState<Rating | ''>('');
  const [percents, setPercents] = useState<Record<string, { percent: string; base: string }>>({});
  const [recs, setRecs] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const framework = registry.get(frameworkId)!;
  const standards = framework.domains.flatMap((d) => d.standards);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'existing' && providerId === '') {
      // Said in the inspector's words, not as the id check the main process would give.
      setErrors({ providerId: 'choose an existing provider or enter a new one' });
      setMessage('Some fields need attention.');
      setShown((n) => n + 1);
      return;
    }
    const keyQuestions = Object.fromEntries(
      Object.entries(percents)
        .filter(([, v]) => v.percent.trim() !== '')
        .map(([k, v]) => [k, { percent: Number(v.percent), base: v.base.trim() === '' ? null : Number(v.base) }]),
    );
    const input: CommandInput<'inspection.recordRatings'> = {
      ...(mode === 'existing' ? { providerId } : { newProvider: { name, type } }),
      frameworkId,
      fieldworkStart: parseDayMonthYear(start) ?? start,
      fieldworkEnd: parseDayMonthYear(end || start) ?? (end || start),
      standards: ratings,
      overall: overall || null,
      keyQuestions,
      recommendations: recs.split('\n').map((r) => r.trim()).filter(Boolean),
    };
    const r = await call('inspection.recordRatings', input);
    if (r.ok) navigate({ name: 'inspection', id: r.value.inspectionId, tab: 'compare' });
    else {
      setErrors(r.error.fieldErrors ?? {});
      setMessage(r.error.message);
      setShown((n) => n + 1);
    }
  };
  // Errors appear where the eye is: the first field with a problem is scrolled to and focused
  // (or the message, when no field is named).
  const form = useRef<HTMLFormElement | null>(null);
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (shown === 0) return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]:not([aria-hidden="true"])') ?? form.current?.querySelector<HTMLElement>('[role="alert"]');
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  }, [shown]);
  const err = (k: string) => (errors[k] ? { error: true, helperText: errors[k] } : {});
  return (
    <Page title="Record a past inspection" crumbs={[{ label: 'Inspections', href: href({ name: 'inspections' }) }, { label: 'Record a past inspection' }]}>
      <Paper variant="outlined" sx={{ p: 3, maxWidth: 900 }}>
        <Box component="form" ref={form} noValidate onSubmit={(e) => void submit(e)} aria-label="Record a past inspection">
          <Stack spacing={2.5}>
            <Typography color="text.secondary">For inspections known only from their published report: record the ratings it gave, key question percentages where the report has them, and its recommendations.</Typography>
            {message && (
              <Alert severity="error" role="alert" tabIndex={-1}>
                {message}
              </Alert>
            )}
            <RadioGroup row aria-label="Provider" value={mode} onChange={(e) => setMode(e.target.value as 'existing' | 'new')}>
              <FormControlLabel value="existing" control={<Radio />} label="An existing provider" />
              <FormControlLabel value="new" control={<Radio />} label="A new provider" />
            </RadioGroup>
            {mode === 'existing' ? (
              <Load data={providers}>
                {(list) => (
                  <TextField select label="Provider" value={providerId} onChange={(e) => setProviderId(e.target.value)} {...err('providerId')}>
                    {list.map((p) => (
                      <MenuItem key={p.id} value={p.id}>
                        {p.name}
                      </MenuItem>
                    ))}
                  </TextField>
                )}
              </Load>
            ) : (
              <Stack direction="row" spacing={2}>
                <TextField fullWidth label="Provider name" value={name} onChange={(e) => setName(e.target.value)} {...err('newProvider.name')} />
                <TextField select label="Provider type" value={type} onChange={(e) => setType(e.target.value as ProviderType)} sx={{ minWidth: 180 }}>
                  {PROVIDER_TYPES.map((t) => (
                    <MenuItem key={t} value={t}>
                      {t}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
            )}
            <Stack direction="row" spacing={2}>
              <TextField select label="Framework" value={frameworkId} onChange={(e) => { setFrameworkId(e.target.value); setRatings({}); setPercents({}); }} sx={{ minWidth: 220 }}>
                {registry.list().map((f) => (
                  <MenuItem key={f.id} value={f.id}>
                    {f.id}
                  </MenuItem>
                ))}
              </TextField>
              <TextField label="Fieldwork starts" placeholder="dd/mm/yyyy" helperText="dd/mm/yyyy" value={start} onChange={(e) => setStart(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} {...err('fieldworkStart')} />
              <TextField label="Fieldwork ends" placeholder="dd/mm/yyyy" helperText="dd/mm/yyyy" value={end} onChange={(e) => setEnd(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} {...err('fieldworkEnd')} />
            </Stack>
            {standards.map((s) => (
              <Box key={s.id} sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
                <TextField select size="small" label={`${s.id} ${s.name}`} value={ratings[s.id] ?? ''} onChange={(e) => setRatings({ ...ratings, [s.id]: e.target.value as Rating })} sx={{ minWidth: 320 }}>
                  {RATINGS.map((r) => (
                    <MenuItem key={r} value={r}>
                      {r}
                    </MenuItem>
                  ))}
                </TextField>
                {s.ratedBy === 'cases' &&
                  s.keyQuestions.map((k) => (
                    <TextField
                      key={k.id}
                      size="small"
                      label={`${k.id} %`}
                      inputMode="decimal"
                      value={percents[k.id]?.percent ?? ''}
                      onChange={(e) => setPercents({ ...percents, [k.id]: { base: percents[k.id]?.base ?? '', percent: e.target.value } })}
                      sx={{ width: 96 }}
                      {...err(`keyQuestions.${k.id}.percent`)}
                    />
                  ))}
              </Box>
            ))}
            <TextField select label="Overall rating" value={overall} onChange={(e) => setOverall(e.target.value as Rating)} sx={{ maxWidth: 320 }}>
              {RATINGS.map((r) => (
                <MenuItem key={r} value={r}>
                  {r}
                </MenuItem>
              ))}
            </TextField>
            <TextField label="Recommendations (one per line)" multiline minRows={3} value={recs} onChange={(e) => setRecs(e.target.value)} />
            <Box>
              <Button type="submit" variant="contained">
                Record inspection
              </Button>
            </Box>
          </Stack>
        </Box>
      </Paper>
    </Page>
  );
}
