import { Alert, Box, Button, FormControlLabel, Paper, Snackbar, Switch, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TableSortLabel } from '@mui/material';
import { useMemo, useState } from 'react';
import type { LeagueRow } from '../../../core/compare/league';
import { call } from '../api';
import { Load, Page } from '../components/page';
import { RatingChip } from '../components/rating-chip';
import { href } from '../router';
import { useCommand } from '../use-command';
import { formatDayMonthYear } from '../format';

type Key = 'provider' | 'share' | 'date' | 'framework';

export function LeagueScreen() {
  // Final inspections only unless the inspector asks for drafts: a draft's numbers are not firm.
  const [includeDrafts, setIncludeDrafts] = useState(false);
  const [rows] = useCommand('league.table', { includeDrafts });
  const [sort, setSort] = useState<{ key: Key; dir: 'asc' | 'desc' }>({ key: 'share', dir: 'desc' });
  const [toast, setToast] = useState<string | null>(null);
  const exportCsv = async () => {
    const r = await call('league.exportCsv', { includeDrafts });
    setToast(r.ok ? (r.value.path ? `Saved ${r.value.path}` : null) : r.error.message);
  };
  const sorted = useMemo(() => {
    if (rows.state !== 'ready') return [];
    const cmp = (a: LeagueRow, b: LeagueRow) =>
      sort.key === 'share' ? (a.share ?? -1) - (b.share ?? -1) : String(a[sort.key] ?? '').localeCompare(String(b[sort.key] ?? ''), 'en-GB');
    return [...rows.value].sort((a, b) => cmp(a, b) * (sort.dir === 'asc' ? 1 : -1));
  }, [rows, sort]);
  const head = (key: Key, label: string) => (
    <TableCell sortDirection={sort.key === key ? sort.dir : false}>
      <TableSortLabel active={sort.key === key} direction={sort.key === key ? sort.dir : 'asc'} onClick={() => setSort({ key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' })}>
        {label}
      </TableSortLabel>
    </TableCell>
  );
  return (
    <Page title="League table" crumbs={[{ label: 'Inspections', href: href({ name: 'inspections' }) }, { label: 'League table' }]} actions={<Button variant="outlined" onClick={() => void exportCsv()}>Export CSV</Button>}>
      <Box sx={{ mb: 2 }}>
        <FormControlLabel control={<Switch checked={includeDrafts} onChange={(e) => setIncludeDrafts(e.target.checked)} />} label="Include draft inspections (their scores are provisional)" />
      </Box>
      <Load data={rows}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="info">{includeDrafts ? 'No inspections yet.' : 'No final inspections yet. Include drafts to see inspections still in progress.'}</Alert>
          ) : (
            <TableContainer component={Paper} variant="outlined">
              <Table aria-label="League table" size="small">
                <TableHead>
                  <TableRow>
                    {head('provider', 'Provider')}
                    <TableCell>Overall rating</TableCell>
                    {head('share', 'Score')}
                    {head('date', 'Latest inspection')}
                    {head('framework', 'Framework')}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {sorted.map((r) => (
                    <TableRow key={r.provider}>
                      <TableCell>{r.provider}</TableCell>
                      <TableCell>
                        <RatingChip rating={r.rating} />
                      </TableCell>
                      <TableCell>
                        {r.score ?? '–'} of {r.max}
                        {r.share !== null ? ` (${Math.round(r.share * 100)}%)` : ''}
                      </TableCell>
                      <TableCell>{r.date ? formatDayMonthYear(r.date) : '–'}</TableCell>
                      <TableCell>{r.framework}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )
        }
      </Load>
      <Snackbar open={toast !== null} autoHideDuration={5000} onClose={() => setToast(null)} message={toast} />
    </Page>
  );
}
