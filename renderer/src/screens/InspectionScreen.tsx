import AddIcon from '@mui/icons-material/Add';
import {
  Alert,
  Button,
  Checkbox,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Link,
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
import { useState } from 'react';
import type { CaseSummary, InspectionSummary } from '../../../core/api/contract';
import { shippedFrameworks } from '../../../core/frameworks/load';
import { call } from '../api';
import { Load, Page } from '../components/Page';
import { formatRange } from '../format';
import { href } from '../router';
import { useCommand } from '../use-command';

const STATUS_LABEL: Record<CaseSummary['status'], string> = { 'not-started': 'Not started', 'in-progress': 'In progress', complete: 'Complete' };

function sampleName(frameworkId: string, sample: string): string {
  return shippedFrameworks().get(frameworkId)?.samples.find((s) => s.id === sample)?.name ?? sample;
}

function AddCaseDialog({ inspection, open, onClose }: { inspection: InspectionSummary; open: boolean; onClose: (added?: CaseSummary) => void }) {
  const samples = shippedFrameworks().get(inspection.frameworkId)?.samples ?? [];
  const [ref, setRef] = useState('');
  const [crn, setCrn] = useState('');
  const [name, setName] = useState('');
  const [sample, setSample] = useState(samples[0]?.id ?? 'case-supervision');
  const [reviewDue, setReviewDue] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const err = (key: string) => (errors[key] ? { error: true, helperText: errors[key] } : {});
  const save = async () => {
    const r = await call('case.add', { inspectionId: inspection.id, ref, crn, name, sample, attributes: { reviewDue } });
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? {});
      setMessage(r.error.message);
      return;
    }
    setRef('');
    setCrn('');
    setName('');
    setErrors({});
    setMessage(null);
    onClose(r.value);
  };
  return (
    <Dialog open={open} onClose={() => onClose()} aria-labelledby="add-case-title" fullWidth maxWidth="sm">
      <DialogTitle id="add-case-title">Add a case</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {message && <Alert severity="error">{message}</Alert>}
          <TextField label="Sample reference" required autoFocus value={ref} onChange={(e) => setRef(e.target.value)} {...err('ref')} helperText={errors.ref ?? 'The only identifier that appears in reports'} />
          <Stack direction="row" spacing={2}>
            <TextField fullWidth label="CRN" value={crn} onChange={(e) => setCrn(e.target.value)} {...err('crn')} />
            <TextField fullWidth label="Name" value={name} onChange={(e) => setName(e.target.value)} {...err('name')} />
          </Stack>
          <TextField select label="Sample" value={sample} onChange={(e) => setSample(e.target.value)} {...err('sample')}>
            {samples.map((s) => (
              <MenuItem key={s.id} value={s.id}>
                {s.name}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel control={<Checkbox checked={reviewDue} onChange={(e) => setReviewDue(e.target.checked)} />} label="A review was due" />
          <Typography variant="body2" color="text.secondary">
            CRN and name stay in this computer's store. They are never printed in reports or exports.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose()}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          Add case
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function InspectionScreen({ id }: { id: string }) {
  const [inspection] = useCommand('inspection.get', { id });
  const [cases, reloadCases] = useCommand('case.list', { inspectionId: id });
  const [adding, setAdding] = useState(false);
  return (
    <Load data={inspection}>
      {(insp) => (
        <Page
          title={insp.provider.name}
          crumbs={[{ label: 'Inspections', href: href({ name: 'inspections' }) }, { label: insp.provider.name }]}
          actions={
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
              Add case
            </Button>
          }
        >
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {insp.frameworkId} (revision {insp.frameworkRevision}) · fieldwork {formatRange(insp.fieldworkStart, insp.fieldworkEnd)}
            {insp.caseloadSize !== null && ` · caseload ${insp.caseloadSize.toLocaleString('en-GB')}`}
          </Typography>
          <Load data={cases}>
            {(list) => (
              <>
                <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
                  Cases <Typography component="span" color="text.secondary">— {list.filter((c) => c.status === 'complete').length} of {list.length} cases complete</Typography>
                </Typography>
                {list.length === 0 ? (
                  <Alert severity="info">No cases yet. Add the sampled cases to start scoring.</Alert>
                ) : (
                  <TableContainer component={Paper} variant="outlined">
                    <Table aria-label="Cases" size="small">
                      <TableHead>
                        <TableRow>
                          <TableCell>Sample ref</TableCell>
                          <TableCell>Sample</TableCell>
                          <TableCell>Assigned to</TableCell>
                          <TableCell align="right">Answers</TableCell>
                          <TableCell>Status</TableCell>
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {list.map((c) => (
                          <TableRow key={c.id} hover>
                            <TableCell>
                              <Link href={href({ name: 'case', id: c.id })}>{c.ref}</Link>
                            </TableCell>
                            <TableCell>{sampleName(insp.frameworkId, c.sample)}</TableCell>
                            <TableCell>{c.assignedInspector || '—'}</TableCell>
                            <TableCell align="right">{c.answeredCount}</TableCell>
                            <TableCell>
                              <Chip size="small" label={STATUS_LABEL[c.status]} color={c.status === 'complete' ? 'success' : c.status === 'in-progress' ? 'primary' : 'default'} variant={c.status === 'not-started' ? 'outlined' : 'filled'} />
                            </TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </TableContainer>
                )}
              </>
            )}
          </Load>
          <AddCaseDialog
            inspection={insp}
            open={adding}
            onClose={(added) => {
              setAdding(false);
              if (added) reloadCases();
            }}
          />
        </Page>
      )}
    </Load>
  );
}
