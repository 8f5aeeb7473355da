/**
 * Module aliases of the extension: tsconfig.json `compilerOptions.paths`/`baseUrl` and package.json `imports`.
 * Both files are read through `readRootConfig`, so a config symlinked out of the root is ignored (and reported),
 * never opened.
 */
import * as path from "node:path";
import { readRootConfig, type Skipped } from "./files.js";
import type { Model } from "./model.js";

const MAX_CONFIG_BYTES = 1024 * 1024;

/** Parse JSON, or tsconfig's JSON with comments and trailing commas; undefined when it is neither. */
function parseConfig(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    try {
      const stripped = text
        .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str: string | undefined) => str ?? "")
        .replace(/,(\s*[}\]])/g, "$1");
      return JSON.parse(stripped) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
}

/** Set the model's aliases from the root's configs; returns the configs that were ignored. */
export function loadAliases(root: string, model: Model): Skipped[] {
  const skipped: Skipped[] = [];
  const read = (name: string): Record<string, unknown> | undefined => {
    const r = readRootConfig(root, name, MAX_CONFIG_BYTES);
    if (r.skipped) skipped.push(r.skipped);
    return r.text === undefined ? undefined : parseConfig(r.text);
  };
  const tsconfig = read("tsconfig.json");
  const co = (tsconfig?.compilerOptions ?? {}) as { baseUrl?: unknown; paths?: unknown };
  const baseUrl = typeof co.baseUrl === "string" ? path.resolve(root, co.baseUrl) : undefined;
  if (baseUrl) model.baseUrl = baseUrl;
  if (co.paths && typeof co.paths === "object") {
    for (const [pattern, targets] of Object.entries(co.paths as Record<string, unknown>)) {
      if (!Array.isArray(targets)) continue;
      model.aliases.push({
        pattern,
        targets: targets.filter((t): t is string => typeof t === "string").map((t) => path.resolve(baseUrl ?? root, t)),
      });
    }
  }
  const pkg = read("package.json");
  if (pkg?.imports && typeof pkg.imports === "object") {
    for (const [pattern, target] of Object.entries(pkg.imports as Record<string, unknown>)) {
      // a conditional entry ({ "import": "./src/x.ts", ... }): its first string target
      const conditional = target && typeof target === "object" ? Object.values(target as Record<string, unknown>) : [];
      const t = typeof target === "string" ? target : conditional.find((x) => typeof x === "string");
      if (typeof t === "string") model.aliases.push({ pattern, targets: [path.resolve(root, t)] });
    }
  }
  return skipped;
}
