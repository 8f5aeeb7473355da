import { afterAll, describe, expect, it } from "vitest";
import { HEADER, HEADER_LINES, cleanupTemp, validate, brief, BASE_APP } from "./helpers.js";
import { validateSources } from "../src/index.js";

afterAll(cleanupTemp);

const fn = (name: string, extra = "") =>
  `{ description: "Function ${name} does something useful.", actionType: "read", params: Empty, dataModel: Out${extra} }`;

describe("extension discovery and registration call forms", () => {
  it("recognises all three call forms, chat.fn and @(chat.function) decorators, whatever the receiver is called", async () => {
    const r = await validate({
      "src/app.ts": BASE_APP.replace("export const ext =", "export const myExtension =")
        .replace("new ChatExtension(ext", "new ChatExtension(myExtension")
        .replace("export const chat =", "export const talk ="),
      "src/index.ts": `import { ActionResult, z } from "@imperal/sdk";
import { talk as c } from "./app.js";
const Empty = z.object({});
const Out = z.object({ ok: z.boolean() });

c.function("a_one", ${fn("a")}, async () => { console.log(1); return ActionResult.success({ ok: true }, "ok"); });
c.function("b_two", ${fn("b")})(async () => { console.log(2); return ActionResult.success({ ok: true }, "ok"); });
export class Handlers {
  @c.fn("c_three", ${fn("c")})
  async three() { console.log(3); return ActionResult.success({ ok: true }, "ok"); }
  @(c.function("d_four", ${fn("d")}))
  async four() { console.log(4); return ActionResult.success({ ok: true }, "ok"); }
  @c.function("e_five", ${fn("e")})
  async five() { console.log(5); return ActionResult.success({ ok: true }, "ok"); }
}
`,
    });
    expect(brief(r.findings)).toEqual([
      "V22 error src/index.ts:6:140",
      "V22 error src/index.ts:7:140",
      "V22 error src/index.ts:10:19",
      "V22 error src/index.ts:12:18",
      "V22 error src/index.ts:14:18",
    ]);
    expect(r.extensions).toEqual([
      { appId: "notes", file: "src/app.ts", line: 3, functions: 5, tools: 0, skeletons: 0, panels: 0 },
    ]);
  });

  it("follows instances across files: re-exports, export *, namespace imports, default export, aliases", async () => {
    const r = await validate({
      "src/app.ts": `import * as sdk from "@imperal/sdk";
const e = new sdk.Extension("notes", { version: "1.0.0", displayName: "Notes", description: "Create, organize and search your notes with the help of AI.", icon: "icon.svg", capabilities: ["notes:read"] });
export default e;
export const chat = new sdk.ChatExtension(e);
`,
      "src/barrel.ts": `export * from "./app.js";\nexport { default as theExt } from "./app.js";\n`,
      "src/index.ts": `import * as B from "./barrel.js";
import { theExt } from "./barrel.js";
const alias = theExt;
B.chat.function("x_one", { description: "short", actionType: "read" }, async () => null);
alias.panel("side", { slot: "main" }, async () => null);
`,
    });
    expect(brief(r.findings)).toEqual([
      "V17 error src/index.ts:4:1",
      "V23 error src/index.ts:4:1",
      "V19 error src/index.ts:4:41",
      "V30 error src/index.ts:5:29",
    ]);
  });

  it("follows tsconfig paths and package.json imports aliases", async () => {
    const r = await validate({
      "tsconfig.json": `{
  // comments and trailing commas are fine
  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], }, },
}
`,
      "package.json": `{ "name": "x", "type": "module", "imports": { "#app": "./src/app.ts" } }`,
      "src/a.ts": `import { ext } from "@/app.js";
ext.tool("refresh_a", { description: "A." }, async () => null);
`,
      "src/b.ts": `import { ext } from "#app";
ext.tool("refresh_b", { description: "B." }, async () => null);
`,
      "src/index.ts": HEADER,
    });
    expect(brief(r.findings)).toEqual(["V13 warn src/a.ts:2:10", "V13 warn src/b.ts:2:10"]);
  });

  it("ignores look-alikes that do not come from @imperal/sdk", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}class Extension { tool(..._a: unknown[]) {} }
const fake = new Extension();
fake.tool("refresh_x", {}, () => { console.log("not ours"); });
`,
    });
    expect(brief(r.findings)).toEqual([]);
  });

  it("handlers passed by reference, including imported functions", async () => {
    const r = await validate({
      "src/handlers.ts": `export async function listNotes(ctx: any) { debugger; return ctx.skeleton; }\n`,
      "src/index.ts": `${HEADER}import { listNotes } from "./handlers.js";
const local = async (ctx: any) => { process.stdout.write("x"); return null; };
chat.function("list_notes", ${fn("list")}, listNotes);
chat.function("other_one", ${fn("other")}, local);
`,
    });
    expect(brief(r.findings)).toEqual([
      "V22 error src/handlers.ts:1:45",
      "V24 error src/handlers.ts:1:62",
      `V22 error src/index.ts:${HEADER_LINES + 2}:37`,
    ]);
  });

  it("handler wrappers and object methods are followed; unknown handlers cannot be verified", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}declare function withAuth<T>(h: T): T;
declare const external: (ctx: unknown) => unknown;
const handlers = { async list(ctx: any) { console.log("a"); return null; } };
chat.function("a_fn", ${fn("a")}, withAuth(async (ctx) => { debugger; return null; }));
chat.function("b_fn", ${fn("b")}, handlers.list);
chat.function("c_fn", ${fn("c")}, external);
`,
    });
    expect(brief(r.findings)).toEqual([
      `V22 error src/index.ts:${HEADER_LINES + 3}:43`,
      `V22 error src/index.ts:${HEADER_LINES + 4}:${'chat.function("a_fn", '.length + fn("a").length + 2 + "withAuth(async (ctx) => { ".length + 1}`,
      `V22 warn src/index.ts:${HEADER_LINES + 6}:${'chat.function("c_fn", '.length + fn("c").length + 2 + 1}`,
      `V24 warn src/index.ts:${HEADER_LINES + 6}:${'chat.function("c_fn", '.length + fn("c").length + 2 + 1}`,
    ]);
  });

  it("reports a directory without an Extension", async () => {
    const r = await validate({ "src/index.ts": "export const x = 1;\n" }, { base: false });
    expect(brief(r.findings)).toEqual(["V14 error src/index.ts:1:1"]);
    expect(r.findings[0]!.message).toMatch(/no `new Extension/);
  });

  it("skips tests, node_modules, dist and declaration files", async () => {
    const r = await validate({
      "src/index.ts": HEADER,
      "src/index.test.ts": "this is not typescript {{{",
      "tests/a.ts": "syntax error (",
      "node_modules/x/index.js": "syntax error (",
      "dist/extension.mjs": "syntax error (",
      "src/types.d.ts": "syntax error (",
    });
    expect(r.files).toEqual(["src/app.ts", "src/index.ts"]);
    expect(r.findings).toEqual([]);
  });
});

describe("values that are not statically known are 'cannot verify' warnings", () => {
  it("computed description, variable slot, computed actionType, unknown params, spread options", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}declare const slotFromEnv: string;
declare function makeDescription(): string;
declare const base: Record<string, unknown>;
chat.function("a_fn", { description: makeDescription(), actionType: "read", params: Empty, dataModel: Out }, async () => null);
ext.panel("side", { slot: slotFromEnv, title: "Side" }, async () => null);
chat.function("b_fn", { ...base, description: "Does the b thing well.", params: Empty }, async () => null);
`,
    });
    expect(brief(r.findings)).toEqual([
      `V19 warn src/index.ts:${HEADER_LINES + 4}:38`,
      `V30 warn src/index.ts:${HEADER_LINES + 5}:27`,
      // a spread hides every option: the call says so once (CANNOT-VERIFY), and so do the options rules need
      `CANNOT-VERIFY warn src/index.ts:${HEADER_LINES + 6}:1`,
      `V14 warn src/index.ts:${HEADER_LINES + 6}:25`,
      `V20 warn src/index.ts:${HEADER_LINES + 6}:25`,
    ]);
    for (const f of r.findings) expect(f.message).toMatch(/^cannot verify/);
  });

  it("evaluates consts, template literals and concatenation statically", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}const KIND = "read" as const;
const PREFIX = "List";
const opts = { description: \`\${PREFIX} every note of the user.\`, actionType: KIND, params: Empty, dataModel: Out };
chat.function("list_all", opts, async () => null);
const CONFIG = { slot: "main", kind: "read" } as const;
enum Slot { Left = "left", Main = "main" }
ext.panel("p_one", { slot: CONFIG.slot }, async () => null);
ext.panel("p_two", { slot: Slot.Main }, async () => null);
ext.panel("p_three", { slot: Slot.Left }, async () => null);
chat.function("list_" + "more", { description: "List " + "more notes, newest first.", actionType: CONFIG.kind, params: Empty, dataModel: Out }, async () => null);
`,
    });
    expect(brief(r.findings)).toEqual([
      `V30 error src/index.ts:${HEADER_LINES + 7}:28`,
      `V30 error src/index.ts:${HEADER_LINES + 8}:28`,
    ]);
  });
});

describe("rule details", () => {
  it("V13: alert tool without a skeleton declaring alert: true", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}ext.skeleton("notes", { ttl: 300, description: "Counts." }, async () => ({ response: {} }));
ext.tool("skeleton_alert_notes", { description: "Alert." }, async () => "");
ext.tool("skeleton_alert_other", { description: "Alert." }, async () => "");
ext.tool("alert_notes", { description: "Alert." }, async () => "");
`,
    });
    expect(brief(r.findings)).toEqual([
      `V13 warn src/index.ts:${HEADER_LINES + 2}:10`,
      `V13 warn src/index.ts:${HEADER_LINES + 3}:10`,
      `V13 warn src/index.ts:${HEADER_LINES + 4}:10`,
    ]);
  });

  it("V26: duplicates across kinds and files, long names warn", async () => {
    const long = "x".repeat(60);
    const r = await validate({
      "src/a.ts": `import { z } from "@imperal/sdk";\nimport { chat, ext } from "./app.js";\nconst E = z.object({});\nchat.function("dup_name", { description: "First registration here.", actionType: "write", params: E }, async () => null);\n`,
      "src/b.ts": `import { z } from "@imperal/sdk";\nimport { ext } from "./app.js";\next.tool("dup_name", { description: "Second." }, async () => null);\next.tool("${long}", { description: "Long." }, async () => null);\n`,
    });
    expect(brief(r.findings)).toEqual(["V26 error src/b.ts:3:10", "V26 warn src/b.ts:4:10"]);
    const skel = await validate({
      "src/index.ts": `${HEADER}ext.skeleton("notes", { ttl: 60, description: "A." }, async () => ({ response: {} }));
ext.skeleton("notes", { ttl: 60, description: "B." }, async () => ({ response: {} }));
ext.tool("skeleton_refresh_notes", { description: "C." }, async () => ({ response: {} }));
`,
    });
    // two skeletons with one section: V26; a hand-made skeleton_refresh_ tool: MANIFEST-SKELETON-1 (not V26 again)
    expect(brief(skel.findings)).toEqual([
      `V26 error src/index.ts:${HEADER_LINES + 2}:14`,
      `MANIFEST-SKELETON-1 error src/index.ts:${HEADER_LINES + 3}:10`,
    ]);
    expect(r.findings[0]!.message).toContain("src/a.ts:4");
  });

  it("V14 + V26: a function/tool name that is not an identifier violates both rows; panel names only V26", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}chat.function("CreateNote", ${fn("c")}, async () => null);
ext.tool("tool-name", { description: "Tool." }, async () => null);
ext.panel("Side", { slot: "left" }, async () => null);
`,
    });
    expect(brief(r.findings)).toEqual([
      `V14 error src/index.ts:${HEADER_LINES + 1}:15`,
      `V26 error src/index.ts:${HEADER_LINES + 1}:15`,
      `V14 error src/index.ts:${HEADER_LINES + 2}:10`,
      `V26 error src/index.ts:${HEADER_LINES + 2}:10`,
      `V26 error src/index.ts:${HEADER_LINES + 3}:11`,
    ]);
  });

  it("V22: console and process writes in nested closures, not outside handlers", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}console.log("module scope is fine");
function helper() { console.warn("helpers are not handlers"); }
ext.tool("t_one", { description: "Tool." }, async () => {
  [1, 2].forEach((n) => { console["error"](n); });
  const w = () => process.stderr.write("x");
  return w();
});
`,
    });
    expect(brief(r.findings)).toEqual([
      `V22 error src/index.ts:${HEADER_LINES + 4}:27`,
      `V22 error src/index.ts:${HEADER_LINES + 5}:19`,
    ]);
  });

  it("V22/V24: globalThis.console and ctx aliases", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}ext.panel("p_one", { slot: "left" }, async (ctx) => {
  const c = ctx;
  globalThis.console.info("x");
  return c.skeleton;
});
`,
    });
    expect(brief(r.findings)).toEqual([
      `V22 error src/index.ts:${HEADER_LINES + 3}:3`,
      `V24 error src/index.ts:${HEADER_LINES + 4}:10`,
    ]);
  });

  it("V24: destructuring in params and element access; skeleton handlers are exempt", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}chat.function("a_fn", ${fn("a")}, async ({ skeleton, store }) => null);
ext.panel("p_one", { slot: "left" }, async (c) => { const x = c["skeleton"]; return x; });
ext.panel("p_two", { slot: "left" }, async (c) => { let s; ({ skeleton: s } = c); return s; });
ext.skeleton("notes", { ttl: 60, description: "Counts." }, async (ctx) => ({ response: { x: !!ctx.skeleton } }));
`,
    });
    expect(brief(r.findings)).toEqual([
      `V24 error src/index.ts:${HEADER_LINES + 1}:${'chat.function("a_fn", '.length + fn("a").length + 2 + "async ({ ".length + 1}`,
      `V24 error src/index.ts:${HEADER_LINES + 2}:63`,
      `V24 error src/index.ts:${HEADER_LINES + 3}:63`,
    ]);
  });

  it("V28 and V29: codes, keys and ttls (computed keys/ttls are left to the SDK at run time)", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}declare function makeKey(): string;
declare function ttlFromConfig(): number;
ext.tool("t_one", { description: "Tool." }, async (ctx) => {
  await ctx.cache.set("bad key!", 1, { ttlSeconds: 60 });
  await ctx.cache.get(\`user:\${ctx.user.imperalId}:prefs\`);
  const k = \`bad key \${ctx.user.imperalId}\`;
  await ctx.cache.delete(k);
  await ctx.cache.set(makeKey(), 1, { ttlSeconds: ttlFromConfig() });
  await ctx.cache.getOrFetch("ok:key", async () => 1, { ttlSeconds: 2 });
  if (Math.random()) return ActionResult.error("x", { code: "bad" });
  return ActionResult.error("y", { code: "GOOD_CODE", retryable: true });
});
`,
    });
    expect(brief(r.findings)).toEqual([
      `V29 error src/index.ts:${HEADER_LINES + 4}:23`,
      `V29 error src/index.ts:${HEADER_LINES + 6}:13`,
      `V29 error src/index.ts:${HEADER_LINES + 9}:69`,
      `V28 warn src/index.ts:${HEADER_LINES + 10}:61`,
    ]);
  });

  it("V31: allowed for a first-party author", async () => {
    const files = {
      "src/app.ts": BASE_APP.replace("capabilities:", "system: true,\n  capabilities:"),
      "src/index.ts": HEADER,
    };
    const denied = await validate(files, {
      env: { IMPERAL_AUTHOR_ID: "acme", IMPERAL_FIRSTPARTY_AUTHOR_IDS: "imperal,core" },
    });
    expect(brief(denied.findings)).toEqual(["V31 error src/app.ts:8:11"]);
    expect(denied.findings[0]!.message).toContain('"acme"');
    const allowed = await validate(files, {
      env: { IMPERAL_AUTHOR_ID: "core", IMPERAL_FIRSTPARTY_AUTHOR_IDS: "imperal, core" },
    });
    expect(brief(allowed.findings)).toEqual([]);
  });

  it("V14: version, capabilities, skeleton section, chat toolName, missing options; V34: cron", async () => {
    const r = await validate({
      "src/app.ts": `import { Extension, ChatExtension } from "@imperal/sdk";
export const ext = new Extension("notes", { version: "v1", displayName: "Notes", description: "Create, organize and search your notes with the help of AI.", icon: "icon.svg", capabilities: ["Notes.Read"] });
export const chat = new ChatExtension(ext, { toolName: "Notes-Chat" });
export const other = new Extension("other-app");
`,
      "src/index.ts": `${HEADER}ext.skeleton("Recent-Notes", { ttl: 60 }, async () => ({ response: {} }));
ext.schedule("nightly", { cron: "every night" }, async () => null);
`,
    });
    expect(brief(r.findings)).toEqual([
      "V14 error src/app.ts:2:54",
      "V14 error src/app.ts:2:191",
      "V14 error src/app.ts:3:56",
      // no options at all: version missing (V14) and so are displayName/description (V15), icon (V16), capabilities (V27)
      "V14 error src/app.ts:4:22",
      "V15 error src/app.ts:4:22",
      "V15 error src/app.ts:4:22",
      "V16 error src/app.ts:4:22",
      "V27 warn src/app.ts:4:22",
      `V14 error src/index.ts:${HEADER_LINES + 1}:14`,
      `V34 error src/index.ts:${HEADER_LINES + 2}:33`,
    ]);
  });
});

describe("PARSE and robustness", () => {
  it("reports parse errors with a location and keeps analysing other files", async () => {
    const r = await validate({
      "src/broken.ts": "export const x = {\n  a: 1,\n  b: ;\n",
      "src/index.ts": `${HEADER}ext.tool("refresh_x", { description: "Tool." }, async () => null);\n`,
    });
    expect(brief(r.findings)).toEqual([
      "PARSE error src/broken.ts:3:6",
      `V13 warn src/index.ts:${HEADER_LINES + 1}:10`,
    ]);
  });

  it("TypeScript-only syntax in a .js file is a PARSE error", async () => {
    const r = await validate({
      "src/index.ts": HEADER,
      "src/helper.js": "export const x = 1;\nexport function f(a: number) { return a; }\n",
      "src/ok.mjs": "export const y = 2;\n",
    });
    expect(brief(r.findings)).toEqual(["PARSE error src/helper.js:2:22"]);
  });

  it("validateSources works on in-memory sources", async () => {
    const r = await validateSources(
      "/nonexistent-root",
      [
        {
          path: "src/index.ts",
          text: "import { Extension } from '@imperal/sdk';\nexport const ext = new Extension('x', {});\n",
        },
      ],
      { env: {} },
    );
    expect(r.findings.map((f) => f.rule)).toEqual(["V14", "V15", "V15", "V16", "V27", "V14"]);
  });
});

describe("patterns of real extensions (see test/realistic.test.ts for whole extensions)", () => {
  it("follows handler factories, registration helpers taking the chat as a parameter, and ctx through typed helper parameters", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}const NS = "my ns";
function makeCounter(coll: string) {
  return async (ctx: unknown) => { console.log(coll); return ActionResult.success({ ok: true }, "counted"); };
}
export function registerAll(c: typeof chat) {
  c.function("count_a", { description: "Count the items of collection a.", actionType: "read", params: Empty, dataModel: Out }, makeCounter("a"));
}
registerAll(chat);
async function remember(context: import("@imperal/sdk").ChatContext, id: string) {
  await context.cache.set(\`\${NS}:\${id}\`, 1, { ttlSeconds: 30 });
}
void remember;
`,
    });
    expect(brief(r.findings)).toEqual([
      `V22 error src/index.ts:${HEADER_LINES + 3}:36`,
      `V29 error src/index.ts:${HEADER_LINES + 10}:27`,
    ]);
    expect(r.extensions[0]!.functions).toBe(1);
  });

  it("follows handlers destructured from a handlers object and default-exported arrows", async () => {
    const r = await validate({
      "src/handlers.ts": `import { ActionResult } from "@imperal/sdk";
export const handlers = {
  list: async () => { console.log("x"); return ActionResult.success({ ok: true }, "x"); },
  async get() { debugger; return ActionResult.success({ ok: true }, "x"); },
};
export default async () => { console.error("d"); return ActionResult.success({ ok: true }, "x"); };
`,
      "src/index.ts": `${HEADER}import def, { handlers } from "./handlers.js";
const { list, get: getOne } = handlers;
chat.function("h_one", { description: "Probe handler number one.", actionType: "read", params: Empty, dataModel: Out }, list);
chat.function("h_two", { description: "Probe handler number two.", actionType: "read", params: Empty, dataModel: Out }, getOne);
chat.function("h_three", { description: "Probe handler number three.", actionType: "read", params: Empty, dataModel: Out }, def);
`,
    });
    expect(brief(r.findings)).toEqual([
      "V22 error src/handlers.ts:3:23",
      "V22 error src/handlers.ts:4:17",
      "V22 error src/handlers.ts:6:30",
    ]);
  });

  it("an unknown spread of alternatives: missing in every branch is missing, equal in every branch is known, else cannot verify", async () => {
    const r = await validate({
      "src/index.ts": `${HEADER}const fast = process.env.FAST === "1";
chat.function("a_one", { description: "First function of the probe.", params: Empty, dataModel: Out, ...(fast ? { actionType: "read" } : { actionType: "read" }) }, async () => ActionResult.success({ ok: true }, "a"));
chat.function("b_two", { description: "Second function of the probe.", params: Empty, dataModel: Out, ...(fast ? { actionType: "read" } : { actionType: "write" }) }, async () => ActionResult.success({ ok: true }, "b"));
`,
    });
    expect(brief(r.findings)).toEqual([`V20 warn src/index.ts:${HEADER_LINES + 3}:103`]);
  });
});

describe("placeholder detection (V15/V19) is narrow enough for real descriptions", () => {
  it("flags scaffold leftovers and markers, not sentences that mention todos, placeholders or replacing", async () => {
    const { isPlaceholder } = await import("../src/engine/rule-helpers.js");
    for (const s of [
      "TODO",
      "todo: describe this",
      "TBD",
      "FIXME later",
      "Lorem ipsum dolor sit amet",
      "My extension",
      "Notes — a starter extension scaffolded by `imperal init`. Replace this description with something specific to your tool.",
      "Replace me",
      "This is a placeholder description.",
      "Placeholder",
      "Add a description here.",
      "description",
    ])
      expect(isPlaceholder(s), s).toBe(true);
    for (const s of [
      "Create a todo item in the user's list.",
      "Todo list manager: add, check off and clear todos.",
      "Replace this note's body with new text.",
      "Fill the placeholder values of a document template.",
      "Add a description to an existing task.",
      "Update the description of a deal.",
    ])
      expect(isPlaceholder(s), s).toBe(false);
  });
});

describe("errors carry code, message and fix", () => {
  it("a missing or non-directory path is a ValidatorUsageError with a stable code", async () => {
    const { validateExtension, ValidatorError, ValidatorUsageError, ERROR_CODES } = await import("../src/index.js");
    const missing = await validateExtension("/nonexistent/imperal-ext-dir").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ValidatorUsageError);
    expect(missing).toBeInstanceOf(ValidatorError);
    expect(missing).toMatchObject({
      code: ERROR_CODES.DIRECTORY_NOT_FOUND,
      message: "directory not found: /nonexistent/imperal-ext-dir",
    });
    expect((missing as { fix: string }).fix).toMatch(/\S/);
    const file = await validateExtension(new URL(import.meta.url).pathname).catch((e: unknown) => e);
    expect(file).toMatchObject({ code: ERROR_CODES.NOT_A_DIRECTORY, name: "ValidatorUsageError" });
    expect((file as Error).message).toMatch(/^not a directory: /);
  });

  it("the engine's own finding ids are the ones suppressions and reporters use", async () => {
    const { FINDING_IDS, ruleIds } = await import("../src/index.js");
    expect(FINDING_IDS).toEqual({ PARSE: "PARSE", SUPPRESSION: "SUPPRESSION", CANNOT_VERIFY: "CANNOT-VERIFY" });
    expect(ruleIds).toContain(FINDING_IDS.PARSE);
    expect(ruleIds).toContain(FINDING_IDS.SUPPRESSION);
    expect(ruleIds).toContain(FINDING_IDS.CANNOT_VERIFY);
  });
});
