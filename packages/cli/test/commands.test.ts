import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/commands/registry.js";
import { createProgram } from "../src/program.js";
import { createRunState } from "../src/run-state.js";

const COMMANDS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "commands");

describe("command registry", () => {
  it("the program has exactly the registered commands, in registry order", () => {
    const program = createProgram(createRunState());
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
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

  it("each definition carries a description and a handler", () => {
    for (const c of COMMANDS) {
      expect(c.description.length, c.name).toBeGreaterThan(0);
      expect(typeof c.handler, c.name).toBe("function");
    }
  });
});
