import AddIcon from '@mui/icons-material/Add';
import { Alert, Button, Chip, Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import { Load, Page } from '../components/Page';
import { formatRange } from '../format';
import { href } from '../router';
import { useCommand } from '../use-command';

export function InspectionsScreen() {
  const [inspections] = useCommand('inspection.list', {});
  return (
    <Page
      title="Inspections"
      actions={
        <Button variant="contained" startIcon={<AddIcon />} href={href({ name: 'new-inspection' })}>
          New inspection
        </Button>
      }
    >
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
  );
}
