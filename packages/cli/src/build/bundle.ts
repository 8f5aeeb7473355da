import * as esbuild from "esbuild";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CliIssueCode } from "../errors.js";
import type { BuildIssue } from "./types.js";

/** Options shared by one-shot and incremental bundling. */
export interface BundleOptions {
  /** Output directory relative to the extension root (default `dist`). */
  outdir?: string;
}

/** Options of {@link bundleExtension}. */
export interface OneShotBundleOptions extends BundleOptions {
  /** Write the bundle to disk (default true); with false the files come back in `outputFiles` (see {@link writeBundleFiles}). */
  write?: boolean;
}

/** Result of one bundling pass. */
export interface BundleOutcome {
  ok: boolean;
  /** Absolute path of `<outdir>/extension.mjs`. */
  bundlePath: string;
  errors: BuildIssue[];
  warnings: BuildIssue[];
  durationMs: number;
  /** Size of the bundle. */
  bytes?: number;
  /** The bundle and its source map, when bundled with `write: false`. */
  outputFiles?: { path: string; contents: Uint8Array }[];
}

/** An incremental bundler over an esbuild context (reused by `imperal dev`). */
export interface Bundler {
  readonly bundlePath: string;
  /** Re-bundle `src/index.ts` (incremental). Never throws for compile errors: they come back in `errors`. */
  rebuild(): Promise<BundleOutcome>;
  /** Release the esbuild context. */
  dispose(): Promise<void>;
}

const ENTRY_CANDIDATES = ["src/index.ts", "src/index.mts", "src/index.js", "src/index.mjs"];

/** The extension entry point (`src/index.ts`), or undefined when there is none. */
export function findEntry(dir: string): string | undefined {
  return ENTRY_CANDIDATES.find((c) => existsSync(path.join(dir, c)));
}

/** Absolute path of the bundle for an extension root and outdir. */
export function bundlePathFor(dir: string, outdir = "dist"): string {
  return path.resolve(dir, outdir, "extension.mjs");
}

// CommonJS dependencies bundled into ESM may call require() for Node built-ins.
const BANNER =
  'import { createRequire as __imperalCreateRequire } from "node:module"; const require = __imperalCreateRequire(import.meta.url);';

/** esbuild options for an extension: ESM, platform node, target node20, linked source maps, everything bundled. */
export function esbuildOptions(dir: string, entry: string, opts: BundleOptions = {}): esbuild.BuildOptions {
  return {
    absWorkingDir: path.resolve(dir),
    entryPoints: [entry],
    outfile: bundlePathFor(dir, opts.outdir),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    keepNames: true,
    logLevel: "silent",
    write: true,
    banner: { js: BANNER },
  };
}

function toIssue(dir: string, m: esbuild.Message, code: CliIssueCode): BuildIssue {
  const loc = m.location;
  return {
    code,
    message: m.text + (m.notes.length ? ` (${m.notes.map((n) => n.text).join("; ")})` : ""),
    ...(loc
      ? {
          file: path.relative(dir, path.resolve(dir, loc.file)).split(path.sep).join("/"),
          line: loc.line,
          column: loc.column + 1,
          lineText: loc.lineText,
        }
      : {}),
    fix: code === "E_BUILD_COMPILE" ? "fix the source at the location shown, then build again" : undefined,
  };
}

function noEntry(dir: string, bundlePath: string): BundleOutcome {
  return {
    ok: false,
    bundlePath,
    errors: [
      {
        code: "E_BUILD_NO_ENTRY",
        message: `no entry point: ${path.join(dir, "src/index.ts")} does not exist`,
        fix: "create src/index.ts that exports your Extension (`export const ext = new Extension(...)`)",
      },
    ],
    warnings: [],
    durationMs: 0,
  };
}

function outcome(
  dir: string,
  bundlePath: string,
  started: number,
  result?: esbuild.BuildResult,
  failure?: unknown,
): BundleOutcome {
  const durationMs = performance.now() - started;
  if (failure) {
    const f = failure as { errors?: esbuild.Message[]; warnings?: esbuild.Message[]; message?: string };
    const errors = (f.errors ?? []).map((m) => toIssue(dir, m, "E_BUILD_COMPILE"));
    if (!errors.length) errors.push({ code: "E_BUILD_COMPILE", message: f.message ?? String(failure) });
    return {
      ok: false,
      bundlePath,
      errors,
      warnings: (f.warnings ?? []).map((m) => toIssue(dir, m, "W_BUILD_BUNDLE")),
      durationMs,
    };
  }
  const warnings = (result?.warnings ?? []).map((m) => toIssue(dir, m, "W_BUILD_BUNDLE"));
  if (result?.outputFiles) {
    const outputFiles = result.outputFiles.map((f) => ({ path: f.path, contents: f.contents }));
    const bytes = outputFiles.find((f) => path.resolve(f.path) === bundlePath)?.contents.byteLength;
    return { ok: true, bundlePath, errors: [], warnings, durationMs, bytes, outputFiles };
  }
  return { ok: true, bundlePath, errors: [], warnings, durationMs, bytes: statSync(bundlePath).size };
}

/** Write the files of a bundle made with `write: false`. */
export function writeBundleFiles(outcome: BundleOutcome): void {
  for (const f of outcome.outputFiles ?? []) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.contents);
  }
}

/** Bundle once (what `imperal build` does). */
export async function bundleExtension(dir: string, opts: OneShotBundleOptions = {}): Promise<BundleOutcome> {
  const bundlePath = bundlePathFor(dir, opts.outdir);
  const entry = findEntry(dir);
  if (!entry) return noEntry(dir, bundlePath);
  const started = performance.now();
  try {
    const result = await esbuild.build({ ...esbuildOptions(dir, entry, opts), write: opts.write ?? true });
    return outcome(dir, bundlePath, started, result);
  } catch (err) {
    return outcome(dir, bundlePath, started, undefined, err);
  }
}

/** Create an incremental bundler (esbuild context) for an extension root; call `rebuild()` on every change. */
export async function createBundler(dir: string, opts: BundleOptions = {}): Promise<Bundler> {
  const bundlePath = bundlePathFor(dir, opts.outdir);
  let ctx: esbuild.BuildContext | undefined;
  return {
    bundlePath,
    async rebuild() {
      const entry = findEntry(dir);
      if (!entry) return noEntry(dir, bundlePath);
      const started = performance.now();
      try {
        ctx ??= await esbuild.context(esbuildOptions(dir, entry, opts));
        return outcome(dir, bundlePath, started, await ctx.rebuild());
      } catch (err) {
        return outcome(dir, bundlePath, started, undefined, err);
      }
    },
    async dispose() {
      await ctx?.dispose();
      ctx = undefined;
    },
  };
}
