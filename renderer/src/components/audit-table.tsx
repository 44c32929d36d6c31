import { Alert, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import type { AuditEntryView } from '../../../core/api/contract';
import { formatTime } from '../format';

const WHAT: Record<AuditEntryView['what'], string> = {
  answer: 'Answer',
  note: 'Evidence note',
  judgement: 'Judgement',
  'judgement-note': 'Judgement rationale',
  override: 'Override',
  completion: 'Case status',
};

export function AuditTable({ entries, showCase }: { entries: AuditEntryView[]; showCase: boolean }) {
  if (entries.length === 0) return <Alert severity="info">No changes recorded yet.</Alert>;
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ maxHeight: 520 }}>
      <Table size="small" stickyHeader aria-label="History of changes">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Who</TableCell>
            {showCase && <TableCell>Case</TableCell>}
            <TableCell>What</TableCell>
            <TableCell>Item</TableCell>
            <TableCell>Before</TableCell>
            <TableCell>After</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[...entries].reverse().map((e, i) => (
            <TableRow key={i}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {e.changedAt.slice(0, 10)} {formatTime(e.changedAt)}
              </TableCell>
              <TableCell>{e.changedBy || '—'}</TableCell>
              {showCase && <TableCell>{e.caseRef ?? '—'}</TableCell>}
              <TableCell>{WHAT[e.what]}</TableCell>
              <TableCell>{e.item}</TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{e.oldValue || '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{e.newValue || '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
