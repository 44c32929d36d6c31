import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Paper, Snackbar, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField } from '@mui/material';
import { useState } from 'react';
import type { InspectionSummary } from '../../../core/api/contract';
import type { ConflictView } from '../../../core/api/team-contract';
import { call } from '../api';
import { Load } from '../components/page';
import { href } from '../router';
import { useCommand } from '../use-command';
import { dayTime } from './dates';
import { fieldChoices, fieldKind, fieldLabel, valueLabel } from './fields';

const NONE = '(none)';

/** The lead enters a third value: a choice for answers and statuses, text for notes, comments and replies. */
function EditDialog({ conflict, onClose, onSave }: { conflict: ConflictView | null; onClose: () => void; onSave: (value: string | null) => void }) {
  const [value, setValue] = useState<string>('');
  const choices = conflict ? fieldChoices(conflict.field) : null;
  const kind = conflict ? fieldKind(conflict.field) : 'note';
  return (
    <Dialog open={conflict !== null} onClose={onClose} aria-labelledby="edit-conflict-title" slotProps={{ transition: { onEnter: () => setValue(conflict?.current ?? '') } }}>
      <DialogTitle id="edit-conflict-title">
        {conflict?.ref}: {conflict && fieldLabel(conflict.field)}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1, minWidth: 420 }}>
          {choices === null ? (
            <TextField label={kind === 'note' ? 'Evidence note' : kind === 'reply' ? 'Reply' : 'Comment'} multiline minRows={3} value={value} onChange={(e) => setValue(e.target.value)} />
          ) : (
            <TextField select label="Value" value={value || NONE} onChange={(e) => setValue(e.target.value === NONE ? '' : e.target.value)}>
              <MenuItem value={NONE}>{valueLabel(conflict!.field, null)}</MenuItem>
              {choices.map(([v, label]) => (
                <MenuItem key={v} value={v}>
                  {label}
                </MenuItem>
              ))}
            </TextField>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => onSave(value === '' ? null : value)}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Every open conflict of the inspection (or of one case): base, the lead's value, the incoming one, who and when. */
export function ConflictsTable({ inspectionId, caseId, onChanged }: { inspectionId: string; caseId?: string; onChanged?: () => void }) {
  const [conflicts, reload] = useCommand('conflict.list', { inspectionId, ...(caseId ? { caseId } : {}) });
  const [editing, setEditing] = useState<ConflictView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const resolve = async (c: ConflictView, resolution: 'keep' | 'take' | 'edit', value?: string | null) => {
    const r = await call('conflict.resolve', { conflictId: c.id, resolution, ...(resolution === 'edit' ? { value: value ?? null } : {}) });
    setMessage(r.ok ? `${c.ref} ${fieldLabel(c.field)}: ${resolution === 'keep' ? 'your value kept' : resolution === 'take' ? `${c.inspector}'s value taken` : 'new value saved'}.` : r.error.message);
    setEditing(null);
    reload();
    onChanged?.();
  };
  return (
    <Load data={conflicts}>
      {(list) =>
        list.length === 0 ? (
          caseId ? null : <Alert severity="success">No conflicts are open.</Alert>
        ) : (
          <>
            <TableContainer component={Paper} variant="outlined">
              <Table size="small" aria-label="Conflicts">
                <TableHead>
                  <TableRow>
                    {!caseId && <TableCell>Case</TableCell>}
                    <TableCell>Question</TableCell>
                    <TableCell>Base</TableCell>
                    <TableCell>Lead&rsquo;s value</TableCell>
                    <TableCell>Incoming</TableCell>
                    <TableCell>Who and when</TableCell>
                    <TableCell>Resolve</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.map((c) => (
                    <TableRow key={c.id}>
                      {!caseId && (
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>
                          <a href={href({ name: 'case', id: c.caseId })}>{c.ref}</a>
                        </TableCell>
                      )}
                      <TableCell>
                        {fieldLabel(c.field)}
                        {c.about ? <div style={{ fontSize: '0.85em' }}>{c.about}</div> : null}
                      </TableCell>
                      <TableCell>{valueLabel(c.field, c.base)}</TableCell>
                      <TableCell>{valueLabel(c.field, c.current)}</TableCell>
                      <TableCell>{valueLabel(c.field, c.incoming)}</TableCell>
                      <TableCell>
                        {c.by}
                        {c.at ? `, ${dayTime(c.at)}` : ''}
                      </TableCell>
                      <TableCell>
                        <Stack direction="row" spacing={1}>
                          <Button size="small" variant="outlined" aria-label={`Keep your value for ${c.ref} ${fieldLabel(c.field)}`} onClick={() => void resolve(c, 'keep')}>
                            Keep
                          </Button>
                          <Button size="small" variant="outlined" aria-label={`Take ${c.inspector}'s value for ${c.ref} ${fieldLabel(c.field)}`} onClick={() => void resolve(c, 'take')}>
                            Take
                          </Button>
                          <Button size="small" aria-label={`Edit ${c.ref} ${fieldLabel(c.field)}`} onClick={() => setEditing(c)}>
                            Edit…
                          </Button>
                        </Stack>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            <EditDialog conflict={editing} onClose={() => setEditing(null)} onSave={(v) => editing && void resolve(editing, 'edit', v)} />
            <Snackbar open={message !== null} autoHideDuration={6000} onClose={() => setMessage(null)} message={message} />
          </>
        )
      }
    </Load>
  );
}

export function ConflictsTab({ inspection }: { inspection: InspectionSummary }) {
  return <ConflictsTable inspectionId={inspection.id} />;
}
