// Child process for the crash test: saves answers through the real handlers as fast as it can and
// reports each one on stdout only after its save was acknowledged. The parent kills it with SIGKILL.
import { writeSync } from 'node:fs';
import { startMainProcess } from '../main-process';

const [dataDir, inspectionId, run] = process.argv.slice(2) as [string, string, string];
const QUESTIONS = ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.2.3', '2.3.1', '2.3.2', '2.3.3', '2.4.1', '2.4.2', '2.4.3'];
const VALUES = ['yes', 'no', 'na'] as const;

async function main(): Promise<void> {
  const app = startMainProcess({ dataDir, user: 'Test Inspector', version: 'crash', log: { error: (m: string) => writeSync(2, `${m}\n`) } });
  for (let n = 0; ; n++) {
    const ref = `R${run}-${n}`;
    const added = await app.dispatch({ command: 'case.add', input: { inspectionId, ref } });
    if (!added.ok) throw new Error(JSON.stringify(added.error));
    const caseId = (added.value as { id: string }).id;
    for (const [i, questionId] of QUESTIONS.entries()) {
      const value = VALUES[(n + i) % 3]!;
      const r = await app.dispatch({ command: 'case.answer', input: { caseId, questionId, value } });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      writeSync(1, `${caseId} ${questionId} ${value}\n`);
    }
  }
}

void main();
