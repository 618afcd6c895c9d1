// Runs a WASI preview1 module under node's built-in WASI and exits with its status.
//   node run-wasi.mjs MODULE.wasm [ARGS...]
// The working directory is preopened as "." and the environment is passed through.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, env, exit } from 'node:process';

const [, , module, ...args] = argv;
const wasi = new WASI({
  version: 'preview1',
  args: [module, ...args],
  env,
  preopens: { '.': '.' },
  returnOnExit: true,
});
const wasm = await WebAssembly.compile(await readFile(module));
const instance = await WebAssembly.instantiate(wasm, wasi.getImportObject());
exit(wasi.start(instance));
