import { Alert, Button, List, ListItem, ListItemText, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { britishDate } from '../../../core/sampling/draw';
import { call } from '../api';
import { useCommand } from '../use-command';
import { EliminateDialog } from './eliminate-dialog';

/**
 * A sample already saved to the inspection: how it was drawn, what was eliminated, and eliminating a
 * case found ineligible during fieldwork. The replacement must come from the same draw, so the lead
 * chooses the caseload file again (section 1) and the main process checks it gives back the saved sample.
 */
export function SavedSample({ inspectionId, sample, sampleName, caseloadId, reasons }: { inspectionId: string; sample: string; sampleName: string; caseloadId: string | null; reasons: string[] }) {
  const [draws, reloadDraws] = useCommand('sampling.list', { inspectionId });
  const [cases, reloadCases] = useCommand('case.list', { inspectionId });
  const [ref, setRef] = useState('');
  const [eliminating, setEliminating] = useState<{ ref: string; crn: string } | null>(null);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const record = draws.state === 'ready' ? draws.value.find((d) => d.sample === sample) : undefined;
  if (!record) return null;
  const refs = cases.state === 'ready' ? cases.value.filter((c) => c.sample === sample).map((c) => c.ref) : [];

  const eliminate = async (reason: string) => {
    if (!caseloadId) return;
    const r = await call('sampling.eliminate', { inspectionId, drawId: record.id, caseloadId, ref, reason });
    if (r.ok) {
      setMessage({ severity: 'success', text: r.value.replacementRef ? `${r.value.ref} eliminated and replaced by ${r.value.replacementRef} from the same stratum.` : `${r.value.ref} eliminated; its stratum had no case left to replace it.` });
      setRef('');
      reloadDraws();
      reloadCases();
    } else setMessage({ severity: 'error', text: r.error.message });
  };

  return (
    <Paper variant="outlined" component="section" aria-labelledby="saved-sample-title" sx={{ p: 3, mb: 3 }}>
      <Typography variant="h6" component="h2" id="saved-sample-title" sx={{ mb: 1 }}>
        The saved {sampleName.toLowerCase()} sample
      </Typography>
      <Typography variant="body2" sx={{ mb: 2 }}>
        {record.size.toLocaleString('en-GB')} cases drawn on {britishDate(record.drawnAt.slice(0, 10))} by {record.drawnBy} with seed {record.seed}, from {record.caseloadRows.toLocaleString('en-GB')} cases on the caseload (
        {record.eligible.toLocaleString('en-GB')} eligible).
      </Typography>
      {record.eliminations.length > 0 && (
        <List dense aria-label="Saved eliminations" disablePadding sx={{ mb: 2 }}>
          {record.eliminations.map((e) => (
            <ListItem key={e.ref} disableGutters>
              <ListItemText primary={`${e.ref} eliminated (${e.reason}), ${e.replacementRef ? `replaced by ${e.replacementRef}` : 'not replaced: its stratum had no case left'}`} />
            </ListItem>
          ))}
        </List>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <TextField select label="Case to eliminate" value={ref} onChange={(e) => setRef(e.target.value)} sx={{ minWidth: 220 }} helperText={caseloadId ? ' ' : 'First choose the caseload file the sample was drawn from (section 1).'}>
          {refs.map((r) => (
            <MenuItem key={r} value={r}>
              {r}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="outlined" color="warning" disabled={!ref || !caseloadId} onClick={() => setEliminating({ ref, crn: '' })} sx={{ mt: 1 }}>
          Eliminate and replace…
        </Button>
      </Stack>
      {message && (
        <Alert severity={message.severity} sx={{ mt: 2 }} role={message.severity === 'error' ? 'alert' : 'status'}>
          {message.text}
        </Alert>
      )}
      <EliminateDialog
        target={eliminating}
        reasons={reasons}
        onClose={(reason) => {
          setEliminating(null);
          if (reason) void eliminate(reason);
        }}
      />
    </Paper>
  );
}
