import AddIcon from '@mui/icons-material/Add';
import { Alert, Box, Button, Chip, Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState, type DragEvent } from 'react';
import { call } from '../api';
import { ImportDialog, readDroppedFile } from './import-dialog';
import { Load, Page } from '../components/page';
import { formatRange } from '../format';
import { href, navigate } from '../router';
import { PackageFileDialog } from '../team/package-file-dialog';
import { useCommand } from '../use-command';

/** File › Import inspection file… arrives as this event, so the menu and the button share one flow. */
export const IMPORT_EVENT = 'fieldwork:import-file';

// Notices of this start (an unfinished import taken out) the inspector has closed: not shown again until the next start.
const closedNotices = new Set<string>();

/** What this start has to tell the inspector, each until closed. */
function StartNotices() {
  const [info] = useCommand('app.info', {});
  const [, redraw] = useState(0);
  if (info.state !== 'ready') return null;
  return (
    <>
      {info.value.notices
        .filter((n) => !closedNotices.has(n))
        .map((n) => (
          <Alert
            key={n}
            severity="warning"
            onClose={() => {
              closedNotices.add(n);
              redraw((x) => x + 1);
            }}
            sx={{ mb: 2 }}
          >
            {n}
          </Alert>
        ))}
    </>
  );
}

export function InspectionsScreen() {
  const [inspections] = useCommand('inspection.list', {});
  const [source, setSource] = useState<{ name: string; text: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const openFile = async () => {
    const r = await call('exchange.open', {});
    if (!r.ok) setMessage(r.error.message);
    else if (r.value) setSource(r.value);
  };
  const [packageSource, setPackageSource] = useState<{ name: string; text: string } | null>(null);
  const openPackage = async () => {
    const r = await call('exchange.open', {});
    if (!r.ok) setMessage(r.error.message);
    else if (r.value) setPackageSource(r.value);
  };
  useEffect(() => {
    const on = () => void openFile();
    window.addEventListener(IMPORT_EVENT, on);
    return () => window.removeEventListener(IMPORT_EVENT, on);
  });
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (!file) return;
    const read = await readDroppedFile(file);
    if ('error' in read) setMessage(read.error);
    else setSource(read);
  };
  return (
    <Box onDragOver={(e) => e.preventDefault()} onDrop={(e) => void onDrop(e)} sx={{ minHeight: 'calc(100vh - 48px)' }}>
    <Page
      title="Inspections"
      actions={
        <>
          <Button href={href({ name: 'league' })}>League table</Button>
          <Button variant="outlined" href={href({ name: 'record-ratings' })}>
            Record a past inspection
          </Button>
          <Button variant="outlined" onClick={() => void openFile()}>
            Import inspection file…
          </Button>
          <Button variant="outlined" onClick={() => void openPackage()}>
            Import work package or return…
          </Button>
          <Button variant="contained" startIcon={<AddIcon />} href={href({ name: 'new-inspection' })}>
            New inspection
          </Button>
        </>
      }
    >
      {message && (
        <Alert severity="error" role="alert" onClose={() => setMessage(null)} sx={{ mb: 2 }}>
          {message}
        </Alert>
      )}
      <StartNotices />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Drop a .fieldwork.json file anywhere here to import it.
      </Typography>
      <ImportDialog source={source} onClose={() => setSource(null)} />
      <PackageFileDialog source={packageSource} onClose={() => setPackageSource(null)} onMerged={(p) => navigate({ name: 'inspection', id: p.inspectionId, tab: 'conflicts' })} />
      <Load data={inspections}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="info">No inspections yet. Create one to start scoring cases.</Alert>
          ) : (
            <TableContainer component={Paper} variant="outlined">
              <Table aria-label="Inspections">
                <TableHead>
                  <TableRow>
                    <TableCell>Provider</TableCell>
                    <TableCell>Framework</TableCell>
                    <TableCell>Fieldwork</TableCell>
                    <TableCell align="right">Cases complete</TableCell>
                    <TableCell>Status</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.map((i) => (
                    <TableRow key={i.id} hover>
                      <TableCell>
                        <Link href={href({ name: 'inspection', id: i.id })}>{i.provider.name}</Link>
                      </TableCell>
                      <TableCell>{i.frameworkId}</TableCell>
                      <TableCell>{formatRange(i.fieldworkStart, i.fieldworkEnd)}</TableCell>
                      <TableCell align="right">
                        {i.completeCount} of {i.caseCount}
                      </TableCell>
                      <TableCell>
                        <Chip size="small" label={i.status === 'final' ? 'Final' : 'Draft'} color={i.status === 'final' ? 'success' : 'default'} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )
        }
      </Load>
    </Page>
    </Box>
  );
}
