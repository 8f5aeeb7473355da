import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  asCliError,
  CLI_ERROR_CODES,
  CLI_WARNING_CODES,
  CliError,
  DEV_FRONT_HTTP_CODES,
  EXIT,
  isCliErrorCode,
  relayed,
} from "../src/errors.js";

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src");

function sources(dir = SRC): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") ? [{ file: path.relative(SRC, p), text: readFileSync(p, "utf8") }] : [];
  });
}

describe("error codes", () => {
  const files = sources().filter((f) => f.file !== "errors.ts");
  const used = (re: RegExp) => new Set(files.flatMap((f) => [...f.text.matchAll(re)].map((m) => m[1]!)));

  // The list is the --json contract: a code spelled in the source but missing from it would be undocumented.
  it("every E_/W_ code in the source is listed in errors.ts, and every listed code is used", () => {
    const errors = used(/"(E_[A-Z0-9_]+)"/g);
    const warnings = used(/"(W_[A-Z0-9_]+)"/g);
    expect([...errors].filter((c) => !isCliErrorCode(c))).toEqual([]);
    expect([...warnings].filter((c) => !(CLI_WARNING_CODES as readonly string[]).includes(c))).toEqual([]);
    expect(CLI_ERROR_CODES.filter((c) => !errors.has(c))).toEqual([]);
    expect(new Set(CLI_ERROR_CODES).size).toBe(CLI_ERROR_CODES.length);
    const front = readFileSync(path.join(SRC, "dev", "front.ts"), "utf8");
    for (const c of DEV_FRONT_HTTP_CODES) expect(front).toContain(`"${c}"`);
  });

  it("one code per condition: a missing directory is E_NO_DIR in every command", () => {
    expect(CLI_ERROR_CODES.filter((c) => /NO_DIR$|NOT_DIR$|NOT_A_DIR$|NOT_EXTENSION$/.test(c))).toEqual(["E_NO_DIR"]);
  });

  it("no ad-hoc coded errors: CliError is the one error shape", () => {
    expect(files.filter((f) => /Object\.assign\(\s*new Error/.test(f.text)).map((f) => f.file)).toEqual([]);
  });

  it("CliError takes (code, message, fix, exit); exit defaults to usage", () => {
    const e = new CliError("E_BAD_PORT", "bad port", "use --port 7777", EXIT.INTERNAL);
    expect(e).toMatchObject({
      code: "E_BAD_PORT",
      message: "bad port",
      fix: "use --port 7777",
      exit: 3,
      name: "CliError",
    });
    expect(new CliError("E_USAGE", "x").exit).toBe(EXIT.USAGE);
  });

  it("asCliError keeps a lower layer's code and fix, and fills in what it lacks", () => {
    const fallback = { code: "E_DEV_START", fix: "run with --verbose for details" } as const;
    const own = asCliError(new CliError("E_KERNEL_MISSING", "gone", "build it"), fallback, EXIT.INTERNAL);
    expect(own).toMatchObject({ code: "E_KERNEL_MISSING", message: "gone", fix: "build it", exit: 3 });
    const node = asCliError(
      Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" }),
      fallback,
      EXIT.INTERNAL,
    );
    expect(node).toMatchObject({ code: "EADDRINUSE", fix: "run with --verbose for details" });
    expect(asCliError(new Error("boom"), fallback, EXIT.INTERNAL).code).toBe("E_DEV_START");
    expect(new CliError(relayed("FORBIDDEN"), "no").code).toBe("FORBIDDEN");
  });
});
