import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from './window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
const file = () => join(mkdtempSync(join(tmpdir(), 'fieldwork-win-')), 'window-state.json');

describe('window state', () => {
  it('remembers size, position and maximised state', () => {
    const f = file();
    saveWindowState(f, { x: 100, y: 80, width: 1400, height: 900, maximized: true });
    expect(loadWindowState(f, screen)).toEqual({ x: 100, y: 80, width: 1400, height: 900, maximized: true });
  });

  it('forgets a window that would open off every screen (a monitor was unplugged)', () => {
    const f = file();
    saveWindowState(f, { x: 2500, y: 100, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(f, screen)).toBeNull();
    expect(loadWindowState(f, [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }])).not.toBeNull();
  });

  it('ignores a missing or corrupt file', () => {
    const f = file();
    expect(loadWindowState(f, screen)).toBeNull();
    writeFileSync(f, '{"x": "left"');
    expect(loadWindowState(f, screen)).toBeNull();
    writeFileSync(f, JSON.stringify({ x: 0, y: 0, width: 10, height: 10, maximized: false }));
    expect(loadWindowState(f, screen)).toBeNull();
  });
});
