import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Tests run against the built dist (the worker entry must be runnable JS): compile once before the suite. */
export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  try {
    execFileSync(
      process.execPath,
      [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
      { cwd: root, stdio: "inherit" },
    );
  } catch (e) {
    // tsc still emits on type errors; fail only if the kernel itself did not come out.
    if (!existsSync(join(root, "dist", "index.js")) || !existsSync(join(root, "dist", "worker", "thread", "entry.js")))
      throw e;
    console.warn("[local-kernel] tsc reported errors; testing the emitted dist anyway");
  }
}
