import { z } from 'zod';
import { caseStateSchema } from './case-fields';
import { TEAM_ROLES } from '../domain/team';

/**
 * The two sections of the inspection file that team fieldwork adds (docs/inspection-file.md):
 * `package` in a work package or a return (what was issued to whom, and the values it was issued
 * with), and `team` in the lead's own file (the team, the packages issued with what each last
 * agreed on, and the conflicts still open). Both are optional, so every other file is unchanged.
 * New optional fields may be added to either (quality assurance will carry its state here).
 */

const ref = z.string().trim().min(1).max(64);
const isoDateTime = z.iso.datetime({ offset: true, message: 'use a date and time like 2019-06-03T17:00:00Z' });
const person = z.string().trim().min(1, 'a name is needed').max(200);

/** A package in a store: issued from it (the lead's laptop) or received into it (an inspector's). */
export const PACKAGE_DIRECTIONS = ['issued', 'received'] as const;
/** How a conflict ended: the lead kept their value, took the inspector's, or entered another; or a later return settled it. */
export const CONFLICT_RESOLUTIONS = ['keep', 'take', 'edit', 'settled'] as const;

/** Whether the file is the package as the lead issued it, or the inspector's return of it. */
export const PACKAGE_KINDS = ['package', 'return'] as const;

/** The merged fields (core/team/case-fields.ts): one list of names for files, the store and the command line. */
export const FIELD_KEY = /^(status|qa\.status|(answers|notes|secondMarking)\.\d+\.\d+\.\d+(\.[a-z])?|qa\.comments\.[A-Za-z0-9_-]{1,100}(\.(reply|state))?)$/;
const fieldKey = z
  .string()
  .regex(FIELD_KEY, 'a field is status, qa.status, answers.<question id>, notes.<question id>, secondMarking.<question id>, qa.comments.<id>, qa.comments.<id>.reply or qa.comments.<id>.state');

export const packageSectionSchema = z
  .object({
    id: z.uuid('the package id must be a UUID'),
    kind: z.enum(PACKAGE_KINDS),
    /** The lead's inspection this package was cut from. */
    inspectionId: z.uuid('the inspection id must be a UUID'),
    inspector: person,
    issuedAt: isoDateTime,
    issuedBy: z.string().max(200).optional(),
    /** When the inspector exported this return; orders returns of the same package (each is cumulative). */
    returnedAt: isoDateTime.optional(),
    /** Case ref → the answers, notes and status the case had when the package was issued. */
    base: z.record(ref, caseStateSchema),
  })
  .strict();
export type PackageSection = z.infer<typeof packageSectionSchema>;

export const teamMemberSchema = z.object({ name: person, role: z.enum(TEAM_ROLES) }).strict();

export const packageRecordSchema = z
  .object({
    id: z.uuid('the package id must be a UUID'),
    inspector: person,
    issuedAt: isoDateTime,
    issuedBy: z.string().max(200).optional(),
    /**
     * Case ref → the values the lead and the inspector last agreed on: the values issued, moved on
     * as the inspector's changes are applied and conflicts resolved. The merge's common ancestor.
     */
    base: z.record(ref, caseStateSchema),
    /**
     * Case ref → field → the revision (the change-log clock that last set it) each field had when the
     * package was issued, moved on as changes are applied and conflicts resolved. Where it is known,
     * the lead's side counts as changed when its revision differs, even if the value was changed back.
     */
    revisions: z.record(ref, z.record(z.string().regex(FIELD_KEY), z.string().max(100))).optional(),
    /** Cases the lead took back while the package was out: the inspector's changes to them become conflicts. */
    takenBack: z.array(ref).max(100_000).optional(),
    /** `returnedAt` of the newest return merged; an older return of the same package changes nothing. */
    lastReturnAt: isoDateTime.optional(),
  })
  .strict();
export type PackageRecord = z.infer<typeof packageRecordSchema>;

export const conflictSchema = z
  .object({
    package: z.uuid(),
    ref,
    field: fieldKey,
    /** The value both sides last agreed on. */
    base: z.string().max(20000).nullable(),
    /** The inspector's value, not applied: the lead's value stands until the conflict is resolved. */
    incoming: z.string().max(20000).nullable(),
    by: z.string().max(200),
    at: isoDateTime.nullable(),
  })
  .strict();
export type ConflictRecord = z.infer<typeof conflictSchema>;

export const teamSectionSchema = z
  .object({
    members: z.array(teamMemberSchema).max(1000).optional(),
    packages: z.array(packageRecordSchema).max(10_000).optional(),
    conflicts: z.array(conflictSchema).max(1_000_000).optional(),
  })
  .strict();
export type TeamSection = z.infer<typeof teamSectionSchema>;
