/**
 * Regressions found by the hostile suite (SPEC 7.11, 10): registrations spelled so the engine cannot follow them,
 * files skipped by caps, configs and sources symlinked out of the root, and nesting deep enough to break a
 * recursive parser or walker. Each case failed (silently passed or crashed) before the fix. V21 bypasses are in
 * icon-security.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HEADER, HEADER_LINES, brief, cleanupTemp, makeExt, validate } from "./helpers.js";
import { validateExtension, type ValidateResult } from "../src/index.js";

afterAll(cleanupTemp);

const OPTS = `{ description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }`;
const H = `async () => { console.log("x"); return ActionResult.success({ ok: true }, "ok"); }`;
const cannotVerify = (r: ValidateResult) => r.findings.filter((f) => f.rule === "CANNOT-VERIFY");

describe("registrations the engine cannot follow are CANNOT-VERIFY warnings naming the call", () => {
  const spellings: [string, string, string][] = [
    ["element access", `chat["function"]("create_note", ${OPTS}, ${H});`, 'chat["function"](...)'],
    ["computed method", `const m = "function" as const;\nchat[m]("create_note", ${OPTS}, ${H});`, "chat[m](...)"],
    ["bind", `chat.function.bind(chat)("create_note", ${OPTS}, ${H});`, "chat.function.bind(chat)(...)"],
    ["call", `chat.function.call(chat, "create_note", ${OPTS}, ${H});`, "chat.function.call(...)"],
    ["apply", `chat.function.apply(chat, ["create_note", ${OPTS}, ${H}]);`, "chat.function.apply(...)"],
    ["fn alias through call", `chat.fn.call(chat, "create_note", ${OPTS}, ${H});`, "chat.fn.call(...)"],
    ["detached method", `const reg = chat.function;\nreg("create_note", ${OPTS}, ${H});`, "chat.function"],
    ["destructured method", `const { function: reg } = chat;\nvoid reg;`, "const { function: reg } = chat"],
    ["options first", `const opts = ${OPTS};\nchat.function({ ...opts }, ${H});`, "chat.function(...)"],
    [
      "spread arguments",
      `const args = ["create_note", ${OPTS}] as const;\nchat.function(...args, ${H});`,
      "chat.function(...)",
    ],
    [
      "unknown spread options",
      `declare const extra: object;\nchat.function("create_note", { ...extra, ...${OPTS} }, ${H});`,
      "chat.function(...)",
    ],
    [
      "ext tool element access",
      `ext["tool"]("refresh_x", { description: "Refresh things." }, async () => null);`,
      'ext["tool"](...)',
    ],
    [
      "ext panel bind",
      `ext.panel.bind(ext)("side", { slot: "main", title: "Side" }, async () => null);`,
      "ext.panel.bind(ext)(...)",
    ],
    [
      "ext skeleton call",
      `ext.skeleton.call(ext, "Bad-Name", { ttl: 1 }, async () => ({ response: {} }));`,
      "ext.skeleton.call(...)",
    ],
    [
      "ext schedule apply",
      `ext.schedule.apply(ext, ["nightly", { cron: "never" }, async () => null]);`,
      "ext.schedule.apply(...)",
    ],
    ["ext secret reference", `const declareSecret = ext.secret;\nvoid declareSecret;`, "ext.secret"],
  ];
  for (const [name, body, label] of spellings) {
    it(name, async () => {
      const r = await validate({ "src/index.ts": HEADER + body + "\n" });
      const cv = cannotVerify(r);
      expect(cv.length, JSON.stringify(r.findings)).toBeGreaterThanOrEqual(1);
      expect(cv[0]!.severity).toBe("warn");
      expect(cv[0]!.message).toContain(`\`${label}\``);
      expect(cv[0]!.fix).toMatch(/\S/);
    });
  }

  it("direct calls and look-alike objects are not reported", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}chat.function("create_note", ${OPTS}, async () => ActionResult.success({ ok: true }, "ok"));
const other = { function: (..._a: unknown[]) => 0, tool: (..._a: unknown[]) => 0 };
other["function"]("x");
other.tool.call(other, "y");
const k = "toolName";
void (chat as unknown as Record<string, unknown>)[k];
const { toString } = ext;
void toString;
`,
    });
    expect(brief(r.findings)).toEqual([]);
  });

  it("can be suppressed with a reason", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}// imperal-disable-next-line CANNOT-VERIFY -- registered through a helper table
chat["function"]("create_note", ${OPTS}, async () => ActionResult.success({ ok: true }, "ok"));
`,
    });
    expect(brief(r.findings)).toEqual([]);
  });
});

describe("files skipped by a cap are CANNOT-VERIFY warnings naming them", () => {
  const harmless = (dir: string, n: number): void => {
    fs.mkdirSync(path.join(dir, "src/gen"), { recursive: true });
    for (let i = 0; i < n; i++)
      fs.writeFileSync(path.join(dir, `src/gen/f${String(i).padStart(4, "0")}.ts`), `export const v${i} = ${i};\n`);
  };

  it("a file past the 5,000-file cap is named (it used to be dropped and the result was ok)", async () => {
    // src/app.ts + 4,998 generated + src/index.ts = 5,000; src/zz.ts is the 5,001st and is not read
    const dir = makeExt({ "src/index.ts": HEADER, "src/zz.ts": `export const late = 1;\n` });
    harmless(dir, 4998);
    const r = await validateExtension(dir, { env: {} });
    expect(brief(r.findings)).toEqual(["CANNOT-VERIFY warn src/zz.ts:1:1"]);
    expect(r.findings[0]!.message).toMatch(/more than 5000 source files/);
    expect(r.files).not.toContain("src/zz.ts");
  }, 60_000);

  it("many skipped files are one warning with their count", async () => {
    const dir = makeExt({ "src/index.ts": HEADER });
    fs.mkdirSync(path.join(dir, "src/zz"));
    for (let i = 0; i < 25; i++) fs.writeFileSync(path.join(dir, `src/zz/late${i}.ts`), "export {};\n");
    harmless(dir, 4998);
    const r = await validateExtension(dir, { env: {} });
    const cv = cannotVerify(r);
    expect(cv).toHaveLength(1);
    expect(cv[0]!.message).toMatch(/^25 source files not analysed/);
    expect(cv[0]!.file).toBe("src/zz/late0.ts");
  }, 60_000);

  it("a source file over 4 MiB is named, never read", async () => {
    const big = "export const s = " + JSON.stringify("x".repeat(4 * 1024 * 1024 + 10)) + ";\n";
    const r = await validate({ "src/index.ts": HEADER, "src/bundle.ts": big });
    expect(brief(r.findings)).toEqual(["CANNOT-VERIFY warn src/bundle.ts:1:1"]);
    expect(r.findings[0]!.message).toMatch(/bytes \(the cap is 4194304\)/);
  });
});

describe("nothing outside the extension root is opened", () => {
  const outsideDir = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-outside-"));
    return d;
  };
  // the alias would make src/index.ts's import resolve, and the handler's console.log a V22 error
  const viaAlias = `${HEADER.replace('from "./app.js"', 'from "@app"')}chat.function("create_note", ${OPTS}, ${H});\n`;

  it("a tsconfig.json symlinked out of the root is ignored with a warning", async () => {
    const out = outsideDir();
    const dir = makeExt({ "src/index.ts": viaAlias });
    fs.writeFileSync(
      path.join(out, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { baseUrl: dir, paths: { "@app": ["./src/app.ts"] } } }),
    );
    fs.symlinkSync(path.join(out, "tsconfig.json"), path.join(dir, "tsconfig.json"));
    const r = await validateExtension(dir, { env: {} });
    // without the alias `chat` is unknown, so its registration is not verified either (and says so)
    expect(brief(r.findings)).toEqual([
      `CANNOT-VERIFY warn src/index.ts:${HEADER_LINES + 1}:1`,
      "CANNOT-VERIFY warn tsconfig.json:1:1",
    ]);
    expect(r.findings[1]!.message).toMatch(/symlink to a path outside the extension root: ignored, never read/);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("a package.json symlinked out of the root is ignored with a warning", async () => {
    const out = outsideDir();
    const dir = makeExt({ "src/index.ts": viaAlias.replace('"@app"', '"#app"') });
    fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ imports: { "#app": "./src/app.ts" } }));
    fs.symlinkSync(path.join(out, "package.json"), path.join(dir, "package.json"));
    const r = await validateExtension(dir, { env: {} });
    expect(brief(r.findings)).toEqual([
      "CANNOT-VERIFY warn package.json:1:1",
      `CANNOT-VERIFY warn src/index.ts:${HEADER_LINES + 1}:1`,
    ]);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("the same tsconfig.json linked from inside the root is read", async () => {
    const dir = makeExt({
      "src/index.ts": viaAlias,
      "config/tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@app": ["./src/app.ts"] } } }),
    });
    fs.symlinkSync(path.join(dir, "config/tsconfig.json"), path.join(dir, "tsconfig.json"));
    const r = await validateExtension(dir, { env: {} });
    const col = viaAlias.split("\n")[HEADER_LINES]!.indexOf("console") + 1;
    expect(brief(r.findings)).toEqual([`V22 error src/index.ts:${HEADER_LINES + 1}:${col}`]);
  });

  it("a source file symlinked out of the root is not read and is named", async () => {
    const out = outsideDir();
    fs.writeFileSync(path.join(out, "evil.ts"), `${HEADER}chat.function("create_note", ${OPTS}, ${H});\n`);
    const dir = makeExt({ "src/index.ts": HEADER });
    fs.symlinkSync(path.join(out, "evil.ts"), path.join(dir, "src/evil.ts"));
    const r = await validateExtension(dir, { env: {} });
    expect(brief(r.findings)).toEqual(["CANNOT-VERIFY warn src/evil.ts:1:1"]);
    expect(r.files).not.toContain("src/evil.ts");
    fs.rmSync(out, { recursive: true, force: true });
  });
});

describe("deep nesting is reported as nesting, and never overflows a walker", () => {
  const noInternalErrors = (r: { findings: { message: string; fix: string }[] }) =>
    expect(r.findings.filter((f) => /internal error|cannot index|validator bug/.test(f.message + f.fix))).toEqual([]);

  for (const [name, open, close] of [
    ["parentheses", "(", ")"],
    ["arrays", "[", "]"],
    ["objects", "{ a: ", " }"],
  ] as const) {
    it(`5,000 nested ${name}: PARSE says nesting, not syntax error`, async () => {
      const r = await validate({
        "src/index.ts": HEADER,
        "src/deep.ts": `export const x = ${open.repeat(5000)}1${close.repeat(5000)};\n`,
      });
      expect(brief(r.findings)).toEqual([expect.stringMatching(/^PARSE error src\/deep\.ts:\d+:\d+$/)]);
      expect(r.findings[0]!.message).toMatch(/nesting is/);
      expect(r.findings[0]!.message).not.toMatch(/syntax error/);
      expect(r.findings[0]!.fix).toMatch(/^reduce nesting depth/);
    });
  }

  it("a 2,000-term sum parses (the parser builds it without recursion) but is over the analysis depth", async () => {
    const r = await validate({
      "src/index.ts": HEADER,
      "src/deep.ts": `export const x = ${Array.from({ length: 2000 }, () => "1").join(" + ")};\n`,
    });
    expect(brief(r.findings)).toEqual([expect.stringMatching(/^PARSE error src\/deep\.ts:1:\d+$/)]);
    expect(r.findings[0]!.message).toMatch(/more than 1000 levels deep/);
    expect(r.findings[0]!.fix).toMatch(/^reduce nesting depth/);
  });

  it("a 20,000-term expression (a deep tree the parser builds without recursion) is analysed or reported, never crashes", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}chat.function("create_note", { ...${OPTS}, description: "Sum " + ${Array.from({ length: 20000 }, () => '"a"').join(" + ")} }, ${H});\n`,
    });
    noInternalErrors(r);
    expect(r.findings.length).toBeGreaterThan(0);
  });

  it("a 5,000-long chain of schema aliases (V18 follows each) does not overflow", async () => {
    const chain = Array.from({ length: 5000 }, (_, i) => `const S${i + 1} = S${i};`).join("\n");
    const r = await validate({
      "src/index.ts": `${HEADER}const S0 = z.object({ a: z.string() });\n${chain}\nchat.function("create_note", { description: "Create a note with a title.", actionType: "write", params: S5000, dataModel: Out }, async () => ActionResult.success({ ok: true }, "ok"));\n`,
    });
    noInternalErrors(r);
    // rules that follow aliases a bounded number of steps say they cannot verify; none crashes
    expect(r.findings.every((f) => f.severity === "warn" && /^cannot verify/.test(f.message))).toBe(true);
  });
});

describe("a chat registration on a receiver the engine cannot resolve is reported", () => {
  it("an exported helper nobody in the extension calls, a call result and this.chat", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}import type { ChatExtension } from "@imperal/sdk";
export function registerNotes(c: ChatExtension) {
  c.function("create_note", ${OPTS}, ${H});
}
declare function getChat(): ChatExtension;
getChat().fn("other_note", ${OPTS}, ${H});
export class Plugin {
  constructor(private chat: ChatExtension) {}
  install() { this.chat.function("third_note", ${OPTS}, ${H}); }
}
const notSdk = { function: (..._a: unknown[]) => 0 };
notSdk.function("x", {});
`,
    });
    expect(brief(r.findings)).toEqual([
      `CANNOT-VERIFY warn src/index.ts:${HEADER_LINES + 3}:3`,
      `CANNOT-VERIFY warn src/index.ts:${HEADER_LINES + 6}:1`,
      `CANNOT-VERIFY warn src/index.ts:${HEADER_LINES + 9}:15`,
    ]);
    expect(r.findings[0]!.message).toMatch(/its receiver is not statically a ChatExtension/);
  });
});

describe("receivers held in object literals are followed", () => {
  it("app.chat.function(...) is a registration; app.chat['function'](...) is a CANNOT-VERIFY", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}const app = { ext, chat };
app.chat.function("create_note", ${OPTS}, ${H});
app.chat["function"]("other_note", ${OPTS}, ${H});
`,
    });
    expect(brief(r.findings)).toEqual([
      expect.stringMatching(new RegExp(`^V22 error src/index.ts:${HEADER_LINES + 2}:\\d+$`)),
      `CANNOT-VERIFY warn src/index.ts:${HEADER_LINES + 3}:1`,
    ]);
    expect(r.extensions[0]!.functions).toBe(1);
  });
});
