import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import type { CaseDetail, CaseSummary, InspectionSummary } from '../../../core/api/contract';
import { GENDERS, ROSH_LEVELS, SENTENCE_TYPES, type CaseAttributes } from '../../../core/domain/case-attributes';
import { shippedFrameworks } from '../../../core/frameworks/load';
import { call } from '../api';

type Flag = 'reviewDue' | 'domesticAbuse' | 'childSafeguarding' | 'releasedFromCustody' | 'identifiableVictim';
const FLAGS: [Flag, string][] = [
  ['reviewDue', 'A review was due'],
  ['domesticAbuse', 'Domestic abuse concern'],
  ['childSafeguarding', 'Child safeguarding concern'],
  ['releasedFromCustody', 'Released from custody'],
  ['identifiableVictim', 'Identifiable victim'],
];

/**
 * Adds a case, or (given `existing`) edits one: its details, its sample while it has no answers, and
 * who it is assigned to. Its reference stays: reports and files know the case by it.
 */
export function AddCaseDialog({
  inspection,
  open,
  onClose,
  existing,
}: {
  inspection: Pick<InspectionSummary, 'id' | 'frameworkId'>;
  open: boolean;
  onClose: (added?: CaseSummary) => void;
  existing?: CaseDetail;
}) {
  const samples = shippedFrameworks().get(inspection.frameworkId)?.samples ?? [];
  const [ref, setRef] = useState(existing?.ref ?? '');
  const [crn, setCrn] = useState(existing?.crn ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [sample, setSample] = useState(existing?.sample ?? samples[0]?.id ?? 'case-supervision');
  const [assigned, setAssigned] = useState(existing?.assignedInspector ?? '');
  const [attrs, setAttrs] = useState<CaseAttributes>(existing?.attributes ?? { reviewDue: true });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const err = (key: string) => (errors[key] ? { error: true, helperText: errors[key] } : {});
  const reset = () => {
    if (existing) return;
    setRef('');
    setCrn('');
    setName('');
    setErrors({});
    setMessage(null);
  };
  const save = async () => {
    const r = existing
      ? await call('case.update', { caseId: existing.id, crn, name, sample, assignedInspector: assigned, attributes: attrs })
      : await call('case.add', { inspectionId: inspection.id, ref, crn, name, sample, assignedInspector: assigned, attributes: attrs });
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? {});
      setMessage(r.error.message);
      return;
    }
    reset();
    onClose(r.value);
  };
  const select = <K extends 'gender' | 'sentenceType' | 'roshLevel'>(key: K, label: string, options: readonly string[]) => (
    <TextField select fullWidth label={label} value={attrs[key] ?? ''} onChange={(e) => setAttrs({ ...attrs, [key]: e.target.value || undefined })}>
      <MenuItem value="">Not recorded</MenuItem>
      {options.map((o) => (
        <MenuItem key={o} value={o}>
          {o[0]!.toUpperCase() + o.slice(1)}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Dialog open={open} onClose={() => onClose()} aria-labelledby="add-case-title" fullWidth maxWidth="sm">
      <DialogTitle id="add-case-title">{existing ? `Edit case ${existing.ref}` : 'Add a case'}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {message && <Alert severity="error">{message}</Alert>}
          <TextField
            label="Sample reference"
            required
            autoFocus={!existing}
            disabled={existing !== undefined}
            value={ref}
            onChange={(e) => setRef(e.target.value)}
            {...err('ref')}
            helperText={errors.ref ?? (existing ? 'Stays as it is: reports and files know the case by it' : 'The only identifier that appears in reports')}
          />
          <Stack direction="row" spacing={2}>
            <TextField fullWidth autoFocus={existing !== undefined} label="CRN" value={crn} onChange={(e) => setCrn(e.target.value)} {...err('crn')} />
            <TextField fullWidth label="Name" value={name} onChange={(e) => setName(e.target.value)} {...err('name')} />
          </Stack>
          <Stack direction="row" spacing={2}>
            <TextField select fullWidth label="Sample" value={sample} onChange={(e) => setSample(e.target.value)} {...err('sample')}>
              {samples.map((s) => (
                <MenuItem key={s.id} value={s.id}>
                  {s.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField fullWidth label="Assigned inspector" value={assigned} onChange={(e) => setAssigned(e.target.value)} />
          </Stack>
          <Stack direction="row" spacing={2}>
            {select('gender', 'Gender', GENDERS)}
            {select('sentenceType', 'Sentence type', SENTENCE_TYPES)}
            {select('roshLevel', 'Risk of serious harm', ROSH_LEVELS)}
          </Stack>
          <FormGroup row>
            {FLAGS.map(([key, label]) => (
              <FormControlLabel key={key} label={label} control={<Checkbox checked={attrs[key] === true} onChange={(e) => setAttrs({ ...attrs, [key]: e.target.checked })} />} />
            ))}
          </FormGroup>
          <Typography variant="body2" color="text.secondary">
            CRN and name stay in this computer&apos;s store. They are never printed in reports or exports.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose()}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          {existing ? 'Save changes' : 'Add case'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
