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
  type TextFieldProps,
} from '@mui/material';
import { zodResolver } from '@hookform/resolvers/zod';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { useState } from 'react';
import { PROVIDER_TYPES } from '../../../core/format/inspection-file';
import type { CommandInput } from '../../../core/api/contract';
import { call } from '../api';
import { Load, Page } from '../components/page';
import { href, navigate } from '../router';
import { useCommand } from '../use-command';
import { parseDayMonthYear } from '../format';
import { caseloadField, caseloadValue, checkFieldworkDates, dateField, nameField } from './inspection-fields';


/** The form as typed; every problem is found at once, before anything is sent. */
const formSchema = z
  .object({
    mode: z.enum(['existing', 'new']),
    providerId: z.string(),
    name: nameField,
    type: z.enum(PROVIDER_TYPES),
    owner: nameField,
    region: nameField,
    frameworkId: z.string().min(1, 'required'),
    start: dateField('Fieldwork starts'),
    end: dateField('Fieldwork ends'),
    caseload: caseloadField,
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'new' && v.name === '') ctx.addIssue({ code: 'custom', path: ['name'], message: 'required' });
    if (v.mode === 'existing' && v.providerId === '') ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'choose an existing provider or enter a new one' });
    checkFieldworkDates(v, ctx);
  });
type Form = z.infer<typeof formSchema>;

// Server field paths to the form's fields, for anything only the main process can check.
const SERVER_FIELDS: Record<string, keyof Form> = {
  providerId: 'providerId',
  'newProvider.name': 'name',
  name: 'name',
  'newProvider.type': 'type',
  'newProvider.owner': 'owner',
  'newProvider.region': 'region',
  frameworkId: 'frameworkId',
  fieldworkStart: 'start',
  fieldworkEnd: 'end',
  caseloadSize: 'caseload',
};

export function NewInspectionScreen() {
  const [providers] = useCommand('provider.list', {});
  const [frameworks] = useCommand('framework.list', {});
  const [message, setMessage] = useState<string | null>(null);
  const { control, handleSubmit, watch, setError, formState } = useForm<Form>({
    resolver: zodResolver(formSchema),
    defaultValues: { mode: 'new', providerId: '', name: '', type: 'CRC', owner: '', region: '', frameworkId: 'crc-2018', start: '', end: '', caseload: '' },
  });
  const mode = watch('mode');

  const submit = async (v: Form) => {
    setMessage(null);
    const input: CommandInput<'inspection.create'> = {
      ...(v.mode === 'existing' ? { providerId: v.providerId } : { newProvider: { name: v.name, type: v.type, owner: v.owner, region: v.region } }),
      frameworkId: v.frameworkId,
      fieldworkStart: parseDayMonthYear(v.start) ?? v.start,
      fieldworkEnd: parseDayMonthYear(v.end) ?? v.end,
      caseloadSize: caseloadValue(v.caseload),
    };
    const r = await call('inspection.create', input);
    if (r.ok) {
      navigate({ name: 'inspection', id: r.value.id });
      return;
    }
    for (const [k, m] of Object.entries(r.error.fieldErrors ?? {})) {
      const field = SERVER_FIELDS[k];
      if (field) setError(field, { message: m });
    }
    setMessage(r.error.message);
  };
  const invalid = () => setMessage('Some fields need attention.');
  const errorOf = (f: keyof Form) => {
    const m = formState.errors[f]?.message;
    return m ? { error: true, helperText: m } : {};
  };
  const text = (f: keyof Form, label: string, extra: Partial<TextFieldProps> = {}) => (
    <Controller name={f} control={control} render={({ field }) => <TextField label={label} {...field} inputRef={field.ref} {...extra} {...errorOf(f)} />} />
  );

  return (
    <Page title="New inspection" crumbs={[{ label: 'Inspections', href: href({ name: 'inspections' }) }, { label: 'New inspection' }]}>
      <Paper variant="outlined" sx={{ p: 3, maxWidth: 720 }}>
        <Box component="form" noValidate onSubmit={(e) => void handleSubmit(submit, invalid)(e)} aria-label="New inspection">
          <Stack spacing={2.5}>
            {message && <Alert severity="error">{message}</Alert>}
            <Controller
              name="mode"
              control={control}
              render={({ field }) => (
                <FormControl>
                  <FormLabel id="provider-mode">Provider</FormLabel>
                  <RadioGroup row aria-labelledby="provider-mode" value={field.value} onChange={(e) => field.onChange(e.target.value)}>
                    <FormControlLabel value="new" control={<Radio />} label="A new provider" />
                    <FormControlLabel value="existing" control={<Radio />} label="An existing provider" />
                  </RadioGroup>
                </FormControl>
              )}
            />
            {mode === 'existing' ? (
              <Load data={providers}>
                {(list) => (
                  <Controller
                    name="providerId"
                    control={control}
                    render={({ field }) => (
                      <TextField select label="Provider" {...field} inputRef={field.ref} {...errorOf('providerId')}>
                        {list.length === 0 && <MenuItem disabled>No providers yet</MenuItem>}
                        {list.map((p) => (
                          <MenuItem key={p.id} value={p.id}>
                            {p.name} ({p.type})
                          </MenuItem>
                        ))}
                      </TextField>
                    )}
                  />
                )}
              </Load>
            ) : (
              <>
                {text('name', 'Provider name', { required: true })}
                <Controller
                  name="type"
                  control={control}
                  render={({ field }) => (
                    <TextField select label="Provider type" {...field} inputRef={field.ref} {...errorOf('type')}>
                      {PROVIDER_TYPES.map((t) => (
                        <MenuItem key={t} value={t}>
                          {t}
                        </MenuItem>
                      ))}
                    </TextField>
                  )}
                />
                <Stack direction="row" spacing={2}>
                  {text('owner', 'Owner organisation', { fullWidth: true })}
                  {text('region', 'Region', { fullWidth: true })}
                </Stack>
              </>
            )}
            <Load data={frameworks}>
              {(list) => (
                <Controller
                  name="frameworkId"
                  control={control}
                  render={({ field }) => (
                    <TextField select label="Framework" {...field} inputRef={field.ref} {...errorOf('frameworkId')}>
                      {list.map((f) => (
                        <MenuItem key={f.id} value={f.id}>
                          {f.name} — {f.id} (revision {f.revision})
                        </MenuItem>
                      ))}
                    </TextField>
                  )}
                />
              )}
            </Load>
            <Stack direction="row" spacing={2}>
              {text('start', 'Fieldwork starts', { fullWidth: true, placeholder: 'dd/mm/yyyy', helperText: 'dd/mm/yyyy', slotProps: { inputLabel: { shrink: true } } })}
              {text('end', 'Fieldwork ends', { fullWidth: true, placeholder: 'dd/mm/yyyy', helperText: 'dd/mm/yyyy', slotProps: { inputLabel: { shrink: true } } })}
            </Stack>
            {text('caseload', 'Caseload size', { inputMode: 'numeric', placeholder: 'e.g. 4,171' })}
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button type="submit" variant="contained" disabled={formState.isSubmitting}>
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
