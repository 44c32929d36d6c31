import { createTheme } from '@mui/material/styles';

// System fonts: the app makes no network requests, so no web fonts are fetched.
export const theme = createTheme({
  palette: { mode: 'light', primary: { main: '#1d4f91' }, success: { main: '#2e7d32' }, error: { main: '#b3261e' } },
  typography: {
    fontFamily: '"Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif',
    h4: { fontWeight: 600 },
    h5: { fontWeight: 600 },
  },
  shape: { borderRadius: 6 },
  components: {
    MuiButton: { styleOverrides: { root: { textTransform: 'none' } } },
    MuiToggleButton: { styleOverrides: { root: { textTransform: 'none' } } },
  },
});
