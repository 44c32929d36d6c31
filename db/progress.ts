import type { Db } from './connection';

/**
 * Calls `onCase` for every case row written on this connection until the returned function is called.
 * How a long import tells how far its one transaction has got without the write path knowing about
 * progress: a TEMP trigger lives in this connection only (never in the file, so the schema check and
 * backups do not see it). Throwing from `onCase` (a cancelled import) fails the statement, so the
 * import's transaction rolls back.
 */
export function watchCaseWrites(db: Db, onCase: () => void): () => void {
  db.function('fieldwork_case_written', { varargs: false, deterministic: false }, () => {
    onCase();
    return null;
  });
  db.exec('CREATE TEMP TRIGGER IF NOT EXISTS fieldwork_case_progress AFTER INSERT ON main.case_file BEGIN SELECT fieldwork_case_written(); END');
  return () => db.exec('DROP TRIGGER IF EXISTS temp.fieldwork_case_progress');
}
