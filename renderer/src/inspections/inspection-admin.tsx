import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import type { InspectionSummary } from '../../../core/api/contract';
import { ConfirmDialog } from '../components/confirm-dialog';
import { call } from '../api';
import { formatDayMonthYear, formatRange, parseDayMonthYear, parseWholeNumber } from '../format';
import { navigate } from '../router';

type Open = 'edit' | 'final' | 'delete' | null;

/**
 * Rename (the provider's name is the inspection's name), re-date, mark final or return to draft, and
 * delete an inspection. Each goes through the store's one write path, so each is logged; a final
 * inspection refuses all but its return to draft, and the buttons say so rather than fail.
 */
export function InspectionAdmin({ inspection, onChanged }: { inspection: InspectionSummary; onChanged: () => void }) {
  const [open, setOpen] = useState<Open>(null);
  const [error, setError] = useState<string | null>(null);
  const final = inspection.status === 'final';
  const show = (o: Open) => {
    setError(null);
    setOpen(o);
  };
  const setStatus = async (status: 'draft' | 'final') => {
    const r = await call('inspection.setStatus', { id: inspection.id, status });
    if (!r.ok) return setError(r.error.message);
    setOpen(null);
    onChanged();
  };
  const remove = async () => {
    const r = await call('inspection.delete', { id: inspection.id });
    if (!r.ok) return setError(r.error.message);
    setOpen(null);
    navigate({ name: 'inspections' });
  };
  const title = `${inspection.provider.name}, fieldwork ${formatRange(inspection.fieldworkStart, inspection.fieldworkEnd)}`;
  return (
    <>
      {!final && (
        <Button size="small" onClick={() => show('edit')}>
          Edit details
        </Button>
      )}
      {final ? (
        <Button size="small" onClick={() => void setStatus('draft')}>
          Return to draft
        </Button>
      ) : (
        <Button size="small" onClick={() => show('final')}>
          Mark final
        </Button>
      )}
      {!final && (
        <Button size="small" color="error" onClick={() => show('delete')}>
          Delete inspection
        </Button>
      )}
      {error && open === null && (
        <Alert severity="error" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {open === 'edit' && (
        <EditInspectionDialog
          inspection={inspection}
          onClose={(saved) => {
            setOpen(null);
            if (saved) onChanged();
          }}
        />
      )}
      <ConfirmDialog open={open === 'final'} title="Mark this inspection final?" confirm="Mark final" error={error} onCancel={() => setOpen(null)} onConfirm={() => void setStatus('final')}>
        A final inspection is read-only: its cases, answers, notes, judgements and report text can be read but not changed. It then counts in the League table
        and the provider&apos;s history. {inspection.completeCount} of {inspection.caseCount} cases are complete. You can return it to draft later.
      </ConfirmDialog>
      <ConfirmDialog open={open === 'delete'} title="Delete this inspection?" confirm="Delete inspection" danger error={error} onCancel={() => setOpen(null)} onConfirm={() => void remove()}>
        {title}: its {inspection.caseCount} {inspection.caseCount === 1 ? 'case' : 'cases'}, their answers and notes, the judgements, report text and
        recommendations are deleted with it. The change log keeps a record of the deletion and who made it. Export the inspection file first if it may be
        needed again.
      </ConfirmDialog>
    </>
  );
}

function EditInspectionDialog({ inspection, onClose }: { inspection: InspectionSummary; onClose: (saved: boolean) => void }) {
  const [name, setName] = useState(inspection.provider.name);
  const [start, setStart] = useState(formatDayMonthYear(inspection.fieldworkStart));
  const [end, setEnd] = useState(formatDayMonthYear(inspection.fieldworkEnd));
  const [caseload, setCaseload] = useState(inspection.caseloadSize === null ? '' : inspection.caseloadSize.toLocaleString('en-GB'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const save = async () => {
    // Every problem at once, at its field.
    const found: Record<string, string> = {};
    const fieldworkStart = parseDayMonthYear(start);
    const fieldworkEnd = parseDayMonthYear(end);
    const caseloadSize = caseload.trim() === '' ? null : parseWholeNumber(caseload);
    if (!name.trim()) found.providerName = 'required';
    if (!fieldworkStart) found.fieldworkStart = 'enter a date as dd/mm/yyyy';
    if (!fieldworkEnd) found.fieldworkEnd = 'enter a date as dd/mm/yyyy';
    if (caseload.trim() !== '' && caseloadSize === null) found.caseloadSize = 'a whole number, e.g. 4,171';
    if (Object.keys(found).length > 0) return setErrors(found);
    const r = await call('inspection.update', { id: inspection.id, providerName: name, fieldworkStart: fieldworkStart!, fieldworkEnd: fieldworkEnd!, caseloadSize });
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? {});
      setMessage(r.error.message);
      return;
    }
    onClose(true);
  };
  const err = (key: string, help = ' ') => ({ error: errors[key] !== undefined, helperText: errors[key] ?? help });
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby="edit-inspection-title" fullWidth maxWidth="sm">
      <DialogTitle id="edit-inspection-title">Edit the inspection&apos;s details</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {message && <Alert severity="error">{message}</Alert>}
          <TextField label="Provider name" autoFocus value={name} onChange={(e) => setName(e.target.value)} {...err('providerName', "The inspection's name on every screen; renaming the provider renames it for its other inspections too")} />
          <Stack direction="row" spacing={2}>
            <TextField fullWidth label="Fieldwork start (dd/mm/yyyy)" value={start} onChange={(e) => setStart(e.target.value)} {...err('fieldworkStart')} />
            <TextField fullWidth label="Fieldwork end (dd/mm/yyyy)" value={end} onChange={(e) => setEnd(e.target.value)} {...err('fieldworkEnd')} />
          </Stack>
          <TextField label="Caseload size" value={caseload} onChange={(e) => setCaseload(e.target.value)} {...err('caseloadSize', 'Optional, e.g. 4,171')} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          Save changes
        </Button>
      </DialogActions>
    </Dialog>
  );
}
