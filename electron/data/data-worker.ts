import { parentPort, workerData } from 'node:worker_threads';
import type { PageChrome } from '../../core';
import { CorruptDatabaseError, type MainProcess, startMainProcess } from '../main-process';
import type { MainServices, SaveDialogOptions } from '../services';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { threadRenderer } from './render-thread';
import { reattach } from './attachments';

// The data worker: the store, the IPC handlers and report rendering, off the Electron main thread, so
// a save never waits behind a report or an import, and the window never waits behind either. Dialogs
// and PDF printing are Electron's and stay on the main thread: the worker asks for them by message.

const port = parentPort!;
const init = workerData as WorkerInit;
const send = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

let nextId = 1;
const waiting = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
function ask<T>(m: { name: 'chooseSavePath' | 'chooseOpenPath' | 'chooseOpenPaths'; options: SaveDialogOptions } | { name: 'printToPdf'; html: string; chrome: PageChrome }): Promise<T> {
  const id = nextId++;
  return new Promise<T>((ok, fail) => {
    waiting.set(id, { ok: ok as (v: unknown) => void, fail });
    send({ type: 'service', id, ...m } as FromWorker);
  });
}

const services: MainServices = {
  chooseSavePath: (options) => ask<string | null>({ name: 'chooseSavePath', options }),
  chooseOpenPath: (options) => ask<string | null>({ name: 'chooseOpenPath', options }),
  chooseOpenPaths: (options) => ask<string[]>({ name: 'chooseOpenPaths', options }),
  printToPdf: (html, chrome) => ask<Uint8Array>({ name: 'printToPdf', html, chrome }),
  today: () => init.today ?? new Date().toISOString().slice(0, 10),
};

const render = threadRenderer();
let app: MainProcess;
try {
  app = startMainProcess({
    render,
    longWork: 'thread',
    dataDir: init.dataDir,
    version: init.version,
    ...(init.nativeBinding ? { nativeBinding: init.nativeBinding } : {}),
    services,
    log: { error: (message, detail) => send({ type: 'log', message, detail: detail instanceof Error ? (detail.stack ?? detail.message) : JSON.stringify(detail) ?? '' }) },
  });
  send({ type: 'ready', databasePath: app.databasePath });
  const opened = app;
  void opened.integrity.then((d) => send({ type: 'integrity', damage: d ? { databasePath: d.databasePath, damage: d.damage, latestGood: d.latestGood } : null }));
} catch (e) {
  const err = e as Error & { code?: string };
  send({
    type: 'failed',
    code: err.code ?? 'START_FAILED',
    message: err.message,
    ...(e instanceof CorruptDatabaseError ? { databasePath: e.databasePath, damage: e.damage, latestGood: e.latestGood } : {}),
  });
  process.exit(0);
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'dispatch': {
      const { message, release } = m.attached ? reattach(m.message, m.attached) : { message: m.message, release: () => {} };
      void app
        .dispatch(message)
        .then((result) => send({ type: 'result', id: m.id, result }))
        .finally(release);
      return;
    }
    case 'service-result': {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) w?.ok(m.value);
      else w?.fail(new Error(m.message));
      return;
    }
    case 'backup': {
      const run = async (): Promise<unknown> => {
        if (m.op === 'now') return app.backups.now('start');
        if (m.op === 'list') return app.backups.list();
        if (m.op === 'restore') return app.backups.restore(m.arg ?? '');
        app.backups.startHourly();
        return null;
      };
      run().then(
        (value) => send({ type: 'backup-result', id: m.id, ok: true, value }),
        (e: unknown) => send({ type: 'backup-result', id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
      );
      return;
    }
    case 'close':
      app.close();
      void render.close().then(() => {
        send({ type: 'closed' });
        port.close();
      });
      return;
  }
});
