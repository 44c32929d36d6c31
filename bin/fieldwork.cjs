#!/usr/bin/env node
'use strict';
// The command line runs the same TypeScript as the app (cli/main.ts), bundled into one JavaScript
// file on first use and again whenever a source changes (scripts/cli-bundle.cjs): no separate build to
// forget, and no TypeScript compile on every call.
const { main } = require('../scripts/cli-bundle.cjs').loadCli();

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
