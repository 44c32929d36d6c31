import { Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Snackbar, Stack, Tab, Tabs, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { LongWorkInline, callLong } from '../components/long-work';
import { AuditTable } from '../components/audit-table';
import { Load, Page } from '../components/page';
import { formatRange } from '../format';
import { href, INSPECTION_TABS, type InspectionTab } from '../router';
import { useCommand } from '../use-command';
import { CasesTab } from '../cases/cases-tab';
import { CompareTab } from '../previous/compare-tab';
import { JudgementsTab } from '../ratings/judgements-tab';
import { RatingsTab } from '../ratings/ratings-tab';
import { ReportTab } from '../report/report-tab';
import { SubgroupsTab } from '../ratings/subgroups-tab';
import { InspectionAdmin } from './inspection-admin';
import { ConflictsTab } from '../team/conflicts-tab';
import { TeamBanner, TeamTab } from '../team/team-tab';
import { QaTab } from '../qa/qa-tab';
import { InspectionReadOnly } from './read-only';

const TAB_LABEL: Record<InspectionTab, string> = { cases: 'Cases', ratings: 'Ratings', subgroups: 'Subgroups', judgements: 'Judgements', compare: 'Compare', report: 'Report', audit: 'Audit trail', team: 'Team', conflicts: 'Conflicts', qa: 'Quality assurance' };

function AuditTab({ inspectionId }: { inspectionId: string }) {
  const [entries] = useCommand('audit.list', { inspectionId });
  return <Load data={entries}>{(list) => <AuditTable entries={list} showCase />}</Load>;
}

function ExportFileButton({ inspectionId }: { inspectionId: string }) {
  const [toast, setToast] = useState<string | null>(null);
  const [sealing, setSealing] = useState(false);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (passphrase?: string) => {
    const r = await callLong('exchange.export', { inspectionId, ...(passphrase ? { passphrase } : {}) }, 'export');
    if (!r.ok && r.error.fieldErrors?.passphrase) return setError(r.error.fieldErrors.passphrase);
    setSealing(false);
    setToast(r.ok ? (r.value.path ? `Saved ${r.value.path}` : null) : r.error.message);
  };
  return (
    <>
      <Button variant="outlined" onClick={() => void run()}>
        Export inspection file
      </Button>
      <Button variant="outlined" onClick={() => setSealing(true)}>
        Export sealed file…
      </Button>
      <Dialog open={sealing} onClose={() => setSealing(false)} aria-labelledby="seal-title">
        <DialogTitle id="seal-title">Export a sealed inspection file</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1, minWidth: 420 }}>
            <Typography variant="body2">The file is encrypted (AES-256-GCM). Anyone opening it needs the passphrase; there is no way to recover a lost one.</Typography>
            <TextField type="password" label="Passphrase" value={pass} onChange={(e) => setPass(e.target.value)} error={error !== null} helperText={error ?? 'At least 10 characters'} />
            <TextField type="password" label="Passphrase again" value={again} onChange={(e) => setAgain(e.target.value)} error={again !== '' && again !== pass} helperText={again !== '' && again !== pass ? 'The passphrases differ' : ' '} />
          </Stack>
          <LongWorkInline />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setSealing(false)}>Cancel</Button>
          <Button variant="contained" disabled={pass === '' || pass !== again} onClick={() => void run(pass)}>
            Export sealed
          </Button>
        </DialogActions>
      </Dialog>
      <Snackbar open={toast !== null} autoHideDuration={5000} onClose={() => setToast(null)} message={toast} />
    </>
  );
}

export function InspectionScreen({ id, tab }: { id: string; tab: InspectionTab }) {
  const [inspection, reload] = useCommand('inspection.get', { id });
  return (
    <Load data={inspection}>
      {(insp) => (
        <Page
          title={insp.provider.name}
          crumbs={[{ label: 'Inspections', href: href({ name: 'inspections' }) }, { label: insp.provider.name }]}
          actions={
            <>
              {insp.status !== 'final' && (
                <Button variant="outlined" href={href({ name: 'build-sample', id: insp.id })}>
                  Build sample
                </Button>
              )}
              <ExportFileButton inspectionId={insp.id} />
            </>
          }
        >
          <Box sx={{ mt: -2, mb: 2, display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
            {insp.status === 'final' && <Chip size="small" label="Final · read-only" data-testid="inspection-final" />}
            <Typography color="text.secondary">
              {insp.frameworkId} (revision {insp.frameworkRevision}) · fieldwork {formatRange(insp.fieldworkStart, insp.fieldworkEnd)}
              {insp.caseloadSize !== null && ` · caseload ${insp.caseloadSize.toLocaleString('en-GB')}`}
            </Typography>
            <Box sx={{ flexGrow: 1 }} />
            <InspectionAdmin inspection={insp} onChanged={reload} />
          </Box>
          <TeamBanner inspectionId={insp.id} tab={tab} />
          <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 3 }}>
            <Tabs value={tab} aria-label="Inspection views">
              {INSPECTION_TABS.map((t) => (
                <Tab key={t} value={t} label={TAB_LABEL[t]} href={href({ name: 'inspection', id, tab: t })} component="a" />
              ))}
            </Tabs>
          </Box>
          {insp.status === 'final' && (
            <Alert severity="info" sx={{ mb: 2 }} data-testid="inspection-read-only">
              This inspection is final: everything in it can be read, exported and reported, but not changed. Return it to draft to change it.
            </Alert>
          )}
          <InspectionReadOnly.Provider value={insp.status === 'final'}>
          {tab === 'cases' && <CasesTab inspection={insp} />}
          {tab === 'ratings' && <RatingsTab inspection={insp} />}
          {tab === 'subgroups' && <SubgroupsTab inspection={insp} />}
          {tab === 'judgements' && <JudgementsTab inspection={insp} />}
          {tab === 'compare' && <CompareTab inspection={insp} />}
          {tab === 'report' && <ReportTab inspection={insp} />}
          {tab === 'audit' && <AuditTab key={insp.updatedAt} inspectionId={insp.id} />}
          {tab === 'team' && <TeamTab inspection={insp} />}
          {tab === 'conflicts' && <ConflictsTab inspection={insp} />}
          {tab === 'qa' && <QaTab inspection={insp} />}
          </InspectionReadOnly.Provider>
        </Page>
      )}
    </Load>
  );
}
