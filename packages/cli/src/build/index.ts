import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundleExtension, bundlePathFor, writeBundleFiles, type BundleOptions } from "./bundle.js";
import { generateManifestFromBundle, startManifestLoader, validateManifestSchema } from "./manifest.js";
import { lineDiff } from "./diff.js";
import { checkIcon, runValidators, type ValidationSummary } from "./validate-step.js";
import type { BuildIssue, SurfaceEntry, SurfaceSummary } from "./types.js";
import { typecheckOnce } from "./typecheck.js";

export {
  createBundler,
  bundleExtension,
  writeBundleFiles,
  esbuildOptions,
  findEntry,
  bundlePathFor,
  type Bundler,
  type BundleOutcome,
  type BundleOptions,
  type OneShotBundleOptions,
} from "./bundle.js";
export {
  generateManifestFromBundle,
  validateManifestSchema,
  checkManifestInvariants,
  mapStackToSource,
  type ManifestOutcome,
  type ManifestOptions,
} from "./manifest.js";
export { runValidators, checkIcon, type ValidationSummary, type Finding } from "./validate-step.js";
export { lineDiff } from "./diff.js";
export { typecheckOnce, createTypechecker, tsBuildInfoPath, type TypecheckResult } from "./typecheck.js";
export type { BuildIssue, SurfaceEntry, SurfaceSummary } from "./types.js";

/** Options of {@link buildExtension}; each maps to a flag of `imperal build`. */
export interface BuildOptions extends BundleOptions {
  /** Run the validators first (default true); errors stop the build. */
  validate?: boolean;
  /** Type-check src/ with the extension's tsconfig (default true); type errors stop the build. */
  typecheck?: boolean;
  /** Compare `imperal.json` on disk with a fresh generation instead of writing it. */
  check?: boolean;
  /** Import time limit for the bundle in the loader worker. */
  timeoutMs?: number;
}

/** Everything `imperal build` did, for printing or for `--json`. */
export interface BuildResult {
  ok: boolean;
  dir: string;
  /** The stage that stopped the build. */
  failedStage?: "validate" | "typecheck" | "bundle" | "manifest" | "check";
  appId?: string;
  version?: string;
  manifestPath: string;
  bundlePath: string;
  bundleBytes?: number;
  manifest?: Record<string, unknown>;
  manifestText?: string;
  /** Whether `imperal.json` was (re)written; false when it was already byte-identical or with `check`. */
  manifestWritten: boolean;
  summary?: SurfaceSummary;
  surface?: SurfaceEntry[];
  validation?: ValidationSummary;
  errors: BuildIssue[];
  warnings: BuildIssue[];
  /** Present with `check`: whether the file on disk equals a fresh generation, and the diff when not. */
  check?: { upToDate: boolean; missing: boolean; diff?: string };
  /** What the extension printed while being imported (should be empty: handlers use ctx.log). */
  importOutput?: string;
  /** The type check of src/ (absent with `typecheck: false`). */
  typecheck?: { ok: boolean; errorCount: number; skipped?: string };
  timings: { validateMs: number; typecheckMs: number; bundleMs: number; manifestMs: number; totalMs: number };
}

/** Validate, bundle `src/index.ts` to `<outdir>/extension.mjs`, load it in a worker and write `imperal.json`. */
export async function buildExtension(dir: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const root = path.resolve(dir);
  const manifestPath = path.join(root, "imperal.json");
  const result: BuildResult = {
    ok: false,
    dir: root,
    manifestPath,
    bundlePath: bundlePathFor(root, opts.outdir),
    manifestWritten: false,
    errors: [],
    warnings: [],
    timings: { validateMs: 0, typecheckMs: 0, bundleMs: 0, manifestMs: 0, totalMs: 0 },
  };
  let disposeLoader = (): void => undefined;
  const finish = (stage?: BuildResult["failedStage"]): BuildResult => {
    disposeLoader();
    result.ok = !stage;
    if (stage) result.failedStage = stage;
    result.timings.totalMs = performance.now() - started;
    return result;
  };

  // Validation (ts-morph, this thread) and bundling (esbuild's own process) run side by side; the bundle stays in
  // memory until validation has passed, so a failed build never leaves a new dist/extension.mjs behind.
  const bundling = bundleExtension(root, { ...opts, write: false });
  // While esbuild bundles (in its own process): the loader worker starts and loads the SDK, and this thread compiles
  // the manifest schema. A fresh process spends most of a build on such start-up work, so none of it waits for the bundle.
  const loader = startManifestLoader(root);
  disposeLoader = () => loader.dispose();
  validateManifestSchema({});
  const validating =
    opts.validate !== false
      ? (async () => {
          const t = performance.now();
          // A committed imperal.json is rewritten by this build, so findings about it (V14) cannot block it;
          // `--check` keeps them, and reports the drift itself.
          const v = await runValidators(root, opts.check ? {} : { ignoreFiles: ["imperal.json"] });
          result.timings.validateMs = performance.now() - t;
          return v;
        })()
      : undefined;
  const [validation, bundle] = await Promise.all([validating, bundling]);
  if (validation) {
    result.validation = validation;
    if (validation.errorCount > 0) {
      result.errors.push({
        code: "E_BUILD_VALIDATION",
        message: `validation found ${validation.errorCount} error(s)`,
        fix: "fix the findings above (or see `imperal validate`), then build again",
      });
      return finish("validate");
    }
  }
  result.warnings.push(...bundle.warnings);
  if (!bundle.ok) {
    // a syntax error is esbuild's to report (E_BUILD_COMPILE, one located message), not the type checker's
    result.timings.bundleMs = bundle.durationMs;
    result.errors.push(...bundle.errors);
    return finish("bundle");
  }
  // `--check` is the manifest drift guard: it compares imperal.json and leaves type errors to a real build
  if (opts.typecheck !== false && !opts.check) {
    const tc = typecheckOnce(root);
    result.timings.typecheckMs = tc.durationMs;
    result.typecheck = { ok: tc.ok, errorCount: tc.errorCount, ...(tc.skipped ? { skipped: tc.skipped } : {}) };
    if (!tc.ok) {
      result.errors.push(...tc.errors);
      if (tc.errorCount > tc.errors.length)
        result.errors.push({
          code: "E_BUILD_TYPECHECK",
          message: `${tc.errorCount - tc.errors.length} more type error(s)`,
          fix: "run `npx tsc --noEmit` in the extension for the full list",
        });
      return finish("typecheck");
    }
  }
  result.timings.bundleMs = bundle.durationMs;
  writeBundleFiles(bundle);
  result.bundleBytes = bundle.bytes;

  const m = await generateManifestFromBundle(bundle.bundlePath, {
    extensionDir: root,
    timeoutMs: opts.timeoutMs,
    loader,
  });
  result.timings.manifestMs = m.durationMs;
  if (m.output) result.importOutput = m.output;
  if (!m.ok) {
    result.errors.push(...m.errors);
    return finish("manifest");
  }
  if (opts.validate === false && typeof m.manifest.icon === "string") {
    const iconIssues = await checkIcon(root, m.manifest.icon);
    if (iconIssues.length) {
      result.errors.push(...iconIssues);
      return finish("manifest");
    }
  }
  result.manifest = m.manifest;
  result.manifestText = m.manifestText;
  result.summary = m.summary;
  result.surface = m.surface;
  result.appId = typeof m.manifest.app_id === "string" ? m.manifest.app_id : undefined;
  result.version = typeof m.manifest.version === "string" ? m.manifest.version : undefined;

  const onDisk = existsSync(manifestPath) ? readFileSync(manifestPath, "utf8") : undefined;
  if (opts.check) {
    const upToDate = onDisk === m.manifestText;
    result.check = {
      upToDate,
      missing: onDisk === undefined,
      ...(upToDate ? {} : { diff: lineDiff(onDisk ?? "", m.manifestText) }),
    };
    if (!upToDate) {
      result.errors.push({
        code: "E_BUILD_MANIFEST_DRIFT",
        message: onDisk === undefined ? "imperal.json does not exist" : "imperal.json differs from a fresh generation",
        fix: "run `imperal build` and commit imperal.json",
      });
      return finish("check");
    }
    return finish();
  }
  if (onDisk !== m.manifestText) {
    writeFileSync(manifestPath, m.manifestText);
    result.manifestWritten = true;
  }
  return finish();
}
