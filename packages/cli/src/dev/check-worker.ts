// The dev loop's background checker, in one worker thread kept for the whole session (not a process per save): it
// holds an incremental TypeScript program (createTypechecker) and runs @imperal/validators after each good rebuild,
// so neither ever delays a reload or a request on the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { createTypechecker } from "../build/typecheck.js";
import { runValidators } from "../build/validate-step.js";

const { dir } = workerData as { dir: string };
const checker = createTypechecker(dir);

parentPort!.on("message", (m: { t: "check"; id: number }) => {
  void (async () => {
    let typecheck: unknown;
    let validation: unknown;
    try {
      const r = checker.check();
      typecheck = {
        errorCount: r.errorCount,
        errors: r.errors.slice(0, 5),
        ms: Math.round(r.durationMs),
        ...(r.skipped ? { skipped: r.skipped } : {}),
      };
    } catch (e) {
      typecheck = { errorCount: 0, errors: [], skipped: `the type check failed: ${(e as Error)?.message ?? e}` };
    }
    try {
      const t0 = performance.now();
      const v = await runValidators(dir, { ignoreFiles: ["imperal.json"] });
      validation = {
        errorCount: v.errorCount,
        warningCount: v.warningCount,
        findings: v.findings.filter((f) => f.severity !== "info").slice(0, 5),
        ms: Math.round(performance.now() - t0),
      };
    } catch (e) {
      validation = {
        errorCount: 0,
        warningCount: 0,
        findings: [],
        skipped: `the validators failed: ${(e as Error)?.message ?? e}`,
      };
    }
    parentPort!.postMessage({ t: "checked", id: m.id, typecheck, validation });
  })();
});
