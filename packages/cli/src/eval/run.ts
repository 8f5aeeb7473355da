// `imperal eval`: runs an extension's eval cases against a fresh local kernel (temp state dir) with its build.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { UserConfig } from "@imperal/local-kernel";
import { CliError, EXIT } from "../errors.js";
import { loadKernelFactory } from "../dev/kernel.js";
import { loadEvalFiles, type EvalCase, type EvalFile } from "./cases.js";
import { matchExpectation, type ActualTurn, type PlanStep } from "./match.js";

/** Options of {@link runEvals}. */
export interface EvalOptions {
  llm?: "embedded" | "openai";
  /** Called when the extension had to be built first, with the reason. */
  onBuild?: (reason: string) => void;
  /** Called after each case (progress output). */
  onCase?: (r: CaseResult) => void;
}

/** The result of one case. */
export interface CaseResult {
  file: string;
  index: number;
  name: string;
  message: string;
  user: string;
  pass: boolean;
  /** Why it failed (empty when it passed). */
  problems: string[];
  /** What the turn did: outcome, the classified plan, error code, reply. */
  actual: ActualTurn;
  durationMs: number;
}

/** Everything one `imperal eval` run found. */
export interface EvalReport {
  ok: boolean;
  dir: string;
  llm: "embedded" | "openai";
  /** Whether the extension was (re)built first, and why. */
  build: { built: boolean; reason?: string };
  files: Array<{ file: string; cases: CaseResult[] }>;
  totals: { cases: number; passed: number; failed: number };
  durationMs: number;
}

/** Newest modification time under `p` (files only; node_modules, dist and dot-directories skipped). */
function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(p)) {
    if (e === "node_modules" || e === "dist" || e.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e)));
  }
  return newest;
}

/**
 * Why the build in `dist/` cannot be used as is (undefined = it is current): no bundle or manifest, or a source
 * file (src/, package.json, tsconfig.json, the icon) changed after the bundle was written.
 */
export function staleReason(dir: string): string | undefined {
  const bundle = path.join(dir, "dist", "extension.mjs");
  if (!existsSync(bundle)) return "no build yet (dist/extension.mjs is missing)";
  if (!existsSync(path.join(dir, "imperal.json"))) return "imperal.json is missing";
  const built = statSync(bundle).mtimeMs;
  const inputs = ["src", "package.json", "tsconfig.json", "icon.svg"].map((f) => newestMtime(path.join(dir, f)));
  if (Math.max(...inputs) > built) return "the sources changed since the last build";
  return undefined;
}

/** Build like `imperal build --no-validate` when the build is missing or stale. */
async function ensureBuilt(dir: string, onBuild?: (reason: string) => void): Promise<EvalReport["build"]> {
  const reason = staleReason(dir);
  if (!reason) return { built: false };
  onBuild?.(reason);
  const { buildExtension } = await import("../build/index.js");
  const r = await buildExtension(dir, { validate: false });
  if (!r.ok) {
    const e = r.errors[0];
    const where = e?.file ? ` (${e.file}${e.line ? `:${e.line}` : ""})` : "";
    throw new CliError(
      "E_EVAL_BUILD",
      `building the extension failed: ${e ? `${e.code} ${e.message}${where}` : "unknown error"}`,
      "run `imperal build` to see every error, fix them, then run the evals again",
      EXIT.FINDINGS,
    );
  }
  return { built: true, reason };
}

/** The acting users: a case's own user, or a fresh `eval-<n>` so cases never see each other's data. */
function assignUsers(files: EvalFile[]): { users: UserConfig[]; userOf: Map<EvalCase, string> } {
  const users = new Map<string, UserConfig>();
  const userOf = new Map<EvalCase, string>();
  let n = 0;
  for (const f of files) {
    for (const c of f.cases) {
      if (!c.user) {
        let id: string;
        do id = `eval-${++n}`;
        while (users.has(id));
        users.set(id, { id });
        userOf.set(c, id);
        continue;
      }
      const prev = users.get(c.user.id);
      if (prev && JSON.stringify(prev.scopes) !== JSON.stringify(c.user.scopes)) {
        throw new CliError(
          "E_EVAL_FILE",
          `${f.file} case ${c.index} "user": ${c.user.id} is declared with different scopes by another case`,
          "give a user the same scopes in every case, or use another user id",
        );
      }
      users.set(c.user.id, { id: c.user.id, ...(c.user.scopes ? { scopes: c.user.scopes } : {}) });
      userOf.set(c, c.user.id);
    }
  }
  return { users: [...users.values()], userOf };
}

interface ToolView {
  name: string;
  params_schema?: { properties?: Record<string, unknown> };
}

/** Expectations naming a tool or a parameter the extension does not have are file errors, not failures. */
function checkNames(files: EvalFile[], tools: ToolView[]): void {
  const byName = new Map(tools.map((t) => [t.name, t]));
  for (const f of files) {
    for (const c of f.cases) {
      const { tool, args } = c.expect;
      if (tool === null) continue;
      const t = byName.get(tool);
      if (!t) {
        throw new CliError(
          "E_EVAL_FILE",
          `${f.file} case ${c.index} "expect.tool": "${tool}" is not a tool of this extension (tools: ${[...byName.keys()].join(", ")})`,
          "use one of the tool names listed (see `imperal build` or /tools in the imperal dev REPL)",
        );
      }
      const params = Object.keys(t.params_schema?.properties ?? {});
      const unknown = Object.keys(args ?? {}).filter((p) => !params.includes(p));
      if (unknown.length) {
        throw new CliError(
          "E_EVAL_FILE",
          `${f.file} case ${c.index} "expect.args": ${unknown.map((p) => `"${p}"`).join(", ")} ${unknown.length > 1 ? "are not parameters" : "is not a parameter"} of ${tool} (parameters: ${params.join(", ") || "none"})`,
          "use the tool's parameter names",
        );
      }
    }
  }
}

type Turn = {
  outcome: string;
  code?: string;
  reply?: string;
  calls?: Array<{ tool: string; args?: unknown }>;
  classification?: { plan?: PlanStep[]; is_acceptance?: boolean } | null;
};

/** The plan a turn ran: the classified plan, or, for a "yes" that accepted a confirmation, the calls it ran. */
function planOf(t: Turn): PlanStep[] {
  const plan = t.classification?.plan ?? [];
  if (plan.length === 0 && t.classification?.is_acceptance && t.calls?.length)
    return t.calls.map((c) => ({ tool: c.tool, args: (c.args ?? {}) as Record<string, unknown> }));
  return plan.map((s) => ({ tool: s.tool, args: s.args ?? {} }));
}

/** Run every case of `dir`'s `evals/*.json`; throws CliError for a missing dir, bad files or a failed build. */
export async function runEvals(dirArg: string, opts: EvalOptions = {}): Promise<EvalReport> {
  const started = performance.now();
  const dir = path.resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError("E_NO_DIR", `${dirArg} is not a directory`, "pass the extension directory: imperal eval <dir>");
  }
  const files = loadEvalFiles(dir);
  const { users, userOf } = assignUsers(files);
  const build = await ensureBuilt(dir, opts.onBuild);
  const llm = opts.llm ?? "embedded";
  const createKernel = await loadKernelFactory();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "imperal-eval-"));
  const results: EvalReport["files"] = [];
  try {
    let kernel: Awaited<ReturnType<typeof createKernel>>;
    try {
      kernel = await createKernel({ extensionDir: dir, stateDir, users, llm, writeDiscovery: false });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      throw new CliError(
        "E_EVAL_BUILD",
        `the local kernel could not load the build: ${err?.code ? `${err.code} ` : ""}${err?.message ?? String(e)}`,
        "run `imperal build` (or `imperal dev`) to see where it fails",
        EXIT.FINDINGS,
      );
    }
    try {
      const tools = kernel.tools().tools as ToolView[];
      checkNames(files, tools);
      const schemas = new Map(tools.map((t) => [t.name, t.params_schema]));
      for (const f of files) {
        const out: CaseResult[] = [];
        results.push({ file: f.file, cases: out });
        for (const c of f.cases) {
          const user = userOf.get(c)!;
          const t0 = performance.now();
          let actual: ActualTurn;
          let problems: string[];
          try {
            for (const h of c.history) await kernel.turn(user, h);
            const turn = (await kernel.turn(user, c.message)) as unknown as Turn;
            actual = {
              outcome: turn.outcome,
              plan: planOf(turn),
              ...(turn.code ? { code: turn.code } : {}),
              ...(turn.reply ? { reply: turn.reply } : {}),
            };
            problems = matchExpectation(c.expect, actual, schemas);
          } catch (e) {
            const err = e as { code?: string; message?: string };
            actual = { outcome: "error", plan: [], ...(err?.code ? { code: err.code } : {}) };
            problems = [`the turn failed: ${err?.code ? `${err.code} ` : ""}${err?.message ?? String(e)}`];
          }
          const r: CaseResult = {
            file: f.file,
            index: c.index,
            name: c.name,
            message: c.message,
            user,
            pass: problems.length === 0,
            problems,
            actual,
            durationMs: performance.now() - t0,
          };
          out.push(r);
          opts.onCase?.(r);
        }
      }
    } finally {
      await kernel.close().catch(() => undefined);
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  const all = results.flatMap((f) => f.cases);
  const passed = all.filter((r) => r.pass).length;
  return {
    ok: passed === all.length,
    dir,
    llm,
    build,
    files: results,
    totals: { cases: all.length, passed, failed: all.length - passed },
    durationMs: performance.now() - started,
  };
}
