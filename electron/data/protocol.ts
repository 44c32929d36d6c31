import type { ApiResult, PageChrome } from '../../core';
import type { BackupInfo, Damage } from '../../db';
import type { SaveDialogOptions } from '../services';
import type { Attached } from './attachments';

// Messages between the main thread (the Electron shell, or a test) and the data worker, which owns
// the store, the handlers and report rendering. The renderer's contract is unchanged: the main
// thread forwards `{command, input}` and hands back the worker's ApiResult as it is.

/** What the worker needs to open the store; everything else comes back to the main thread as service calls. */
export interface WorkerInit {
  dataDir: string;
  version: string;
  nativeBinding?: string;
  /** A fixed date for reports (tests); otherwise the worker's own clock. */
  today?: string;
}

export type ServiceName = 'chooseSavePath' | 'chooseOpenPath' | 'chooseOpenPaths' | 'printToPdf';

export type ToWorker =
  /** `attached`: a large file text moved as bytes (see attachments.ts). */
  | { type: 'dispatch'; id: number; message: unknown; attached?: Attached }
  | { type: 'backup'; id: number; op: 'now' | 'list' | 'restore' | 'startHourly'; arg?: string }
  | { type: 'service-result'; id: number; ok: true; value: unknown }
  | { type: 'service-result'; id: number; ok: false; message: string }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; databasePath: string }
  | { type: 'failed'; code: string; message: string; databasePath?: string; damage?: Damage; latestGood?: BackupInfo | null }
  /** The background integrity check's verdict: damage found (writes are refused from then on), or none. */
  | { type: 'integrity'; damage: { databasePath: string; damage: Damage; latestGood: BackupInfo | null } | null }
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'backup-result'; id: number; ok: true; value: unknown }
  | { type: 'backup-result'; id: number; ok: false; message: string }
  | { type: 'service'; id: number; name: 'chooseSavePath' | 'chooseOpenPath' | 'chooseOpenPaths'; options: SaveDialogOptions }
  | { type: 'service'; id: number; name: 'printToPdf'; html: string; chrome: PageChrome }
  | { type: 'log'; message: string; detail: string }
  | { type: 'closed' };
