import { z } from 'zod';
import { parseDayMonthYear, parseWholeNumber } from '../format';

/** The fields an inspection's details share between the new-inspection screen and the edit dialog. */
const NAME_MAX = 200;

export const nameField = z.string().trim().max(NAME_MAX, `at most ${NAME_MAX} characters`);

export const dateField = (label: string) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .refine((v) => parseDayMonthYear(v) !== null, `${label}: enter a date as dd/mm/yyyy, e.g. 03/06/2019`);

export const caseloadField = z.string().refine((v) => v.trim() === '' || parseWholeNumber(v) !== null, 'a whole number, e.g. 4,171');

/** A caseload as typed ("4,171", or nothing) as the store keeps it. */
export const caseloadValue = (v: string): number | null => (v.trim() === '' ? null : parseWholeNumber(v));

/** Fieldwork cannot end before it starts: said at the end date. */
export function checkFieldworkDates(v: { start: string; end: string }, ctx: z.RefinementCtx): void {
  const start = parseDayMonthYear(v.start);
  const end = parseDayMonthYear(v.end);
  if (start && end && end < start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'fieldwork cannot end before it starts' });
}
