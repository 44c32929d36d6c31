import SettingsIcon from '@mui/icons-material/SettingsOutlined';
import { AppBar, Box, IconButton, Link, Toolbar, Typography } from '@mui/material';
import { href, useRoute } from './router';
import { CaseScreen } from './screens/CaseScreen';
import { InspectionScreen } from './screens/InspectionScreen';
import { InspectionsScreen } from './screens/InspectionsScreen';
import { NewInspectionScreen } from './screens/NewInspectionScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SettingsProvider } from './SettingsProvider';

function Screen() {
  const route = useRoute();
  switch (route.name) {
    case 'inspections':
      return <InspectionsScreen />;
    case 'new-inspection':
      return <NewInspectionScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'inspection':
      return <InspectionScreen key={route.id} id={route.id} tab={route.tab ?? 'cases'} />;
    case 'case':
      return <CaseScreen key={route.id} id={route.id} />;
  }
}

export function App() {
  return (
    <SettingsProvider>
      <AppBar position="sticky" elevation={0} component="header">
        <Toolbar variant="dense">
          <Link href={href({ name: 'inspections' })} color="inherit" underline="none" sx={{ flexGrow: 1 }}>
            <Typography variant="h6" component="span">
              Fieldwork
            </Typography>
          </Link>
          <IconButton color="inherit" href={href({ name: 'settings' })} aria-label="Settings">
            <SettingsIcon />
          </IconButton>
        </Toolbar>
      </AppBar>
      <Box>
        <Screen />
      </Box>
    </SettingsProvider>
  );
}
