import { BrowserWindow, Menu, app, dialog, ipcMain, net, protocol, screen, session, type MenuItemConstructorOptions } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_CHANNEL, MENU_CHANNEL, type MenuAction } from '../../core/api/channel';
import type { PageChrome } from '../../core/report/html';
import type { MainServices } from '../services';
import { CorruptDatabaseError, restoreLatestGoodBackup } from '../main-process';
import { type DataHost, startDataHost } from '../data/data-host';
import {
  APP_ENTRY,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  resolveAppPath,
} from './security';
import { FLUSH_SCRIPT, flushBeforeClose } from './flush-before-close';
import { DEFAULT_WINDOW, loadWindowState, saveWindowState } from './window-state';

// The thin shell: the only code that imports `electron`. Everything below it takes plain values.

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererDir = join(__dirname, '..', 'renderer');

function dataDir(): string {
  return process.env.FIELDWORK_DATA_DIR || app.getPath('userData');
}

/** The Electron-ABI build of better-sqlite3, kept apart from the Node build that tests use. */
function nativeBinding(): string | undefined {
  const candidates = app.isPackaged
    ? [join(process.resourcesPath, 'native', 'better_sqlite3.node')]
    : [join(app.getAppPath(), '.electron-native', 'better_sqlite3.node')];
  return candidates.find((p) => existsSync(p));
}

// The store, the handlers and report rendering run in the data worker: this thread only shows windows.
let main: DataHost | undefined;
let win: BrowserWindow | null = null;

function createWindow(): void {
  const stateFile = join(dataDir(), 'window-state.json');
  const saved = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
  win = new BrowserWindow({
    ...(saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : DEFAULT_WINDOW),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Fieldwork',
    backgroundColor: '#ffffff',
    // Written out in full here so that reviewers and electronegativity see every setting.
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  let flushed = false;
  win.on('close', (e) => {
    if (!win) return;
    // Text typed in the last moments is still waiting in the page's debounce: ask the page to write
    // it and wait (bounded) before the window goes.
    if (!flushed) {
      e.preventDefault();
      const closing = win;
      void flushBeforeClose(() => closing.webContents.executeJavaScript(FLUSH_SCRIPT, true)).then(() => {
        flushed = true;
        closing.close();
      });
      return;
    }
    const b = win.getNormalBounds();
    saveWindowState(stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(APP_ENTRY);
}

/** Hidden, sandboxed, script-free window that prints the report's HTML to PDF. */
async function printToPdf(html: string, chrome: PageChrome): Promise<Uint8Array> {
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await printer.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    // Margins in inches (Electron's unit): 22 mm top and bottom leave room for the markings on every page.
    return await printer.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      generateTaggedPDF: true,
      generateDocumentOutline: true,
      displayHeaderFooter: true,
      ...chrome,
      margins: { top: 0.87, bottom: 0.87, left: 0.63, right: 0.63 },
    });
  } finally {
    printer.destroy();
  }
}

const services: MainServices = {
  async chooseSavePath(o) {
    const options = { title: o.title, defaultPath: join(app.getPath('documents'), o.defaultName), filters: o.filters };
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
  async chooseOpenPath(o) {
    const options = { title: o.title, defaultPath: app.getPath('documents'), filters: o.filters, properties: ['openFile' as const] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
  },
  async chooseOpenPaths(o) {
    const options = { title: o.title, defaultPath: app.getPath('documents'), filters: o.filters, properties: ['openFile' as const, 'multiSelections' as const] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? [] : r.filePaths;
  },
  printToPdf,
  today: () => new Date().toISOString().slice(0, 10),
};

/** Menu actions reach the renderer as a name on the one main-to-renderer channel. */
function sendMenu(action: MenuAction): void {
  win?.webContents.send(MENU_CHANNEL, action);
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import inspection file…', accelerator: 'CmdOrCtrl+O', click: () => sendMenu('import-file') },
        { label: 'Export draft report…', accelerator: 'CmdOrCtrl+E', click: () => sendMenu('export-report') },
        { label: 'Restore a backup…', click: () => sendMenu('restore-backup') },
        { type: 'separator' },
        { role: process.platform === 'darwin' ? 'close' : 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About Fieldwork',
          click: () => void dialog.showMessageBox({ message: `Fieldwork ${app.getVersion()}`, detail: `Data: ${main?.databasePath ?? ''}` }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function harden(): void {
  // Deny every permission (camera, notifications, …): the app needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(rendererDir, request.url);
    if (!file || !existsSync(file)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function listen(m: DataHost): void {
  ipcMain.handle(IPC_CHANNEL, (event, message: unknown) => {
    // Only the app's own top frame may call: not a subframe, not a page that got navigated elsewhere.
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url) || event.sender !== win?.webContents)
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Request refused.' } };
    return m.dispatch(message);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void main?.close());
  app.on('activate', () => {
    if (app.isReady() && !win) createWindow();
  });
  void app.whenReady().then(async () => {
    harden();
    const binding = nativeBinding();
    const start = () =>
      startDataHost({
        dataDir: dataDir(),
        version: app.getVersion(),
        log: { error: (message, detail) => console.error(message, detail) },
        ...(binding ? { nativeBinding: binding } : {}),
        services,
      });
    try {
      try {
        main = await start();
      } catch (e) {
        // A data file that fails its integrity check is never used: offer the latest good backup.
        if (!(e instanceof CorruptDatabaseError) || !e.latestGood) throw e;
        const choice = dialog.showMessageBoxSync({
          type: 'error',
          message: 'Fieldwork\'s data file is damaged or missing',
          detail: `${e.message}\n\nRestore that backup? The damaged file is kept beside it, renamed.`,
          buttons: ['Restore the backup', 'Quit'],
          defaultId: 0,
          cancelId: 1,
        });
        if (choice !== 0) throw e;
        restoreLatestGoodBackup(e, binding ? { nativeBinding: binding } : {});
        main = await start();
      }
    } catch (e) {
      dialog.showErrorBox('Fieldwork cannot open its data', e instanceof Error ? e.message : String(e));
      app.exit(1);
      return;
    }
    // The full integrity check runs on a worker thread while the window opens; if it finds damage,
    // writes are already refused, and the inspector is offered the latest good backup.
    const opened = main;
    void opened.integrity.then(async (damage) => {
      if (!damage) return void opened.backups.now().catch((e: unknown) => console.error('backup at start failed', e));
      const choice = dialog.showMessageBoxSync({
        type: 'error',
        message: 'Fieldwork\'s data file is damaged',
        detail: `${damage.message}\n\nNothing more can be saved to it. Restore that backup? Fieldwork restarts; the damaged file is kept beside it, renamed.`,
        buttons: damage.latestGood ? ['Restore the backup', 'Keep looking (read-only)'] : ['Keep looking (read-only)'],
        defaultId: 0,
        cancelId: damage.latestGood ? 1 : 0,
      });
      if (!damage.latestGood || choice !== 0) return;
      await opened.close();
      restoreLatestGoodBackup(damage, binding ? { nativeBinding: binding } : {});
      app.relaunch();
      app.exit(0);
    });
    main.backups.startHourly();
    serveRenderer();
    listen(main);
    buildMenu();
    createWindow();
  });
}

