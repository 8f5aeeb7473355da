import path from "node:path";
import kleur from "kleur";
import { CliError } from "../errors.js";
import { printEnvelope } from "../output.js";
import type { RunState } from "../run-state.js";
import { assertAppId, initExtension, maxAppIdLength, type InitResult } from "../init/scaffold.js";
import { TEMPLATE_NAMES, isTemplateName } from "../init/templates.js";
import { defaultDisplayName } from "../init/app-id.js";
import { ask, askChoice } from "../init/prompt.js";
import { defineCommand } from "./define.js";

interface InitFlags {
  template?: string;
  appId?: string;
  displayName?: string;
  force?: boolean;
  yes?: boolean;
  local?: string;
  fromTarballs?: string;
}

const DEFAULT_TEMPLATE = "minimal";

function askTemplate(first?: string): Promise<string> {
  return askChoice(`Template (${TEMPLATE_NAMES.join(", ")})`, TEMPLATE_NAMES, DEFAULT_TEMPLATE, undefined, first);
}

function missing(flag: string, what: string): CliError {
  return new CliError(
    "E_INIT_MISSING_ANSWER",
    `${what} is required when stdin is not a terminal`,
    `pass ${flag} (or --yes to take the defaults)`,
  );
}

/** `imperal init [dir] --template <t>`. */
export const initCommand = defineCommand<{ dir: string | undefined }, InitFlags>({
  name: "init",
  description: "scaffold a new extension from a template (offline)",
  args: [
    {
      name: "dir",
      description: "directory to create; its basename becomes the app id (default with --yes: the current directory)",
    },
  ],
  options: [
    { flags: "-t, --template <name>", description: `template: ${TEMPLATE_NAMES.join(" | ")}` },
    { flags: "--app-id <id>", description: "app id (default: the directory's basename)" },
    { flags: "--display-name <name>", description: "display name (default: derived from the app id)" },
    { flags: "-f, --force", description: "write into a non-empty directory" },
    { flags: "-y, --yes", description: "take the defaults for every unanswered question" },
    {
      flags: "--local <repo-root>",
      description: "depend on the @imperal/* packages of this checkout (file: links) instead of the registry",
    },
    {
      flags: "--from-tarballs <dir>",
      description: "depend on the @imperal/* tarballs in <dir> (made by `pnpm pack`) instead of the registry",
    },
  ],
  async handler({ dir: dirArg }, flags, { state }) {
    const interactive = !!process.stdin.isTTY && !flags.yes && !state.output.json;
    let dir = dirArg;
    if (dir === undefined) {
      if (flags.yes) dir = ".";
      else if (interactive) dir = await ask("Directory for the new extension", "my-extension");
      else throw missing("a [dir] argument", "the target directory");
    }
    let template = flags.template;
    if (template === undefined) {
      if (flags.yes) template = DEFAULT_TEMPLATE;
      else if (interactive) template = await askTemplate();
      else throw missing("--template <notes|tasks|connector|minimal>", "the template");
    }
    // In a terminal a typo is asked again (with the closest name), here or in --template.
    if (interactive && !isTemplateName(template)) template = await askTemplate(template);
    if (!isTemplateName(template)) {
      throw new CliError(
        "E_INIT_TEMPLATE",
        `unknown template "${template}"`,
        `use --template ${TEMPLATE_NAMES.join("|")}`,
      );
    }
    let displayName = flags.displayName;
    if (displayName === undefined && interactive) {
      const appId = flags.appId ?? path.basename(path.resolve(dir));
      assertAppId(appId, flags.appId === undefined ? "dir" : "flag", maxAppIdLength(template)); // fail before more questions
      displayName = await ask("Display name", defaultDisplayName(appId));
    }
    const result = initExtension({
      dir,
      template,
      appId: flags.appId,
      displayName,
      force: flags.force,
      local: flags.local,
      fromTarballs: flags.fromTarballs,
    });
    report(result, dir, state);
  },
});

function report(r: InitResult, dirArg: string, state: RunState): void {
  const rel = path.relative(process.cwd(), r.dir) || ".";
  // Inside the workspace the packages resolve from the enclosing node_modules (or add the directory to
  // pnpm-workspace.yaml); elsewhere a plain npm install links or downloads them.
  const bin =
    r.deps === "workspace" && r.workspaceRoot
      ? `node ${path.relative(r.dir, path.join(r.workspaceRoot, "packages", "cli", "bin", "imperal.mjs"))}`
      : "npx imperal";
  const next = [
    ...(rel === "." ? [] : [`cd ${rel.includes(" ") ? JSON.stringify(rel) : rel}`]),
    ...(r.deps === "workspace" ? [] : ["npm install"]),
    `${bin} validate`,
    `${bin} build`,
    "npm test",
    `${bin} dev`,
  ];
  if (state.output.json) {
    printEnvelope("init", true, {
      dir: r.dir,
      app_id: r.appId,
      display_name: r.displayName,
      template: r.template,
      deps: r.deps,
      files: r.files,
      overwritten: r.overwritten,
      next_steps: next,
    });
    return;
  }
  const out = process.stdout;
  const created = `Created ${kleur.bold(r.appId)} (${r.displayName}) from the ${kleur.cyan(r.template)} template in ${dirArg}`;
  out.write(`${kleur.green("✔")} ${created}\n`);
  for (const f of r.files)
    out.write(`  ${r.overwritten.includes(f) ? kleur.yellow("overwrote") : kleur.dim("wrote")} ${f}\n`);
  if (r.deps === "tarballs")
    out.write(`  @imperal/* packages come from the tarballs in ${r.workspaceRoot} (file: deps + overrides)\n`);
  if (r.deps === "local") out.write(`  @imperal/* packages are linked from your checkout (file: deps + overrides)\n`);
  if (r.deps === "workspace") out.write(`  @imperal/* packages resolve from the enclosing workspace (workspace:*)\n`);
  out.write(`\nNext steps:\n${next.map((s) => `  ${s}`).join("\n")}\n`);
}
