// Black-box SPEC 2 conformance of `imperal validate`: small fixture extensions with one known violation each,
// run through the real binary (`node bin/imperal.mjs validate <dir> --format json`), asserting the exact rule,
// severity, relative file and the 1-based line/column of the offending token (computed from the fixture text).
//
// The `strict` block at the end pins the SPEC's literal wording (exact JSON keys, github annotation shape).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, removeDir, REPO_ROOT, scratchDir } from "./templates-helpers.js";

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="9"/></svg>\n';
const HEAD = `import { ActionResult, ChatExtension, Extension, z } from "@imperal/sdk";

export const ext = new Extension("probe-app", {
  version: "0.1.0",
  displayName: "Probe App",
  description: "A probe extension used to check the validators output contract.",
  icon: "icon.svg",
  actionsExplicit: true,
  capabilities: ["probe-app:read", "probe-app:write"],
});
export const chat = new ChatExtension(ext, { toolName: "probe_app", description: "Probe tools." });
const P = z.object({ name: z.string().describe("Name") });
const Out = z.object({ message: z.string() });
`;
const GOOD = `chat.function("greet", { description: "Greet someone by name politely.", actionType: "read", params: P, dataModel: Out },
  async (ctx, p) => ActionResult.success({ message: "hi " + p.name }, "Greeted"));
`;
const OK = `async () => ActionResult.success({}, "ok")`;
const SVG = (inner: string, attrs = 'viewBox="0 0 24 24"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>\n${inner}\n</svg>\n`;
const W = `chat.function("greet", { description: "Greet someone by name politely.", actionType: "write", params: P }`;

interface Case {
  head?: [string, string];
  body: string;
  icon?: string;
  extra?: Record<string, string>;
  env?: Record<string, string>;
  /** expected findings: rule, severity, file, and the text whose first character the finding points at */
  expect: { rule: string; severity: "error" | "warn"; file?: string; at: string; nth?: number }[];
}

const CASES: Record<string, Case> = {
  clean: { body: GOOD, expect: [] },
  V13_refresh_name: {
    body: GOOD + `ext.tool("refresh_notes", { description: "Refresh the notes now." }, ${OK});\n`,
    expect: [{ rule: "V13", severity: "warn", at: `"refresh_notes"` }],
  },
  V13_orphan_alert: {
    body: GOOD + `ext.tool("skeleton_alert_foo", { description: "Alert on foo changes." }, async () => "");\n`,
    expect: [{ rule: "V13", severity: "warn", at: `"skeleton_alert_foo"` }],
  },
  V14_semver: {
    head: [`version: "0.1.0"`, `version: "1.0"`],
    body: GOOD,
    expect: [{ rule: "V14", severity: "error", at: `"1.0"` }],
  },
  V14_committed_manifest: {
    body: GOOD,
    extra: { "imperal.json": '{\n  "manifest_schema_version": 3,\n  "app_id": "Bad_App"\n}\n' },
    expect: [], // checked separately: every finding is V14 in imperal.json, one at the app_id value
  },
  V15_display_name: {
    head: [`displayName: "Probe App"`, `displayName: "PA"`],
    body: GOOD,
    expect: [{ rule: "V15", severity: "error", at: `"PA"` }],
  },
  V15_placeholder_description: {
    head: [`description: "A probe extension used to check the validators output contract."`, `description: "TODO"`],
    body: GOOD,
    expect: [{ rule: "V15", severity: "error", at: `"TODO"` }],
  },
  V16_missing_icon: {
    head: [`icon: "icon.svg"`, `icon: "missing.svg"`],
    body: GOOD,
    expect: [{ rule: "V16", severity: "error", at: `"missing.svg"` }],
  },
  V16_escape_icon: {
    head: [`icon: "icon.svg"`, `icon: "../icon.svg"`],
    body: GOOD,
    expect: [{ rule: "V16", severity: "error", at: `"../icon.svg"` }],
  },
  V17_no_params: {
    body: `chat.function("greet", { description: "Greet someone by name politely.", actionType: "write" }, ${OK});\n`,
    expect: [{ rule: "V17", severity: "error", at: "chat.function(" }],
  },
  V17_params_in_function: {
    body: `function mk() {\n  ${W.replace("params: P", "params: z.object({ a: z.string() })")}, ${OK});\n}\nmk();\n`,
    expect: [{ rule: "V17", severity: "error", at: "z.object({ a" }],
  },
  V18_forward_ref: {
    body: `const Q = z.object({ sub: Later });\nconst Later = z.object({ a: z.string() });\n${W.replace("params: P", "params: Q")}, ${OK});\n`,
    expect: [{ rule: "V18", severity: "error", at: "Later }" }],
  },
  V19_boilerplate_description: {
    body: `chat.function("greet", { description: "TODO", actionType: "write", params: P }, ${OK});\n`,
    expect: [{ rule: "V19", severity: "error", at: `"TODO"` }],
  },
  V19_not_static: {
    body: `const D = "Greet someone " + Math.random();\nchat.function("greet", { description: D, actionType: "write", params: P }, ${OK});\n`,
    expect: [{ rule: "V19", severity: "warn", at: "D, actionType" }],
  },
  V20_action_type: {
    body: `chat.function("greet", { description: "Greet someone by name politely.", actionType: "reed", params: P, dataModel: Out }, ${OK});\n`,
    expect: [{ rule: "V20", severity: "error", at: `"reed"` }],
  },
  V21_script_in_icon: {
    body: GOOD,
    icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n  <script>alert(1)</script>\n</svg>\n',
    expect: [{ rule: "V21", severity: "error", file: "icon.svg", at: "<script>" }],
  },
  V22_console: {
    body: `${W}, async (ctx, p) => {\n  console.log("hi");\n  return ActionResult.success({}, "ok");\n});\n`,
    expect: [{ rule: "V22", severity: "error", at: "console.log" }],
  },
  V22_nested_stdout_and_debugger: {
    body: `${W}, async (ctx, p) => {\n  [1].forEach(() => { process.stdout.write("x"); });\n  debugger;\n  return ActionResult.success({}, "ok");\n});\n`,
    expect: [
      { rule: "V22", severity: "error", at: "process.stdout" },
      { rule: "V22", severity: "error", at: "debugger" },
    ],
  },
  V23_read_without_data_model: {
    body: `chat.function("greet", { description: "Greet someone by name politely.", actionType: "read", params: P }, ${OK});\n`,
    expect: [{ rule: "V23", severity: "error", at: "chat.function(" }],
  },
  V24_destructuring: {
    body: `${W}, async (ctx) => {\n  const { skeleton } = ctx;\n  return ActionResult.success({ s: String(skeleton) }, "ok");\n});\n`,
    expect: [{ rule: "V24", severity: "error", at: "skeleton } = ctx" }],
  },
  V25_actions_explicit: {
    head: ["actionsExplicit: true", "actionsExplicit: false"],
    body: GOOD,
    expect: [{ rule: "V25", severity: "error", at: "false" }],
  },
  V25_chain_callable: {
    body: `${W.replace("params: P", "params: P, chainCallable: false")}, ${OK});\n`,
    expect: [{ rule: "V25", severity: "error", at: "false }" }],
  },
  V26_duplicate: {
    body: `${W}, ${OK});\n${W}, ${OK});\n`,
    expect: [{ rule: "V26", severity: "error", at: `"greet"`, nth: 1 }],
  },
  V26_too_long: {
    body: `${W.replace(`"greet"`, `"${"a".repeat(60)}"`)}, ${OK});\n`,
    expect: [{ rule: "V26", severity: "warn", at: `"aaaa` }],
  },
  V27_empty_capabilities: {
    head: [`capabilities: ["probe-app:read", "probe-app:write"]`, "capabilities: []"],
    body: GOOD,
    expect: [{ rule: "V27", severity: "warn", at: "[]" }],
  },
  V27_star: {
    head: [`capabilities: ["probe-app:read", "probe-app:write"]`, `capabilities: ["*"]`],
    body: GOOD,
    expect: [{ rule: "V27", severity: "warn", at: `"*"` }],
  },
  V28_error_without_code: {
    body: `${W}, async () => ActionResult.error("nope"));\n`,
    expect: [{ rule: "V28", severity: "warn", at: "ActionResult.error" }],
  },
  V29_ttl: {
    body: `${W}, async (ctx) => {\n  await ctx.cache.set("k", 1, { ttlSeconds: 1000 });\n  return ActionResult.success({}, "ok");\n});\n`,
    expect: [{ rule: "V29", severity: "error", at: "1000" }],
  },
  V29_key: {
    body: `${W}, async (ctx) => {\n  await ctx.cache.get("bad key");\n  return ActionResult.success({}, "ok");\n});\n`,
    expect: [{ rule: "V29", severity: "error", at: `"bad key"` }],
  },
  V30_main_slot: {
    body:
      GOOD +
      `ext.panel("side", { slot: "main", title: "Side" }, async () => ({ type: "text", props: { content: "x" } }));\n`,
    expect: [{ rule: "V30", severity: "error", at: `"main"` }],
  },
  V30_refresh: {
    body:
      GOOD +
      `ext.panel("side", { slot: "left", refresh: "sometimes" }, async () => ({ type: "text", props: { content: "x" } }));\n`,
    expect: [{ rule: "V30", severity: "error", at: `"sometimes"` }],
  },
  V31_system: {
    head: ["actionsExplicit: true,", "actionsExplicit: true,\n  system: true,"],
    body: GOOD,
    expect: [{ rule: "V31", severity: "error", at: "true,\n  capabilities" }],
  },
  V31_first_party_allowed: {
    head: ["actionsExplicit: true,", "actionsExplicit: true,\n  system: true,"],
    body: GOOD,
    env: { IMPERAL_AUTHOR_ID: "acme", IMPERAL_FIRSTPARTY_AUTHOR_IDS: "other,acme" },
    expect: [],
  },
  SKEL_GUARD_1: {
    body:
      GOOD +
      `ext.tool("peek", { description: "Peek at the skeleton." }, async (ctx) => {\n  await ctx.skeleton.get("x");\n  return ActionResult.success({}, "ok");\n});\n`,
    expect: [{ rule: "SKEL-GUARD-1", severity: "error", at: "ctx.skeleton.get" }],
  },
  SKEL_GUARD_1_inside_skeleton_is_fine: {
    body:
      GOOD +
      `ext.skeleton("notes", { ttl: 60, description: "Notes snapshot for the classifier." }, async (ctx) => {\n  const prev = await [1].map(async () => ctx.skeleton.get("notes"))[0];\n  return { response: { prev: prev ?? null } };\n});\n`,
    expect: [],
  },
  SKEL_GUARD_2: {
    body: GOOD + `ext.skeleton("notes", { ttl: 60 }, async (ctx) => ({ response: { d: ctx.skeleton_data } }));\n`,
    expect: [{ rule: "SKEL-GUARD-2", severity: "error", at: "ctx.skeleton_data" }],
  },
  SKEL_GUARD_3: {
    body:
      GOOD +
      `ext.skeleton("notes", { ttl: 60 }, async (ctx) => {\n  await ctx.skeleton.update("notes", {});\n  return { response: {} };\n});\n`,
    expect: [{ rule: "SKEL-GUARD-3", severity: "error", at: "ctx.skeleton.update" }],
  },
  MANIFEST_SKELETON_1: {
    body: GOOD + `ext.tool("skeleton_refresh_x", { description: "Refresh the x section." }, ${OK});\n`,
    expect: [{ rule: "MANIFEST-SKELETON-1", severity: "error", at: `"skeleton_refresh_x"` }],
  },
  PARSE: {
    body: GOOD,
    extra: { "src/broken.ts": "export const a = 1;\nconst = ;\n" },
    expect: [{ rule: "PARSE", severity: "error", file: "src/broken.ts", at: "= ;" }],
  },
  V21_no_viewbox: {
    body: GOOD,
    icon: SVG('<circle r="1"/>', 'width="24"'),
    expect: [{ rule: "V21", severity: "error", file: "icon.svg", at: "<svg" }],
  },
  V21_doctype: {
    body: GOOD,
    icon: '<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY x "y"> ]>\n' + SVG("<g/>"),
    expect: [{ rule: "V21", severity: "error", file: "icon.svg", at: "<!DOCTYPE" }],
  },
  V21_raster: {
    body: GOOD,
    icon: SVG('<image href="data:image/png;base64,AAAA"/>'),
    expect: [{ rule: "V21", severity: "error", file: "icon.svg", at: "href=" }],
  },
  V21_on_attribute: {
    body: GOOD,
    icon: SVG('<g onload="x()"/>'),
    expect: [{ rule: "V21", severity: "error", file: "icon.svg", at: "onload" }],
  },
  V21_foreign_object: {
    body: GOOD,
    icon: SVG('<foreignObject width="1" height="1"/>'),
    expect: [{ rule: "V21", severity: "error", file: "icon.svg", at: "<foreignObject" }],
  },
  V21_external_ref: {
    body: GOOD,
    icon: SVG('<use href="https://evil.example/x.svg#a"/>'),
    expect: [{ rule: "V21", severity: "error", file: "icon.svg", at: "href=" }],
  },
  V21_wrong_root: {
    body: GOOD,
    icon: '<html viewBox="0 0 24 24"></html>\n',
    expect: [{ rule: "V21", severity: "error", file: "icon.svg", at: "<html" }],
  },
  V24_element_access: {
    body: `${W}, async (ctx) => {\n  const s = ctx["skeleton"];\n  return ActionResult.success({ s: String(s) }, "ok");\n});\n`,
    expect: [{ rule: "V24", severity: "error", at: `ctx["skeleton"]` }],
  },
  V24_and_SKEL_GUARD_1_in_panel: {
    body:
      GOOD +
      `ext.panel("side", { slot: "left" }, async (ctx) => {\n  const s = await ctx.skeleton.get("x");\n  return { type: "text", props: { content: String(s) } };\n});\n`,
    expect: [
      { rule: "SKEL-GUARD-1", severity: "error", at: "ctx.skeleton.get" },
      { rule: "V24", severity: "error", at: "ctx.skeleton.get" },
    ],
  },
  parenthesised_decorator: {
    body: `class C {\n  @(chat.function("greet", { description: "Greet someone by name politely.", actionType: "write", params: P }))\n  async g(ctx: unknown) {\n    console.warn("x");\n    return ActionResult.success({}, "ok");\n  }\n}\nvoid C;\n`,
    expect: [{ rule: "V22", severity: "error", at: "console.warn" }],
  },
  curried_form: {
    body: `${W})(async (ctx) => {\n  debugger;\n  return ActionResult.success({}, "ok");\n});\n`,
    expect: [{ rule: "V22", severity: "error", at: "debugger" }],
  },
  binary_garbage_is_PARSE: {
    body: GOOD,
    extra: { "src/junk.ts": "\u0000\u0001\u0002}}}{{{((((" },
    expect: [{ rule: "PARSE", severity: "error", file: "src/junk.ts", at: "\u0000" }],
  },
  suppressed_with_reason: {
    body: `${W}, async (ctx, p) => {\n  // imperal-disable-next-line V22 -- debugging the probe\n  console.log("hi");\n  return ActionResult.success({}, "ok");\n});\n`,
    expect: [],
  },
  renamed_receivers_and_decorator_form: {
    head: ["export const chat = new ChatExtension(ext", "export const tools = new ChatExtension(ext"],
    body: `class C {\n  @tools.fn("greet", { description: "Greet someone by name politely.", actionType: "write", params: P })\n  async g(ctx: unknown) {\n    console.warn("x");\n    return ActionResult.success({}, "ok");\n  }\n}\nvoid C;\n`,
    expect: [{ rule: "V22", severity: "error", at: "console.warn" }],
  },
  sorted_across_files: {
    body: `${W}, async (ctx) => { console.log(1); console.error(2); return ActionResult.error("x"); });\n`,
    extra: {
      "src/a/b.ts": `import { chat } from "../index.js";\nimport { ActionResult, z } from "@imperal/sdk";\nconst Q = z.object({ a: z.string() });\nchat.function("other", { description: "Another function for sorting.", actionType: "write", params: Q }, async () => { console.info(1); return ActionResult.success({}, "k"); });\n`,
    },
    expect: [
      { rule: "V22", severity: "error", file: "src/a/b.ts", at: "console.info" },
      { rule: "V22", severity: "error", at: "console.log" },
      { rule: "V22", severity: "error", at: "console.error" },
      { rule: "V28", severity: "warn", at: "ActionResult.error" },
    ],
  },
};

let scratch: string;
const dirs: Record<string, string> = {};
const texts: Record<string, Record<string, string>> = {};

function writeCase(name: string, c: Case): string {
  const dir = path.join(scratch, name);
  mkdirSync(path.join(dir, "src"), { recursive: true });
  let head = HEAD;
  if (c.head) {
    if (!head.includes(c.head[0])) throw new Error(`${name}: head pattern not found`);
    head = head.replace(c.head[0], c.head[1]);
  }
  const files: Record<string, string> = {
    "src/index.ts": head + c.body,
    "icon.svg": c.icon ?? ICON,
    ...(c.extra ?? {}),
  };
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name, private: true, type: "module" }, null, 2) + "\n",
  );
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), t);
  }
  texts[name] = files;
  return dir;
}

/** 1-based line/column of the nth (0-based) occurrence of `needle`. */
function locate(text: string, needle: string, nth = 0): { line: number; column: number } {
  let idx = -1;
  for (let i = 0; i <= nth; i++) {
    idx = text.indexOf(needle, idx + 1);
    if (idx < 0) throw new Error(`needle ${JSON.stringify(needle)} not found`);
  }
  const before = text.slice(0, idx);
  const line = before.split("\n").length;
  const column = idx - before.lastIndexOf("\n");
  return { line, column };
}

function validate(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, "validate", ...args], {
    cwd: scratch,
    encoding: "utf8",
    env: {
      ...process.env,
      NO_COLOR: "1",
      FORCE_COLOR: "",
      IMPERAL_AUTHOR_ID: "",
      IMPERAL_FIRSTPARTY_AUTHOR_IDS: "",
      ...env,
    },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  scratch = scratchDir("spec-validate");
  for (const [name, c] of Object.entries(CASES)) dirs[name] = writeCase(name, c);
});
afterAll(() => removeDir(scratch));

describe("SPEC 2: one fixture per rule, exact rule / severity / file / line / column", () => {
  for (const [name, c] of Object.entries(CASES)) {
    if (name === "V14_committed_manifest") continue;
    it(name, () => {
      const r = validate([dirs[name]!, "--format", "json"], c.env);
      const out = JSON.parse(r.stdout);
      const expected = c.expect.map((e) => {
        const file = e.file ?? "src/index.ts";
        return { rule: e.rule, severity: e.severity, file, ...locate(texts[name]![file]!, e.at, e.nth ?? 0) };
      });
      const got = out.findings.map((f: any) => ({
        rule: f.rule,
        severity: f.severity,
        file: f.file,
        line: f.line,
        column: f.column,
      }));
      expect(got).toEqual(expected);
      const errors = expected.filter((e) => e.severity === "error").length;
      const warnings = expected.filter((e) => e.severity === "warn").length;
      expect(out.errorCount).toBe(errors);
      expect(out.warningCount).toBe(warnings);
      expect(out.ok).toBe(errors === 0);
      expect(r.code).toBe(errors === 0 ? 0 : 1);
      for (const f of out.findings) {
        expect(typeof f.message).toBe("string");
        expect(f.message.length).toBeGreaterThan(0);
        expect(typeof f.fix).toBe("string");
        expect(f.fix.length).toBeGreaterThan(0);
      }
    });
  }

  it("V14 on a committed imperal.json points into the JSON file", () => {
    const r = validate([dirs.V14_committed_manifest!, "--format", "json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) expect([f.rule, f.file, f.severity]).toEqual(["V14", "imperal.json", "error"]);
    const appId = locate(texts.V14_committed_manifest!["imperal.json"]!, `"Bad_App"`);
    expect(out.findings.some((f: any) => f.line === appId.line && f.column === appId.column)).toBe(true);
  });

  it("V30 fix for slot main says center", () => {
    const out = JSON.parse(validate([dirs.V30_main_slot!, "--format", "json"]).stdout);
    expect(out.findings[0].fix).toContain("center");
  });

  it("a look-alike Extension class not from @imperal/sdk is not analysed: one V14 error, no V22", () => {
    const dir = path.join(scratch, "not-sdk");
    mkdirSync(path.join(dir, "src"), { recursive: true });
    writeFileSync(path.join(dir, "icon.svg"), ICON);
    writeFileSync(
      path.join(dir, "src", "index.ts"),
      `class Extension {\n  constructor(public id: string, public o: unknown) {}\n  tool(n: string, o: unknown, h: () => void) { return h; }\n}\nexport const ext = new Extension("x-app", { version: "1.0.0" });\next.tool("a", {}, () => { console.log("x"); });\n`,
    );
    const r = validate([dir, "--format", "json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: any) => [f.rule, f.severity])).toEqual([["V14", "error"]]);
  });

  it("a reasonless suppression suppresses nothing", () => {
    const dir = writeCase("suppression_no_reason", {
      body: `${W}, async (ctx, p) => {\n  // imperal-disable-next-line V22\n  console.log("hi");\n  return ActionResult.success({}, "ok");\n});\n`,
      expect: [],
    });
    const out = JSON.parse(validate([dir, "--format", "json"]).stdout);
    const at = locate(texts.suppression_no_reason!["src/index.ts"]!, "console.log");
    expect(out.findings).toContainEqual(expect.objectContaining({ rule: "V22", file: "src/index.ts", ...at }));
    expect(out.ok).toBe(false);
  });
});

describe("SPEC 2: output contract", () => {
  it("--format json: one object, findings keys, sorted by file, line, column, rule", () => {
    const r = validate([dirs.sorted_across_files!, "--format", "json"]);
    const lines = r.stdout.trim().split("\n");
    const out = JSON.parse(r.stdout); // exactly one JSON document
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const k of ["ok", "errorCount", "warningCount", "findings"]) expect(out).toHaveProperty(k);
    for (const f of out.findings) {
      expect(Object.keys(f).sort()).toEqual(["column", "file", "fix", "line", "message", "rule", "severity"]);
      expect(["error", "warn", "info"]).toContain(f.severity);
      expect(f.file).not.toMatch(/\\|^\/|^[A-Za-z]:/);
      expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
      expect(Number.isInteger(f.column) && f.column >= 1).toBe(true);
    }
    const sorted = [...out.findings].sort((a: any, b: any) =>
      a.file < b.file
        ? -1
        : a.file > b.file
          ? 1
          : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
    );
    expect(out.findings).toEqual(sorted);
  });

  it("--json prints the same findings as --format json", () => {
    const a = JSON.parse(validate([dirs.sorted_across_files!, "--format", "json"]).stdout);
    const r = spawnSync(process.execPath, [BIN, "--json", "validate", dirs.sorted_across_files!], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    const b = JSON.parse(r.stdout);
    expect(r.status).toBe(1);
    expect(b.ok).toBe(false);
    expect(b.findings).toEqual(a.findings);
    expect([b.errorCount, b.warningCount]).toEqual([a.errorCount, a.warningCount]);
  });

  it("relative dir and '.' give the same relative file paths", () => {
    const r = spawnSync(process.execPath, [BIN, "validate", ".", "--format", "json"], {
      cwd: dirs.sorted_across_files!,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: any) => f.file)).toEqual([
      "src/a/b.ts",
      "src/index.ts",
      "src/index.ts",
      "src/index.ts",
    ]);
  });

  it("--max-warnings: warnings alone pass; more than N warnings fail with exit 1", () => {
    const dir = dirs.V28_error_without_code!;
    const r0 = validate([dir, "--format", "json"]);
    expect(r0.code).toBe(0);
    expect(JSON.parse(r0.stdout)).toMatchObject({ ok: true, errorCount: 0, warningCount: 1 });
    const r1 = validate([dir, "--format", "json", "--max-warnings", "1"]);
    expect(r1.code).toBe(0);
    const r2 = validate([dir, "--format", "json", "--max-warnings", "0"]);
    expect(r2.code).toBe(1);
    expect(JSON.parse(r2.stdout).ok).toBe(false);
  });

  it("exit codes: 0 clean, 1 findings, 2 usage errors", () => {
    expect(validate([dirs.clean!]).code).toBe(0);
    expect(validate([dirs.V22_console!]).code).toBe(1);
    expect(validate([path.join(scratch, "does-not-exist"), "--format", "json"]).code).toBe(2);
    expect(validate([dirs.clean!, "--format", "xml"]).code).toBe(2);
    expect(validate([dirs.clean!, "--max-warnings", "lots"]).code).toBe(2);
  });

  it("github format: one ::error/::warning line per finding with file, line, col and [RULE]", () => {
    const r = validate([dirs.sorted_across_files!, "--format", "github"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    const at = locate(texts.sorted_across_files!["src/index.ts"]!, "console.log");
    expect(lines[1]).toMatch(
      new RegExp(`^::error file=src/index\\.ts,line=${at.line},col=${at.column}\\b.*::\\[V22\\] `),
    );
    expect(lines[3]).toMatch(/^::warning file=src\/index\.ts,line=\d+,col=\d+\b.*::\[V28\] /);
    expect(lines[0]).toMatch(/^::error file=src\/a\/b\.ts,/);
  });

  it("sarif format is SARIF 2.1.0 and valid against the official schema", () => {
    const r = validate([dirs.sorted_across_files!, "--format", "sarif"]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    const schema = JSON.parse(
      readFileSync(path.join(REPO_ROOT, "packages", "validators", "schema", "sarif-schema-2.1.0.json"), "utf8"),
    );
    const ajv = new (Ajv as any)({ strict: false, allErrors: true, validateFormats: false });
    const ok = ajv.validate(schema, log);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(ok).toBe(true);
    const results = log.runs[0].results;
    expect(results.map((x: any) => x.ruleId)).toEqual(["V22", "V22", "V22", "V28"]);
    const loc = results[1].locations[0].physicalLocation;
    const at = locate(texts.sorted_across_files!["src/index.ts"]!, "console.log");
    expect(loc.artifactLocation.uri).toBe("src/index.ts");
    expect([loc.region.startLine, loc.region.startColumn]).toEqual([at.line, at.column]);
  });
});

// Discrepancies with the SPEC's literal wording, reported to the validators owner (not fixed here).
describe("SPEC 2 strict wording", () => {
  it("--format json prints exactly { ok, errorCount, warningCount, findings }", () => {
    const out = JSON.parse(validate([dirs.clean!, "--format", "json"]).stdout);
    expect(out).toEqual({ ok: true, errorCount: 0, warningCount: 0, findings: [] });
  });
  it("github line shape is ::error file=...,line=...,col=...::[RULE] ...", () => {
    const r = validate([dirs.V22_console!, "--format", "github"]);
    const at = locate(texts.V22_console!["src/index.ts"]!, "console.log");
    expect(r.stdout.trim()).toMatch(
      new RegExp(`^::error file=src/index\\.ts,line=${at.line},col=${at.column}::\\[V22\\] `),
    );
  });
});
