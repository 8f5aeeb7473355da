// docs/cli.md is the CLI's reference; this keeps it in step with the command registry and the error-code list, so a
// new command, flag or code cannot ship undocumented.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCommands } from "../src/commands/registry.js";
import { CLI_ERROR_CODES, CLI_WARNING_CODES } from "../src/errors.js";
import { createProgram } from "../src/program.js";
import { createRunState } from "../src/run-state.js";
import { REPO_ROOT } from "./templates-helpers.js";

const DOC = readFileSync(path.join(REPO_ROOT, "docs", "cli.md"), "utf8");
const COMMANDS = await loadCommands();

/** The `## ...` sections of the page, by heading. */
const sections = DOC.split(/^(?=## )/m).map((s) => ({ heading: s.split("\n")[0]!, text: s }));
const sectionOf = (name: string) => sections.find((s) => s.heading.startsWith(`## \`imperal ${name}`));
const flagsOf = (flags: string) => flags.match(/--?[a-z][\w-]*/g) ?? [];

describe("docs/cli.md", () => {
  it("has a section for every registered command, and no others", () => {
    const documented = sections.map((s) => /^## `imperal (\w+)/.exec(s.heading)?.[1]).filter((n): n is string => !!n);
    expect(documented).toEqual(COMMANDS.map((c) => c.name));
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))("%s: every flag and argument is in its section", (_, c) => {
    const sec = sectionOf(c.name)!.text;
    for (const o of c.options ?? []) for (const f of flagsOf(o.flags)) expect(sec, `${c.name} ${f}`).toContain(`${f}`);
    for (const a of c.args ?? []) expect(sec, `${c.name} ${a.name}`).toMatch(new RegExp(`[[<]${a.name}[\\]>]`));
    expect(sec, `${c.name}: exit codes`).toMatch(/Exit codes/);
    expect(sec, `${c.name}: --json envelope`).toContain(`command: "${c.name}"`);
  });

  it("documents every global flag", () => {
    const program = createProgram(createRunState(), COMMANDS);
    const global = sections.find((s) => s.heading.startsWith("## Global flags"))!.text;
    for (const o of program.options) for (const f of flagsOf(o.flags)) expect(global, f).toContain(f);
    expect(global).toContain("--help");
  });

  it("lists every error and warning code of errors.ts", () => {
    const missing = [...CLI_ERROR_CODES, ...CLI_WARNING_CODES].filter((c) => !DOC.includes(c));
    expect(missing).toEqual([]);
  });

  it("is complete: no section is left to someone else", () => {
    expect(DOC).not.toMatch(/maintained by their owners/i);
  });
});
