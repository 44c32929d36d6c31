import { type CaseState, type FieldKey, type FieldValue, type Snapshot, fieldUnion, fieldValue } from './case-fields';

/**
 * The change-set model: what one side changed since a base, field by field, and by whom. It knows
 * nothing of how the changes travel; a file (a return) is today's transport, a server can be
 * tomorrow's, and both hand the merge the same `Incoming`.
 */

/** One field's change: `from` its value at the base, `to` its value now. */
export interface FieldChange {
  ref: string;
  field: FieldKey;
  from: FieldValue;
  to: FieldValue;
  by: string;
  /** When it was made, where the transport knows it (ISO date-time). */
  at: string | null;
}

/** Who last changed a field and when, where the transport can tell (a return's audit trail). */
export type Provenance = (ref: string, field: FieldKey) => { by: string; at: string | null } | undefined;

/** A side's work as a transport delivers it: the cases as that side has them now (returns are cumulative). */
export interface Incoming {
  /** Where it came from, for messages: a file name today. */
  source: string;
  /** The inspection it claims to belong to. */
  inspectionId: string;
  packageId: string;
  /** The inspector whose work it is. */
  author: string;
  /** When it was made (a return's `returnedAt`); orders returns of one package. */
  stamp: string;
  cases: Snapshot;
  provenance?: Provenance;
}

/** Every field that differs between `base` and `state` for the given cases. */
export function changesSince(base: Snapshot, state: Snapshot, who: { author: string; stamp: string | null; provenance?: Provenance }, refs: Iterable<string> = Object.keys(state)): FieldChange[] {
  const out: FieldChange[] = [];
  for (const ref of refs) {
    const b: CaseState | undefined = base[ref];
    const s: CaseState | undefined = state[ref];
    for (const field of fieldUnion(b, s)) {
      const from = fieldValue(b, field);
      const to = fieldValue(s, field);
      if (from === to) continue;
      const p = who.provenance?.(ref, field);
      out.push({ ref, field, from, to, by: p?.by ?? who.author, at: p?.at ?? who.stamp });
    }
  }
  return out;
}
