// `npm start`: build the renderer and main process, make sure the Electron build of
// better-sqlite3 exists (kept apart from the Node build the tests use), then launch Electron.
import { spawnSync } from 'node:child_process';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npm', ['run', 'build']);
run(process.execPath, ['scripts/electron-native.mjs']);
// node_modules/electron/cli.js downloads Electron's runtime on first start, then runs it.
run(process.execPath, ['node_modules/electron/cli.js', '.']);
