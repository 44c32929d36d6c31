import SettingsIcon from '@mui/icons-material/SettingsOutlined';
import { AppBar, Box, IconButton, Link, Toolbar, Typography } from '@mui/material';
import { useEffect } from 'react';
import { href, navigate, useRoute } from './router';
import { IMPORT_EVENT } from './inspections/inspections-screen';
import { EXPORT_EVENT } from './report/report-tab';
import { CaseScreen } from './cases/case-screen';
import { SecondMarkingScreen } from './qa/second-marking-screen';
import { InspectionScreen } from './inspections/inspection-screen';
import { InspectionsScreen } from './inspections/inspections-screen';
import { NewInspectionScreen } from './inspections/new-inspection-screen';
import { LeagueScreen } from './previous/league-screen';
import { RecordRatingsScreen } from './previous/record-ratings-screen';
import { SettingsScreen } from './settings/settings-screen';
import { SettingsProvider } from './settings-provider';
import { BuildSampleScreen } from './sampling/build-sample-screen';
import { IdentityGate, useIdentity } from './settings/identity-gate';
import { LongWorkProgress } from './components/long-work';

function Screen() {
  const route = useRoute();
  // File > Export draft report… opens the report tab of the inspection in view and starts a Word export.
  useEffect(
    () =>
      window.api?.onMenu?.((action) => {
        if (action === 'restore-backup') return navigate({ name: 'settings' });
        if (action === 'import-file') {
          navigate({ name: 'inspections' });
          setTimeout(() => window.dispatchEvent(new Event(IMPORT_EVENT)), 0);
          return;
        }
        if (action !== 'export-report' || route.name !== 'inspection') return;
        navigate({ name: 'inspection', id: route.id, tab: 'report' });
        setTimeout(() => window.dispatchEvent(new Event(EXPORT_EVENT)), 0);
      }),
    [route],
  );
  switch (route.name) {
    case 'inspections':
      return <InspectionsScreen />;
    case 'new-inspection':
      return <NewInspectionScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'league':
      return <LeagueScreen />;
    case 'record-ratings':
      return <RecordRatingsScreen />;
    case 'inspection':
      return <InspectionScreen key={route.id} id={route.id} tab={route.tab ?? 'cases'} />;
    case 'case':
      return <CaseScreen key={route.id} id={route.id} />;
    case 'build-sample':
      return <BuildSampleScreen key={route.id} id={route.id} />;
    case 'second-marking':
      return <SecondMarkingScreen key={route.id} id={route.id} />;
  }
}

function UserName() {
  const user = useIdentity();
  return user ? (
    <Typography variant="body2" component="span" sx={{ mr: 1 }} data-testid="user-name">
      {user.name}
    </Typography>
  ) : null;
}

export function App() {
  return (
    <SettingsProvider>
      <IdentityGate>
      <AppBar position="sticky" elevation={0} component="header">
        <Toolbar variant="dense">
          <Link href={href({ name: 'inspections' })} color="inherit" underline="none" sx={{ flexGrow: 1 }}>
            <Typography variant="h6" component="span">
              Fieldwork
            </Typography>
          </Link>
          <UserName />
          <IconButton color="inherit" href={href({ name: 'settings' })} aria-label="Settings">
            <SettingsIcon />
          </IconButton>
        </Toolbar>
      </AppBar>
      <Box>
        <Screen />
      </Box>
      <LongWorkProgress />
      </IdentityGate>
    </SettingsProvider>
  );
}
