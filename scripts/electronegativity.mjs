// Electron hardening check: runs @doyensec/electronegativity over the shell and the renderer's page
// and fails on any HIGH or MEDIUM finding that is not explained in electronegativity-explained.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const target = join(work, 'app');
cpSync(join(root, 'electron'), join(target, 'electron'), { recursive: true, filter: (p) => !/\.test\.ts$/.test(p) });
cpSync(join(root, 'renderer', 'index.html'), join(target, 'renderer', 'index.html'));
const out = join(work, 'findings.csv');
// -e: the Electron version, given so the tool does not try to look it up online.
const electron = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const r = spawnSync(process.execPath, [join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'), '-i', target, '-e', electron, '-o', out], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(r.stdout, r.stderr);
  process.exit(1);
}
const explained = JSON.parse(readFileSync(join(root, 'electronegativity-explained.json'), 'utf8'));
const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((line) => {
  const cells = [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].map((m) => m[2] ?? m[1]);
  return { issue: cells[0], severity: cells[1], file: cells[3] === 'N/A' ? 'N/A' : relative(target, cells[3]), location: cells[4] };
});
const serious = rows.filter((x) => x.severity === 'HIGH' || x.severity === 'MEDIUM');
const unexplained = serious.filter((x) => !explained.some((e) => e.issue === x.issue && (e.file === undefined || e.file === x.file)));
for (const x of serious) {
  const why = explained.find((e) => e.issue === x.issue && (e.file === undefined || e.file === x.file));
  console.log(`${x.severity.padEnd(6)} ${x.issue} ${x.file}:${x.location} — ${why ? `explained: ${why.why}` : 'UNEXPLAINED'}`);
}
rmSync(work, { recursive: true, force: true });
console.log(`electronegativity: ${rows.length} findings, ${serious.length} high or medium, ${unexplained.length} unexplained`);
process.exit(unexplained.length === 0 ? 0 : 1);
