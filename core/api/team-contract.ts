import { z } from 'zod';
import { TEAM_ROLES } from '../domain/team';
import { jobIdSchema } from './job-contract';

/**
 * The IPC commands of team fieldwork (spread into the one contract in contract.ts): the team list,
 * assignment, packages issued and received, returns, merges with their preview, and conflicts.
 */

const id = z.string().uuid('not a valid id');
const person = z.string().trim().min(1, 'enter a name').max(200, 'at most 200 characters');
const passphrase = z.string().min(10, 'use at least 10 characters').max(1000);
const fileText = z.string().max(50 * 1024 * 1024, 'the file is larger than 50 MB');
const value = z.string().nullable();

export const teamMemberViewSchema = z.object({ name: z.string(), role: z.enum(TEAM_ROLES) });
export type TeamMemberView = z.infer<typeof teamMemberViewSchema>;

export const packageViewSchema = z.object({
  id,
  inspector: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  /** Every case issued in it. */
  cases: z.array(z.string()),
  /** Cases still out with the inspector (not taken back, not issued again since). */
  out: z.array(z.string()),
  lastReturnAt: z.string().nullable(),
});
export type PackageView = z.infer<typeof packageViewSchema>;

export const inspectorProgressSchema = z.object({
  inspector: z.string(),
  assigned: z.number().int(),
  started: z.number().int(),
  complete: z.number().int(),
  withInspector: z.number().int(),
  lastReturnAt: z.string().nullable(),
  openConflicts: z.number().int(),
});

export const teamViewSchema = z.object({
  members: z.array(teamMemberViewSchema),
  packages: z.array(packageViewSchema),
  progress: z.array(inspectorProgressSchema),
  daysLeft: z.number().int(),
  /** On an inspector's laptop: the package this inspection came from, to be returned to the lead. */
  received: z.object({ id, inspector: z.string(), issuedBy: z.string(), issuedAt: z.string() }).nullable(),
  /** Case ref → the inspector it is out with. */
  withInspector: z.record(z.string(), z.string()),
  /** Case ref → conflicts open on it. */
  conflictsByCase: z.record(z.string(), z.number().int()),
});
export type TeamView = z.infer<typeof teamViewSchema>;

export const conflictViewSchema = z.object({
  id,
  caseId: id,
  ref: z.string(),
  field: z.string(),
  base: value,
  current: value,
  incoming: value,
  by: z.string(),
  at: z.string().nullable(),
  inspector: z.string(),
  /** What a QA comment's field is about: the question (or the whole case) and the comment's words. */
  about: z.string().optional(),
});
export type ConflictView = z.infer<typeof conflictViewSchema>;

const mergeLine = z.object({ ref: z.string(), field: z.string(), from: value, to: value, by: z.string() });
export const mergePreviewSchema = z.object({
  inspectionId: id,
  inspector: z.string(),
  applied: z.array(mergeLine),
  conflicts: z.array(z.object({ ref: z.string(), field: z.string(), base: value, current: value, incoming: value, by: z.string() })),
  refused: z.array(z.object({ ref: z.string().nullable(), field: z.string().optional(), reason: z.string() })),
  unchanged: z.number().int(),
});
export type MergePreview = z.infer<typeof mergePreviewSchema>;

/** One return's part of a merge of several: what it applies, its conflicts and what of it is refused. */
export const fileMergeSchema = mergePreviewSchema.extend({ file: z.string() });
export const mergeManySchema = z.object({
  inspectionId: id,
  files: z.array(fileMergeSchema),
  /** Every conflict open after the merge, earlier ones included. */
  openConflicts: z.number().int(),
  unchanged: z.number().int(),
});
export type MergeMany = z.infer<typeof mergeManySchema>;
const returnFile = z.object({ name: z.string().max(500), text: fileText }).strict();

export const fileCheckSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('package'), inspectionId: id, inspector: z.string(), issuedBy: z.string(), issuedAt: z.string(), cases: z.number().int(), refresh: z.boolean() }),
  z.object({ kind: z.literal('return'), preview: mergePreviewSchema }),
]);
export type FileCheck = z.infer<typeof fileCheckSchema>;

const def = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
/** The inspection the lead is merging into (the Team tab's): a return for another one is refused. */
const mergeInto = id.optional();

export const teamContract = {
  'team.get': def(z.object({ inspectionId: id }).strict(), teamViewSchema),
  'team.setMembers': def(
    z.object({ inspectionId: id, members: z.array(z.object({ name: person, role: z.enum(TEAM_ROLES) }).strict()).max(100) }).strict(),
    z.array(teamMemberViewSchema),
  ),
  /** Assigns one case or many to an inspector ('' unassigns). */
  'case.assign': def(z.object({ inspectionId: id, caseIds: z.array(id).min(1).max(100_000), inspector: z.string().trim().max(200) }).strict(), z.object({ assigned: z.number().int() })),
  /** Exports the inspector's package, sealed, through the save dialog, and records it as issued. */
  'package.issue': def(z.object({ inspectionId: id, inspector: person, passphrase }).strict(), z.object({ path: z.string().nullable(), packageId: id.nullable(), cases: z.number().int() })),
  /** What a package or return file would do, before anything is written. */
  'package.check': def(z.object({ text: fileText, passphrase: z.string().max(1000).optional(), inspectionId: mergeInto }).strict(), fileCheckSchema),
  /** On the inspector's laptop: creates or refreshes the inspection from a package. */
  'package.import': def(z.object({ text: fileText, passphrase: z.string().max(1000).optional() }).strict(), z.object({ inspectionId: id })),
  /** On the inspector's laptop: the return (cumulative, with their audit trail), sealed, through the save dialog. */
  'package.return': def(z.object({ inspectionId: id, passphrase }).strict(), z.object({ path: z.string().nullable() })),
  /** On the lead's laptop: merges a return; refused parts are left out only when the lead confirms. */
  'package.merge': def(
    z.object({ text: fileText, passphrase: z.string().max(1000).optional(), confirmRefused: z.boolean().default(false), inspectionId: mergeInto, jobId: jobIdSchema.optional() }).strict(),
    mergePreviewSchema,
  ),
  /** On the lead's laptop: chooses one or more return files (the open dialog, several at once). */
  'package.openReturns': def(z.object({}).strict(), z.array(z.object({ name: z.string(), text: z.string() })).max(50)),
  /**
   * Merges several returns at once, in one transaction, to the same result in any order; `dryRun`
   * previews (nothing written). Refused parts are left out only when the lead confirms.
   */
  'package.mergeMany': def(
    z
      .object({ files: z.array(returnFile).min(1).max(50), passphrase: z.string().max(1000).optional(), confirmRefused: z.boolean().default(false), dryRun: z.boolean().default(false), inspectionId: mergeInto })
      .strict(),
    mergeManySchema,
  ),
  'conflict.list': def(z.object({ inspectionId: id, caseId: id.optional() }).strict(), z.array(conflictViewSchema)),
  'conflict.resolve': def(
    z
      .object({ conflictId: id, resolution: z.enum(['keep', 'take', 'edit']), value: value.optional() })
      .strict()
      .refine((v) => v.resolution !== 'edit' || v.value !== undefined, { path: ['value'], message: 'enter the value to keep' }),
    z.object({ remaining: z.number().int() }),
  ),
  /** The lead takes a case back from the package it is out in (audited). */
  'case.takeBack': def(z.object({ caseId: id }).strict(), z.object({ ok: z.literal(true) })),
} as const;
