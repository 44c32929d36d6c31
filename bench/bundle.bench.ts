import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Row } from './measure';

export function bundleBenchmarks(root: string): Row[] {
  const dir = join(root, 'dist', 'renderer', 'assets');
  // Always measure the current source: build first (the renderer benchmarks use this build too).
  spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'ignore' });
  if (!existsSync(dir)) throw new Error('vite build produced no dist/renderer/assets');
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
  const gz = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  return [{ id: 'bundle.gzip', name: 'renderer bundle (gzipped)', value: gz / 1024, unit: 'KB', target: '< 700 KB', met: gz / 1024 < 700 }];
}
