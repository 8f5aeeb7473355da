import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES, loadCommands } from "../src/commands/registry.js";
import { createProgram } from "../src/program.js";
import { createRunState } from "../src/run-state.js";

const COMMANDS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "commands");

const COMMANDS = await loadCommands();

describe("command registry", () => {
  it("the program has exactly the registered commands, in registry order", () => {
    const program = createProgram(createRunState(), COMMANDS);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    expect(COMMAND_NAMES).toEqual(COMMANDS.map((c) => c.name));
    expect(COMMANDS.map((c) => c.name)).toEqual(["init", "validate", "build", "dev", "chat", "eval"]);
  });

  it("every command module is registered, and none imports the program", () => {
    const modules = readdirSync(COMMANDS_DIR).filter(
      (f) => f.endsWith(".ts") && f !== "define.ts" && f !== "registry.ts",
    );
    expect(modules.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const f of readdirSync(COMMANDS_DIR)) {
      expect(readFileSync(path.join(COMMANDS_DIR, f), "utf8"), f).not.toMatch(/from "\.\.\/program\.js"/);
    }
  });

  it("running a command loads only that command's module (build never loads dev, chat, eval or init)", async () => {
    const { spawnSync } = await import("node:child_process");
    const bin = path.join(COMMANDS_DIR, "..", "..", "bin", "imperal.mjs");
    // NODE_DEBUG=esm makes node log every module it loads (on stderr)
    const loads = (args: string[]) => {
      const r = spawnSync(process.execPath, [bin, ...args], {
        encoding: "utf8",
        env: { ...process.env, NODE_DEBUG: "esm" },
      });
      expect(r.status, r.stderr.slice(-500)).toBe(0);
      return new Set([...r.stderr.matchAll(/cli\/dist\/([\w/.-]+\.js)/g)].map((m) => m[1]!));
    };
    const build = loads(["build", "--help"]);
    expect(build.has("commands/build.js")).toBe(true);
    expect(
      [...build].filter((f) => /^(dev|chat|eval|init)\/|^commands\/(dev|chat|eval|init|validate)\.js$/.test(f)),
    ).toEqual([]);
    const all = loads(["--help"]);
    for (const name of COMMAND_NAMES) expect(all.has(`commands/${name}.js`), name).toBe(true);
  });

  it("each definition carries a description and a handler", () => {
    for (const c of COMMANDS) {
      expect(c.description.length, c.name).toBeGreaterThan(0);
      expect(typeof c.handler, c.name).toBe("function");
    }
  });
});
