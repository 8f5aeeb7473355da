#!/usr/bin/env node
// Thin launcher: all behaviour lives in the compiled library so it can be tested without a subprocess.
import { cwdProblem, commandOf, printCliError } from "../dist/cwd.js";

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
