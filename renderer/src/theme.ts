import { createTheme, type Theme } from '@mui/material/styles';
import type { Settings } from '../../core/api/contract';
import type { Rating } from '../../core/domain/ratings';

const FONT_SIZE: Record<Settings['textSize'], number> = { standard: 14, large: 16, larger: 18 };

// System fonts: the app makes no network requests, so no web fonts are fetched.
export function makeTheme(s: Pick<Settings, 'theme' | 'textSize'>): Theme {
  const dark = s.theme === 'dark';
  return createTheme({
    palette: {
      mode: s.theme,
      primary: { main: dark ? '#8ab4f8' : '#1d4f91' },
      success: { main: dark ? '#81c995' : '#2e7d32' },
      error: { main: dark ? '#f28b82' : '#b3261e' },
      warning: { main: dark ? '#fdd663' : '#8a5300' },
      ...(dark ? { background: { default: '#121417', paper: '#1b1e22' } } : {}),
    },
    typography: {
      fontSize: FONT_SIZE[s.textSize],
      fontFamily: '"Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif',
      h4: { fontWeight: 600 },
      h5: { fontWeight: 600 },
    },
    shape: { borderRadius: 6 },
    components: {
      MuiButton: { styleOverrides: { root: { textTransform: 'none' } } },
      MuiToggleButton: { styleOverrides: { root: { textTransform: 'none' } } },
      MuiTab: { styleOverrides: { root: { textTransform: 'none' } } },
    },
  });
}

/** Colours for ratings, chosen for contrast in both themes. */
export const RATING_COLOUR: Record<Rating, { light: string; dark: string }> = {
  Outstanding: { light: '#1b5e20', dark: '#81c995' },
  Good: { light: '#2e7d32', dark: '#a8dab5' },
  'Requires improvement': { light: '#8a5300', dark: '#fdd663' },
  Inadequate: { light: '#b3261e', dark: '#f28b82' },
};

export function ratingColour(r: Rating, theme: Theme): string {
  return RATING_COLOUR[r][theme.palette.mode];
}
