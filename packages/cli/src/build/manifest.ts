import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { existsSync, readFileSync } from "node:fs";
import { createRequire, SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CliErrorCode } from "../errors.js";
import type { BuildIssue, SurfaceEntry, SurfaceSummary } from "./types.js";

const require = createRequire(import.meta.url);

/** What the manifest step produced from a bundle. */
export type ManifestOutcome =
  | {
      ok: true;
      manifest: Record<string, unknown>;
      /** `serializeManifest(manifest)`: the exact bytes of `imperal.json`. */
      manifestText: string;
      summary: SurfaceSummary;
      surface: SurfaceEntry[];
      /** Captured stdout/stderr of the extension while it was imported (should be empty). */
      output: string;
      durationMs: number;
    }
  | { ok: false; errors: BuildIssue[]; output: string; durationMs: number };

/** Options of {@link generateManifestFromBundle}. */
export interface ManifestOptions {
  /** Extension root (icon paths resolve against it; issues are reported relative to it). */
  extensionDir: string;
  /** Import time limit for the bundle (default 10 s). */
  timeoutMs?: number;
  /** A loader worker started earlier with {@link startManifestLoader} (it is used up by this call). */
  loader?: ManifestLoader;
}

type WorkerReply =
  | {
      ok: true;
      manifest: Record<string, unknown>;
      manifestText?: string;
      surface: SurfaceEntry[];
      summary: SurfaceSummary;
      exportNames: string[];
      iconProblem?: string;
    }
  | { ok: false; code: CliErrorCode; message: string; name?: string; stack?: string; fix?: string };

/** Path of the compiled worker script next to this module. */
function workerPath(): string {
  const here = fileURLToPath(new URL("./load-worker.js", import.meta.url));
  // Running from src/ (vitest, tsx): use the compiled worker from dist/.
  return existsSync(here) ? here : path.resolve(path.dirname(here), "..", "..", "dist", "build", "load-worker.js");
}

/** A loader worker started before its bundle exists: it loads the SDK meanwhile, then imports the bundle once. */
export interface ManifestLoader {
  /** Import `bundlePath` (at most once per loader); resolves to the worker's reply and what the extension printed. */
  load(bundlePath: string, timeoutMs: number): Promise<{ reply: WorkerReply; output: string }>;
  /** Stop the worker (when the build stopped before it was needed). Idempotent. */
  dispose(): void;
}

/**
 * Start the manifest loader worker now, so its start-up and the SDK import overlap with bundling; `imperal build`
 * starts it before esbuild runs. A worker is used for one bundle only (a fresh module graph per build).
 */
export function startManifestLoader(extensionDir: string): ManifestLoader {
  let output = "";
  let settled = false;
  let resolveReply!: (r: WorkerReply) => void;
  const replied = new Promise<WorkerReply>((r) => (resolveReply = r));
  const worker = new Worker(workerPath(), {
    workerData: { extensionDir },
    stdout: true,
    stderr: true,
    // An extension that allocates without bound at import time fails the build instead of the CLI.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  worker.unref();
  worker.stdout.on("data", (d: Buffer) => (output += d.toString()));
  worker.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const finish = (reply: WorkerReply): void => {
    if (settled) return;
    settled = true;
    void worker.terminate();
    resolveReply(reply);
  };
  worker.on("message", (m: WorkerReply) => finish(m));
  worker.on("error", (e: Error) =>
    finish({ ok: false, code: "E_BUILD_IMPORT", name: e.name, message: e.message, stack: e.stack ?? "" }),
  );
  worker.on("exit", (code) =>
    finish({
      ok: false,
      code: "E_BUILD_IMPORT",
      message:
        code === 0
          ? "importing the extension never finished: a top-level await is waiting for something that never settles"
          : `the extension ended the loader (exit code ${code}) while being imported`,
      fix: "registration must be synchronous and side-effect free: no top-level await, no process.exit at import",
    }),
  );
  let used = false;
  return {
    async load(bundlePath, timeoutMs) {
      if (used) throw new Error("a manifest loader imports one bundle only");
      used = true;
      worker.ref();
      const timer = setTimeout(() => {
        const message = `importing the extension did not finish within ${timeoutMs} ms (top-level await or I/O at import time?)`;
        finish({ ok: false, code: "E_BUILD_IMPORT_TIMEOUT", message });
      }, timeoutMs);
      worker.postMessage({ bundlePath, extensionDir });
      const reply = await replied;
      clearTimeout(timer);
      return { reply, output };
    },
    dispose() {
      if (!settled) {
        settled = true;
        void worker.terminate();
      }
    },
  };
}

/** Map the first stack frame inside the bundle back to the original source through the bundle's source map. */
export function mapStackToSource(
  stack: string,
  bundlePath: string,
  extensionDir: string,
): { file: string; line: number; column: number } | undefined {
  let map: SourceMap;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, "utf8")));
  } catch {
    return undefined;
  }
  const base = path.basename(bundlePath).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`${base}(?:\\?[^:\\s)]*)?:(\\d+):(\\d+)`, "g");
  for (const m of stack.matchAll(re)) {
    const entry = map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (!entry?.originalSource) continue;
    const src = entry.originalSource.startsWith("file:")
      ? fileURLToPath(entry.originalSource)
      : path.resolve(path.dirname(bundlePath), entry.originalSource);
    const rel = path.relative(extensionDir, src).split(path.sep).join("/");
    // Frames inside bundled dependencies (the SDK validating a registration) are skipped in favour of the author's code.
    if (rel.includes("node_modules/") || rel.startsWith("..")) continue;
    return { file: rel, line: (entry.originalLine ?? 0) + 1, column: (entry.originalColumn ?? 0) + 1 };
  }
  return undefined;
}

function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/)[line - 1];
  } catch {
    return undefined;
  }
}

let validatorCache: ((m: unknown) => { ok: boolean; errors: string[] }) | undefined;

type CompiledValidator = AjvLikeValidate & { schemaHash?: string };

/**
 * The manifest schema's validator: the one the cli build generated (dist/build/manifest-validator.cjs, see
 * scripts/gen-manifest-validator.mjs) when it was made from this very schema, else compiled now with ajv.
 */
function compileManifestValidator(): AjvLikeValidate {
  const schemaText = readFileSync(require.resolve("@imperal/sdk/manifest.schema.json"), "utf8");
  const generated = path.join(path.dirname(workerPath()), "manifest-validator.cjs");
  if (existsSync(generated)) {
    const v = require(generated) as CompiledValidator;
    if (v.schemaHash === createHash("sha256").update(schemaText).digest("hex")) return v;
  }
  const mod = require("ajv/dist/2020.js") as { default?: new (o: object) => AjvLike } & (new (o: object) => AjvLike);
  const Ajv2020 = mod.default ?? mod;
  // keep these options in line with scripts/gen-manifest-validator.mjs
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(JSON.parse(schemaText));
}

/** Validate a manifest against `@imperal/sdk/manifest.schema.json` (draft 2020-12) with ajv. */
export function validateManifestSchema(manifest: unknown): { ok: boolean; errors: string[] } {
  if (!validatorCache) {
    const validate = compileManifestValidator();
    validatorCache = (m) => {
      const ok = validate(m) as boolean;
      const errors = (validate.errors ?? []).map((e) => {
        const extra = e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : "";
        return `${e.instancePath || "/"} ${e.message ?? "is invalid"}${extra}`;
      });
      return { ok, errors };
    };
  }
  return validatorCache(manifest);
}

type AjvLikeValidate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
};

interface AjvLike {
  compile(schema: unknown): AjvLikeValidate;
}

function isEmptySchema(s: unknown): boolean {
  if (s === undefined) return false;
  if (!s || typeof s !== "object") return true;
  const keys = Object.keys(s).filter((k) => k !== "$schema" && k !== "description" && k !== "title");
  return keys.length === 0;
}

/** Check manifest invariants beyond the JSON Schema: no empty params schema (a zod-3/zod-4 mix-up converts to `{}`). */
export function checkManifestInvariants(manifest: Record<string, unknown>): BuildIssue[] {
  const issues: BuildIssue[] = [];
  const tools = Array.isArray(manifest.tools) ? (manifest.tools as Record<string, unknown>[]) : [];
  for (const t of tools) {
    if ("params_schema" in t && isEmptySchema(t.params_schema)) {
      issues.push({
        code: "E_BUILD_EMPTY_SCHEMA",
        message: `tool "${String(t.name)}": params schema converted to an empty JSON Schema`,
        fix: 'declare params with z.object({...}) from the zod the SDK re-exports (`import { z } from "@imperal/sdk"`)',
      });
    }
    if (t.return_schema !== undefined && isEmptySchema(t.return_schema)) {
      issues.push({
        code: "E_BUILD_EMPTY_SCHEMA",
        message: `tool "${String(t.name)}": dataModel converted to an empty JSON Schema`,
        fix: "declare dataModel with a zod schema from the zod the SDK re-exports",
      });
    }
  }
  return issues;
}

/**
 * Load a built bundle in an isolated worker thread, generate the manifest with the SDK
 * (`callableSurface`/`generateManifest`/`serializeManifest`), validate it (ajv + invariants) and return its bytes.
 * Reused by `imperal dev` after every rebuild.
 */
export async function generateManifestFromBundle(bundlePath: string, opts: ManifestOptions): Promise<ManifestOutcome> {
  const started = performance.now();
  const extensionDir = path.resolve(opts.extensionDir);
  const loader = opts.loader ?? startManifestLoader(extensionDir);
  const pending = loader.load(path.resolve(bundlePath), opts.timeoutMs ?? 10_000);
  // Compile the ajv validator (~200 ms cold) on this thread while the worker imports the bundle.
  validateManifestSchema({});
  const { reply, output } = await pending;
  const done = (errors: BuildIssue[]): ManifestOutcome => ({
    ok: false,
    errors,
    output,
    durationMs: performance.now() - started,
  });
  if (!reply.ok) {
    const loc = reply.stack ? mapStackToSource(reply.stack, bundlePath, extensionDir) : undefined;
    const what =
      reply.code === "E_BUILD_IMPORT"
        ? `importing the extension failed: ${reply.name && reply.name !== "Error" ? `${reply.name}: ` : ""}${reply.message}`
        : reply.code === "E_BUILD_MANIFEST"
          ? `generating the manifest failed: ${reply.message}`
          : reply.message;
    const fix =
      reply.fix ??
      (reply.code === "E_BUILD_NO_EXTENSION"
        ? "export the extension from src/index.ts: `export const ext = new Extension(...)`"
        : reply.code === "E_BUILD_MANY_EXTENSIONS"
          ? "export exactly one Extension from src/index.ts"
          : reply.code === "E_BUILD_EMPTY_SCHEMA"
            ? 'declare params with z.object({...}) using the zod the SDK re-exports (`import { z } from "@imperal/sdk"`)'
            : reply.code === "E_BUILD_IMPORT_TIMEOUT"
              ? "registration must be side-effect free: move I/O and long work into handlers"
              : "fix the code at the location shown; importing an extension must only register handlers");
    const lineText = loc ? sourceLine(path.join(extensionDir, loc.file), loc.line) : undefined;
    return done([
      {
        code: reply.code,
        message: what,
        ...(loc ?? {}),
        ...(lineText !== undefined ? { lineText } : {}),
        fix,
        detail: reply.stack,
      },
    ]);
  }
  const issues: BuildIssue[] = [];
  if (reply.iconProblem) {
    issues.push({
      code: "E_BUILD_ICON",
      message: reply.iconProblem,
      fix: "add the icon file (an SVG with a viewBox) or fix the `icon` option",
    });
  }
  const schema = validateManifestSchema(reply.manifest);
  if (!schema.ok) {
    issues.push({
      code: "E_BUILD_MANIFEST_SCHEMA",
      message: `the generated manifest does not match manifest.schema.json: ${schema.errors.slice(0, 8).join("; ")}`,
      fix: "fix the registration the path points at (ids, versions, scopes and names must match the manifest patterns)",
    });
  }
  issues.push(...checkManifestInvariants(reply.manifest));
  if (issues.length) return done(issues);
  const manifestText = reply.manifestText ?? (await import("@imperal/sdk")).serializeManifest(reply.manifest as never);
  return {
    ok: true,
    manifest: reply.manifest,
    manifestText,
    summary: reply.summary,
    surface: reply.surface,
    output,
    durationMs: performance.now() - started,
  };
}
