import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const stateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof stateSchema>;

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW = { width: 1280, height: 800 };

/** Reads the remembered window; forgets it if unreadable or if it would open off every screen. */
export function loadWindowState(file: string, displays: Area[]): WindowState | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const r = stateSchema.safeParse(data);
  if (!r.success) return null;
  const s = r.data;
  const visible = displays.some(
    (d) => s.x + 100 <= d.x + d.width && s.x + s.width - 100 >= d.x && s.y >= d.y - 10 && s.y + 50 <= d.y + d.height,
  );
  return visible ? s : null;
}

export function saveWindowState(file: string, state: WindowState): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
