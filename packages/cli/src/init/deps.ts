import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { CliError } from "../errors.js";

/** How the generated package.json refers to the `@imperal/*` packages. */
export type DepsMode =
  | { kind: "workspace"; root: string }
  | { kind: "local"; root: string; packages: Record<string, string> }
  | { kind: "tarballs"; root: string; packages: Record<string, string> }
  | { kind: "registry"; version: string };

/** `@imperal/*` packages of a checkout: package name -> absolute directory. */
export function findImperalPackages(repoRoot: string): Record<string, string> {
  const dir = path.join(repoRoot, "packages");
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir).sort()) {
    const pj = path.join(dir, entry, "package.json");
    if (!existsSync(pj)) continue;
    try {
      const name = (JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name;
      if (name?.startsWith("@imperal/")) out[name] = path.join(dir, entry);
    } catch {
      // an unreadable package.json is not one of ours
    }
  }
  return out;
}

/** The root of the imperal-ts pnpm workspace containing `dir`, if any. */
export function findImperalWorkspace(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    if (existsSync(path.join(cur, "pnpm-workspace.yaml")) && findImperalPackages(cur)["@imperal/sdk"]) return cur;
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/** The version of this CLI (used for registry ranges). */
export function cliVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("../../package.json") as { version: string }).version;
}

/** The imperal-ts checkout this CLI runs from, when it runs from one (not from a registry install). */
export function ownCheckout(): string | undefined {
  return findImperalWorkspace(path.dirname(fileURLToPath(import.meta.url)));
}

/**
 * Decide how deps are written: `--local` wins, then an enclosing workspace, then the checkout this CLI runs from
 * (the packages are not on a registry, so that is the only source that installs), else registry ranges.
 */
export function resolveDepsMode(
  targetDir: string,
  local: string | undefined,
  cwd = process.cwd(),
  selfCheckout: string | null = ownCheckout() ?? null,
): DepsMode {
  if (local !== undefined) {
    const root = path.resolve(cwd, local);
    const packages = findImperalPackages(root);
    const needed = ["@imperal/sdk", "@imperal/cli", "@imperal/validators"];
    const missing = needed.filter((n) => !packages[n]);
    if (missing.length) {
      throw new CliError(
        "E_INIT_LOCAL",
        `--local ${local}: ${root} is not an imperal-ts checkout (missing ${missing.join(", ")} under packages/)`,
        "pass the root of the imperal-ts repository, e.g. --local ~/src/imperal-ts",
      );
    }
    const unbuilt = Object.entries(packages).filter(([, d]) => !existsSync(path.join(d, "dist")));
    if (unbuilt.length) {
      throw new CliError(
        "E_INIT_LOCAL_UNBUILT",
        `--local ${local}: ${unbuilt.map(([n]) => n).join(", ")} not built (no dist/); npm links these directories as they are`,
        `run \`npx -y pnpm@10 install && npx -y pnpm@10 build\` in ${root}`,
      );
    }
    return { kind: "local", root, packages };
  }
  const ws = findImperalWorkspace(targetDir);
  if (ws) return { kind: "workspace", root: ws };
  if (selfCheckout) return resolveDepsMode(targetDir, selfCheckout, cwd, null);
  return { kind: "registry", version: cliVersion() };
}

/** `package/package.json` of an npm tarball (`.tgz`), read without unpacking it to disk. */
export function readTarballManifest(
  file: string,
): { name?: string; version?: string; dependencies?: Deps } | undefined {
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(file));
  } catch {
    return undefined;
  }
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    if (!name) return undefined;
    const prefix = header.subarray(345, 500).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(header.subarray(124, 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0", 8);
    const full = prefix ? `${prefix}/${name}` : name;
    if (/^[^/]+\/package\.json$/.test(full)) {
      try {
        return JSON.parse(tar.subarray(off + 512, off + 512 + size).toString("utf8")) as { name?: string };
      } catch {
        return undefined;
      }
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

const newer = (a: string, b: string): boolean => a.localeCompare(b, undefined, { numeric: true }) > 0;

/**
 * `--from-tarballs <dir>`: the `@imperal/*` tarballs made by `pnpm pack` in that directory (the newest version of
 * each). Every `@imperal/*` package they depend on must be there too, since none of them is on a registry.
 */
export function resolveTarballsMode(dirArg: string, cwd = process.cwd()): DepsMode {
  const root = path.resolve(cwd, dirArg);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new CliError(
      "E_INIT_TARBALLS",
      `--from-tarballs ${dirArg}: ${root} is not a directory`,
      "pass the directory holding the .tgz files made by `pnpm pack` in each packages/* of imperal-ts",
    );
  }
  const found: Record<string, { file: string; version: string; deps: string[] }> = {};
  for (const f of readdirSync(root)
    .filter((f) => f.endsWith(".tgz"))
    .sort()) {
    const file = path.join(root, f);
    const m = readTarballManifest(file);
    if (!m?.name?.startsWith("@imperal/") || !m.version) continue;
    const prev = found[m.name];
    if (prev && !newer(m.version, prev.version)) continue;
    const deps = Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith("@imperal/"));
    found[m.name] = { file, version: m.version, deps };
  }
  const needed = new Set(["@imperal/sdk", "@imperal/cli", ...Object.values(found).flatMap((p) => p.deps)]);
  const missing = [...needed].filter((n) => !found[n]).sort();
  if (missing.length) {
    throw new CliError(
      "E_INIT_TARBALLS",
      `--from-tarballs ${dirArg}: no tarball of ${missing.join(", ")} in ${root}`,
      `run \`pnpm pack --pack-destination ${root}\` in each packages/* directory of imperal-ts (after \`pnpm build\`)`,
    );
  }
  const packages = Object.fromEntries(Object.entries(found).map(([n, p]) => [n, p.file]));
  return { kind: "tarballs", root, packages };
}

type Deps = Record<string, string>;
interface PackageJson {
  dependencies?: Deps;
  devDependencies?: Deps;
  overrides?: Record<string, string>;
  [k: string]: unknown;
}

/**
 * Rewrite every `@imperal/*` dependency for the chosen mode. `local` and `tarballs` also add npm `overrides` for
 * every `@imperal/*` package, so the specs inside them (`workspace:*` in a checkout, the exact versions `pnpm pack`
 * writes in a tarball) resolve under plain npm to those same directories or tarballs, never to a registry.
 */
export function rewriteImperalDeps(pkg: PackageJson, mode: DepsMode): PackageJson {
  const spec = (name: string): string => {
    if (mode.kind === "workspace") return "workspace:*";
    if (mode.kind === "registry") return `^${mode.version}`;
    const dir = mode.packages[name];
    if (!dir && mode.kind === "tarballs")
      throw new CliError("E_INIT_TARBALLS", `--from-tarballs has no tarball of ${name}`, "pack that package too");
    if (!dir) throw new CliError("E_INIT_LOCAL", `--local checkout has no ${name}`, "update the checkout");
    return `file:${dir}`;
  };
  for (const field of ["dependencies", "devDependencies"] as const) {
    const deps = pkg[field];
    if (!deps) continue;
    for (const name of Object.keys(deps)) if (name.startsWith("@imperal/")) deps[name] = spec(name);
  }
  if (mode.kind === "local" || mode.kind === "tarballs") {
    const overrides: Record<string, string> = { ...(pkg.overrides ?? {}) };
    for (const [name, dir] of Object.entries(mode.packages)) overrides[name] = `file:${dir}`;
    pkg.overrides = overrides;
  }
  return pkg;
}
