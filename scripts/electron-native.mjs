// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving node_modules' Node build
// (used by the tests) untouched. Needs network once, for Electron's headers.
//
// Pitfall handled here: npm on these machines sets npm_config_nodedir to the system Node headers,
// and node-gyp obeys it even when asked for Electron, silently building for Node. So the rebuild
// runs with every npm_config_* variable removed from its environment.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const out = join(root, '.electron-native');
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = join(root, 'node_modules', 'better-sqlite3');
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
const stamp = `electron ${electronVersion}, better-sqlite3 ${sqliteVersion}, ${process.platform}-${process.arch}`;
const stampFile = join(out, 'stamp.txt');

if (existsSync(join(out, 'better_sqlite3.node')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log(`Electron build of better-sqlite3 is up to date (${stamp}).`);
  process.exit(0);
}

console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}…`);
const work = join(out, 'work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(sqliteDir, join(work, 'better-sqlite3'), { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const r = spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`, '--runtime=electron'],
  { cwd: join(work, 'better-sqlite3'), env, stdio: 'inherit' },
);
if (r.status !== 0) {
  console.error('Could not build better-sqlite3 for Electron (is the network reachable for Electron headers?).');
  process.exit(r.status ?? 1);
}
copyFileSync(join(work, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(out, 'better_sqlite3.node'));
writeFileSync(stampFile, stamp);
rmSync(work, { recursive: true, force: true });
console.log(`Wrote .electron-native/better_sqlite3.node (${stamp}).`);
