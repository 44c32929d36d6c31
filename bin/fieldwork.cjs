#!/usr/bin/env node
'use strict';
// The command line runs the same TypeScript as the app, compiled on load by tsx, so there is
// no separate build to forget. See cli/main.ts.
require('tsx/cjs/api').register();
const { main } = require('../cli/main.ts');

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`fieldwork: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
