import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { validateSources, type SourceText } from "../src/index.js";
import { ruleCases } from "./rule-cases.js";
import { HEADER, BASE_APP, makeExt, cleanupTemp } from "./helpers.js";

afterAll(cleanupTemp);

const here = path.dirname(fileURLToPath(import.meta.url));

/** mulberry32: small seeded PRNG so every run feeds the same inputs */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): string[] {
  const out: string[] = [BASE_APP];
  for (const fx of ["clean-notes", "violations"]) {
    const src = path.join(here, "fixtures", fx, "src");
    for (const f of fs.readdirSync(src)) out.push(fs.readFileSync(path.join(src, f), "utf8"));
  }
  for (const c of ruleCases) for (const ex of [c.fail, c.pass]) if (ex.body) out.push(HEADER + ex.body);
  return out;
}

const ODD = [
  "\u202e",
  "\u200b",
  "\ufeff",
  "\ud800",
  "\udc00",
  "😀",
  "\u0000",
  "\u2028",
  "\u2029",
  "\r",
  "`${",
  "/*",
  "*/",
  "<",
  "@",
  "#!",
  "\\u{",
  "'",
  '"',
  "/",
  "=>",
  "?.",
  "!",
];
const BRACKETS = ["{", "}", "(", ")", "[", "]", "<", ">"];

function mutate(src: string, rnd: () => number, i: number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const pos = () => Math.floor(rnd() * (src.length + 1));
  switch (i % 8) {
    case 0: // random cut
      return src.slice(0, pos());
    case 1: {
      // delete a random range
      const a = pos();
      return src.slice(0, a) + src.slice(a + Math.floor(rnd() * 200));
    }
    case 2: {
      // unbalanced brackets sprinkled in
      let s = src;
      for (let k = 0; k < 1 + Math.floor(rnd() * 6); k++) {
        const p = Math.floor(rnd() * (s.length + 1));
        s = s.slice(0, p) + pick(BRACKETS) + s.slice(p);
      }
      return s;
    }
    case 3: {
      // odd unicode
      let s = src;
      for (let k = 0; k < 1 + Math.floor(rnd() * 8); k++) {
        const p = Math.floor(rnd() * (s.length + 1));
        s = s.slice(0, p) + pick(ODD) + s.slice(p);
      }
      return s;
    }
    case 4: // a huge line
      return src.slice(0, pos()) + 'const x = "' + "a".repeat(50_000 + Math.floor(rnd() * 50_000)) + '";\n' + src;
    case 5: // deep nesting
      return src + "\nconst deep = " + "[".repeat(500 + Math.floor(rnd() * 1500)) + "1;\n";
    case 6: {
      // swap two random lines and cut
      const lines = src.split("\n");
      const a = Math.floor(rnd() * lines.length);
      const b = Math.floor(rnd() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join("\n").slice(0, pos() + 20);
    }
    default: {
      // random bytes
      const n = 1 + Math.floor(rnd() * 300);
      let s = "";
      for (let k = 0; k < n; k++) s += String.fromCharCode(Math.floor(rnd() * 0x3000));
      return src.slice(0, pos()) + s;
    }
  }
}

describe("robustness (fuzz, fixed seed)", () => {
  it("never throws on 240 malformed or truncated sources and always returns findings", async () => {
    const root = makeExt({ "src/index.ts": HEADER });
    const rnd = prng(0x1badb002);
    const base = corpus();
    let parseFindings = 0;
    for (let i = 0; i < 240; i++) {
      const src = mutate(base[i % base.length]!, rnd, i);
      const sources: SourceText[] = [
        { path: "src/app.ts", text: i % 3 === 0 ? mutate(BASE_APP, rnd, i + 1) : BASE_APP },
        { path: "src/index.ts", text: src },
      ];
      let result;
      try {
        result = await validateSources(root, sources, { env: {} });
      } catch (err) {
        throw new Error(`validator threw on case ${i}: ${(err as Error).stack}\n--- source ---\n${src.slice(0, 500)}`);
      }
      expect(Array.isArray(result.findings)).toBe(true);
      for (const f of result.findings) {
        expect(f.message, `case ${i}`).not.toMatch(/internal error/);
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.column).toBeGreaterThanOrEqual(1);
      }
      parseFindings += result.findings.filter((f) => f.rule === "PARSE").length;
    }
    expect(parseFindings).toBeGreaterThan(100);
  }, 120_000);

  it("binary garbage and empty files", async () => {
    const root = makeExt({ "src/index.ts": HEADER });
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString("latin1");
    const r = await validateSources(root, [
      { path: "src/a.ts", text: garbage },
      { path: "src/b.ts", text: "" },
      { path: "src/c.js", text: "\u0000\u0000" },
    ]);
    expect(r.findings.some((f) => f.rule === "PARSE" && f.file === "src/a.ts")).toBe(true);
  });
});
