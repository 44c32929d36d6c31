import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  Link,
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
  TextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CaseSummary, InspectionSummary } from '../../../core/api/contract';
import type { TeamMemberView, TeamView } from '../../../core/api/team-contract';
import { TEAM_ROLE_LABELS, TEAM_ROLES, type TeamRole } from '../../../core/domain/team';
import { call } from '../api';
import { Load } from '../components/page';
import { STATUS_LABEL } from '../cases/cases-tab';
import { useCommand } from '../use-command';
import { day, dayTime } from './dates';
import { MergeManyDialog } from './merge-many-dialog';
import { PackageFileDialog } from './package-file-dialog';
import { PassphraseFields, passphraseReady } from './passphrase-fields';

/** Asks for a passphrase and seals a package (for an inspector) or a return (for the lead). */
function SealDialog({ title, intro, open, onClose, onSeal }: { title: string; intro: string; open: boolean; onClose: () => void; onSeal: (passphrase: string) => Promise<string | null> }) {
  const [p, setP] = useState({ value: '', again: '' });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setP({ value: '', again: '' });
    setError(null);
  }, [open]);
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="seal-dialog-title">
      <DialogTitle id="seal-dialog-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1, minWidth: 440 }}>
          <Typography variant="body2">{intro}</Typography>
          <PassphraseFields value={p.value} again={p.again} onChange={setP} error={error} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={!passphraseReady(p)} onClick={() => void onSeal(p.value).then(setError)}>
          Seal and save
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** On an inspector's laptop: whose package this is, and the way back to the lead. */
export function ReceivedBanner({ inspectionId, received }: { inspectionId: string; received: NonNullable<TeamView['received']> }) {
  const [open, setOpen] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  return (
    <Alert
      severity="info"
      sx={{ mb: 2 }}
      action={
        <Button color="inherit" variant="outlined" onClick={() => setOpen(true)}>
          Export return…
        </Button>
      }
    >
      This is <strong>{received.inspector}</strong>&rsquo;s work package{received.issuedBy ? ` from ${received.issuedBy}` : ''}, issued on {day(received.issuedAt)}. Return it to the lead inspector: export a return
      at the end of each day (each return holds all your work so far).
      <SealDialog
        open={open}
        title="Export your return"
        intro="The return holds your answers, evidence notes and audit trail for the cases in your package, sealed with a passphrase you agree with the lead."
        onClose={() => setOpen(false)}
        onSeal={async (passphrase) => {
          const r = await call('package.return', { inspectionId, passphrase });
          if (!r.ok) return r.error.fieldErrors?.passphrase ?? r.error.message;
          setOpen(false);
          if (r.value.path) setToast(`Saved ${r.value.path}`);
          return null;
        }}
      />
      <Snackbar open={toast !== null} autoHideDuration={6000} onClose={() => setToast(null)} message={toast} />
    </Alert>
  );
}

function MembersEditor({ inspectionId, members, onSaved }: { inspectionId: string; members: TeamMemberView[]; onSaved: () => void }) {
  const [rows, setRows] = useState(members);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setRows(members), [members]);
  const edit = (next: TeamMemberView[]) => {
    setRows(next);
    setSaved(false);
  };
  const save = async () => {
    const r = await call('team.setMembers', { inspectionId, members: rows.filter((m) => m.name.trim()) });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setSaved(true);
    onSaved();
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        The team
      </Typography>
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      <Stack spacing={1}>
        {rows.map((m, i) => (
          <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <TextField size="small" label="Name" value={m.name} onChange={(e) => edit(rows.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
            <TextField size="small" select label="Role" value={m.role} sx={{ minWidth: 180 }} onChange={(e) => edit(rows.map((x, j) => (j === i ? { ...x, role: e.target.value as TeamRole } : x)))}>
              {TEAM_ROLES.map((r) => (
                <MenuItem key={r} value={r}>
                  {TEAM_ROLE_LABELS[r]}
                </MenuItem>
              ))}
            </TextField>
            <IconButton aria-label={`Remove ${m.name || 'this person'}`} onClick={() => edit(rows.filter((_, j) => j !== i))}>
              <DeleteIcon />
            </IconButton>
          </Stack>
        ))}
        <Stack direction="row" spacing={1}>
          <Button onClick={() => edit([...rows, { name: '', role: 'inspector' }])}>Add a person</Button>
          <Button variant="outlined" onClick={() => void save()}>
            Save the team
          </Button>
          <Typography role="status" variant="body2" color="text.secondary" sx={{ alignSelf: 'center' }}>
            {saved ? 'Team saved' : ''}
          </Typography>
        </Stack>
      </Stack>
    </Paper>
  );
}

function AssignCases({ inspectionId, cases, team, onChanged }: { inspectionId: string; cases: CaseSummary[]; team: TeamView; onChanged: () => void }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [inspector, setInspector] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const names = useMemo(() => [...new Set([...team.members.filter((m) => m.role !== 'lead').map((m) => m.name), ...cases.map((c) => c.assignedInspector).filter(Boolean)])].sort(), [team, cases]);
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const assign = async () => {
    const r = await call('case.assign', { inspectionId, caseIds: [...selected], inspector });
    setMessage(r.ok ? `${r.value.assigned} case${r.value.assigned === 1 ? '' : 's'} assigned${inspector ? ` to ${inspector}` : ''}.` : r.error.message);
    if (r.ok) {
      setSelected(new Set());
      onChanged();
    }
  };
  const takeBack = async (c: CaseSummary) => {
    const r = await call('case.takeBack', { caseId: c.id });
    setMessage(r.ok ? `${c.ref} taken back: it can be edited here again, and changes to it in a later return will be conflicts.` : r.error.message);
    if (r.ok) onChanged();
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        Assign cases
      </Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <TextField
          size="small"
          label="Inspector"
          value={inspector}
          onChange={(e) => setInspector(e.target.value)}
          slotProps={{ htmlInput: { list: 'team-names' } }}
          sx={{ minWidth: 220 }}
        />
        <datalist id="team-names">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <Button variant="contained" disabled={selected.size === 0} onClick={() => void assign()}>
          Assign {selected.size} selected
        </Button>
        <Button onClick={() => setSelected(selected.size === cases.length ? new Set() : new Set(cases.map((c) => c.id)))}>{selected.size === cases.length ? 'Select none' : 'Select all'}</Button>
      </Stack>
      <TableContainer sx={{ maxHeight: 420 }}>
        <Table size="small" stickyHeader aria-label="Cases to assign">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Case</TableCell>
              <TableCell>Assigned inspector</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>With</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {cases.map((c) => (
              <TableRow key={c.id} hover>
                <TableCell padding="checkbox">
                  <Checkbox checked={selected.has(c.id)} onChange={() => toggle(c.id)} slotProps={{ input: { 'aria-label': `Select ${c.ref}` } }} />
                </TableCell>
                <TableCell>{c.ref}</TableCell>
                <TableCell>{c.assignedInspector || '—'}</TableCell>
                <TableCell>{STATUS_LABEL[c.status]}</TableCell>
                <TableCell>{team.withInspector[c.ref] ?? '—'}</TableCell>
                <TableCell>
                  {team.withInspector[c.ref] && (
                    <Button size="small" onClick={() => void takeBack(c)}>
                      Take back
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Snackbar open={message !== null} autoHideDuration={6000} onClose={() => setMessage(null)} message={message} />
    </Paper>
  );
}

export function TeamTab({ inspection }: { inspection: InspectionSummary }) {
  const [team, reloadTeam] = useCommand('team.get', { inspectionId: inspection.id });
  const [cases, reloadCases] = useCommand('case.list', { inspectionId: inspection.id });
  const [issuing, setIssuing] = useState<string | null>(null);
  const [source, setSource] = useState<{ name: string; text: string } | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const reload = () => {
    reloadTeam();
    reloadCases();
  };
  const [many, setMany] = useState<{ name: string; text: string }[] | null>(null);
  // One return or several (the dialog chooses several at once): one preview, then one merge.
  const openReturns = async () => {
    const r = await call('package.openReturns', {});
    if (!r.ok) setToast(r.error.message);
    else if (r.value.length === 1) setSource(r.value[0]!);
    else if (r.value.length > 1) setMany(r.value);
  };
  return (
    <Load data={team}>
      {(t) => (
        <Stack spacing={3}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
            <Typography sx={{ flexGrow: 1 }}>
              {t.daysLeft === 0 ? 'Fieldwork has ended.' : `${t.daysLeft} day${t.daysLeft === 1 ? '' : 's'} of fieldwork left (to ${day(inspection.fieldworkEnd)}).`}
            </Typography>
            <Button variant="outlined" onClick={() => void openReturns()}>
              Merge returns…
            </Button>
          </Box>
          <TableContainer component={Paper} variant="outlined">
            <Table aria-label="Team progress">
              <TableHead>
                <TableRow>
                  <TableCell>Inspector</TableCell>
                  <TableCell align="right">Assigned</TableCell>
                  <TableCell align="right">Started</TableCell>
                  <TableCell align="right">Complete</TableCell>
                  <TableCell align="right">With them</TableCell>
                  <TableCell>Last return</TableCell>
                  <TableCell align="right">Conflicts</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {t.progress.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={8}>No cases are assigned yet. Assign them below, or import a sample with an assigned inspector column.</TableCell>
                  </TableRow>
                )}
                {t.progress.map((p) => (
                  <TableRow key={p.inspector}>
                    <TableCell>{p.inspector}</TableCell>
                    <TableCell align="right">{p.assigned}</TableCell>
                    <TableCell align="right">{p.started}</TableCell>
                    <TableCell align="right">{p.complete}</TableCell>
                    <TableCell align="right">{p.withInspector}</TableCell>
                    <TableCell>{p.lastReturnAt ? dayTime(p.lastReturnAt) : '—'}</TableCell>
                    <TableCell align="right">{p.openConflicts}</TableCell>
                    <TableCell>
                      <Button size="small" disabled={p.assigned === 0 || t.received !== null} onClick={() => setIssuing(p.inspector)}>
                        Issue package…
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <MembersEditor inspectionId={inspection.id} members={t.members} onSaved={reload} />
          <Load data={cases}>{(list) => <AssignCases inspectionId={inspection.id} cases={list} team={t} onChanged={reload} />}</Load>
          <SealDialog
            open={issuing !== null}
            title={`Issue ${issuing ?? ''}'s work package`}
            intro={`The package holds only ${issuing ?? 'this inspector'}'s cases, with their answers so far, sealed with a passphrase. While it is out, those cases are read-only here unless you take one back.`}
            onClose={() => setIssuing(null)}
            onSeal={async (passphrase) => {
              const r = await call('package.issue', { inspectionId: inspection.id, inspector: issuing ?? '', passphrase });
              if (!r.ok) return r.error.fieldErrors?.passphrase ?? r.error.message;
              setIssuing(null);
              if (r.value.path) setToast(`Saved ${issuing}'s package of ${r.value.cases} cases to ${r.value.path}`);
              reload();
              return null;
            }}
          />
          <PackageFileDialog
            source={source}
            inspectionId={inspection.id}
            onClose={() => setSource(null)}
            onMerged={(p) => {
              setToast(`Merged ${p.inspector}'s return: ${p.applied.length} changes applied, ${p.conflicts.length} conflicts.`);
              reload();
            }}
          />
          <MergeManyDialog
            files={many}
            inspectionId={inspection.id}
            onClose={() => setMany(null)}
            onMerged={(m) => {
              setToast(`Merged ${m.files.length} returns: ${m.files.reduce((n, f) => n + f.applied.length, 0)} changes applied, ${m.openConflicts} conflicts open.`);
              reload();
            }}
          />
          <Snackbar open={toast !== null} autoHideDuration={6000} onClose={() => setToast(null)} message={toast} />
        </Stack>
      )}
    </Load>
  );
}

/** Above every tab of an inspection that came from a work package: whose it is, and how to return it. */
/** Above the case list on the lead's laptop: each inspector's progress while packages are out. */
function CaseListProgress({ inspectionId, team }: { inspectionId: string; team: TeamView }) {
  const conflicts = team.progress.reduce((n, p) => n + p.openConflicts, 0);
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', mb: 0.5 }}>
        <Typography variant="subtitle2" component="h2" sx={{ flexGrow: 1 }}>
          Team progress · {team.daysLeft === 0 ? 'fieldwork has ended' : `${team.daysLeft} day${team.daysLeft === 1 ? '' : 's'} of fieldwork left`}
          {conflicts > 0 && ` · ${conflicts} conflict${conflicts === 1 ? '' : 's'} to resolve`}
        </Typography>
        <Link href={`#/inspections/${inspectionId}/team`} variant="body2">
          Team
        </Link>
      </Stack>
      <Table size="small" aria-label="Team progress on the case list">
        <TableHead>
          <TableRow>
            <TableCell>Inspector</TableCell>
            <TableCell align="right">Assigned</TableCell>
            <TableCell align="right">Started</TableCell>
            <TableCell align="right">Complete</TableCell>
            <TableCell align="right">With them</TableCell>
            <TableCell>Last return</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {team.progress.map((p) => (
            <TableRow key={p.inspector}>
              <TableCell>{p.inspector}</TableCell>
              <TableCell align="right">{p.assigned}</TableCell>
              <TableCell align="right">{p.started}</TableCell>
              <TableCell align="right">{p.complete}</TableCell>
              <TableCell align="right">{p.withInspector}</TableCell>
              <TableCell>{p.lastReturnAt ? dayTime(p.lastReturnAt) : 'none yet'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

export function TeamBanner({ inspectionId, tab }: { inspectionId: string; tab?: string }) {
  // Asked for after the tab's own data (the case list's first page): commands are answered in order,
  // and the banner is the lesser part of the first screen.
  const [after, setAfter] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setAfter(true), 0);
    return () => clearTimeout(t);
  }, []);
  return after ? <TeamBannerNow inspectionId={inspectionId} {...(tab !== undefined ? { tab } : {})} /> : null;
}

function TeamBannerNow({ inspectionId, tab }: { inspectionId: string; tab?: string }) {
  const [team, reload] = useCommand('team.get', { inspectionId });
  // Packages are issued and returns merged on other tabs: read afresh whenever the tab changes (not
  // again on opening: useCommand has just read it, and a second read would delay the first screen).
  const shownTab = useRef(tab);
  useEffect(() => {
    if (shownTab.current === tab) return;
    shownTab.current = tab;
    return reload();
  }, [tab, reload]);
  if (team.state !== 'ready') return null;
  if (team.value.received) return <ReceivedBanner inspectionId={inspectionId} received={team.value.received} />;
  if (tab === 'cases' && team.value.packages.length > 0) return <CaseListProgress inspectionId={inspectionId} team={team.value} />;
  return null;
}
