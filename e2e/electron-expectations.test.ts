import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MENU_CHANNEL } from '../core/api/channel';
import { PAGE_REACH, START_HEADING } from './electron-expectations';

// e2e/electron.spec.ts skips where Electron's runtime is absent (here, always), so it cannot notice
// when the code moves away from what it expects. These checks run everywhere against the real files.

const exposed = vi.hoisted(() => ({ worlds: new Map<string, unknown>(), listeners: new Map<string, unknown>() }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.worlds.set(key, value) },
  ipcRenderer: {
    invoke: vi.fn(() => Promise.resolve({ ok: true })),
    on: (channel: string, fn: unknown) => exposed.listeners.set(channel, fn),
    removeListener: (channel: string) => exposed.listeners.delete(channel),
  },
}));

describe("e2e/electron.spec.ts's expectations match the code", () => {
  it('the preload puts exactly the expected members on window.api, and nothing else in the page', async () => {
    await import('../electron/shell/preload');
    expect([...exposed.worlds.keys()]).toEqual(['api']);
    const api = exposed.worlds.get('api') as Record<string, unknown>;
    expect(Object.keys(api)).toEqual([...PAGE_REACH.api]);
    for (const k of PAGE_REACH.api) expect(typeof api[k]).toBe('function');
    // onMenu subscribes to the menu channel only and unsubscribes cleanly.
    const off = (api.onMenu as (l: () => void) => () => void)(() => {});
    expect([...exposed.listeners.keys()]).toEqual([MENU_CHANNEL]);
    off();
    expect(exposed.listeners.size).toBe(0);
  });

  it('the first screen has the heading the spec waits for', () => {
    const screen = readFileSync(join(__dirname, '..', 'renderer', 'src', 'inspections', 'inspections-screen.tsx'), 'utf8');
    expect(screen).toContain(`title="${START_HEADING}"`);
  });

  it('the spec itself uses these expectations, not its own copies', () => {
    const spec = readFileSync(join(__dirname, 'electron.spec.ts'), 'utf8');
    expect(spec).toContain('PAGE_REACH');
    expect(spec).toContain('START_HEADING');
    expect(spec).not.toMatch(/api: \['/);
  });
});
