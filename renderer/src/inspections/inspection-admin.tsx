import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, type TextFieldProps } from '@mui/material';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import type { InspectionSummary } from '../../../core/api/contract';
import { ConfirmDialog } from '../components/confirm-dialog';
import { call } from '../api';
import { formatDayMonthYear, formatRange, parseDayMonthYear } from '../format';
import { caseloadField, caseloadValue, checkFieldworkDates, dateField, nameField } from './inspection-fields';
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

const editSchema = z
  .object({
    name: nameField.min(1, 'required'),
    start: dateField('Fieldwork starts'),
    end: dateField('Fieldwork ends'),
    caseload: caseloadField,
  })
  .superRefine(checkFieldworkDates);
type EditForm = z.infer<typeof editSchema>;

// The store's field names to the form's, for what only the main process can check.
const EDIT_SERVER_FIELDS: Record<string, keyof EditForm> = { providerName: 'name', fieldworkStart: 'start', fieldworkEnd: 'end', caseloadSize: 'caseload' };

const EDIT_HELP: Record<keyof EditForm, string> = {
  name: "The inspection's name on every screen; renaming the provider renames it for its other inspections too",
  start: ' ',
  end: ' ',
  caseload: 'Optional, e.g. 4,171',
};

function EditInspectionDialog({ inspection, onClose }: { inspection: InspectionSummary; onClose: (saved: boolean) => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const { control, handleSubmit, setError, formState } = useForm<EditForm>({
    resolver: zodResolver(editSchema),
    defaultValues: {
      name: inspection.provider.name,
      start: formatDayMonthYear(inspection.fieldworkStart),
      end: formatDayMonthYear(inspection.fieldworkEnd),
      caseload: inspection.caseloadSize === null ? '' : inspection.caseloadSize.toLocaleString('en-GB'),
    },
  });
  // Every problem at once, at its field, before anything is sent.
  const save = async (v: EditForm) => {
    setMessage(null);
    const r = await call('inspection.update', {
      id: inspection.id,
      providerName: v.name,
      fieldworkStart: parseDayMonthYear(v.start) ?? v.start,
      fieldworkEnd: parseDayMonthYear(v.end) ?? v.end,
      caseloadSize: caseloadValue(v.caseload),
    });
    if (r.ok) return onClose(true);
    for (const [k, m] of Object.entries(r.error.fieldErrors ?? {})) {
      const field = EDIT_SERVER_FIELDS[k];
      if (field) setError(field, { message: m });
    }
    setMessage(r.error.message);
  };
  const field = (f: keyof EditForm, label: string, extra: Partial<TextFieldProps> = {}) => (
    <Controller
      name={f}
      control={control}
      render={({ field: props }) => {
        const error = formState.errors[f]?.message;
        return <TextField label={label} {...props} inputRef={props.ref} {...extra} error={error !== undefined} helperText={error ?? EDIT_HELP[f]} />;
      }}
    />
  );
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby="edit-inspection-title" fullWidth maxWidth="sm">
      <Box component="form" noValidate onSubmit={(e) => void handleSubmit(save)(e)}>
        <DialogTitle id="edit-inspection-title">Edit the inspection&apos;s details</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {message && <Alert severity="error">{message}</Alert>}
            {field('name', 'Provider name', { autoFocus: true })}
            <Stack direction="row" spacing={2}>
              {field('start', 'Fieldwork start (dd/mm/yyyy)', { fullWidth: true })}
              {field('end', 'Fieldwork end (dd/mm/yyyy)', { fullWidth: true })}
            </Stack>
            {field('caseload', 'Caseload size')}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose(false)}>Cancel</Button>
          <Button type="submit" variant="contained">
            Save changes
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
