import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KERNEL_ERROR_CODES } from "../src/errors.js";
import { here } from "./helpers.js";

const SRC = join(here, "..", "src");
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}
const files = sources(SRC).map((p) => ({ p, text: readFileSync(p, "utf8") }));
const listed = new Set<string>(Object.values(KERNEL_ERROR_CODES).flat());

describe("the kernel's error codes", () => {
  it("every code the kernel throws or answers with is listed in errors.ts", () => {
    const used = new Set<string>();
    const patterns = [
      /KernelError\(\s*"([A-Z][A-Z0-9_]+)"/g,
      /clientError\(\s*"[A-Za-z]+",\s*"([A-Z][A-Z0-9_]+)"/g,
      /\b(?:code|errorCode|error_code):\s*"([A-Z][A-Z0-9_]+)"/g,
      /\bcode === "([A-Z][A-Z0-9_]+)"/g,
    ];
    for (const { text } of files) for (const re of patterns) for (const m of text.matchAll(re)) used.add(m[1]!);
    used.delete("EADDRINUSE"); // an errno read from node, not one of ours
    used.delete("ERR_WORKER_OUT_OF_MEMORY"); // node's code for a worker past its heap limit (we answer MEMORY_LIMIT)
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((c) => !listed.has(c)).sort()).toEqual([]);
  });

  it("lists each code once, all in the ERROR_CODE shape", () => {
    const all = Object.values(KERNEL_ERROR_CODES).flat();
    expect(all.length).toBe(listed.size);
    for (const c of all) expect(c).toMatch(/^[A-Z][A-Z0-9_]{2,63}$/);
  });

  it("one module writes audit rows and no module builds errors ad hoc", () => {
    const writers = files.filter((f) => /INSERT\s+INTO\s+audit\b/i.test(f.text)).map((f) => f.p.slice(SRC.length + 1));
    expect(writers).toEqual(["state/audit.ts"]);
    const adHoc = files
      .filter((f) => /Object\.assign\(\s*new Error/.test(f.text))
      .map((f) => f.p.slice(SRC.length + 1));
    expect(adHoc).toEqual([]);
  });
});
