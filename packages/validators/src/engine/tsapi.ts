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
import { createRequire } from "node:module";
import type { ts as TsNamespace } from "ts-morph";

// eslint-disable-next-line import/no-mutable-exports
export let ts: typeof TsNamespace = undefined as unknown as typeof TsNamespace;
let loaded = false;

export async function loadTs(): Promise<void> {
  if (loaded) return;
  try {
    const req = createRequire(import.meta.url);
    const fromTsMorph = createRequire(req.resolve("ts-morph"));
    ts = fromTsMorph("@ts-morph/common/dist/typescript.js") as typeof TsNamespace;
    if (typeof ts?.createSourceFile !== "function") throw new Error("unexpected module shape");
  } catch {
    const mod = await import("ts-morph");
    ts = mod.ts;
  }
  loaded = true;
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
