import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Paper, Stack, Switch, Table, TableBody, TableCell, TableHead, TableRow, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { call } from '../api';
import { useCommand } from '../use-command';
import { useState } from 'react';
import { TEXT_SIZES, THEME_CHOICES, settingsSchema, type Settings } from '../../../core/api/contract';
import { Load, Page } from '../components/page';
import { href } from '../router';
import { useSettings } from '../settings-provider';
import { useDebouncedSaver } from '../use-autosave';
import { dayTime } from '../team/dates';

/** The longest name the store takes, read from the contract so the two never differ. */
const NAME_MAX = settingsSchema.shape.inspectorName.maxLength ?? 200;

const SIZE_LABEL: Record<Settings['textSize'], string> = { standard: 'Standard', large: 'Large', larger: 'Larger' };

function Backups() {
  const [backups, reload] = useCommand('backup.list', {});
  const [confirm, setConfirm] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const create = async () => {
    const r = await call('backup.create', {});
    setStatus(r.ok ? { ok: true, message: `Backed up at ${dayTime(r.value.createdAt)}.` } : { ok: false, message: r.error.message });
    reload();
  };
  const restore = async (name: string) => {
    setConfirm(null);
    const r = await call('backup.restore', { name });
    setStatus(r.ok ? { ok: true, message: `Restored the backup from ${dayTime(r.value.createdAt)}. The state before it was backed up first.` } : { ok: false, message: r.error.message });
    reload();
  };
  return (
    <Paper variant="outlined" sx={{ p: 3, maxWidth: 640, mt: 3 }} component="section" aria-labelledby="backups">
      <Typography id="backups" variant="h6" component="h2" gutterBottom>
        Backups
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Fieldwork backs up its data when it starts and every hour, keeping the last ten. Restoring first backs up the current state.
      </Typography>
      {status && (
        <Alert severity={status.ok ? 'success' : 'error'} sx={{ mb: 2 }} onClose={() => setStatus(null)}>
          {status.message}
        </Alert>
      )}
      <Button variant="outlined" onClick={() => void create()} sx={{ mb: 2 }}>
        Back up now
      </Button>
      <Load data={backups}>
        {(list) =>
          list.length === 0 ? (
            <Typography color="text.secondary">No backups yet.</Typography>
          ) : (
            <Table size="small" aria-label="Backups">
              <TableHead>
                <TableRow>
                  <TableCell>Made</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell align="right">Size</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {list.map((b) => (
                  <TableRow key={b.name}>
                    <TableCell>{dayTime(b.createdAt)}</TableCell>
                    <TableCell>{b.reason}</TableCell>
                    <TableCell align="right">{Math.ceil(b.bytes / 1024)} KB</TableCell>
                    <TableCell align="right">
                      <Button size="small" onClick={() => setConfirm(b.name)}>
                        Restore…
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </Load>
      <Dialog open={confirm !== null} onClose={() => setConfirm(null)} aria-labelledby="restore-title">
        <DialogTitle id="restore-title">Restore this backup?</DialogTitle>
        <DialogContent>
          <Typography>Everything changed since the backup is replaced by the backup. The current state is backed up first, so it can be restored again.</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(null)}>Cancel</Button>
          <Button color="warning" variant="contained" onClick={() => confirm && void restore(confirm)}>
            Restore
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}

export function SettingsScreen() {
  const { settings, update } = useSettings();
  const [name, setName] = useState(settings.inspectorName);
  const [error, setError] = useState<string | null>(null);
  const { save: saveName, cancel: cancelName } = useDebouncedSaver((_key, value) => update({ inspectorName: value }).then(setError));
  const over = name.length > NAME_MAX;
  return (
    <Page title="Settings" crumbs={[{ label: 'Inspections', href: href({ name: 'inspections' }) }, { label: 'Settings' }]}>
      <Paper variant="outlined" sx={{ p: 3, maxWidth: 640 }}>
        <Stack spacing={3}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            label="Your name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              // Over the limit it is kept in the field, never sent (the store would refuse it) and never cut.
              if (e.target.value.length > NAME_MAX) cancelName('name');
              else saveName('name', e.target.value);
            }}
            error={over}
            helperText={
              over
                ? `Too long to save: ${name.length} of ${NAME_MAX} characters. Shorten it by ${name.length - NAME_MAX}; what you typed stays here until it can be saved.`
                : name.length >= NAME_MAX * 0.9
                  ? `${name.length} of ${NAME_MAX} characters. Recorded on every answer you change.`
                  : `Recorded on every answer you change. Up to ${NAME_MAX} characters.`
            }
          />
          <div>
            <Typography id="theme-label" gutterBottom>
              Theme
            </Typography>
            <ToggleButtonGroup exclusive aria-labelledby="theme-label" value={settings.theme} onChange={(_e, v: Settings['theme'] | null) => v && void update({ theme: v })}>
              {THEME_CHOICES.map((t) => (
                <ToggleButton key={t} value={t}>
                  {t === 'light' ? 'Light' : 'Dark'}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          </div>
          <div>
            <FormControlLabel
              control={<Switch checked={settings.singleKeyShortcuts !== false} onChange={(e) => void update({ singleKeyShortcuts: e.target.checked })} />}
              label="Single-key shortcuts on the case form (Y, N, A, J, K, E, Delete, ?)"
            />
            <Typography variant="body2" color="text.secondary">
              Turn off if you use speech input or keys get pressed by accident. Ctrl shortcuts and the buttons always work.
            </Typography>
          </div>
          <TextField select label="Text size" value={settings.textSize} onChange={(e) => void update({ textSize: e.target.value as Settings['textSize'] })} sx={{ maxWidth: 240 }}>
            {TEXT_SIZES.map((s) => (
              <MenuItem key={s} value={s}>
                {SIZE_LABEL[s]}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </Paper>
      <Backups />
    </Page>
  );
}
