// Generators of hostile extension sources for hostile/classes/sources.mjs. A case is
// `{ label, files, setup?(dir, outside), expect?(findings) -> bool, isCrash?(findings) -> string|false }`:
// `files` are written over the baseline app (src/app.ts, icon.svg), `setup` adds links or bulk files, `expect`
// says which finding was due (its absence is a leak), `isCrash` names a wrong diagnosis that counts as a crash.
import fs from "node:fs";
import path from "node:path";
import { BASE_APP, HEADER, prng } from "./validator-harness.mjs";

export const OPTS = `{ description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }`;
/** A handler with a V22 violation: wherever it is registered and followed, V22 must report it. */
export const BAD = `async () => { console.log("x"); return ActionResult.success({ ok: true }, "ok"); }`;
export const has = (rule) => (fs_) => fs_.some((f) => f.rule === rule);
export const index = (body) => ({ "src/index.ts": HEADER + body + "\n" });
/** The notes template with its placeholders filled: a real extension to truncate. */
export function templateFiles(root) {
  const dir = path.join(root, "templates/notes");
  const fill = (t) =>
    t
      .replaceAll("__APP_ID__", "notes")
      .replaceAll("__DISPLAY_NAME__", "Notes")
      .replaceAll("__SCOPE_NS__", "notes")
      .replaceAll("__TOOL_NAME__", "notes");
  const files = {};
  for (const f of fs.readdirSync(path.join(dir, "src")))
    files[`src/${f}`] = fill(fs.readFileSync(path.join(dir, "src", f), "utf8"));
  for (const f of ["icon.svg", "package.json", "tsconfig.json"])
    files[f] = fill(fs.readFileSync(path.join(dir, f), "utf8"));
  return files;
}

/** The template's biggest file cut at `count` offsets spread over its length (the cut file is the last write). */
export function truncations(root, count) {
  const files = templateFiles(root);
  const text = files["src/functions.ts"];
  const out = [];
  for (let i = 0; i < count; i++) {
    const at = Math.floor(((i + 1) * text.length) / (count + 1));
    out.push({ label: `functions.ts cut at ${at}`, files: { ...files, "src/functions.ts": text.slice(0, at) } });
  }
  return out;
}

/** Literals, comments and lines at sizes real code never reaches (one file over the 4 MiB cap must be named). */
export function hugeLiterals() {
  const MiB = 1024 * 1024;
  return [
    { label: "3.9 MiB string literal", files: index(`export const s = "${"a".repeat(3.9 * MiB)}";`) },
    {
      label: "4.5 MiB file (over the cap)",
      files: { ...index(""), "src/bundle.ts": `export const s = "${"b".repeat(4.5 * MiB)}";\n` },
      expect: (fs_) => fs_.some((f) => f.rule === "CANNOT-VERIFY" && f.file === "src/bundle.ts"),
    },
    { label: "200k-element array", files: index(`export const a = [${"1,".repeat(200_000)}];`) },
    {
      label: "50k-key object",
      files: index(`export const o = { ${Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join(", ")} };`),
    },
    { label: "100k-character identifier", files: index(`export const ${"x".repeat(100_000)} = 1;`) },
    { label: "200k empty statements", files: index(";\n".repeat(200_000)) },
    { label: "1 MiB comment", files: index(`/* ${"c".repeat(MiB)} */`) },
    { label: "1 MiB line comment", files: index(`// ${"c".repeat(MiB)}`) },
    { label: "500 KiB regex", files: index(`export const r = /${"a".repeat(500_000)}/;`) },
    { label: "100k-digit number", files: index(`export const n = ${"9".repeat(100_000)};`) },
    {
      label: "10k-substitution template",
      files: index(`const v = 1;\nexport const t = \`${"${v}-".repeat(10_000)}\`;`),
    },
    { label: "1M escapes", files: index(`export const e = "${"\\u0041".repeat(200_000)}";`) },
    {
      label: "1 MiB description in a registration",
      files: index(`chat.function("create_note", { ...${OPTS}, description: "${"d".repeat(MiB)}" }, ${BAD});`),
      expect: has("V22"),
    },
    {
      label: "unterminated 2 MiB string",
      files: index(`export const s = "${"u".repeat(2 * MiB)}`),
      expect: has("PARSE"),
    },
    {
      label: "unterminated 1 MiB template",
      files: index(`export const s = \`${"u".repeat(MiB)}`),
      expect: has("PARSE"),
    },
    { label: "2 MiB of one long line of calls", files: index(`declare const f: any;\n${"f(1);".repeat(400_000)}`) },
  ];
}

/** Seeded random bytes, NULs, UTF-16 and invalid UTF-8 where TypeScript is expected. */
export function binaryGarbage(count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const rnd = prng(1000 + i);
    const size = [1, 7, 64, 512, 4096, 65_536][i % 6];
    const buf = Buffer.alloc(size);
    for (let j = 0; j < size; j++) buf[j] = Math.floor(rnd() * 256);
    const prefix = i % 3 === 0 ? Buffer.from(HEADER) : Buffer.alloc(0);
    out.push({
      label: `random bytes #${i} (${size} B${prefix.length ? ", after a valid header" : ""})`,
      files: { "src/index.ts": Buffer.concat([prefix, buf]) },
    });
  }
  out.push({ label: "all NUL", files: { "src/index.ts": Buffer.alloc(10_000) } });
  out.push({
    label: "UTF-16LE source",
    files: { "src/index.ts": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, "utf16le")]) },
  });
  out.push({
    label: "invalid UTF-8 in a string",
    files: {
      "src/index.ts": Buffer.concat([
        Buffer.from(HEADER + 'export const s = "'),
        Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]),
        Buffer.from('";\n'),
      ]),
    },
  });
  out.push({ label: "NUL inside an identifier", files: index("export const a\0b = 1;") });
  return out;
}

/** BOM, CRLF, CR, U+2028/2029 and odd whitespace around a real violation, which must still be found. */
export function encodings() {
  const body = `chat.function("create_note", ${OPTS}, ${BAD});`;
  const src = HEADER + body + "\n";
  const variants = {
    BOM: (t) => "\ufeff" + t,
    CRLF: (t) => t.replaceAll("\n", "\r\n"),
    "CR only": (t) => t.replaceAll("\n", "\r"),
    "BOM + CRLF": (t) => "\ufeff" + t.replaceAll("\n", "\r\n"),
    "U+2028 line separators": (t) => t.replaceAll("\n", "\u2028"),
    "U+2029 paragraph separators": (t) => t.replaceAll("\n", "\u2029"),
    "mixed line endings": (t) =>
      t
        .split("\n")
        .map((l, i) => l + ["\n", "\r\n", "\r"][i % 3])
        .join(""),
    "form feeds and vertical tabs": (t) => t.replaceAll(" = ", "\f=\v"),
    "NBSP as whitespace": (t) => t.replaceAll("const ", "const\u00a0"),
    "tabs everywhere": (t) => t.replaceAll(" ", "\t"),
    "trailing NUL": (t) => t + "\0",
    "no final newline": (t) => t.trimEnd(),
  };
  const out = [];
  for (const [name, f] of Object.entries(variants)) {
    // a NUL is not a TypeScript character: the file is a PARSE error instead (still a finding, never a pass)
    const due = name === "trailing NUL" ? has("PARSE") : has("V22");
    out.push({ label: `${name}: violation still found`, files: { "src/index.ts": f(src) }, expect: due });
    out.push({
      label: `${name}: app file too`,
      files: { "src/app.ts": f(BASE_APP), "src/index.ts": f(src) },
      expect: due,
    });
  }
  return out;
}

/** Unicode and escaped identifiers, bidi controls (Trojan Source) and non-ASCII registration names. */
export function unicode() {
  const out = [];
  const reg = (recv) => `${recv}.function("create_note", ${OPTS}, ${BAD});`;
  const aliases = ["聊天", "чат", "ψ", "𝒸𝒽𝒶𝓉", "café", "ﾁｬｯﾄ", "$chat", "_\u200c_", "x\u0301"];
  for (const a of aliases)
    out.push({
      label: `receiver named ${JSON.stringify(a)}`,
      files: index(`const ${a} = chat;\n${reg(a)}`),
      expect: has("V22"),
    });
  for (const esc of ["ch\\u0061t", "\\u{63}hat", "\\u0063\\u0068\\u0061\\u0074"])
    out.push({ label: `escaped identifier ${esc}`, files: index(reg(esc)), expect: has("V22") });
  const bidi = ["\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a", "\u202b", "\u202c", "\u202d", "\u200f"];
  for (const b of bidi) {
    out.push({
      label: `bidi U+${b.codePointAt(0).toString(16)} in a comment`,
      files: index(`/* ${b} } ${b} */ ${reg("chat")}`),
      expect: has("V22"),
    });
    out.push({
      label: `bidi U+${b.codePointAt(0).toString(16)} in a string`,
      files: index(`export const s = "${b}admin${b}";\n${reg("chat")}`),
      expect: has("V22"),
    });
  }
  for (const name of ["créer_note", "ноты", "note\u200b", "𝓃ℴ𝓉ℯ", "NOTE"])
    out.push({
      label: `function name ${JSON.stringify(name)}`,
      files: index(
        `chat.function(${JSON.stringify(name)}, ${OPTS}, async () => ActionResult.success({ ok: true }, "ok"));`,
      ),
      expect: has("V26"),
    });
  out.push({
    label: "lone surrogates",
    files: index(`export const s = "\\uD800\\uDFFF\\uDBFF"; export const t = "${"\ud800"}";`),
  });
  out.push({
    label: "emoji description",
    files: index(
      `chat.function("create_note", { ...${OPTS}, description: "📝 Create a note 🚀 with a title ✨" }, ${BAD});`,
    ),
    expect: has("V22"),
  });
  return out;
}

/** The decorator registration forms (and malformed ones) with a violation in the decorated method. */
export function decorators() {
  const cls = (dec, member = `async create() { console.log("x"); return ActionResult.success({ ok: true }, "ok"); }`) =>
    index(`export class Notes {\n  ${dec}\n  ${member}\n}`);
  const out = [
    { label: "@chat.fn", files: cls(`@chat.fn("create_note", ${OPTS})`), expect: has("V22") },
    { label: "@(chat.function(...))", files: cls(`@(chat.function("create_note", ${OPTS}))`), expect: has("V22") },
    { label: "@((chat.fn))(...)", files: cls(`@((chat.fn)("create_note", ${OPTS}))`), expect: has("V22") },
    {
      label: "static method",
      files: cls(`@chat.fn("create_note", ${OPTS})`, `static async create() { console.log("x"); }`),
      expect: has("V22"),
    },
    {
      label: "computed method key",
      files: cls(`@chat.fn("create_note", ${OPTS})`, `async ["cre" + "ate"]() { console.log("x"); }`),
      expect: has("V22"),
    },
    {
      label: "property arrow",
      files: cls(`@chat.fn("create_note", ${OPTS})`, `create = async () => { console.log("x"); };`),
      expect: has("V22"),
    },
    {
      label: "stacked decorators",
      files: cls(`@chat.fn("create_note", ${OPTS})\n  @chat.fn("create_other", ${OPTS})`),
      expect: has("V22"),
    },
    {
      label: "class expression",
      files: index(
        `export const Notes = class {\n  @chat.fn("create_note", ${OPTS})\n  async create() { console.log("x"); }\n};`,
      ),
      expect: has("V22"),
    },
    // not decorator syntax (TS allows only dotted names there): a PARSE error is the finding
    { label: '@chat["fn"] (element access)', files: cls(`@chat["fn"]("create_note", ${OPTS})`), expect: has("PARSE") },
    { label: '@(chat["fn"](...))', files: cls(`@(chat["fn"]("create_note", ${OPTS}))`), expect: has("CANNOT-VERIFY") },
    {
      label: "@chat.fn.bind(chat)",
      files: cls(`@(chat.fn.bind(chat)("create_note", ${OPTS}))`),
      expect: has("CANNOT-VERIFY"),
    },
    {
      label: "accessor member",
      files: cls(`@chat.fn("create_note", ${OPTS})`, `accessor create = async () => { console.log("x"); };`),
    },
    {
      label: "parameter decorator",
      files: index(`declare const P: any;\nexport class A { m(@P x: number) { return x; } }`),
    },
    {
      label: "decorator factory returning chat.fn",
      files: index(
        `const d = () => chat.fn("create_note", ${OPTS});\nexport class A { @d() async create() { console.log(1); } }`,
      ),
    },
    {
      label: "decorator on a nested class",
      files: index(
        `export function f() { return class { @chat.fn("create_note", ${OPTS}) async create() { console.log(1); } }; }`,
      ),
      expect: has("V22"),
    },
    {
      label: "unterminated decorator",
      files: index(`export class A { @chat.fn("create_note", `),
      expect: has("PARSE"),
    },
    {
      label: "decorator on a class (not a method)",
      files: index(`@chat.fn("create_note", ${OPTS})\nexport class A {}`),
    },
  ];
  return out;
}

/** Names and options that are not statically known: each must be a "cannot verify" warning. */
export function computedNames() {
  const cv = (fs_) => fs_.some((f) => /cannot verify/.test(f.message));
  const out = [
    { label: "name from env", files: index(`chat.function(process.env.NAME!, ${OPTS}, ${BAD});`), expect: cv },
    {
      label: "name from a call",
      files: index(`declare function n(): string;\nchat.function(n(), ${OPTS}, ${BAD});`),
      expect: cv,
    },
    {
      label: "description from a call",
      files: index(
        `declare function d(): string;\nchat.function("create_note", { ...${OPTS}, description: d() }, ${BAD});`,
      ),
      expect: cv,
    },
    {
      label: "actionType ternary",
      files: index(
        `declare const c: boolean;\nchat.function("create_note", { ...${OPTS}, actionType: c ? "read" : "write" }, ${BAD});`,
      ),
      expect: cv,
    },
    {
      label: "computed option key",
      files: index(`declare const k: string;\nchat.function("create_note", { ...${OPTS}, [k]: "x" }, ${BAD});`),
      expect: cv,
    },
    {
      label: "options from a call",
      files: index(`declare function o(): any;\nchat.function("create_note", o(), ${BAD});`),
      expect: cv,
    },
    {
      label: "slot from a variable",
      files: index(`declare const s: string;\next.panel("side", { slot: s, title: "Side" }, async () => null);`),
      expect: cv,
    },
    {
      label: "name from an array index",
      files: index(
        `declare const i: number;\nconst names = ["a_b", "c_d"];\nchat.function(names[i]!, ${OPTS}, ${BAD});`,
      ),
      expect: cv,
    },
    {
      label: "known template name",
      files: index(`const p = "create";\nchat.function(\`\${p}_note\`, ${OPTS}, ${BAD});`),
      expect: has("V22"),
    },
    {
      label: "known concatenation",
      files: index(`chat.function("create" + "_note", ${OPTS}, ${BAD});`),
      expect: has("V22"),
    },
    {
      label: "registration in a loop",
      files: index(`for (const n of ["a_b", "c_d"]) chat.function(n, ${OPTS}, ${BAD});`),
      expect: cv,
    },
    {
      label: "handler from a map",
      files: index(`declare const hs: Record<string, any>;\nchat.function("create_note", ${OPTS}, hs["x"]);`),
      expect: cv,
    },
    {
      label: "cron from env",
      files: index(`ext.schedule("nightly", { cron: process.env.CRON! }, async () => null);`),
      expect: cv,
    },
    {
      label: "icon from env",
      files: {
        "src/app.ts": "",
        "src/index.ts": `import { Extension } from "@imperal/sdk";\nexport const ext = new Extension("notes", { version: "1.0.0", displayName: "Notes", description: "Create, organize and search your notes with the help of AI.", icon: process.env.ICON!, capabilities: ["notes:read"] });\n`,
      },
      expect: cv,
    },
    {
      label: "computed app id",
      files: {
        "src/app.ts": "",
        "src/index.ts": `import { Extension } from "@imperal/sdk";\nexport const ext = new Extension(process.env.ID!, { version: "1.0.0", displayName: "Notes", description: "Create, organize and search your notes with the help of AI.", icon: "icon.svg", capabilities: ["notes:read"] });\n`,
      },
      expect: cv,
    },
  ];
  return out;
}
