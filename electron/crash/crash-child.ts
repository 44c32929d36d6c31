// Child process for the crash test: works through the real handlers as fast as it can and reports each
// step on stdout only after it was acknowledged. The parent kills it with SIGKILL.
//   save:    adds cases and answers them
//   backup:  answers, then makes a backup, over and over
//   restore: answers, makes a backup holding them, then restores that backup over and over
//   import:  answers, then imports an inspection file (keep-both and replace), over and over
import { readFileSync, writeSync } from 'node:fs';
import { startMainProcess } from '../main-process';

const [dataDir, inspectionId, run, mode = 'save', importFile] = process.argv.slice(2) as [string, string, string, string?, string?];
const QUESTIONS = ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.2.3', '2.3.1', '2.3.2', '2.3.3', '2.4.1', '2.4.2', '2.4.3'];
const VALUES = ['yes', 'no', 'na'] as const;

async function main(): Promise<void> {
  // Imports on the job thread with its own connection, as the app runs them.
  const app = startMainProcess({ dataDir, user: 'Test Inspector', version: 'crash', log: { error: (m: string) => writeSync(2, `${m}\n`) }, ...(mode === 'import' ? { longWork: 'thread' as const } : {}) });
  const call = async (command: string, input: unknown) => {
    const r = await app.dispatch({ command, input });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as Record<string, unknown>;
  };
  const fileText = importFile ? readFileSync(importFile, 'utf8') : '';
  let restoreFrom: string | undefined;
  for (let n = 0; ; n++) {
    const caseId = (await call('case.add', { inspectionId, ref: `R${run}-${n}` })).id as string;
    for (const [i, questionId] of QUESTIONS.entries()) {
      if (mode !== 'save' && i >= 2) break; // the other modes spend their time on the operation under test
      const value = VALUES[(n + i) % 3]!;
      await call('case.answer', { caseId, questionId, value });
      writeSync(1, `answer ${caseId} ${questionId} ${value}\n`);
    }
    if (mode !== 'save') writeSync(1, `begin ${mode}\n`);
    if (mode === 'backup') {
      await call('backup.create', {});
      writeSync(1, `backup\n`);
    } else if (mode === 'restore') {
      // The backup is made once, after this run's first answers: every restore puts back a store
      // that holds every answer acknowledged so far, so none may be missing after a kill.
      if (!restoreFrom) restoreFrom = (await call('backup.create', {})).name as string;
      await call('backup.restore', { name: restoreFrom });
      writeSync(1, `restore\n`);
      return void (await restoreForever(call));
    } else if (mode === 'import') {
      const r = await call('exchange.import', { text: fileText, acceptUnchecked: true, onDuplicate: n % 2 === 0 ? 'keep-both' : 'replace', provider: { mode: 'auto' } });
      writeSync(1, `import ${String(r.inspectionId)}\n`);
    }
  }
}

async function restoreForever(call: (c: string, i: unknown) => Promise<unknown>): Promise<never> {
  for (;;) {
    // The newest backup: every backup since the first holds the same answers (rotation keeps ten).
    const [newest] = (await call('backup.list', {})) as { name: string }[];
    writeSync(1, `begin restore\n`);
    await call('backup.restore', { name: newest!.name });
    writeSync(1, `restore\n`);
  }
}

void main().catch((e: unknown) => {
  writeSync(2, `${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(3);
});
