import { z } from 'zod';
import { type Entity, entitySchema } from '../domain/enums';
import { HLC_PATTERN } from './hlc';

/** JSON values, as the change log stores them. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const actorSchema = z.object({ id: z.string().min(1).max(100), name: z.string().trim().min(1).max(200) }).strict();
/** Who made a change: the user's id (kept when they rename themselves) and name at the time. */
export type Actor = z.infer<typeof actorSchema>;

/**
 * One change as the log keeps it and files carry it. `field` is a field of the entity, or
 * `$create` (value: the whole new row) or `$delete` (previous: the row as it was). `baseRevision`
 * is the clock of the change this one was made on top of (null when the field had never been set):
 * a merge compares it with the field's current revision to tell an edit from a conflict.
 */
export interface Change {
  entity: Entity;
  id: string;
  field: string;
  value: Json;
  previous: Json;
  baseRevision: string | null;
  clock: string;
  actor: Actor;
  at: string;
}

export const clockSchema = z.string().regex(HLC_PATTERN, 'a clock value looks like 2019-06-03T10:15:00.000Z-0000-0123456789abcdef');

export const changeSchema = z
  .object({
    entity: entitySchema,
    id: z.string().min(1).max(100),
    field: z.string().min(1).max(64),
    value: z.json(),
    previous: z.json(),
    baseRevision: clockSchema.nullable(),
    clock: clockSchema,
    actor: actorSchema,
    at: z.string().min(1).max(40),
  })
  .strict();

/** What a caller asks for; the write path fills in the rest (previous, clock, actor, time). */
export interface ChangeRequest {
  entity: Entity;
  id: string;
  field: string;
  value: Json;
  /** The revision the caller saw; defaults to the field's current one (a plain local edit). */
  baseRevision?: string | null;
  /** Set by the invariants on the changes they add, shown in the audit trail. */
  reason?: string;
}
