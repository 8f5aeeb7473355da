// Every error code the SDK throws or returns must be listed in src/errors/codes.ts. The source scan below catches a
// new code spelled as a literal anywhere in src, so the list cannot silently fall behind.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ERROR_CODE_PATTERN,
  Extension,
  ImperalError,
  ManifestError,
  RegistrationError,
  SDK_ERROR_CODES,
  SecretNotDeclared,
  SkeletonAccessForbidden,
  StoreConflict,
  TaskCancelled,
  ValidationError,
  executeTool,
  isSdkErrorCode,
} from "../src/index.js";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const CODES_FILE = "errors/codes.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}
const files = sourceFiles(SRC)
  .map((f) => ({ name: relative(SRC, f).split("\\").join("/"), text: readFileSync(f, "utf8") }))
  .filter((f) => f.name !== CODES_FILE);

const listed = new Set<string>(Object.values(SDK_ERROR_CODES));
/** Upper-case literals in src that are not error codes. */
const NOT_CODES = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "NOTE_NOT_FOUND"]);

/** Every `[file, code]` pair matching `re` (group 1 is the code) across src. */
function scan(re: RegExp): [string, string][] {
  return files.flatMap((f) => [...f.text.matchAll(re)].map((m) => [f.name, m[1]] as [string, string]));
}

describe("SDK_ERROR_CODES", () => {
  it("maps each code to itself, all UPPER_SNAKE_CASE and ActionResult-compatible", () => {
    const entries = Object.entries(SDK_ERROR_CODES);
    expect(entries.length).toBeGreaterThan(50);
    for (const [k, v] of entries) {
      expect(v).toBe(k);
      expect(ERROR_CODE_PATTERN.test(v), v).toBe(true);
    }
    expect(new Set(Object.values(SDK_ERROR_CODES)).size).toBe(entries.length);
  });

  it("isSdkErrorCode knows exactly the listed codes", () => {
    expect(isSdkErrorCode("INVALID_NAME")).toBe(true);
    expect(isSdkErrorCode("TASK_CANCELLED")).toBe(true);
    expect(isSdkErrorCode("NOTE_NOT_FOUND")).toBe(false);
    expect(isSdkErrorCode("invalid_name")).toBe(false);
    expect(isSdkErrorCode(42)).toBe(false);
  });

  it("the source scan sees the source", () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.some((f) => f.name === "registry/extension.ts")).toBe(true);
  });

  it("lists every code literal used in a code position in src", () => {
    const positions = [
      /\bcode:\s*["'`]([A-Z][A-Z0-9_]{2,})["'`]/g, // { code: "X" } in objects and result types
      /\bcode\s*[!=]==\s*["'`]([A-Z][A-Z0-9_]{2,})["'`]/g, // err.code === "X"
      /\b(?:fail|bad)\(\s*["'`]([A-Z][A-Z0-9_]{2,})["'`]/g, // registration / dispatch helpers
      /\bnew\s+[A-Za-z]*Error\(\s*["'`]([A-Z][A-Z0-9_]{2,})["'`]/g, // new ImperalError("X", ...)
    ];
    // code: "A" | "B" in result types: every member of the union.
    const unions = scan(/\bcode:\s*((?:["'][A-Z][A-Z0-9_]{2,}["']\s*\|\s*)+["'][A-Z][A-Z0-9_]{2,}["'])/g).flatMap(
      ([file, union]) => union.split("|").map((m) => [file, m.trim().slice(1, -1)] as [string, string]),
    );
    expect(unions.map(([, c]) => c)).toContain("VALIDATION_MISSING_FIELD");
    const missing = [...positions.flatMap((re) => scan(re)), ...unions].filter(([, c]) => !listed.has(c));
    expect(missing).toEqual([]);
  });

  it("lists every upper-case string literal in src that is not known to be something else", () => {
    const unknown = scan(/["'`]([A-Z][A-Z0-9_]{2,})["'`]/g).filter(([, c]) => !listed.has(c) && !NOT_CODES.has(c));
    expect(unknown).toEqual([]);
    // The allowlist must not hide a real code.
    for (const c of NOT_CODES) expect(listed.has(c), c).toBe(false);
  });

  it("every SDK_ERROR_CODES.X reference in src names a listed code", () => {
    const refs = scan(/SDK_ERROR_CODES\.([A-Za-z0-9_]+)/g);
    expect(refs.length).toBeGreaterThan(80);
    expect(refs.filter(([, c]) => !listed.has(c))).toEqual([]);
  });

  it("every listed code is produced somewhere in src (no stale entries)", () => {
    const used = new Set([
      ...scan(/SDK_ERROR_CODES\.([A-Z][A-Z0-9_]+)/g).map(([, c]) => c),
      ...scan(/["'`]([A-Z][A-Z0-9_]{2,})["'`]/g).map(([, c]) => c),
    ]);
    expect([...listed].filter((c) => !used.has(c))).toEqual([]);
  });

  it("src has one error shape: no plain Error and no Object.assign(new Error(...))", () => {
    const offenders = files
      .filter((f) => /\bnew Error\(|Object\.assign\(\s*new \w*Error/.test(f.text))
      .map((f) => f.name);
    expect(offenders).toEqual([]);
  });
});

describe("thrown and returned codes come from the list", () => {
  it("the named error classes carry listed codes, a message and a fix", () => {
    const errors: ImperalError[] = [
      new SkeletonAccessForbidden("chat"),
      new StoreConflict("notes", "n1"),
      new SecretNotDeclared("api_key"),
      new ValidationError("bad"),
      new TaskCancelled(),
    ];
    for (const e of errors) {
      expect(isSdkErrorCode(e.code), e.name).toBe(true);
      expect(e.message).not.toBe("");
      expect(typeof e.fix).toBe("string");
      if (!(e instanceof ValidationError)) expect(e.fix, e.name).not.toBe("");
      expect(Object.keys(e.toJSON())).toEqual(["name", "code", "message", "fix"]);
    }
    expect(new ValidationError("bad").code).toBe(SDK_ERROR_CODES.VALIDATION_ERROR);
    // Public constructor signatures are unchanged and still accept any code.
    expect(new ImperalError("CUSTOM_CODE", "m", "f").code).toBe("CUSTOM_CODE");
    expect(new ValidationError("m", { code: "CUSTOM_CODE", fix: "f" })).toMatchObject({
      code: "CUSTOM_CODE",
      fix: "f",
    });
    expect(new RegistrationError("CUSTOM_CODE", "m", "f")).toMatchObject({
      code: "CUSTOM_CODE",
      name: "RegistrationError",
    });
    expect(new ManifestError("CUSTOM_CODE", "m", "f")).toMatchObject({ code: "CUSTOM_CODE", name: "ManifestError" });
  });

  it("registration errors use listed codes", () => {
    const codeOf = (f: () => unknown): string => {
      try {
        f();
      } catch (err) {
        return (err as ImperalError).code;
      }
      throw new ImperalError("DID_NOT_THROW", "expected a throw", "");
    };
    expect(codeOf(() => new Extension("Bad App", { version: "1.0.0" }))).toBe(SDK_ERROR_CODES.INVALID_APP_ID);
    expect(codeOf(() => new Extension("good-app", { version: "1" }))).toBe(SDK_ERROR_CODES.INVALID_VERSION);
    const ext = new Extension("good-app", { version: "1.0.0" });
    expect(codeOf(() => ext.tool("skeleton_refresh_x", { description: "d" }, () => null))).toBe(
      SDK_ERROR_CODES.SKELETON_VIA_TOOL,
    );
    expect(codeOf(() => ext.panel("p", { slot: "main" as never }, (() => null) as never))).toBe(
      SDK_ERROR_CODES.INVALID_SLOT,
    );
  });

  it("dispatch outcomes use listed codes", async () => {
    const ext = new Extension("dispatch-app", { version: "1.0.0" });
    ext.tool("echo", { description: "Echo" }, (_ctx: unknown, p: unknown) => p);
    const unknown = await executeTool(ext, "nope", {}, {});
    const badArgs = await executeTool(ext, "echo", [1], {});
    expect(unknown).toMatchObject({ ok: false, code: SDK_ERROR_CODES.UNKNOWN_TOOL });
    expect(badArgs).toMatchObject({ ok: false, code: SDK_ERROR_CODES.INVALID_ARGS });
  });
});
