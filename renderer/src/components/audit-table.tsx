import { Alert, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import type { AuditEntryView } from '../../../core/api/contract';
import { formatDayMonthYear, formatTime } from '../format';

const WHAT: Record<AuditEntryView['what'], string> = {
  answer: 'Answer',
  note: 'Evidence note',
  judgement: 'Judgement',
  'judgement-note': 'Judgement rationale',
  override: 'Override',
  completion: 'Case status',
  qa: 'Quality assurance',
  case: 'Case',
  inspection: 'Inspection',
  'report-text': 'Report text',
  recommendation: 'Recommendation',
  'recommendation-progress': 'Progress on a previous recommendation',
  provider: 'Provider',
  'recorded-rating': 'Recorded rating',
  import: 'Import of a file',
};

/** Which part of a row with several texts changed (a standard's narrative, a recommendation's addressee). */
const FIELD_WORDS: Record<string, string> = {
  strengths: 'strengths',
  improvements: 'areas for improvement',
  narrative: 'narrative',
  practiceExamples: 'practice examples',
  addressee: 'addressee',
  position: 'position',
};

const ANSWER_WORDS: Record<string, string> = { yes: 'Yes', no: 'No', na: 'Not applicable' };

// A case's or inspection's own fields have no item of their own: the line names the field changed.
const OWN_FIELD_WORDS: Record<string, string> = {
  crn: 'CRN',
  name: 'name',
  sample: 'sample',
  attributes: 'attributes',
  assignedInspector: 'assigned inspector',
  fieldworkStart: 'fieldwork start',
  fieldworkEnd: 'fieldwork end',
  caseloadSize: 'caseload',
  status: 'status',
  providerId: 'provider',
};
function itemOf(e: AuditEntryView): string {
  if ((e.what === 'case' || e.what === 'inspection') && !e.field.startsWith('$')) return OWN_FIELD_WORDS[e.field] ?? e.field;
  return [e.item, FIELD_WORDS[e.field]].filter(Boolean).join(', ');
}

/** Values are typed JSON in the log; shown here in words. */
function show(e: AuditEntryView, v: AuditEntryView['oldValue']): string {
  if (v === null || v === '') return '—';
  if (e.what === 'completion' && typeof v === 'boolean') return v ? 'Complete' : 'Not complete';
  if (e.what === 'answer' && typeof v === 'string') return ANSWER_WORDS[v] ?? v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
  // A whole row (created or removed) reads as what people wrote: no ids, positions or blank fields.
  const fields = Object.entries(v).filter(([k, x]) => !/Id$/.test(k) && k !== 'position' && x !== null && x !== '');
  // A row with one field written (a recommendation's text) reads as that text.
  if (fields.length === 1 && typeof fields[0]![1] === 'string') return fields[0]![1];
  return fields
    .map(([k, x]) => `${k}: ${typeof x === 'string' ? x : JSON.stringify(x)}`)
    .join('\n');
}

export function AuditTable({ entries, showCase }: { entries: AuditEntryView[]; showCase: boolean }) {
  if (entries.length === 0) return <Alert severity="info">No changes recorded yet.</Alert>;
  return (
    // A scrolling region must be reachable by keyboard to be read: focusable and named.
    <TableContainer component={Paper} variant="outlined" sx={{ maxHeight: 520 }} tabIndex={0} role="region" aria-label="History of changes, scrollable">
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
            <TableRow key={`${e.clock}-${i}`}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {formatDayMonthYear(e.changedAt.slice(0, 10))} {formatTime(e.changedAt)}
              </TableCell>
              <TableCell>
                {e.changedBy || '—'}
                {e.source && (
                  <Typography variant="caption" component="div" color="text.secondary">
                    imported from {e.source}
                  </Typography>
                )}
              </TableCell>
              {showCase && <TableCell>{e.caseRef ?? '—'}</TableCell>}
              <TableCell>{WHAT[e.what]}</TableCell>
              <TableCell>
                {itemOf(e)}
                {e.reason ? ` (${e.reason})` : ''}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{show(e, e.oldValue)}</TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{show(e, e.newValue)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
