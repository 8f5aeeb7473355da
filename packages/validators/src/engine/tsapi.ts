/**
 * Lazy access to the TypeScript compiler API that ts-morph bundles (`import { ts } from "ts-morph"` is this
 * module). Nothing is loaded at import time: `loadTs()` is awaited once per validation.
 *
 * Performance decision (docs/architecture.md, "Validators"): the engine is purely syntactic, so it parses with
 * `ts.createSourceFile` and walks compiler nodes. Loading ts-morph's wrapper layer (Project, wrapped nodes) costs
 * ~600 ms on top of the ~500 ms TypeScript itself takes to load on these machines, for no benefit here, so the
 * compiler is required straight from ts-morph's own dependency (`@ts-morph/common/dist/typescript.js`). If that
 * file ever moves, we fall back to `import("ts-morph")` and use its `ts` export (same object, slower start).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import Module, { createRequire } from "node:module";
import type { ts as TsNamespace } from "ts-morph";
import { ERROR_CODES, ValidatorError } from "../errors.js";

// assigned once by loadTs(); importers see the live binding, so nothing loads the compiler at import time
export let ts: typeof TsNamespace = undefined as unknown as typeof TsNamespace;
let loaded = false;
let pendingCache: { script: vm.Script; file: string } | undefined;

/** Load the compiler once; every other export of this module needs it loaded. */
export async function loadTs(): Promise<void> {
  if (loaded) return;
  try {
    const req = createRequire(import.meta.url);
    const fromTsMorph = createRequire(req.resolve("ts-morph"));
    const file = fromTsMorph.resolve("@ts-morph/common/dist/typescript.js");
    ts = (loadWithCodeCache(file) ?? fromTsMorph(file)) as typeof TsNamespace;
    if (typeof ts?.createSourceFile !== "function") {
      throw new ValidatorError(
        ERROR_CODES.COMPILER_SHAPE,
        "unexpected module shape",
        "update ts-morph (its bundled compiler moved)",
      );
    }
  } catch {
    const mod = await import("ts-morph");
    ts = mod.ts;
  }
  loaded = true;
}

/**
 * V8 code cache for the 9 MB TypeScript compiler (what Node 22's module.enableCompileCache does; Node 20 lacks
 * it). Cuts ~200-300 ms off every cold start. The cache lives in a private per-user directory
 * ($XDG_CACHE_HOME or ~/.cache)/imperal/v8 (mode 0700, owner checked before use), keyed by the compiler file's
 * path, size, mtime and the Node/V8 version; V8 itself rejects data that does not match the source.
 * IMPERAL_NO_COMPILE_CACHE=1 disables it.
 */
function cacheDir(): string | undefined {
  if (process.env.IMPERAL_NO_COMPILE_CACHE === "1") return undefined;
  try {
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    const dir = path.join(base, "imperal", "v8");
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.statSync(dir);
    const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
    if (uid !== undefined && st.uid !== uid) return undefined;
    if ((st.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function loadWithCodeCache(file: string): unknown {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    const st = fs.statSync(file);
    const key = crypto
      .createHash("sha256")
      .update([file, st.size, st.mtimeMs, process.version, process.arch, process.versions.v8].join("\0"))
      .digest("hex")
      .slice(0, 24);
    const cacheFile = path.join(dir, `typescript-${key}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const source = fs.readFileSync(file, "utf8");
    const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
    const fn = script.runInThisContext() as (
      e: unknown,
      r: NodeRequire,
      m: { exports: unknown },
      f: string,
      d: string,
    ) => void;
    const mod = { exports: {} as unknown };
    fn.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
    if (!cachedData || script.cachedDataRejected) pendingCache = { script, file: cacheFile };
    return mod.exports;
  } catch {
    return undefined;
  }
}

/** Write the code cache once, after a validation ran (so lazily compiled parser functions are included). */
export function persistCompileCache(): void {
  const p = pendingCache;
  pendingCache = undefined;
  if (!p) return;
  try {
    const data = p.script.createCachedData();
    const tmp = `${p.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, p.file);
  } catch {
    /* best effort */
  }
}

const KIND_BY_EXT: Record<string, number> = {};

/** Parse one file (syntax only, parent pointers set). */
export function parseSourceFile(fileName: string, text: string): TsNamespace.SourceFile {
  if (!KIND_BY_EXT[".ts"]) {
    Object.assign(KIND_BY_EXT, {
      ".ts": ts.ScriptKind.TS,
      ".mts": ts.ScriptKind.TS,
      ".cts": ts.ScriptKind.TS,
      ".tsx": ts.ScriptKind.TSX,
      ".js": ts.ScriptKind.JS,
      ".mjs": ts.ScriptKind.JS,
      ".cjs": ts.ScriptKind.JS,
      ".jsx": ts.ScriptKind.JSX,
    });
  }
  const ext = /\.[a-z]+$/i.exec(fileName)?.[0]?.toLowerCase() ?? ".ts";
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ESNext, true, KIND_BY_EXT[ext] ?? ts.ScriptKind.TS);
}

export type Node = TsNamespace.Node;
export type SourceFile = TsNamespace.SourceFile;
export type Expression = TsNamespace.Expression;
export type CallExpression = TsNamespace.CallExpression;
export type NewExpression = TsNamespace.NewExpression;
export type ObjectLiteralExpression = TsNamespace.ObjectLiteralExpression;
export type Identifier = TsNamespace.Identifier;
export type FunctionLike = TsNamespace.SignatureDeclaration;
