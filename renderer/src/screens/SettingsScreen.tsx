import { Alert, MenuItem, Paper, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useState } from 'react';
import { TEXT_SIZES, THEME_CHOICES, type Settings } from '../../../core/api/contract';
import { Page } from '../components/Page';
import { href } from '../router';
import { useSettings } from '../SettingsProvider';
import { useDebouncedSaver } from '../use-autosave';

const SIZE_LABEL: Record<Settings['textSize'], string> = { standard: 'Standard', large: 'Large', larger: 'Larger' };

export function SettingsScreen() {
  const { settings, update } = useSettings();
  const [name, setName] = useState(settings.inspectorName);
  const [error, setError] = useState<string | null>(null);
  const { save: saveName } = useDebouncedSaver((_key, value) => update({ inspectorName: value }).then(setError));
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
              saveName('name', e.target.value);
            }}
            helperText="Recorded on every answer you change."
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
          <TextField select label="Text size" value={settings.textSize} onChange={(e) => void update({ textSize: e.target.value as Settings['textSize'] })} sx={{ maxWidth: 240 }}>
            {TEXT_SIZES.map((s) => (
              <MenuItem key={s} value={s}>
                {SIZE_LABEL[s]}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </Paper>
    </Page>
  );
}
