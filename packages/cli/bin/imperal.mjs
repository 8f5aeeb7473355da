#!/usr/bin/env node
// Thin launcher: all behaviour lives in the compiled library so it can be tested without a subprocess.
import { cwdProblem, commandOf, printCliError } from "../dist/cwd.js";
import module from "node:module";

// Node 22.1+ keeps compiled code of the CLI and its dependencies on disk (a fresh process then skips most of the
// parsing and compiling that dominates a short command like `imperal build`); older Node has no such cache.
// IMPERAL_NO_COMPILE_CACHE=1 turns it off (NODE_DISABLE_COMPILE_CACHE=1 does too).
if (typeof module.enableCompileCache === "function" && !process.env.IMPERAL_NO_COMPILE_CACHE) {
  try {
    module.enableCompileCache();
  } catch {
    // a read-only cache directory only costs speed
  }
}

// `imperal validate | head` closes the pipe early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err && err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// Run from a deleted directory, loading the CLI would already die (a dependency calls process.cwd() at load time):
// report it in the CLI's error shape before anything else is imported.
const gone = cwdProblem();
if (gone) {
  printCliError(gone, process.argv.includes("--json"), commandOf(process.argv));
  process.exitCode = gone.exit;
} else {
  const { main } = await import("../dist/index.js");
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`imperal: internal error: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
