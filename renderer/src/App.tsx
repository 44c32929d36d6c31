import { AppBar, Box, CssBaseline, Link, ThemeProvider, Toolbar, Typography } from '@mui/material';
import { href, useRoute } from './router';
import { CaseScreen } from './screens/CaseScreen';
import { InspectionScreen } from './screens/InspectionScreen';
import { InspectionsScreen } from './screens/InspectionsScreen';
import { NewInspectionScreen } from './screens/NewInspectionScreen';
import { theme } from './theme';

function Screen() {
  const route = useRoute();
  switch (route.name) {
    case 'inspections':
      return <InspectionsScreen />;
    case 'new-inspection':
      return <NewInspectionScreen />;
    case 'inspection':
      return <InspectionScreen key={route.id} id={route.id} />;
    case 'case':
      return <CaseScreen key={route.id} id={route.id} />;
  }
}

export function App() {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <AppBar position="sticky" elevation={0}>
        <Toolbar variant="dense">
          <Link href={href({ name: 'inspections' })} color="inherit" underline="none">
            <Typography variant="h6" component="span">
              Fieldwork
            </Typography>
          </Link>
        </Toolbar>
      </AppBar>
      <Box>
        <Screen />
      </Box>
    </ThemeProvider>
  );
}
