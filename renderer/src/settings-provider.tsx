import { CssBaseline, ThemeProvider } from '@mui/material';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_SETTINGS, type Settings } from '../../core/api/contract';
import { call } from './api';
import { makeTheme } from './theme';

interface SettingsContextValue {
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<string | null>;
}

const SettingsContext = createContext<SettingsContextValue>({ settings: DEFAULT_SETTINGS, update: async () => null });

export function useSettings(): SettingsContextValue {
  return useContext(SettingsContext);
}

/** Loads settings once and themes the whole app from them. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    // Screens wait for the settings so that the theme and text size never flash from the defaults.
    void call('settings.get', {}).then((r) => {
      if (r.ok) setSettings(r.value);
      setLoaded(true);
    });
  }, []);
  const update = useCallback(async (patch: Partial<Settings>) => {
    const r = await call('settings.update', patch);
    if (r.ok) setSettings(r.value);
    return r.ok ? null : r.error.message;
  }, []);
  const theme = useMemo(() => makeTheme(settings), [settings]);
  return (
    <SettingsContext.Provider value={{ settings, update }}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        {loaded ? children : null}
      </ThemeProvider>
    </SettingsContext.Provider>
  );
}
