import { Box, Button, LinearProgress, Paper, Snackbar, Typography } from '@mui/material';
import { useEffect, useSyncExternalStore } from 'react';
import type { ApiResult, CommandInput, CommandOutput, JobProgress } from '../../../core/api/contract';
import { call } from '../api';

// Long work (imports, exports, reports, merges) shows how far it has got once it has taken more than a
// second: quick work never flashes a bar. The panel is not modal, so the rest of the window stays
// usable: the work runs off the data worker's loop, and other commands are answered meanwhile.

/** Work under this long shows nothing. */
export const SHOW_AFTER_MS = 1000;
const POLL_MS = 250;

export type LongOperation = 'import' | 'export' | 'report' | 'merge' | 'sample';
type LongCommand = 'exchange.import' | 'exchange.export' | 'report.export' | 'package.merge' | 'case.import';

const TITLES: Record<LongOperation, string> = {
  import: 'Importing an inspection file',
  export: 'Exporting the inspection file',
  report: 'Exporting the draft report',
  merge: 'Merging a return',
  sample: 'Importing the sample',
};

const count = (n: number) => n.toLocaleString('en-GB');

/** What the panel says: the phase in words, with the count of cases where the work gives one. */
export function describeProgress(op: LongOperation, p: JobProgress | null): string {
  if (p?.cancelled) return 'Cancelling: nothing will be changed…';
  const of = p && p.done !== null && p.total !== null ? `${count(p.done)} of ${count(p.total)}` : null;
  const cases = p?.total !== null && p?.total !== undefined ? `${count(p.total)} cases` : 'the cases';
  switch (p?.phase) {
    case 'waiting':
      return 'Waiting for other work on the data file to finish…';
    case 'reading':
      return op === 'import' ? 'Reading the file…' : 'Reading the inspection…';
    case 'checking':
      return 'Checking the file…';
    case 'writing':
      if (op === 'import') return of ? `Importing ${of} cases…` : 'Importing the cases…';
      if (op === 'sample') return of ? `Adding ${of} cases…` : 'Adding the cases…';
      return `Writing ${cases} to the file…`;
    case 'rendering':
      return 'Laying out the report…';
    case 'saving':
      return 'Saving the file…';
    default:
      return { import: 'Importing…', export: 'Exporting…', report: 'Preparing the report…', merge: 'Merging the return…', sample: 'Importing the sample…' }[op];
  }
}

interface Shown {
  jobId: string;
  op: LongOperation;
  progress: JobProgress | null;
}

let shown: Shown | null = null;
/** How many dialogs show the progress themselves (a modal dialog hides the rest of the window from assistive technology). */
let inline = 0;
const listeners = new Set<() => void>();
const publish = (next: Shown | null) => {
  shown = next;
  for (const l of listeners) l();
};
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const snapshot = () => ({ shown, inline });
let last = snapshot();
const current = () => (last.shown === shown && last.inline === inline ? last : (last = snapshot()));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls a long command with a job id; after a second without an answer the progress panel shows what
 * the work reports (job.progress) until it answers. Never throws, as `call`.
 */
export async function callLong<C extends LongCommand>(command: C, input: Omit<CommandInput<C>, 'jobId'>, op: LongOperation): Promise<ApiResult<CommandOutput<C>>> {
  const jobId = crypto.randomUUID();
  let settled = false;
  const pending = call(command, { ...input, jobId } as CommandInput<C>).finally(() => {
    settled = true;
  });
  const follow = async () => {
    await sleep(SHOW_AFTER_MS);
    if (settled) return;
    publish({ jobId, op, progress: null });
    while (!settled) {
      const r = await call('job.progress', { jobId });
      if (settled) break;
      if (r.ok && r.value) publish({ jobId, op, progress: r.value });
      await sleep(POLL_MS);
    }
  };
  void follow();
  try {
    return await pending;
  } finally {
    if (shown?.jobId === jobId) publish(null);
  }
}

function ProgressBody({ now }: { now: Shown }) {
  const p = now.progress;
  const determinate = p !== null && p.done !== null && p.total !== null && p.total > 0;
  const label = describeProgress(now.op, p);
  return (
    <>
      <Typography variant="body2" role="status" aria-live="polite" sx={{ mt: 0.5, mb: 1 }} data-testid="long-work-status">
        {label}
      </Typography>
      <LinearProgress variant={determinate ? 'determinate' : 'indeterminate'} {...(determinate ? { value: (100 * p.done!) / p.total! } : {})} aria-label={label} />
      {p?.cancellable && (
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 1 }}>
          <Button size="small" onClick={() => void call('job.cancel', { jobId: now.jobId })}>
            Cancel
          </Button>
        </Box>
      )}
    </>
  );
}

/** The progress inside a modal dialog that started long work (the panel at the foot of the window then stays away). */
export function LongWorkInline() {
  const { shown: now } = useSyncExternalStore(subscribe, current);
  useEffect(() => {
    inline++;
    publish(shown);
    return () => {
      inline--;
      publish(shown);
    };
  }, []);
  return now && now.progress?.phase !== 'asking' ? (
    <Box role="region" aria-label="Work in progress" sx={{ mt: 2 }}>
      <ProgressBody now={now} />
    </Box>
  ) : null;
}

/** The progress panel at the foot of the window, for long work started outside a dialog; mounted once. It is not modal: the window stays usable. */
export function LongWorkProgress() {
  const { shown: now, inline: inDialog } = useSyncExternalStore(subscribe, current);
  return (
    // Not while the save dialog is open: the inspector is choosing, nothing is being worked on.
    <Snackbar open={now !== null && now.progress?.phase !== 'asking' && inDialog === 0} anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
      <Paper elevation={6} role="region" aria-label="Work in progress" sx={{ p: 2, width: 420, maxWidth: '90vw' }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
          {now ? TITLES[now.op] : ''}
        </Typography>
        {now && <ProgressBody now={now} />}
      </Paper>
    </Snackbar>
  );
}
