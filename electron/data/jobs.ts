import type { CommandName, JobProgress } from '../../core';
import type { ProgressNote } from './long-work';

/**
 * Commands that only read the store: while an import writes on the job thread's connection they are
 * answered at once (WAL gives them the store as it was before the import: never half of it). Every
 * other command waits for the import's write turn to end, so no save meets a locked store; one that
 * is listed here but writes after all is answered once the turn ends (see BUSY_MESSAGE).
 */
export const READ_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'system.ping',
  'app.info',
  'framework.list',
  'provider.list',
  'inspection.list',
  'inspection.get',
  'case.list',
  'case.get',
  'case.search',
  'case.importPreview',
  'inspection.ratings',
  'inspection.questionCases',
  'inspection.subgroups',
  'judgement.list',
  'report.text.list',
  'recommendation.list',
  'recommendation.items',
  'report.narrative.get',
  'report.preview',
  'report.export',
  'exchange.open',
  'exchange.check',
  'exchange.export',
  'progress.list',
  'audit.list',
  'backup.list',
  'settings.get',
  'identity.get',
  'sampling.defaults',
  'sampling.list',
  'qa.case',
  'qa.comments',
  'qa.second.get',
  'qa.agreement',
  'qa.consistency',
  'qa.dip.list',
  'team.get',
  'package.check',
  'conflict.list',
  'job.progress',
  'job.cancel',
]);

/** Commands that take their own write turn (their reading and checking runs beside other commands). */
export const TURN_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>(['exchange.import', 'case.import']);

interface Entry {
  progress: JobProgress;
  cancelled: boolean;
  /** Shared with the job thread, which reads it between steps and while writing. */
  flag: Int32Array;
}

/**
 * The long commands running now, their progress, and the write turns: an import's write runs alone
 * (the data worker's other writes wait, queued, never blocking its loop); reads go on meanwhile.
 */
export class Jobs {
  private readonly entries = new Map<string, Entry>();
  private inflight = 0;
  private imports = 0;
  private turn: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  constructor(private readonly hooks: { onTurnStart(): void; onTurnEnd(): void } = { onTurnStart: () => {}, onTurnEnd: () => {} }) {}

  /** A long command arrived with this id: it is followed from now (waiting until it starts). */
  register(jobId: string): void {
    if (this.entries.has(jobId)) return;
    this.entries.set(jobId, {
      progress: { phase: 'waiting', done: null, total: null, cancellable: true, cancelled: false },
      cancelled: false,
      flag: new Int32Array(new SharedArrayBuffer(4)),
    });
  }

  finish(jobId: string): void {
    this.entries.delete(jobId);
  }

  note(jobId: string | undefined, p: ProgressNote): void {
    const e = jobId ? this.entries.get(jobId) : undefined;
    if (!e) return;
    e.progress = { phase: p.phase, done: p.done ?? null, total: p.total ?? null, cancellable: (p.cancellable ?? false) && !e.cancelled, cancelled: e.cancelled };
  }

  progress(jobId: string): JobProgress | null {
    return this.entries.get(jobId)?.progress ?? null;
  }

  cancel(jobId: string): boolean {
    const e = this.entries.get(jobId);
    if (!e || !e.progress.cancellable) return false;
    e.cancelled = true;
    Atomics.store(e.flag, 0, 1);
    e.progress = { ...e.progress, cancellable: false, cancelled: true };
    return true;
  }

  cancelled(jobId: string | undefined): boolean {
    return jobId ? (this.entries.get(jobId)?.cancelled ?? false) : false;
  }

  /** The flag the job thread reads (a fresh, never-set one for work without a job id). */
  flag(jobId: string | undefined): Int32Array {
    return (jobId ? this.entries.get(jobId)?.flag : undefined) ?? new Int32Array(new SharedArrayBuffer(4));
  }

  /** Runs a command that writes: after any write turn in progress, counted so a turn waits for it. */
  async write<T>(run: () => Promise<T>): Promise<T> {
    while (this.turn) await this.turn;
    this.inflight++;
    try {
      return await run();
    } finally {
      this.inflight--;
      if (this.inflight === 0) this.drained?.();
    }
  }

  /**
   * Runs an import or a sample import, counted from start to finish: it writes in turns with its own
   * connection and a restore between two of them would swap the store from under it (see importsRunning).
   */
  async importing<T>(run: () => Promise<T>): Promise<T> {
    this.imports++;
    try {
      return await run();
    } finally {
      this.imports--;
    }
  }

  /** Imports and sample imports running now, from reading their file to their last write (a restore is refused meanwhile). */
  get importsRunning(): number {
    return this.imports;
  }

  /** Resolves once no write turn is running (for a read that found the store locked after all). */
  async idle(): Promise<void> {
    while (this.turn) await this.turn;
  }

  /** Whether a write turn holds the store now. */
  get writing(): boolean {
    return this.turn !== null;
  }

  /**
   * A write turn: waits for turns before it and for writes already running, then holds every new
   * write back until the returned function is called.
   */
  async writeTurn(): Promise<() => void> {
    while (this.turn) await this.turn;
    let end!: () => void;
    this.turn = new Promise<void>((ok) => (end = ok));
    if (this.inflight > 0) await new Promise<void>((ok) => (this.drained = ok));
    this.drained = null;
    this.hooks.onTurnStart();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      try {
        this.hooks.onTurnEnd();
      } finally {
        this.turn = null;
        end();
      }
    };
  }
}
