import { z } from 'zod';

/**
 * The roles on an inspection's team list. Defined once here: the QA state machine, the team list
 * (work packages) and the file format all use these values.
 */
export const TEAM_ROLES = ['lead', 'inspector', 'local-assessor', 'quality-lead'] as const;
export const teamRoleSchema = z.enum(TEAM_ROLES);
export type TeamRole = z.infer<typeof teamRoleSchema>;

export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  lead: 'Lead inspector',
  inspector: 'Inspector',
  'local-assessor': 'Local assessor',
  'quality-lead': 'Quality lead',
};

/** Roles whose members mark cases (and so are dip-sampled and may be double-marked). */
export const MARKING_ROLES: readonly TeamRole[] = ['lead', 'inspector', 'local-assessor'];
