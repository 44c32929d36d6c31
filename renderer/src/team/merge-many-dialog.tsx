import { Alert, Box, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, Divider, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { MergeMany } from '../../../core/api/team-contract';
import { call } from '../api';
import { PreviewTables } from './package-file-dialog';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Merges several returns at once: one preview listing, file by file, what each applies, its
 * conflicts and what of it is refused, before anything is written; then one merge of them all.
 */
export function MergeManyDialog({
  files,
  inspectionId,
  onClose,
  onMerged,
}: {
  files: { name: string; text: string }[] | null;
  /** The inspection they are merged into (the Team tab's): a return for another is that file's refused part. */
  inspectionId: string;
  onClose: () => void;
  onMerged: (m: MergeMany) => void;
}) {
  const [preview, setPreview] = useState<MergeMany | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirmRefused, setConfirmRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const check = (pass?: string) => {
    if (!files) return;
    void call('package.mergeMany', { files, inspectionId, dryRun: true, ...(pass ? { passphrase: pass } : {}) }).then((r) => {
      if (!r.ok && r.error.code === 'PASSPHRASE_REQUIRED') return setNeedsPassphrase(true);
      if (!r.ok) return setError(r.error.message);
      setError(null);
      setPreview(r.value);
    });
  };
  useEffect(() => {
    setPreview(null);
    setError(null);
    setNeedsPassphrase(false);
    setPassphrase('');
    setConfirmRefused(false);
    check();
  }, [files]);
  const merge = async () => {
    if (!files) return;
    setBusy(true);
    const r = await call('package.mergeMany', { files, inspectionId, confirmRefused, ...(needsPassphrase ? { passphrase } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onMerged(r.value);
    onClose();
  };
  const refused = preview ? preview.files.reduce((n, f) => n + f.refused.length, 0) : 0;
  const applied = preview ? preview.files.reduce((n, f) => n + f.applied.length, 0) : 0;
  return (
    <Dialog open={files !== null} onClose={onClose} aria-labelledby="merge-many-title" fullWidth maxWidth="md">
      <DialogTitle id="merge-many-title">Merge {plural(files?.length ?? 0, 'return', 'returns')}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        {needsPassphrase && !preview && (
          <Stack spacing={2} sx={{ mt: 1 }}>
            <Typography>These files are sealed. Enter the passphrase you were given.</Typography>
            <TextField type="password" label="Passphrase" value={passphrase} autoFocus onChange={(e) => setPassphrase(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && check(passphrase)} />
          </Stack>
        )}
        {preview && (
          <Stack spacing={2}>
            <Typography data-testid="merge-many-summary">
              {plural(applied, 'change', 'changes')} to apply from {plural(preview.files.length, 'file', 'files')}, {plural(refused, 'part', 'parts')} refused; {plural(preview.openConflicts, 'conflict', 'conflicts')} open after the merge.
            </Typography>
            {preview.files.map((f, i) => (
              <Box key={i} component="section" aria-labelledby={`merge-file-${i}`}>
                <Divider sx={{ mb: 1 }} />
                <Typography id={`merge-file-${i}`} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
                  {f.file} — {f.inspector}
                </Typography>
                <PreviewTables preview={f} label={f.file} />
              </Box>
            ))}
            {refused > 0 && (
              <FormControlLabel control={<Checkbox checked={confirmRefused} onChange={(e) => setConfirmRefused(e.target.checked)} />} label="Merge the rest, leaving out what was refused" />
            )}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        {needsPassphrase && !preview ? (
          <Button variant="contained" disabled={passphrase === ''} onClick={() => check(passphrase)}>
            Open
          </Button>
        ) : (
          <Button variant="contained" disabled={!preview || busy || (refused > 0 && !confirmRefused)} onClick={() => void merge()}>
            Merge {plural(files?.length ?? 0, 'return', 'returns')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
