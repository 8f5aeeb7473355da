import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { APP_ID_PATTERN } from "@imperal/sdk/patterns";
import { CliError } from "../errors.js";
import { appIdProblem, chatToolName, defaultDisplayName, scopeNamespace, suggestAppId } from "./app-id.js";
import { resolveDepsMode, resolveTarballsMode, rewriteImperalDeps, type DepsMode } from "./deps.js";
import {
  TEMPLATE_NAMES,
  isTemplateName,
  listTemplateFiles,
  readTemplateMeta,
  resolveTemplatesDir,
  type TemplateName,
} from "./templates.js";

/** Inputs of {@link initExtension}; every field maps to a CLI flag. */
export interface InitOptions {
  /** Target directory (relative to `cwd`). */
  dir: string;
  template: string;
  /** Defaults to the basename of `dir`. */
  appId?: string;
  /** Defaults to a title derived from the app id. */
  displayName?: string;
  /** Write into a non-empty directory (template files overwrite same-named files). */
  force?: boolean;
  /** Root of an imperal-ts checkout: deps become `file:` links to its packages. */
  local?: string;
  /** Directory of `pnpm pack` tarballs: deps become `file:` references to them. */
  fromTarballs?: string;
  cwd?: string;
}

/** What {@link initExtension} wrote. */
export interface InitResult {
  dir: string;
  appId: string;
  displayName: string;
  template: TemplateName;
  deps: DepsMode["kind"];
  /** Root of the enclosing imperal-ts workspace (deps `workspace:*`), of the `--local` checkout, or the tarballs' directory. */
  workspaceRoot?: string;
  /** Files written, relative to `dir`, `/` separators. */
  files: string[];
  /** Files that existed and were replaced (only with `force`). */
  overwritten: string[];
}

/** Files renamed on copy: npm drops `.gitignore`/`.npmrc` from published packages, so templates store them without the dot. */
const RENAMES: Record<string, string> = { _gitignore: ".gitignore", _npmrc: ".npmrc" };

/** Check an app id and throw a usage error with a suggestion when it does not fit the manifest pattern. */
export function assertAppId(id: string, source: "dir" | "flag", maxLength = 48): void {
  const tooLong = `it must be at most ${maxLength} characters for this template (V26: \`{app_id}__{tool}\` <= 64 chars)`;
  const problem = appIdProblem(id) ?? (id.length > maxLength ? tooLong : undefined);
  if (!problem) return;
  const suggestion = suggestAppId(id.split(/[/\\]/).filter(Boolean).join("-")).slice(0, maxLength).replace(/-+$/, "");
  const what =
    source === "dir" ? `the directory name "${id}" is not a valid app id` : `--app-id "${id}" is not a valid app id`;
  throw new CliError(
    "E_INIT_APP_ID",
    `${what}: ${problem} (pattern ${APP_ID_PATTERN.source})`,
    source === "dir"
      ? `use a directory named "${suggestion}", or pass --app-id ${suggestion}`
      : `pass --app-id ${suggestion}`,
  );
}

/** Longest app id a template allows: `{app_id}__{longest tool}` must stay within 64 characters (V26). */
export function maxAppIdLength(template: TemplateName): number {
  return Math.min(48, 64 - 2 - readTemplateMeta(template).longestToolName.length);
}

/** Scaffold a template into `opts.dir` (library form of `imperal init`; never prompts). */
export function initExtension(opts: InitOptions): InitResult {
  const cwd = opts.cwd ?? process.cwd();
  if (!isTemplateName(opts.template)) {
    throw new CliError(
      "E_INIT_TEMPLATE",
      `unknown template "${opts.template}"`,
      `use --template ${TEMPLATE_NAMES.join("|")}`,
    );
  }
  const template = opts.template;
  const templatesDir = resolveTemplatesDir();
  const maxIdLength = maxAppIdLength(template);

  const target = path.resolve(cwd, opts.dir);
  const appId = opts.appId ?? path.basename(target);
  assertAppId(appId, opts.appId === undefined ? "dir" : "flag", maxIdLength);

  const displayName = (opts.displayName ?? defaultDisplayName(appId)).trim();
  if (displayName.length < 3 || displayName === appId || /["`\\\n]/.test(displayName)) {
    throw new CliError(
      "E_INIT_DISPLAY_NAME",
      `--display-name "${displayName}" must be at least 3 characters, differ from the app id, and contain no quotes, backslashes or newlines (V15)`,
      `pass --display-name "${defaultDisplayName(appId)}"`,
    );
  }

  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) {
      throw new CliError("E_NO_DIR", `${opts.dir} exists and is not a directory`, "choose another directory name");
    }
    const entries = readdirSync(target).filter((e) => e !== ".git" && e !== ".DS_Store");
    if (entries.length && !opts.force) {
      throw new CliError(
        "E_INIT_DIR_NOT_EMPTY",
        `${opts.dir} is not empty (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""})`,
        "choose an empty or new directory, or pass --force to write the template files over it",
      );
    }
  }

  if (opts.local !== undefined && opts.fromTarballs !== undefined) {
    throw new CliError("E_USAGE", "--local and --from-tarballs exclude each other", "pass one of them");
  }
  const deps =
    opts.fromTarballs !== undefined
      ? resolveTarballsMode(opts.fromTarballs, cwd)
      : resolveDepsMode(target, opts.local, cwd);
  const vars: Record<string, string> = {
    __APP_ID__: appId,
    __DISPLAY_NAME__: displayName,
    __SCOPE_NS__: scopeNamespace(appId),
    __TOOL_NAME__: chatToolName(appId),
  };
  const substitute = (text: string): string =>
    text.replace(/__(APP_ID|DISPLAY_NAME|SCOPE_NS|TOOL_NAME)__/g, (m) => vars[m] ?? m);

  const files: string[] = [];
  const overwritten: string[] = [];
  for (const rel of listTemplateFiles(template, templatesDir)) {
    const base = path.posix.basename(rel);
    const outRel = path.posix.join(path.posix.dirname(rel), RENAMES[base] ?? base).replace(/^\.\//, "");
    let text = substitute(readFileSync(path.join(templatesDir, template, rel), "utf8"));
    if (outRel === "package.json") {
      text = JSON.stringify(rewriteImperalDeps(JSON.parse(text), deps), null, 2) + "\n";
    }
    const out = path.join(target, outRel);
    if (existsSync(out)) overwritten.push(outRel);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, text);
    files.push(outRel);
  }
  return {
    dir: target,
    appId,
    displayName,
    template,
    deps: deps.kind,
    ...(deps.kind !== "registry" ? { workspaceRoot: deps.root } : {}),
    files: files.sort(),
    overwritten,
  };
}
