import * as esbuild from "esbuild";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
// The build steps are imported one by one (not build/index.js) so `imperal dev` does not load the validators' ts-morph.
import { esbuildOptions, findEntry, bundlePathFor } from "../build/bundle.js";
import { checkManifestInvariants, generateManifestFromBundle, validateManifestSchema } from "../build/manifest.js";
import type { BuildIssue } from "../build/types.js";
import type { CliErrorCode } from "../errors.js";

/** A build failure located in the source (file:line:column when known). */
export interface DevBuildError extends BuildIssue {
  /** One human line: `src/index.ts:12:5 error: Expected ";" but found "}"`. */
  text: string;
  /** How many further errors the build reported. */
  more?: number;
}

/** Outcome of one incremental bundle. */
export type DevBundleResult =
  { ok: true; bundleMs: number; bundlePath: string } | { ok: false; bundleMs: number; error: DevBuildError };

/**
 * How dependencies are treated in dev bundles:
 * - `external` (default): bare imports (`@imperal/sdk`, `zod`, ...) stay imports resolved from the extension's
 *   node_modules at run time, so a rebuild only re-bundles the author's code (a few KB instead of ~850 KB);
 * - `bundled`: exactly what `imperal build` ships (the session falls back to it when external imports do not load).
 */
export type DepsMode = "external" | "bundled";

/** Incremental builder for the dev loop: one esbuild context kept alive across rebuilds. */
export interface DevBuilder {
  readonly bundlePath: string;
  readonly mode: DepsMode;
  /** Re-bundle `src/index.ts` (incremental). Compile errors come back located, never thrown. */
  rebuild(): Promise<DevBundleResult>;
  /** Switch dependency mode (recreates the esbuild context on the next rebuild). */
  setMode(mode: DepsMode): Promise<void>;
  dispose(): Promise<void>;
}

/** Turn build issues into the one located error the dev loop shows. */
export function toDevError(issues: BuildIssue[], fallbackCode: CliErrorCode = "E_BUILD_COMPILE"): DevBuildError {
  const first = issues[0] ?? { code: fallbackCode, message: "build failed" };
  const where = first.file
    ? `${first.file}${first.line ? `:${first.line}${first.column ? `:${first.column}` : ""}` : ""} `
    : "";
  const { detail: _detail, ...rest } = first;
  return {
    ...rest,
    text: `${where}error: ${first.message}`,
    ...(issues.length > 1 ? { more: issues.length - 1 } : {}),
  };
}

/** Locate esbuild messages relative to the extension root (1-based line and column). */
export function fromEsbuild(root: string, messages: esbuild.Message[]): DevBuildError {
  return toDevError(
    messages
      .map((m): BuildIssue => ({
        code: "E_BUILD_COMPILE",
        message: m.text + (m.notes.length ? ` (${m.notes.map((n) => n.text).join("; ")})` : ""),
        ...(m.location
          ? {
              file: path.relative(root, path.resolve(root, m.location.file)).split(path.sep).join("/"),
              line: m.location.line,
              column: m.location.column + 1,
              lineText: m.location.lineText,
            }
          : {}),
        fix: /Could not resolve "/.test(m.text)
          ? "install the extension's dependencies (npm install), then save any source file to rebuild"
          : "fix the source at the location shown; the last good build keeps serving",
      }))
      .map((i) =>
        /Could not resolve "/.test(i.message)
          ? { ...i, message: i.message.replace(/ \(You can mark the path[^)]*\)$/, "") }
          : i,
      ),
  );
}

/** Create the dev loop's incremental builder for an extension directory. */
export async function createDevBuilder(
  root: string,
  opts: { outdir?: string; mode?: DepsMode } = {},
): Promise<DevBuilder> {
  const dir = path.resolve(root);
  let mode: DepsMode = opts.mode ?? "external";
  let ctx: esbuild.BuildContext | undefined;
  let ctxEntry: string | undefined;
  const bundlePath = bundlePathFor(dir, opts.outdir);
  return {
    bundlePath,
    get mode() {
      return mode;
    },
    async rebuild(): Promise<DevBundleResult> {
      const t0 = performance.now();
      const entry = findEntry(dir);
      if (!entry) {
        const message = `no entry point: ${path.join(dir, "src/index.ts")} does not exist`;
        const error = toDevError([
          { code: "E_BUILD_NO_ENTRY", message, fix: "create src/index.ts that exports your Extension" },
        ]);
        return { ok: false, bundleMs: 0, error };
      }
      try {
        if (ctx && ctxEntry !== entry) {
          await ctx.dispose();
          ctx = undefined;
        }
        ctxEntry = entry;
        ctx ??= await esbuild.context({
          ...esbuildOptions(dir, entry, { outdir: opts.outdir }),
          ...(mode === "external" ? { packages: "external" as const } : {}),
        });
        const res = await ctx.rebuild();
        if (res.errors.length)
          return { ok: false, bundleMs: performance.now() - t0, error: fromEsbuild(dir, res.errors) };
        return { ok: true, bundleMs: performance.now() - t0, bundlePath };
      } catch (err) {
        const errors = (err as { errors?: esbuild.Message[] }).errors ?? [];
        const error = errors.length
          ? fromEsbuild(dir, errors)
          : toDevError([{ code: "E_BUILD_COMPILE", message: String((err as Error)?.message ?? err) }]);
        return { ok: false, bundleMs: performance.now() - t0, error };
      }
    },
    async setMode(next: DepsMode) {
      if (next === mode) return;
      mode = next;
      await ctx?.dispose();
      ctx = undefined;
    },
    async dispose() {
      await ctx?.dispose();
      ctx = undefined;
    },
  };
}

const EXTERNAL_RESOLUTION_ERROR = new RegExp(
  [
    "ERR_MODULE_NOT_FOUND",
    "Cannot find (package|module)",
    "ERR_UNKNOWN_FILE_EXTENSION",
    "ERR_UNSUPPORTED_DIR_IMPORT",
    "does not provide an export named",
    "ERR_REQUIRE_ESM",
    "ERR_PACKAGE_PATH_NOT_EXPORTED",
  ].join("|"),
);

/** True when a load error means a bare import could not be resolved/loaded at run time (retry with deps bundled). */
export function isExternalResolutionError(message: string): boolean {
  return EXTERNAL_RESOLUTION_ERROR.test(message);
}

/** Result of checking a generated manifest: the manifest as `imperal build` would write it, or the first problem. */
export type ManifestCheck = { ok: true; manifest: Record<string, unknown> } | { ok: false; error: DevBuildError };

/**
 * Check the manifest the kernel's worker generated, exactly like `imperal build`: the icon exists (adds
 * `icon_size_bytes`), the JSON Schema (ajv, @imperal/sdk/manifest.schema.json) and the invariants. Cheap (no worker),
 * so the dev loop runs it before the swap.
 */
export function checkManifest(root: string, kernelManifest: Record<string, unknown>): ManifestCheck {
  const dir = path.resolve(root);
  const manifest = { ...kernelManifest };
  const issues: BuildIssue[] = [];
  if (typeof manifest.icon === "string" && manifest.icon) {
    try {
      const st = statSync(path.resolve(dir, manifest.icon));
      if (!st.isFile()) {
        const fix = "point `icon` at an SVG file in the extension root";
        issues.push({ code: "E_BUILD_ICON", message: `icon "${manifest.icon}" is not a regular file`, fix });
      } else manifest.icon_size_bytes = st.size;
    } catch {
      const fix = "add the icon file (an SVG with a viewBox) or fix the `icon` option";
      issues.push({
        code: "E_BUILD_ICON",
        message: `icon "${manifest.icon}" does not exist in the extension root`,
        fix,
      });
    }
  }
  const schema = validateManifestSchema(manifest);
  if (!schema.ok) {
    const message = `the generated manifest does not match manifest.schema.json: ${schema.errors.slice(0, 8).join("; ")}`;
    issues.push({ code: "E_BUILD_MANIFEST_SCHEMA", message, fix: "fix the registration the path points at" });
  }
  issues.push(...checkManifestInvariants(manifest));
  if (issues.length) return { ok: false, error: toDevError(issues, "E_BUILD_MANIFEST") };
  return { ok: true, manifest };
}

/** Result of writing `imperal.json`. */
export type ManifestWrite =
  { ok: true; changed: boolean; manifestMs: number } | { ok: false; error: DevBuildError; manifestMs: number };

/**
 * Write `imperal.json` from the manifest the kernel's worker generated while loading the build (no extra worker):
 * adds `icon_size_bytes`, checks the JSON Schema and the invariants exactly like `imperal build`, serializes with the
 * SDK's `serializeManifest` (same bytes as `imperal build`). Without a kernel manifest it falls back to the build's
 * own loader (`generateManifestFromBundle`).
 */
export async function writeManifest(
  root: string,
  bundlePath: string,
  kernelManifest: Record<string, unknown> | null | undefined,
): Promise<ManifestWrite> {
  const t0 = performance.now();
  const dir = path.resolve(root);
  const file = path.join(dir, "imperal.json");
  let text: string;
  if (kernelManifest) {
    const checked = checkManifest(dir, kernelManifest);
    if (!checked.ok) return { ok: false, error: checked.error, manifestMs: performance.now() - t0 };
    const manifest = checked.manifest;
    const sdk = (await import("@imperal/sdk")) as { serializeManifest(m: never): string };
    text = sdk.serializeManifest(manifest as never);
  } else {
    const m = await generateManifestFromBundle(bundlePath, { extensionDir: dir });
    if (!m.ok) return { ok: false, error: toDevError(m.errors, "E_BUILD_IMPORT"), manifestMs: performance.now() - t0 };
    text = m.manifestText;
  }
  const prev = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (prev !== text) writeFileSync(file, text);
  return { ok: true, changed: prev !== text, manifestMs: performance.now() - t0 };
}
