#!/usr/bin/env node
// The `bellwether` command. Sources are TypeScript (CommonJS semantics, like the Jest setup);
// tsx compiles them on load, so the CLI needs no separate build step and runs the checkout's code.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

register();
// Dynamic import() of TypeScript (the LSTM detector is loaded that way) goes through the ESM loader.
registerEsm();
const require = createRequire(import.meta.url);
const { main } = require('../cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bellwether: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  }
);
