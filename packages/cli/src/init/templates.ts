import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The templates `imperal init` knows, in the order `--help` lists them. */
export const TEMPLATE_NAMES = ["notes", "tasks", "connector", "minimal"] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Metadata kept beside each template in `template.json` (never copied into the new extension). */
export interface TemplateMeta {
  name: TemplateName;
  summary: string;
  /** Longest tool/function/panel name the template registers; bounds the app id length (V26: `{app_id}__{name}` <= 64). */
  longestToolName: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

function isTemplatesDir(dir: string): boolean {
  return existsSync(path.join(dir, "minimal", "template.json"));
}

/**
 * Directory holding the templates. In a source checkout the repo's `templates/` wins (never stale);
 * an installed CLI uses the copy shipped in `dist/templates` (made by the cli build script).
 */
export function resolveTemplatesDir(): string {
  const repoRoot = path.resolve(here, "..", "..", "..", "..");
  const candidates = [
    ...(existsSync(path.join(repoRoot, "pnpm-workspace.yaml")) ? [path.join(repoRoot, "templates")] : []),
    path.resolve(here, "..", "templates"),
    path.resolve(here, "..", "..", "templates"),
  ];
  for (const c of candidates) if (isTemplatesDir(c)) return c;
  throw new Error(`templates not found (looked in ${candidates.join(", ")}); rebuild @imperal/cli`);
}

/** True when `name` is one of the known templates. */
export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

/** Read a template's metadata. */
export function readTemplateMeta(name: TemplateName, templatesDir = resolveTemplatesDir()): TemplateMeta {
  return JSON.parse(readFileSync(path.join(templatesDir, name, "template.json"), "utf8")) as TemplateMeta;
}

/** Every file of a template as paths relative to the template root (sorted, `/` separators), minus `template.json`. */
export function listTemplateFiles(name: TemplateName, templatesDir = resolveTemplatesDir()): string[] {
  const root = path.join(templatesDir, name);
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(root, rel)).sort()) {
      const r = rel ? `${rel}/${entry}` : entry;
      if (entry === "node_modules" || entry === "dist" || entry === ".imperal") continue;
      if (statSync(path.join(root, r)).isDirectory()) walk(r);
      else if (r !== "template.json" && r !== "imperal.json") out.push(r);
    }
  };
  walk("");
  return out;
}
