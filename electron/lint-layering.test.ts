import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('fieldwork/')).map((m) => m.message);
}

// The lint step is what enforces the layers; these prove it fails when a layer is crossed.
describe('layering lint rule', () => {
  it.each([
    ['core/engine/x.ts', "import { Store } from '../../db';", 'core/ may not import from db/'],
    ['core/engine/x.ts', "import { readFileSync } from 'node:fs';", 'core is pure TypeScript'],
    ['core/x.ts', "import React from 'react';", 'core has no UI'],
    ['db/x.ts', "import { app } from 'electron';", 'db runs under plain Node'],
    ['db/x.ts', "import { createHandlers } from '../electron/ipc/handlers';", 'db/ may not import from electron/'],
    ['renderer/src/x.ts', "import { Store } from '../../db/store';", 'renderer/ may not import from db/'],
    ['renderer/src/x.ts', "import { startMainProcess } from '../../electron/main-process';", 'renderer/ may not import from electron/'],
    ['renderer/src/x.ts', "import { readFile } from 'fs';", 'the renderer is sandboxed'],
    ['electron/ipc/x.ts', "import { dialog } from 'electron';", 'Only electron/shell/ imports electron'],
    ['core/x.ts', "export * from '../renderer/src/api';", 'core/ may not import from renderer/'],
  ])('%s: %s is an error', async (file, code, message) => {
    expect((await problems(file, code)).join('\n')).toContain(message);
  });

  it.each([
    ['renderer/src/x.ts', "import { contract } from '../../core/api/contract';"],
    ['db/x.ts', "import { rateInspection } from '../core';"],
    ['electron/ipc/x.ts', "import { Store } from '../../db';"],
    ['electron/shell/x.ts', "import { app } from 'electron';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it.each([
    ['electron/ipc/x.ts', "db.prepare('UPDATE answer SET value = ? WHERE id = ?');"],
    ['db/exchange.ts', 'db.prepare(`INSERT INTO case_file (id) VALUES (?)`);'],
    ['db/store.ts', "db.prepare('DELETE FROM inspection WHERE id = ?');"],
    ['cli/x.ts', "db.exec('insert or replace into setting (key, value) values (1, 2)');"],
  ])('SQL writes outside db/repositories/: %s is an error', async (file, code) => {
    expect(await problems(file, code)).toEqual([expect.stringContaining('SQL writes belong in db/repositories/')]);
  });

  it('SQL writes are allowed in repositories, migrations and tests; reads anywhere in db/', async () => {
    expect(await problems('db/repositories/x.ts', "db.prepare('UPDATE answer SET value = ? WHERE id = ?');")).toEqual([]);
    expect(await problems('db/migrations/009-x.ts', "db.exec('INSERT INTO setting (key, value) VALUES (1, 2)');")).toEqual([]);
    expect(await problems('electron/ipc/x.test.ts', "db.prepare('DELETE FROM change_log');")).toEqual([]);
    expect(await problems('db/store.ts', "db.prepare('SELECT id FROM inspection WHERE updated_at > ?');")).toEqual([]);
  });

  it('file names: kebab-case, components included', async () => {
    expect(await problems('core/engine/RateThing.ts', 'export const a = 1;')).toEqual(['Files are kebab-case: RateThing']);
    expect(await problems('renderer/src/cases/CaseScreen.tsx', 'export const a = 1;')).toEqual(['Files are kebab-case: CaseScreen']);
    expect(await problems('renderer/src/cases/case-screen.tsx', 'export const a = 1;')).toEqual([]);
  });
});
