// Team screens show dates as dd/mm/yyyy whatever the system locale (the inspectorate's house style).
const DAY = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** `2026-01-05` or `2026-01-05T09:00:00Z` → `05/01/2026`. */
export function day(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : DAY.format(d);
}

/** An instant as `05/01/2026 17:00`. */
export function dayTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${DAY.format(d)} ${TIME.format(d)}`;
}
