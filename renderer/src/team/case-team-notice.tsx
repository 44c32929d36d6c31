import { Alert, Button, Stack, Typography } from '@mui/material';
import { type ReactNode, createContext, useState } from 'react';
import { call } from '../api';
import { useCommand } from '../use-command';
import { ConflictsTable } from './conflicts-tab';

/**
 * The inspector a case is out with (in a work package issued from this laptop), or null: the case
 * form shows every change it would refuse as disabled, with this as the reason.
 */
export const CaseHeldBy = createContext<string | null>(null);

/** The words a disabled control on a case that is out gives as its reason. */
export const heldReason = (inspector: string) => `With ${inspector} — take it back to edit`;

/**
 * On the case screen: whose package the case is out in (read-only here until taken back), and the
 * conflicts open on it. Renders nothing for a case that is not part of team fieldwork.
 */
export function CaseTeamNotice({ inspectionId, caseId, caseRef, onChanged, children }: { inspectionId: string; caseId: string; caseRef: string; onChanged: () => void; children?: ReactNode }) {
  const [team, reload] = useCommand('team.get', { inspectionId });
  const [error, setError] = useState<string | null>(null);
  // The same elements whether or not the team has loaded, so the form inside is never remounted.
  const withInspector = team.state === 'ready' ? team.value.withInspector[caseRef] : undefined;
  const conflicts = team.state === 'ready' ? (team.value.conflictsByCase[caseRef] ?? 0) : 0;
  const takeBack = async () => {
    const r = await call('case.takeBack', { caseId });
    if (!r.ok) return setError(r.error.message);
    reload();
    onChanged();
  };
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      {withInspector && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" variant="outlined" onClick={() => void takeBack()}>
              Take back
            </Button>
          }
        >
          This case is with {withInspector} in a work package, so it is read-only here. Take it back to edit it; their later changes to it will then come in as conflicts.
        </Alert>
      )}
      {error && <Alert severity="error">{error}</Alert>}
      {conflicts > 0 && (
        <>
          <Typography variant="h6" component="h2" color="error">
            {conflicts} conflict{conflicts === 1 ? '' : 's'} to resolve
          </Typography>
          <ConflictsTable
            inspectionId={inspectionId}
            caseId={caseId}
            onChanged={() => {
              reload();
              onChanged();
            }}
          />
        </>
      )}
      {/* Out with an inspector: the form shows what it would refuse as disabled, with the reason. */}
      <CaseHeldBy.Provider value={withInspector ?? null}>{children}</CaseHeldBy.Provider>
    </Stack>
  );
}
