import { Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { createContext, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Actor } from '../../../core/changes/change';
import { call } from '../api';
import { useSettings } from '../settings-provider';

const IdentityContext = createContext<Actor | null>(null);

/** The person using this installation (name as now shown in Settings). */
export function useIdentity(): Actor | null {
  const user = useContext(IdentityContext);
  const { settings } = useSettings();
  return user ? { ...user, name: settings.inspectorName || user.name } : null;
}

/**
 * Every change is recorded with who made it, so on first start Fieldwork asks for the user's name
 * before showing anything else; the name then shows in the title bar.
 */
export function IdentityGate({ children }: { children: ReactNode }) {
  const { update } = useSettings();
  const [user, setUser] = useState<Actor | null | undefined>(undefined);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call('identity.get', {}).then((r) => setUser(r.ok ? r.value.user : null));
  }, []);
  const shown = useIdentity() ?? user;
  useEffect(() => {
    document.title = shown ? `Fieldwork — ${shown.name}` : 'Fieldwork';
  }, [shown?.name]);
  if (user === undefined) return null;
  if (user) return <IdentityContext.Provider value={user}>{children}</IdentityContext.Provider>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Enter your name: it is recorded with every change you make.');
    const r = await call('identity.set', { name });
    if (!r.ok) return setError(r.error.fieldErrors?.name ?? r.error.message);
    // Settings shows the same name from now on.
    await update({ inspectorName: r.value.name });
    setUser(r.value);
  };
  return (
    <Box component="main" sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh', p: 2 }}>
      <Paper variant="outlined" sx={{ p: 4, maxWidth: 480 }}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack spacing={2}>
            <Typography variant="h5" component="h1">
              Welcome to Fieldwork
            </Typography>
            <Typography>Fieldwork records who made every change to an inspection. Enter your name as colleagues will recognise it; you can change it later in Settings.</Typography>
            <TextField label="Your name" value={name} onChange={(e) => setName(e.target.value)} error={error !== null} helperText={error ?? ' '} autoFocus required slotProps={{ htmlInput: { maxLength: 200 } }} />
            <Button type="submit" variant="contained">
              Continue
            </Button>
          </Stack>
        </form>
      </Paper>
    </Box>
  );
}
