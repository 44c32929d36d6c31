import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import type { FileCheck, MergePreview } from '../../../core/api/team-contract';
import { call } from '../api';
import { LongWorkInline, callLong } from '../components/long-work';
import { navigate } from '../router';
import { day } from './dates';
import { fieldLabel, valueLabel } from './fields';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a return will do: refused parts, conflicts and changes; `label` names the file when several are shown. */
export function PreviewTables({ preview, label = '' }: { preview: MergePreview; label?: string }) {
  return (
    <Stack spacing={2}>
      <Typography>
        {plural(preview.applied.length, 'change', 'changes')} to apply, {plural(preview.conflicts.length, 'conflict', 'conflicts')}, {plural(preview.refused.length, 'part', 'parts')} refused,{' '}
        {plural(preview.unchanged, 'field', 'fields')} unchanged.
      </Typography>
      {preview.refused.length > 0 && (
        <Alert severity="error" role="alert">
          <Typography variant="subtitle2">Refused</Typography>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {preview.refused.map((r, i) => (
              <li key={i}>{r.ref ? `${r.ref}${r.field ? ` ${fieldLabel(r.field)}` : ''}: ${r.reason}` : r.reason}</li>
            ))}
          </ul>
        </Alert>
      )}
      {preview.conflicts.length > 0 && (
        <>
          <Typography variant="subtitle2">Conflicts (your value is kept until you resolve each one in the Conflicts view)</Typography>
          <Table size="small" aria-label={`Conflicts in ${label || 'this return'}`}>
            <TableHead>
              <TableRow>
                <TableCell>Case</TableCell>
                <TableCell>Question</TableCell>
                <TableCell>Yours</TableCell>
                <TableCell>Incoming</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {preview.conflicts.map((c) => (
                <TableRow key={`${c.ref} ${c.field}`}>
                  <TableCell>{c.ref}</TableCell>
                  <TableCell>{fieldLabel(c.field)}</TableCell>
                  <TableCell>{valueLabel(c.field, c.current)}</TableCell>
                  <TableCell>{valueLabel(c.field, c.incoming)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      {preview.applied.length > 0 && (
        <>
          <Typography variant="subtitle2">Changes to apply</Typography>
          <Table size="small" aria-label={label ? `Changes to apply from ${label}` : 'Changes to apply'}>
            <TableHead>
              <TableRow>
                <TableCell>Case</TableCell>
                <TableCell>Question</TableCell>
                <TableCell>From</TableCell>
                <TableCell>To</TableCell>
                <TableCell>By</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {preview.applied.slice(0, 200).map((a) => (
                <TableRow key={`${a.ref} ${a.field}`}>
                  <TableCell>{a.ref}</TableCell>
                  <TableCell>{fieldLabel(a.field)}</TableCell>
                  <TableCell>{valueLabel(a.field, a.from)}</TableCell>
                  <TableCell>{valueLabel(a.field, a.to)}</TableCell>
                  <TableCell>{a.by}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {preview.applied.length > 200 && <Typography variant="body2">…and {preview.applied.length - 200} more.</Typography>}
        </>
      )}
    </Stack>
  );
}

/**
 * Opens a work package (on an inspector's laptop) or a return (on the lead's): shows what it would
 * do before anything is written, then imports or merges it.
 */
export function PackageFileDialog({
  source,
  onClose,
  onMerged,
  inspectionId,
}: {
  source: { name: string; text: string } | null;
  onClose: () => void;
  onMerged?: (p: MergePreview) => void;
  /** Opened on this inspection's Team tab: a return for another inspection is refused. */
  inspectionId?: string;
}) {
  const [check, setCheck] = useState<FileCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirmRefused, setConfirmRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const runCheck = (pass?: string) => {
    if (!source) return;
    void call('package.check', { text: source.text, ...(pass ? { passphrase: pass } : {}), ...(inspectionId ? { inspectionId } : {}) }).then((r) => {
      if (!r.ok && r.error.code === 'PASSPHRASE_REQUIRED') return setNeedsPassphrase(true);
      if (!r.ok) return setError(r.error.message);
      setError(null);
      setCheck(r.value);
    });
  };
  useEffect(() => {
    setCheck(null);
    setError(null);
    setNeedsPassphrase(false);
    setPassphrase('');
    setConfirmRefused(false);
    runCheck();
  }, [source]);
  const pass = needsPassphrase ? { passphrase } : {};
  const go = async () => {
    if (!source || !check) return;
    setBusy(true);
    if (check.kind === 'package') {
      const r = await call('package.import', { text: source.text, ...pass });
      setBusy(false);
      if (!r.ok) return setError(r.error.message);
      onClose();
      navigate({ name: 'inspection', id: r.value.inspectionId });
    } else {
      const r = await callLong('package.merge', { text: source.text, ...pass, confirmRefused, ...(inspectionId ? { inspectionId } : {}) }, 'merge');
      setBusy(false);
      if (!r.ok) return setError(r.error.message);
      onMerged?.(r.value);
      onClose();
    }
  };
  const wholeRefused = check?.kind === 'return' && check.preview.refused.some((r) => r.ref === null);
  const someRefused = check?.kind === 'return' && check.preview.refused.length > 0;
  return (
    <Dialog open={source !== null} onClose={onClose} aria-labelledby="package-file-title" fullWidth maxWidth="md">
      <DialogTitle id="package-file-title">
        {check?.kind === 'return' ? `Merge the return from ${check.preview.inspector}` : check?.kind === 'package' ? `Work package for ${check.inspector}` : `Open ${source?.name ?? 'a package'}`}
      </DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        {needsPassphrase && !check && (
          <Stack spacing={2} sx={{ mt: 1 }}>
            <Typography>This file is sealed. Enter the passphrase you were given.</Typography>
            <TextField type="password" label="Passphrase" value={passphrase} autoFocus onChange={(e) => setPassphrase(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && runCheck(passphrase)} />
          </Stack>
        )}
        {check?.kind === 'package' && (
          <Stack spacing={1}>
            <Typography>
              {check.inspector}&rsquo;s package of {plural(check.cases, 'case', 'cases')}
              {check.issuedBy ? `, issued by ${check.issuedBy}` : ''} on {day(check.issuedAt)}.
            </Typography>
            <Typography color="text.secondary">
              {check.refresh ? 'The inspection is already on this laptop: its new cases are added and your work on the others is kept.' : 'Importing creates the inspection on this laptop with these cases.'} When you have scored
              them, export a return and send it to the lead inspector.
            </Typography>
          </Stack>
        )}
        {check?.kind === 'return' && <PreviewTables preview={check.preview} />}
        {someRefused && !wholeRefused && (
          <FormControlLabel control={<Checkbox checked={confirmRefused} onChange={(e) => setConfirmRefused(e.target.checked)} />} label="Merge the rest, leaving out what was refused" />
        )}
        <LongWorkInline />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        {needsPassphrase && !check ? (
          <Button variant="contained" disabled={passphrase === ''} onClick={() => runCheck(passphrase)}>
            Open
          </Button>
        ) : (
          <Button variant="contained" disabled={!check || busy || wholeRefused || (someRefused && !confirmRefused)} onClick={() => void go()}>
            {check?.kind === 'package' ? 'Import package' : 'Merge return'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
