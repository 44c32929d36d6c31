import { Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, List, ListItem, Radio, RadioGroup, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { ImportCheck, ProviderChoice } from '../../../core/api/contract';
import { call } from '../api';
import { formatDayMonthYear } from '../format';
import { navigate } from '../router';
import { LongWorkInline, callLong } from '../components/long-work';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Reads a dropped or chosen file in the renderer, refusing oversized files before reading them. */
export async function readDroppedFile(file: File): Promise<{ name: string; text: string } | { error: string }> {
  if (file.size > MAX_FILE_BYTES) return { error: `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; inspection files are at most 50 MB. It was not read.` };
  return { name: file.name, text: await file.text() };
}

/** Checks an inspection file, asks about duplicates and the provider, then imports it in one go. */
export function ImportDialog({ source, onClose }: { source: { name: string; text: string } | null; onClose: () => void }) {
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const [error, setError] = useState<{ message: string; details: [string, string][] } | null>(null);
  const [duplicate, setDuplicate] = useState<'replace' | 'keep-both' | 'cancel'>('cancel');
  const [provider, setProvider] = useState<string>('auto');
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [acceptUnchecked, setAcceptUnchecked] = useState(false);
  const [importing, setImporting] = useState(false);
  const runCheck = (pass?: string) => {
    if (!source) return;
    void call('exchange.check', { text: source.text, ...(pass ? { passphrase: pass } : {}) }).then((r) => {
      if (!r.ok && r.error.code === 'PASSPHRASE_REQUIRED') {
        setNeedsPassphrase(true);
        return;
      }
      setError(null);
      if (r.ok) {
        setCheck(r.value);
        setDuplicate(r.value.duplicate ? 'cancel' : 'keep-both');
        setProvider(r.value.providerMatch ? 'auto' : r.value.providerCandidates[0] ? r.value.providerCandidates[0].id : 'new');
      } else setError({ message: r.error.message, details: Object.entries(r.error.fieldErrors ?? {}).filter(([k]) => k !== 'passphrase') });
    });
  };
  useEffect(() => {
    setCheck(null);
    setError(null);
    setNeedsPassphrase(false);
    setPassphrase('');
    setAcceptUnchecked(false);
    runCheck();
  }, [source]);
  const doImport = async () => {
    if (!source || duplicate === 'cancel') return onClose();
    const choice: ProviderChoice = provider === 'auto' ? { mode: 'auto' } : provider === 'new' ? { mode: 'new' } : { mode: 'existing', id: provider };
    setImporting(true);
    const r = await callLong('exchange.import', { text: source.text, ...(needsPassphrase ? { passphrase } : {}), onDuplicate: duplicate, provider: choice, ...(check?.unchecked ? { acceptUnchecked } : {}), fileName: source.name }, 'import');
    setImporting(false);
    if (!r.ok) return setError({ message: r.error.message, details: Object.entries(r.error.fieldErrors ?? {}) });
    onClose();
    navigate({ name: 'inspection', id: r.value.inspectionId });
  };
  return (
    <Dialog open={source !== null} onClose={onClose} aria-labelledby="import-file-title" fullWidth maxWidth="sm">
      <DialogTitle id="import-file-title">Import {source?.name ?? 'an inspection file'}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert">
            {error.message}
            {error.details.length > 1 && (
              <List dense>
                {error.details.slice(0, 10).map(([p, m]) => (
                  <ListItem key={p} disableGutters>
                    {p}: {m}
                  </ListItem>
                ))}
              </List>
            )}
          </Alert>
        )}
        {needsPassphrase && !check && (
          <Stack spacing={2} direction="row" sx={{ mt: 1, alignItems: 'flex-start' }}>
            <TextField type="password" label="Passphrase of the sealed file" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} sx={{ flexGrow: 1 }} />
            <Button variant="outlined" onClick={() => runCheck(passphrase)}>
              Open
            </Button>
          </Stack>
        )}
        {check && (
          <Stack spacing={2}>
            <Typography>
              {check.summary.provider} · {check.summary.framework} · fieldwork from {check.summary.fieldworkStart ? formatDayMonthYear(check.summary.fieldworkStart) : 'an unknown date'} ·{' '}
              {check.summary.ratingsOnly ? 'ratings only (no cases)' : `${check.summary.cases} cases`}
            </Typography>
            {check.unchecked && (
              <Alert severity="warning">
                This file has no checksum, so Fieldwork cannot tell whether it was damaged after it was written. A checksum detects damage, not
                deliberate changes: ask for a sealed file when that matters.
                <FormControlLabel
                  sx={{ display: 'flex', mt: 1 }}
                  control={<Checkbox checked={acceptUnchecked} onChange={(e) => setAcceptUnchecked(e.target.checked)} />}
                  label="Import it although it cannot be checked"
                />
              </Alert>
            )}
            {check.duplicate && (
              <>
                <Alert severity="warning">This inspection is already in Fieldwork ({check.duplicate.provider}, fieldwork from {formatDayMonthYear(check.duplicate.fieldworkStart)}).</Alert>
                <RadioGroup aria-label="This inspection is already here" value={duplicate} onChange={(e) => setDuplicate(e.target.value as typeof duplicate)}>
                  <FormControlLabel value="replace" control={<Radio />} label="Replace the one in Fieldwork with this file" />
                  <FormControlLabel value="keep-both" control={<Radio />} label="Keep both (the file is imported as a copy)" />
                  <FormControlLabel value="cancel" control={<Radio />} label="Cancel: change nothing" />
                </RadioGroup>
              </>
            )}
            {!check.providerMatch && (
              <>
                <Typography>Which provider is this inspection of?</Typography>
                <RadioGroup aria-label="Provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
                  {check.providerCandidates.map((p) => (
                    <FormControlLabel key={p.id} value={p.id} control={<Radio />} label={`${p.name} (already in Fieldwork)`} />
                  ))}
                  <FormControlLabel value="new" control={<Radio />} label={`A new provider: ${check.summary.provider}`} />
                </RadioGroup>
              </>
            )}
            {check.providerMatch && <Typography color="text.secondary">Provider: {check.providerMatch.name}, already in Fieldwork.</Typography>}
          </Stack>
        )}
        <LongWorkInline />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button variant="contained" disabled={importing || !check || (check.unchecked && !acceptUnchecked && !(duplicate === 'cancel' && check.duplicate))} onClick={() => void doImport()}>
          {duplicate === 'cancel' && check?.duplicate ? 'Done' : 'Import'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
