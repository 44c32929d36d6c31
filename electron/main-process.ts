import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FrameworkRegistry } from '../core';
import { type Db, Store, openDatabase } from '../db';
import { type Dispatch, type Logger, createDispatcher } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { NO_SERVICES, type MainServices } from './services';

export const DATABASE_FILE = 'fieldwork.sqlite';

export interface MainProcessOptions {
  dataDir: string;
  version: string;
  log: Logger;
  nativeBinding?: string;
  now?: () => string;
  services?: MainServices;
}

export interface MainProcess {
  dispatch: Dispatch;
  store: Store;
  db: Db;
  databasePath: string;
  close(): void;
}

/**
 * Everything the main process does below the Electron shell: the store and the IPC handlers.
 * It never imports `electron`, so the end-to-end tests and the crash tests run it under Node.
 */
export function startMainProcess(o: MainProcessOptions): MainProcess {
  mkdirSync(o.dataDir, { recursive: true });
  const databasePath = join(o.dataDir, DATABASE_FILE);
  const db = openDatabase(databasePath, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});
  const store = new Store(db, o.now);
  const handlers = createHandlers({
    store,
    frameworks: new FrameworkRegistry(),
    app: { version: o.version, dataPath: databasePath },
    services: o.services ?? NO_SERVICES,
  });
  return { dispatch: createDispatcher(handlers, o.log), store, db, databasePath, close: () => db.close() };
}
