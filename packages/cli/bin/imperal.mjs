#!/usr/bin/env node
// Thin launcher: all behaviour lives in the compiled library so it can be tested without a subprocess.
import { main } from "../dist/index.js";

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`imperal: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
