const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : TIME.format(d);
}

/** A fieldwork period in the same dd/mm/yyyy the inspector typed it in. */
export function formatRange(start: string, end: string): string {
  return `${formatDayMonthYear(start)} to ${formatDayMonthYear(end)}`;
}

export function yesNo(v: boolean | undefined): string {
  return v === undefined ? '—' : v ? 'Yes' : 'No';
}

/** dd/mm/yyyy, whatever the system locale. */
export function formatDayMonthYear(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * Reads a date typed as dd/mm/yyyy (d/m/yyyy, with / . or - between) or as ISO yyyy-mm-dd, and
 * gives ISO yyyy-mm-dd, or null when it is not a real date.
 */
export function parseDayMonthYear(text: string): string | null {
  const t = text.trim();
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const [y, m, d] = uk ? [Number(uk[3]), Number(uk[2]), Number(uk[1])] : iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [NaN, NaN, NaN];
  if (!Number.isInteger(y) || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A whole number as people write it: "4,171", "4 171" or "4171". Null when it is not one. */
export function parseWholeNumber(text: string): number | null {
  const t = text.trim().replace(/[,\s]/g, '');
  return /^\d+$/.test(t) ? Number(t) : null;
}
