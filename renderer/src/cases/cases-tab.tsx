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
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { listState, type ListState, type SortKey } from './list-state';
import type { CaseSummary, InspectionSummary } from '../../../core/api/contract';
import { shippedFrameworks } from '../../../core/frameworks/load';
import { Load } from '../components/page';
import { yesNo } from '../format';
import { href } from '../router';
import { call } from '../api';
import { type Loaded, useCommand } from '../use-command';
import { AddCaseDialog } from './add-case-dialog';
import { QA_STATUSES, QA_STATUS_LABELS, type QaStatus } from '../../../core/qa/status';
import { ImportSampleDialog } from './import-sample-dialog';
import { useInspectionReadOnly } from '../inspections/read-only';

export const STATUS_LABEL: Record<CaseSummary['status'], string> = { 'not-started': 'Not started', 'in-progress': 'In progress', complete: 'Complete' };
const STATUS_ORDER: Record<CaseSummary['status'], number> = { 'not-started': 0, 'in-progress': 1, complete: 2 };

function compare(a: CaseSummary, b: CaseSummary, key: SortKey): number {
  if (key === 'status') return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (key === 'unansweredCount' || key === 'missingNoteCount' || key === 'openComments') return a[key] - b[key];
  if (key === 'qaStatus') return QA_STATUSES.indexOf(a.qaStatus) - QA_STATUSES.indexOf(b.qaStatus);
  return a[key].localeCompare(b[key], 'en-GB', { numeric: true });
}

// Rows are plain table elements styled once from the table, and only the rows in view (and a few
// either side) are mounted (TanStack Virtual): 3,000 cases cost what 30 do.
// Twelve columns must fit the smallest supported window (1280 px) without sideways scrolling: cells
// keep half MUI's side padding.
const ROW_STYLES = {
  '& thead th': { px: 1 },
  '& tbody td': { px: 1, py: 0.75, borderBottom: 1, borderColor: 'divider', typography: 'body2' },
  '& tbody tr:hover': { bgcolor: 'action.hover' },
  '& td.num': { textAlign: 'right' },
  '& .status': { display: 'inline-block', px: 1, py: 0.25, borderRadius: 4, fontSize: '0.8125rem', border: 1, borderColor: 'divider' },
  '& .status.complete': { bgcolor: 'success.main', color: 'success.contrastText', borderColor: 'success.main' },
  '& .status.in-progress': { bgcolor: 'primary.main', color: 'primary.contrastText', borderColor: 'primary.main' },
  '& .missing': { color: 'error.main', fontWeight: 600 },
  '& a': { color: 'primary.main' },
  '& .hit': { display: 'block', color: 'text.secondary', fontSize: '0.75rem' },
} as const;

/** Estimated height of one row in px; rows are measured once mounted. */
const ROW_HEIGHT = 35;

type Hit = { found: 'CRN' | 'name' | 'evidence note'; questionId?: string };

const CaseRow = memo(function CaseRow({ c, sampleName, index, measure, hit, heldBy }: { c: CaseSummary; sampleName: string; index: number; measure: (el: HTMLTableRowElement | null) => void; hit?: Hit | undefined; heldBy?: string | undefined }) {
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2}>
      <td>
        <a href={href({ name: 'case', id: c.id })}>{c.ref}</a>
        {hit && <span className="hit">{hit.found === 'evidence note' ? `in evidence note ${hit.questionId ?? ''}` : `by ${hit.found}`}</span>}
      </td>
      <td>{sampleName}</td>
      <td>
        {c.assignedInspector || '—'}
        {heldBy && <span className="hit">With {heldBy} (package out)</span>}
      </td>
      <td>{c.attributes.roshLevel ?? '—'}</td>
      <td>{yesNo(c.attributes.domesticAbuse)}</td>
      <td>{yesNo(c.attributes.childSafeguarding)}</td>
      <td className="num">{c.unansweredCount}</td>
      <td className="num">{c.missingNoteCount > 0 ? <span className="missing">{c.missingNoteCount}</span> : 0}</td>
      <td>
        <span className={`status ${c.status}`}>{STATUS_LABEL[c.status]}</span>
      </td>
      <td>{QA_STATUS_LABELS[c.qaStatus]}</td>
      <td className="num">{c.openComments > 0 ? <span className="missing">{c.openComments}</span> : 0}</td>
    </tr>
  );
});

/**
 * `partial` while only the first page has arrived: rows show, but searching, filtering and sorting wait
 * for the whole list, so they never act on some of the cases.
 */
/**
 * The cases out in work packages issued from this laptop, by reference, with whose package they are in.
 * Asked for once the whole list is there, so the first screen waits for nothing else.
 */
function useHeldCases(inspectionId: string, ready: boolean): Record<string, string> {
  const [held, setHeld] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!ready) return;
    let live = true;
    void call('team.get', { inspectionId }).then((r) => {
      if (live && r.ok) setHeld(r.value.withInspector);
    });
    return () => {
      live = false;
    };
  }, [inspectionId, ready]);
  return held;
}

export function CaseTable({ inspection, cases, partial = false }: { inspection: InspectionSummary; cases: CaseSummary[]; partial?: boolean }) {
  const samples = shippedFrameworks().get(inspection.frameworkId)?.samples ?? [];
  const sampleName = (id: string) => samples.find((s) => s.id === id)?.name ?? id;
  // Search, filter, sort and scroll position are kept for the session: back to the list finds them as they were.
  const kept = listState(inspection.id);
  const held = useHeldCases(inspection.id, !partial);
  const [search, setSearch] = useState(kept.search);
  const [status, setStatus] = useState<ListState['status']>(kept.status);
  const [sample, setSample] = useState(kept.sample);
  const [sort, setSort] = useState<ListState['sort']>(kept.sort);
  const q = search.trim().toLowerCase();
  // CRN, name and evidence notes are searched by the main process (notes are not in the list).
  const [hits, setHits] = useState<{ q: string; byId: Map<string, Hit> }>({ q: '', byId: new Map() });
  useEffect(() => {
    if (!q) return;
    let live = true;
    const t = setTimeout(() => {
      void call('case.search', { inspectionId: inspection.id, text: q.slice(0, 200) }).then((r) => {
        if (live && r.ok) setHits({ q, byId: new Map(r.value.map((h) => [h.caseId, h])) });
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, inspection.id]);
  const found = useMemo(() => (hits.q === q ? hits.byId : new Map<string, Hit>()), [hits, q]);
  const [qa, setQa] = useState<'all' | QaStatus>('all');
  const shown = useMemo(() => {
    return cases
      .filter((c) => status === 'all' || c.status === status)
      .filter((c) => sample === 'all' || c.sample === sample)
      .filter((c) => qa === 'all' || c.qaStatus === qa)
      .filter((c) => !q || found.has(c.id) || [c.ref, c.assignedInspector, c.attributes.office ?? ''].some((v) => v.toLowerCase().includes(q)))
      .sort((a, b) => compare(a, b, sort.key) * (sort.dir === 'asc' ? 1 : -1));
  }, [cases, q, found, status, sample, qa, sort]);
  useEffect(() => {
    if (partial) return;
    Object.assign(kept, { search, status, sample, sort, order: shown.map((c) => ({ id: c.id, assignedInspector: c.assignedInspector, status: c.status })) });
  }, [kept, partial, search, status, sample, sort, shown]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualRef = useRef<{ range: { startIndex: number } | null } | null>(null);
  // The list's own scroll position is saved as the inspector scrolls and restored once the whole list is there.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    // Kept as the row at the top (row heights vary, so pixels would drift).
    const on = () => (kept.scrollY = el.scrollTop === 0 ? 0 : (virtualRef.current?.range?.startIndex ?? 0));
    el.addEventListener('scroll', on, { passive: true });
    return () => el.removeEventListener('scroll', on);
  }, [kept]);
  const [restored, setRestored] = useState(kept.scrollY === 0);
  const virtual = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12, initialRect: { width: 1200, height: 800 } });
  virtualRef.current = virtual;
  const items = virtual.getVirtualItems();
  useLayoutEffect(() => {
    if (restored || partial || !scroller.current) return;
    virtual.scrollToIndex(kept.scrollY, { align: 'start' });
    setRestored(true);
  }, [restored, partial, kept, virtual]);
  const before = items[0]?.start ?? 0;
  const after = items.length > 0 ? virtual.getTotalSize() - items.at(-1)!.end : 0;
  const header = (key: SortKey, label: string, align: 'left' | 'right' = 'left') => (
    <TableCell align={align} sortDirection={sort.key === key ? sort.dir : false}>
      <TableSortLabel disabled={partial} active={sort.key === key} direction={sort.key === key ? sort.dir : 'asc'} onClick={() => setSort({ key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' })}>
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
          sx={{ minWidth: 340 }}
          placeholder="Ref, CRN, name, inspector, office or note text"
          disabled={partial}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
        />
        <TextField size="small" select label="Status" disabled={partial} value={status} onChange={(e) => setStatus(e.target.value as typeof status)} sx={{ minWidth: 160 }}>
          <MenuItem value="all">All</MenuItem>
          {(Object.keys(STATUS_LABEL) as CaseSummary['status'][]).map((s) => (
            <MenuItem key={s} value={s}>
              {STATUS_LABEL[s]}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" select label="Sample" disabled={partial} value={sample} onChange={(e) => setSample(e.target.value)} sx={{ minWidth: 180 }}>
          <MenuItem value="all">All samples</MenuItem>
          {samples.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" select label="QA status" value={qa} onChange={(e) => setQa(e.target.value as typeof qa)} sx={{ minWidth: 200 }}>
          <MenuItem value="all">All</MenuItem>
          {QA_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {QA_STATUS_LABELS[s]} ({cases.filter((c) => c.qaStatus === s).length})
            </MenuItem>
          ))}
        </TextField>
        <Typography sx={{ alignSelf: 'center' }} color="text.secondary" aria-live="polite">
          {partial ? `Showing the first ${cases.length} of ${inspection.caseCount}…` : `Showing ${shown.length} of ${cases.length}`}
        </Typography>
      </Stack>
      <TableContainer component={Paper} variant="outlined" ref={scroller} sx={{ maxHeight: 'max(360px, calc(100vh - 300px))' }} data-testid="case-list-scroller">
        <Table aria-label="Cases" aria-rowcount={shown.length + 1} size="small" stickyHeader sx={ROW_STYLES}>
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
              {header('qaStatus', 'QA')}
              {header('openComments', 'Comments', 'right')}
            </TableRow>
          </TableHead>
          <TableBody>
            {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
            {items.map((v) => {
              const c = shown[v.index]!;
              return <CaseRow key={c.id} c={c} index={v.index} measure={virtual.measureElement} sampleName={sampleName(c.sample)} hit={found.get(c.id)} heldBy={held[c.ref]} />;
            })}
            {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}

/** Cases in the first request: a screenful and some, so the list shows before a large sample has all arrived. */
const FIRST_PAGE = 60;
/**
 * The rest arrives in pages of this many, one request after another: each is short, so a case opened
 * (or a save) meanwhile is answered between two pages, and leaving the list stops the requests.
 */
const PAGE = 200;

export function CasesTab({ inspection }: { inspection: InspectionSummary }) {
  const readOnly = useInspectionReadOnly();
  // The first page (in the list's default order) shows first; the whole list follows, page by page,
  // once that has painted, so its arrival never holds up the first screen, and takes over when complete.
  const [first] = useCommand('case.list', { inspectionId: inspection.id, limit: FIRST_PAGE });
  const [all, setAll] = useState<Loaded<CaseSummary[]>>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  useEffect(() => {
    if (first.state === 'error') setAll(first);
    if (first.state !== 'ready') return;
    if (first.value.length < FIRST_PAGE && version === 0) {
      setAll(first);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      void (async () => {
        const got = new Map<string, CaseSummary>();
        for (let offset = 0; live; offset += PAGE) {
          const r = await call('case.list', { inspectionId: inspection.id, offset, limit: PAGE });
          if (!live) return;
          if (!r.ok) return setAll({ state: 'error', error: r.error });
          // By id: a case added between two pages is not listed twice.
          for (const c of r.value) got.set(c.id, c);
          if (r.value.length < PAGE) break;
        }
        if (live) setAll({ state: 'ready', value: [...got.values()] });
      })();
    }, 0);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [first, inspection.id, version]);
  const partial = all.state === 'loading' && first.state === 'ready';
  const cases = partial ? first : all;
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  return (
    <Load data={cases}>
      {(list) => {
        const complete = partial ? inspection.completeCount : list.filter((c) => c.status === 'complete').length;
        const total = partial ? inspection.caseCount : list.length;
        const unanswered = list.reduce((n, c) => n + c.unansweredCount, 0);
        const missing = list.reduce((n, c) => n + c.missingNoteCount, 0);
        return (
          <>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
              <Box sx={{ flexGrow: 1 }}>
                <Typography variant="h6" component="h2" data-testid="progress">
                  {complete} of {total} cases complete
                </Typography>
                <LinearProgress variant="determinate" value={total ? (complete / total) * 100 : 0} aria-label="Cases complete" sx={{ my: 0.5, maxWidth: 480 }} />
                <Typography variant="body2" color="text.secondary">
                  {partial ? 'Counting unanswered key questions and missing notes…' : `${unanswered} key questions unanswered · ${missing} “No” answers without an evidence note`}
                </Typography>
                <Typography variant="body2" color="text.secondary" data-testid="qa-counts">
                  QA: {QA_STATUSES.map((s) => `${QA_STATUS_LABELS[s]} ${list.filter((c) => c.qaStatus === s).length}`).join(' · ')} · open comments {list.reduce((n, c) => n + c.openComments, 0)}
                </Typography>
              </Box>
              {/* A final inspection takes no new cases (the store refuses them too). */}
              {!readOnly && (
                <>
                  <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => setImporting(true)}>
                    Import sample CSV
                  </Button>
                  <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
                    Add case
                  </Button>
                </>
              )}
            </Stack>
            {list.length === 0 ? <Alert severity="info">No cases yet. Import the sample as CSV or add cases one by one.</Alert> : <CaseTable inspection={inspection} cases={list} partial={partial} />}
            <AddCaseDialog inspection={inspection} open={adding} onClose={(added) => { setAdding(false); if (added) reload(); }} />
            <ImportSampleDialog
              inspection={inspection}
              open={importing}
              onClose={(n, updated = 0) => {
                setImporting(false);
                if (n > 0 || updated > 0) {
                  setToast([n > 0 ? `Imported ${n} cases.` : '', updated > 0 ? `Updated ${updated} ${updated === 1 ? 'case' : 'cases'}.` : ''].filter(Boolean).join(' '));
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
