// Bundles the Electron main process and the preload into dist/electron. The preload runs
// sandboxed, so it must be one CommonJS file whose only require is `electron`.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: true, logLevel: 'warning' };

await build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'pdfjs-dist'] });
// The data worker and the report render thread run as worker threads beside main.cjs.
await build({ ...common, entryPoints: ['electron/data/data-worker.ts'], outfile: 'dist/electron/data-worker.cjs', external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'pdfjs-dist'] });
await build({ ...common, entryPoints: ['electron/data/render-thread.ts'], outfile: 'dist/electron/render-thread.cjs', external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'pdfjs-dist'] });
await build({ ...common, entryPoints: ['electron/data/job-thread.ts'], outfile: 'dist/electron/job-thread.cjs', external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'pdfjs-dist'] });
await build({ ...common, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });
console.log('built dist/electron/main.cjs, data-worker.cjs, render-thread.cjs, job-thread.cjs and preload.cjs');
