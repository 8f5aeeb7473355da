import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { CliError } from "../errors.js";

/** How the generated package.json refers to the `@imperal/*` packages. */
export type DepsMode =
  | { kind: "workspace"; root: string }
  | { kind: "local"; root: string; packages: Record<string, string> }
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

type Deps = Record<string, string>;
interface PackageJson {
  dependencies?: Deps;
  devDependencies?: Deps;
  overrides?: Record<string, string>;
  [k: string]: unknown;
}

/**
 * Rewrite every `@imperal/*` dependency for the chosen mode. `local` also adds npm `overrides` for every
 * `@imperal/*` package of the checkout, so transitive `workspace:*` specs inside them resolve under plain npm.
 */
export function rewriteImperalDeps(pkg: PackageJson, mode: DepsMode): PackageJson {
  const spec = (name: string): string => {
    if (mode.kind === "workspace") return "workspace:*";
    if (mode.kind === "registry") return `^${mode.version}`;
    const dir = mode.packages[name];
    if (!dir) throw new CliError("E_INIT_LOCAL", `--local checkout has no ${name}`, "update the checkout");
    return `file:${dir}`;
  };
  for (const field of ["dependencies", "devDependencies"] as const) {
    const deps = pkg[field];
    if (!deps) continue;
    for (const name of Object.keys(deps)) if (name.startsWith("@imperal/")) deps[name] = spec(name);
  }
  if (mode.kind === "local") {
    const overrides: Record<string, string> = { ...(pkg.overrides ?? {}) };
    for (const [name, dir] of Object.entries(mode.packages)) overrides[name] = `file:${dir}`;
    pkg.overrides = overrides;
  }
  return pkg;
}
