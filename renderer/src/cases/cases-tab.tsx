import AddIcon from '@mui/icons-material/Add';
import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import {
  Alert,
  Box,
  Button,
  InputAdornment,
  LinearProgress,
  MenuItem,
  Paper,
  Snackbar,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
} from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { memo, useMemo, useState } from 'react';
import type { CaseSummary, InspectionSummary } from '../../../core/api/contract';
import { shippedFrameworks } from '../../../core/frameworks/load';
import { Load } from '../components/page';
import { yesNo } from '../format';
import { href } from '../router';
import { useCommand } from '../use-command';
import { useProgressive } from '../use-progressive';
import { AddCaseDialog } from './add-case-dialog';
import { ImportSampleDialog } from './import-sample-dialog';

export const STATUS_LABEL: Record<CaseSummary['status'], string> = { 'not-started': 'Not started', 'in-progress': 'In progress', complete: 'Complete' };
type SortKey = 'ref' | 'sample' | 'assignedInspector' | 'status' | 'unansweredCount' | 'missingNoteCount';
const STATUS_ORDER: Record<CaseSummary['status'], number> = { 'not-started': 0, 'in-progress': 1, complete: 2 };

function compare(a: CaseSummary, b: CaseSummary, key: SortKey): number {
  if (key === 'status') return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (key === 'unansweredCount' || key === 'missingNoteCount') return a[key] - b[key];
  return a[key].localeCompare(b[key], 'en-GB', { numeric: true });
}

// Rows are plain table elements styled once from the table: hundreds of MUI cells cost
// hundreds of milliseconds to mount, and the list must show quickly for a full sample.
const ROW_STYLES = {
  '& tbody td': { px: 2, py: 0.75, borderBottom: 1, borderColor: 'divider', typography: 'body2' },
  '& tbody tr:hover': { bgcolor: 'action.hover' },
  '& td.num': { textAlign: 'right' },
  '& .status': { display: 'inline-block', px: 1, py: 0.25, borderRadius: 4, fontSize: '0.8125rem', border: 1, borderColor: 'divider' },
  '& .status.complete': { bgcolor: 'success.main', color: 'success.contrastText', borderColor: 'success.main' },
  '& .status.in-progress': { bgcolor: 'primary.main', color: 'primary.contrastText', borderColor: 'primary.main' },
  '& .missing': { color: 'error.main', fontWeight: 600 },
  '& a': { color: 'primary.main' },
} as const;

const CaseRow = memo(function CaseRow({ c, sampleName }: { c: CaseSummary; sampleName: string }) {
  return (
    <tr>
      <td>
        <a href={href({ name: 'case', id: c.id })}>{c.ref}</a>
      </td>
      <td>{sampleName}</td>
      <td>{c.assignedInspector || '—'}</td>
      <td>{c.attributes.roshLevel ?? '—'}</td>
      <td>{yesNo(c.attributes.domesticAbuse)}</td>
      <td>{yesNo(c.attributes.childSafeguarding)}</td>
      <td className="num">{c.unansweredCount}</td>
      <td className="num">{c.missingNoteCount > 0 ? <span className="missing">{c.missingNoteCount}</span> : 0}</td>
      <td>
        <span className={`status ${c.status}`}>{STATUS_LABEL[c.status]}</span>
      </td>
    </tr>
  );
});

export function CaseTable({ inspection, cases }: { inspection: InspectionSummary; cases: CaseSummary[] }) {
  const samples = shippedFrameworks().get(inspection.frameworkId)?.samples ?? [];
  const sampleName = (id: string) => samples.find((s) => s.id === id)?.name ?? id;
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<'all' | CaseSummary['status']>('all');
  const [sample, setSample] = useState('all');
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'ref', dir: 'asc' });
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return cases
      .filter((c) => status === 'all' || c.status === status)
      .filter((c) => sample === 'all' || c.sample === sample)
      .filter((c) => !q || [c.ref, c.assignedInspector, c.attributes.office ?? ''].some((v) => v.toLowerCase().includes(q)))
      .sort((a, b) => compare(a, b, sort.key) * (sort.dir === 'asc' ? 1 : -1));
  }, [cases, search, status, sample, sort]);
  const rendered = useProgressive(shown.length, 40);
  const header = (key: SortKey, label: string, align: 'left' | 'right' = 'left') => (
    <TableCell align={align} sortDirection={sort.key === key ? sort.dir : false}>
      <TableSortLabel active={sort.key === key} direction={sort.key === key ? sort.dir : 'asc'} onClick={() => setSort({ key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' })}>
        {label}
      </TableSortLabel>
    </TableCell>
  );
  return (
    <>
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <TextField
          size="small"
          label="Search cases"
          placeholder="Ref, inspector or office"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
        />
        <TextField size="small" select label="Status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)} sx={{ minWidth: 160 }}>
          <MenuItem value="all">All</MenuItem>
          {(Object.keys(STATUS_LABEL) as CaseSummary['status'][]).map((s) => (
            <MenuItem key={s} value={s}>
              {STATUS_LABEL[s]}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" select label="Sample" value={sample} onChange={(e) => setSample(e.target.value)} sx={{ minWidth: 180 }}>
          <MenuItem value="all">All samples</MenuItem>
          {samples.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
        <Typography sx={{ alignSelf: 'center' }} color="text.secondary" aria-live="polite">
          Showing {shown.length} of {cases.length}
        </Typography>
      </Stack>
      <TableContainer component={Paper} variant="outlined">
        <Table aria-label="Cases" size="small" sx={ROW_STYLES}>
          <TableHead>
            <TableRow>
              {header('ref', 'Sample ref')}
              {header('sample', 'Sample')}
              {header('assignedInspector', 'Assigned to')}
              <TableCell>Risk of serious harm</TableCell>
              <TableCell>Domestic abuse</TableCell>
              <TableCell>Child safeguarding</TableCell>
              {header('unansweredCount', 'Unanswered', 'right')}
              {header('missingNoteCount', '“No” without note', 'right')}
              {header('status', 'Status')}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.slice(0, rendered).map((c) => (
              <CaseRow key={c.id} c={c} sampleName={sampleName(c.sample)} />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}

export function CasesTab({ inspection }: { inspection: InspectionSummary }) {
  const [cases, reload] = useCommand('case.list', { inspectionId: inspection.id });
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  return (
    <Load data={cases}>
      {(list) => {
        const complete = list.filter((c) => c.status === 'complete').length;
        const unanswered = list.reduce((n, c) => n + c.unansweredCount, 0);
        const missing = list.reduce((n, c) => n + c.missingNoteCount, 0);
        return (
          <>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
              <Box sx={{ flexGrow: 1 }}>
                <Typography variant="h6" component="h2" data-testid="progress">
                  {complete} of {list.length} cases complete
                </Typography>
                <LinearProgress variant="determinate" value={list.length ? (complete / list.length) * 100 : 0} aria-label="Cases complete" sx={{ my: 0.5, maxWidth: 480 }} />
                <Typography variant="body2" color="text.secondary">
                  {unanswered} key questions unanswered · {missing} “No” answers without an evidence note
                </Typography>
              </Box>
              <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => setImporting(true)}>
                Import sample CSV
              </Button>
              <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
                Add case
              </Button>
            </Stack>
            {list.length === 0 ? <Alert severity="info">No cases yet. Import the sample as CSV or add cases one by one.</Alert> : <CaseTable inspection={inspection} cases={list} />}
            <AddCaseDialog inspection={inspection} open={adding} onClose={(added) => { setAdding(false); if (added) reload(); }} />
            <ImportSampleDialog
              inspection={inspection}
              open={importing}
              onClose={(n) => {
                setImporting(false);
                if (n > 0) {
                  setToast(`Imported ${n} cases.`);
                  reload();
                }
              }}
            />
            <Snackbar open={toast !== null} autoHideDuration={4000} onClose={() => setToast(null)} message={toast} />
          </>
        );
      }}
    </Load>
  );
}
