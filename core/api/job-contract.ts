import { z } from 'zod';

/**
 * Long work (imports, exports, reports, merges) and how the renderer follows it. A long command is
 * sent with a `jobId` the renderer chose; while it runs, `job.progress` says how far it has got and
 * `job.cancel` asks it to stop where stopping is safe (nothing is written until the whole of the
 * work is, so a cancelled import leaves the store as it was).
 */

/**
 * What a long command is doing now. `waiting`: queued behind other work (another import); `working`:
 * running, no detail; `asking`: the save dialog is open (no progress to show meanwhile).
 */
export const JOB_PHASES = ['waiting', 'working', 'asking', 'reading', 'checking', 'writing', 'rendering', 'saving'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

export const jobIdSchema = z.string().uuid('not a valid job id');

export const jobProgressSchema = z.object({
  phase: z.enum(JOB_PHASES),
  /** Items done and in all (cases), when the phase counts them. */
  done: z.number().int().nullable(),
  total: z.number().int().nullable(),
  /** Whether `job.cancel` can still stop it (not once it is saving the file or after it has written). */
  cancellable: z.boolean(),
  cancelled: z.boolean(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

const def = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const jobContract = {
  /** How far a long command has got; null once it has finished (or for a job never started). */
  'job.progress': def(z.object({ jobId: jobIdSchema }).strict(), jobProgressSchema.nullable()),
  /** Asks a long command to stop; it then answers with code CANCELLED and nothing changed. */
  'job.cancel': def(z.object({ jobId: jobIdSchema }).strict(), z.object({ cancelling: z.boolean() })),
} as const;
