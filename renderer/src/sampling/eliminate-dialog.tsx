import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';

const OTHER = '__other__';

/** Asks why a sampled case is eliminated: a reason from the framework's list, or the lead's own words. */
export function EliminateDialog({ target, reasons, onClose }: { target: { ref: string; crn: string } | null; reasons: string[]; onClose: (reason: string | null) => void }) {
  const [choice, setChoice] = useState('');
  const [other, setOther] = useState('');
  const reason = choice === OTHER ? other.trim() : choice;
  const close = (r: string | null) => {
    setChoice('');
    setOther('');
    onClose(r);
  };
  return (
    <Dialog open={target !== null} onClose={() => close(null)} aria-labelledby="eliminate-title">
      <DialogTitle id="eliminate-title">Eliminate {target?.ref}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1, minWidth: 420 }}>
          <Typography variant="body2">
            The case is taken out of the sample and replaced by the next case of the same stratum, drawn with the same seed. Both are recorded, and Annex 1 of the report states the elimination and its reason.
          </Typography>
          <TextField select label="Reason" value={choice} onChange={(e) => setChoice(e.target.value)}>
            {reasons.map((r) => (
              <MenuItem key={r} value={r}>
                {r[0]!.toUpperCase() + r.slice(1)}
              </MenuItem>
            ))}
            <MenuItem value={OTHER}>Other reason…</MenuItem>
          </TextField>
          {choice === OTHER && (
            <TextField label="Other reason" value={other} onChange={(e) => setOther(e.target.value)} slotProps={{ htmlInput: { maxLength: 200 } }} helperText="No names or CRNs: the reason appears in the report." autoFocus />
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => close(null)}>Cancel</Button>
        <Button variant="contained" color="warning" disabled={!reason} onClick={() => close(reason)}>
          Eliminate and replace
        </Button>
      </DialogActions>
    </Dialog>
  );
}
