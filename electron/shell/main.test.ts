import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL } from '../../core/api/channel';
import { FLUSH_SCRIPT } from './flush-before-close';
import { APP_ENTRY, APP_SCHEME } from './security';

// `electron` cannot load under Node, so the shell's wiring is checked against a recording mock.
const m = vi.hoisted(() => {
  type Fn = (...args: never[]) => unknown;
  const appHandlers = new Map<string, Fn>();
  const ipcHandlers = new Map<string, Fn>();
  const windows: { options: Record<string, unknown>; webContents: { executeJavaScript: ReturnType<typeof vi.fn> }; loadURL: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn>; handlers: Map<string, Fn> }[] = [];
  return { appHandlers, ipcHandlers, windows, schemes: [] as unknown[], protocolHandlers: new Map<string, Fn>(), permission: { handler: undefined as Fn | undefined } };
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { id: 1, executeJavaScript: vi.fn(() => Promise.resolve(true)) };
    loadURL = vi.fn(() => Promise.resolve());
    close = vi.fn();
    handlers = new Map<string, (...args: never[]) => unknown>();
    constructor(readonly options: Record<string, unknown>) {
      m.windows.push(this);
    }
    once() {}
    on(event: string, fn: (...args: never[]) => unknown) {
      this.handlers.set(event, fn);
    }
    maximize() {}
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 800 };
    }
    isMaximized() {
      return false;
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      on: (event: string, fn: never) => m.appHandlers.set(event, fn),
      whenReady: () => Promise.resolve(),
      getPath: () => '/nonexistent',
      getAppPath: () => '/nonexistent',
      getVersion: () => '0.0.0-test',
      isPackaged: false,
      quit: vi.fn(),
      exit: vi.fn(),
      isReady: () => true,
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
    ipcMain: { handle: (channel: string, fn: never) => m.ipcHandlers.set(channel, fn) },
    net: { fetch: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => m.schemes.push(...s),
      handle: (scheme: string, fn: never) => m.protocolHandlers.set(scheme, fn),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: never) => (m.permission.handler = fn),
        setPermissionCheckHandler: vi.fn(),
      },
    },
  };
});

beforeAll(async () => {
  process.env.FIELDWORK_DATA_DIR = mkdtempSync(join(tmpdir(), 'fieldwork-shell-'));
  await import('./main');
  // The store starts in the data worker first (a worker thread; through tsx here, so not at once).
  await vi.waitFor(() => expect(m.windows).toHaveLength(1), { timeout: 60_000, interval: 50 });
});

describe('Electron shell wiring (electron mocked)', () => {
  it('opens one window, isolated and sandboxed, on the app:// entry', () => {
    const w = m.windows[0]!;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(w.loadURL).toHaveBeenCalledWith(APP_ENTRY);
    expect(m.schemes).toEqual([expect.objectContaining({ scheme: APP_SCHEME })]);
    expect(m.protocolHandlers.has(APP_SCHEME)).toBe(true);
  });

  it('registers exactly one IPC channel', () => {
    expect([...m.ipcHandlers.keys()]).toEqual([IPC_CHANNEL]);
  });

  it('answers the app frame and refuses any other sender', async () => {
    const handler = m.ipcHandlers.get(IPC_CHANNEL)! as unknown as (e: unknown, msg: unknown) => Promise<unknown>;
    const sender = m.windows[0]!.webContents;
    const appFrame = { url: 'app://fieldwork/index.html#/', parent: null };
    expect(await handler({ sender, senderFrame: appFrame }, { command: 'system.ping', input: {} })).toEqual({ ok: true, value: { pong: true } });
    for (const evil of [
      { sender, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender, senderFrame: { url: 'app://fieldwork/index.html', parent: appFrame } },
      { sender: { id: 99 }, senderFrame: appFrame },
      { sender, senderFrame: null },
    ])
      expect(await handler(evil, { command: 'system.ping', input: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('denies navigation away from the app, window.open and webviews', () => {
    const created = m.appHandlers.get('web-contents-created')! as unknown as (e: unknown, c: unknown) => void;
    const listeners = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    created({}, { on: (ev: string, fn: never) => listeners.set(ev, fn), setWindowOpenHandler: (fn: never) => (openHandler = fn) });
    const nav = (url: string) => {
      const e = { preventDefault: vi.fn() };
      listeners.get('will-navigate')!(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('app://fieldwork/index.html#/inspections')).toBe(false);
    expect(openHandler!()).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it("closing the window first asks the page to write pending text, then closes", async () => {
    const w = m.windows[0]!;
    const close = w.handlers.get('close')! as unknown as (e: { preventDefault: () => void }) => void;
    const first = { preventDefault: vi.fn() };
    close(first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(w.webContents.executeJavaScript).toHaveBeenCalledWith(FLUSH_SCRIPT, true);
    await vi.waitFor(() => expect(w.close).toHaveBeenCalledTimes(1));
    // The second close (after the flush) goes ahead.
    const second = { preventDefault: vi.fn() };
    close(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('denies every permission request', () => {
    const cb = vi.fn();
    (m.permission.handler as unknown as (...a: unknown[]) => void)({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });
});
