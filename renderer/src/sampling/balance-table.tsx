import { alpha, Chip, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import type { DrawView } from '../../../core/api/contract';

const pct = (x: number) => `${x.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
const gap = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}`;

/** Population share against sample share for every value of every stratum variable; the largest gap stands out. */
export function BalanceTable({ rows }: { rows: DrawView['balance'] }) {
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Balance: population against sample">
        <TableHead>
          <TableRow>
            <TableCell>Variable</TableCell>
            <TableCell>Value</TableCell>
            <TableCell align="right">Eligible cases</TableCell>
            <TableCell align="right">Population share</TableCell>
            <TableCell align="right">Sample cases</TableCell>
            <TableCell align="right">Sample share</TableCell>
            <TableCell align="right">Gap (points)</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow
              key={`${r.attribute}:${r.value}`}
              data-largest={r.largest ? 'true' : undefined}
              sx={r.largest ? { bgcolor: (t) => alpha(t.palette.warning.main, 0.2), '& td': { fontWeight: 700 }, '& td:first-of-type': { boxShadow: (t) => `inset 4px 0 ${t.palette.warning.main}` } } : undefined}
            >
              <TableCell>{i === 0 || rows[i - 1]!.attribute !== r.attribute ? r.label : ''}</TableCell>
              <TableCell>{r.value}</TableCell>
              <TableCell align="right">{r.population.toLocaleString('en-GB')}</TableCell>
              <TableCell align="right">{pct(r.populationShare)}</TableCell>
              <TableCell align="right">{r.sample.toLocaleString('en-GB')}</TableCell>
              <TableCell align="right">{pct(r.sampleShare)}</TableCell>
              <TableCell align="right">
                {gap(r.gap)}
                {r.largest && <Chip size="small" label="Largest gap" color="warning" sx={{ ml: 1 }} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
