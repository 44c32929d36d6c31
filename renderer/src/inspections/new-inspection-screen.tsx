import {
  Alert,
  Box,
  Button,
  FormControl,
  FormControlLabel,
  FormLabel,
  MenuItem,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  TextField,
} from '@mui/material';
import { useState, type FormEvent } from 'react';
import { PROVIDER_TYPES } from '../../../core/format/inspection-file';
import type { CommandInput } from '../../../core/api/contract';
import { call } from '../api';
import { Load, Page } from '../components/page';
import { href, navigate } from '../router';
import { useCommand } from '../use-command';

type ProviderType = (typeof PROVIDER_TYPES)[number];

export function NewInspectionScreen() {
  const [providers] = useCommand('provider.list', {});
  const [frameworks] = useCommand('framework.list', {});
  const [mode, setMode] = useState<'existing' | 'new'>('new');
  const [providerId, setProviderId] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState<ProviderType>('CRC');
  const [owner, setOwner] = useState('');
  const [region, setRegion] = useState('');
  const [frameworkId, setFrameworkId] = useState('crc-2018');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [caseload, setCaseload] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const input: CommandInput<'inspection.create'> = {
      ...(mode === 'existing' ? { providerId } : { newProvider: { name, type, owner, region } }),
      frameworkId,
      fieldworkStart: start,
      fieldworkEnd: end,
      caseloadSize: caseload.trim() === '' ? null : Number(caseload),
    };
    const r = await call('inspection.create', input);
    setBusy(false);
    if (r.ok) {
      navigate({ name: 'inspection', id: r.value.id });
      return;
    }
    setErrors(r.error.fieldErrors ?? {});
    setMessage(r.error.message);
  };
  const err = (key: string) => (errors[key] ? { error: true, helperText: errors[key] } : {});

  return (
    <Page title="New inspection" crumbs={[{ label: 'Inspections', href: href({ name: 'inspections' }) }, { label: 'New inspection' }]}>
      <Paper variant="outlined" sx={{ p: 3, maxWidth: 720 }}>
        <Box component="form" noValidate onSubmit={(e) => void submit(e)} aria-label="New inspection">
          <Stack spacing={2.5}>
            {message && <Alert severity="error">{message}</Alert>}
            <FormControl>
              <FormLabel id="provider-mode">Provider</FormLabel>
              <RadioGroup row aria-labelledby="provider-mode" value={mode} onChange={(e) => setMode(e.target.value as 'existing' | 'new')}>
                <FormControlLabel value="new" control={<Radio />} label="A new provider" />
                <FormControlLabel value="existing" control={<Radio />} label="An existing provider" />
              </RadioGroup>
            </FormControl>
            {mode === 'existing' ? (
              <Load data={providers}>
                {(list) => (
                  <TextField select label="Provider" value={providerId} onChange={(e) => setProviderId(e.target.value)} {...err('providerId')}>
                    {list.length === 0 && <MenuItem disabled>No providers yet</MenuItem>}
                    {list.map((p) => (
                      <MenuItem key={p.id} value={p.id}>
                        {p.name} ({p.type})
                      </MenuItem>
                    ))}
                  </TextField>
                )}
              </Load>
            ) : (
              <>
                <TextField label="Provider name" required value={name} onChange={(e) => setName(e.target.value)} {...err('newProvider.name')} {...err('name')} />
                <TextField select label="Provider type" value={type} onChange={(e) => setType(e.target.value as ProviderType)} {...err('newProvider.type')}>
                  {PROVIDER_TYPES.map((t) => (
                    <MenuItem key={t} value={t}>
                      {t}
                    </MenuItem>
                  ))}
                </TextField>
                <Stack direction="row" spacing={2}>
                  <TextField fullWidth label="Owner organisation" value={owner} onChange={(e) => setOwner(e.target.value)} {...err('newProvider.owner')} />
                  <TextField fullWidth label="Region" value={region} onChange={(e) => setRegion(e.target.value)} {...err('newProvider.region')} />
                </Stack>
              </>
            )}
            <Load data={frameworks}>
              {(list) => (
                <TextField select label="Framework" value={frameworkId} onChange={(e) => setFrameworkId(e.target.value)} {...err('frameworkId')}>
                  {list.map((f) => (
                    <MenuItem key={f.id} value={f.id}>
                      {f.name} — {f.id} (revision {f.revision})
                    </MenuItem>
                  ))}
                </TextField>
              )}
            </Load>
            <Stack direction="row" spacing={2}>
              <TextField fullWidth type="date" label="Fieldwork starts" value={start} onChange={(e) => setStart(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} {...err('fieldworkStart')} />
              <TextField fullWidth type="date" label="Fieldwork ends" value={end} onChange={(e) => setEnd(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} {...err('fieldworkEnd')} />
            </Stack>
            <TextField label="Caseload size" inputMode="numeric" value={caseload} onChange={(e) => setCaseload(e.target.value)} {...err('caseloadSize')} />
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button type="submit" variant="contained" disabled={busy}>
                Create inspection
              </Button>
              <Button href={href({ name: 'inspections' })}>Cancel</Button>
            </Box>
          </Stack>
        </Box>
      </Paper>
    </Page>
  );
}
