// Generators of hostile sources at the validator's limits for hostile/classes/sources.mjs (deep nesting,
// registration bypasses, file caps, symlinks out of the root); the case shape is described in source-cases.mjs.
import fs from "node:fs";
import path from "node:path";
import { HEADER } from "./validator-harness.mjs";
import { BAD, OPTS, has, index } from "./source-cases.mjs";

/** A deep but valid source reported as a syntax error is a wrong diagnosis (SPEC 10). */
const notSyntaxError = (fs_) => {
  const f = fs_.find((x) => x.rule === "PARSE" && /syntax error/.test(x.message));
  return f ? `valid deep source reported as "${f.message.slice(0, 60)}"` : false;
};

/** Deep but valid sources (~5,000 levels) and deep handlers a rule walker must get through (V22 due). */
export function deepNesting() {
  const N = 5000;
  const rep = (s, n = N) => s.repeat(n);
  const d = `declare const a: any; declare function f(...x: any[]): any;\n`;
  const shapes = {
    parentheses: `${d}export const x = ${rep("(")}1${rep(")")};`,
    arrays: `${d}export const x = ${rep("[")}1${rep("]")};`,
    objects: `${d}export const x = ${rep("{ a: ")}1${rep(" }")};`,
    "arrow functions": `${d}export const x = ${rep("() => ")}1;`,
    blocks: `${d}${rep("{")}a;${rep("}")}`,
    "if chains": `${d}${rep("if (a) ")}a;`,
    "nested templates": `${d}export const x = ${rep("`${")}1${rep("}`")};`,
    ternaries: `${d}export const x = ${rep("a ? ")}1${rep(" : 2")};`,
    "binary chain (50k)": `${d}export const x = ${Array.from({ length: 50_000 }, () => "a").join(" + ")};`,
    "member chain (50k)": `${d}export const x = a${rep(".b", 50_000)};`,
    "call chain (20k)": `${d}export const x = f${rep("()", 20_000)};`,
    "unary chain": `${d}export const x = ${rep("!")}a;`,
    "nested calls": `${d}export const x = ${rep("f(")}1${rep(")")};`,
    "nested generics": `type A<T> = T[];\nexport type X = ${rep("A<")}number${rep(">")};`,
    "nested functions": `${rep("function g() { ")}${rep("}")}`,
    "await chain": `${d}export const x = ${rep("await ")}a;`,
    "new chain": `${d}export const x = ${rep("new ")}f${rep("()")};`,
    "spread nesting": `${d}export const x = ${rep("[...")}a${rep("]")};`,
    "comma sequence (50k)": `${d}export const x = (${Array.from({ length: 50_000 }, () => "a").join(", ")});`,
    "else-if chain (5k)": `${d}${Array.from({ length: N }, () => "if (a) {}").join(" else ")}`,
  };
  const out = Object.entries(shapes).map(([name, text]) => ({
    label: `${N}-deep ${name}`,
    files: { ...index(""), "src/deep.ts": text + "\n" },
    isCrash: notSyntaxError,
  }));
  out.push({
    label: "5000-deep JSX",
    files: { ...index(""), "src/deep.tsx": `export const x = ${rep("<a>")}1${rep("</a>")};\n` },
    isCrash: notSyntaxError,
  });
  // below the analysis cap: rules must walk the whole tree and still find the console.log at the bottom
  const nesting = (fs_) => fs_.some((f) => f.rule === "PARSE" && /nesting is/.test(f.message));
  for (const depth of [50, 120, 900]) {
    out.push({
      label: `console.log under ${depth} nested arrays in a handler`,
      files: index(
        `chat.function("create_note", ${OPTS}, async () => { const x = ${rep("[", depth)}console.log("deep")${rep("]", depth)}; return ActionResult.success({ ok: !!x }, "ok"); });`,
      ),
      // the TypeScript parser itself runs out of stack near 800 nested arrays: then the nesting must be named
      expect: depth < 500 ? has("V22") : (fs_) => has("V22")(fs_) || nesting(fs_),
    });
    out.push({
      label: `console.log under ${depth} nested closures`,
      files: index(
        `chat.function("create_note", ${OPTS}, async () => { ${rep("(() => { ", depth)}console.log("deep");${rep(" })();", depth)} return ActionResult.success({ ok: true }, "ok"); });`,
      ),
      // a closure is ~6 syntax levels: 900 of them are over the analysis depth, which must then be said
      expect: depth < 150 ? has("V22") : nesting,
    });
  }
  out.push({
    label: "5,000-long chain of schema aliases",
    files: index(
      `const S0 = z.object({});\n${Array.from({ length: N }, (_, i) => `const S${i + 1} = S${i};`).join("\n")}\nchat.function("create_note", { ...${OPTS}, params: S${N} }, ${BAD});`,
    ),
    expect: has("V22"),
  });
  return out;
}

/** Registration spellings the engine cannot follow, for every method it follows: a CANNOT-VERIFY is due. */
export function bypasses() {
  const methods = [
    ["chat", "function", `"create_note"`, OPTS, BAD],
    ["chat", "fn", `"create_note"`, OPTS, BAD],
    ["ext", "tool", `"refresh_x"`, `{ description: "Refresh the things." }`, "async () => null"],
    ["ext", "panel", `"side"`, `{ slot: "main", title: "Side" }`, "async () => null"],
    ["ext", "skeleton", `"Bad-Name"`, "{ ttl: 1 }", "async () => ({ response: {} })"],
    ["ext", "schedule", `"nightly"`, `{ cron: "never" }`, "async () => null"],
    ["ext", "secret", `"api_key"`, `{ description: "The API key." }`, undefined],
  ];
  const args = (name, opts, h) => [name, opts, h].filter(Boolean).join(", ");
  const spellings = {
    "element access": (r, m, a) => `${r}["${m}"](${a});`,
    "template-literal key": (r, m, a) => `${r}[\`${m}\`](${a});`,
    "computed const key": (r, m, a) => `const k = "${m}" as const;\n${r}[k](${a});`,
    "optional element access": (r, m, a) => `${r}?.["${m}"](${a});`,
    "parenthesized receiver, element access": (r, m, a) => `(${r})["${m}"](${a});`,
    bind: (r, m, a) => `${r}.${m}.bind(${r})(${a});`,
    call: (r, m, a) => `${r}.${m}.call(${r}, ${a});`,
    apply: (r, m, a) => `${r}.${m}.apply(${r}, [${a}]);`,
    "optional call": (r, m, a) => `${r}.${m}?.call(${r}, ${a});`,
    "detached method": (r, m, a) => `const reg = ${r}.${m};\nreg(${a});`,
    "comma expression": (r, m, a) => `(0, ${r}.${m})(${a});`,
    "Reflect.apply": (r, m, a) => `Reflect.apply(${r}.${m}, ${r}, [${a}]);`,
    destructuring: (r, m, a) => `const { ${m}: reg } = ${r};\nreg(${a});`,
    "rest destructuring": (r, m, a) => `const { ...rest } = ${r};\nrest.${m}(${a});`,
    "spread arguments": (r, m, a) => `const args = [${a}] as const;\n${r}.${m}(...args);`,
    "options first": (r, m, _a, h) => `const o = { name: "x" };\n${r}.${m}(${args("{ ...o }", h)});`,
    "unknown spread options": (r, m, _a, h, name, opts) =>
      `declare const extra: object;\n${r}.${m}(${args(name, `{ ...extra, ...${opts} }`, h)});`,
  };
  const out = [
    // receivers the engine cannot resolve: a chat registration on them is named, never passed
    {
      label: "chat.function on an uncalled helper's parameter",
      files: index(`export function reg(c: any) { c.function("create_note", ${OPTS}, ${BAD}); }`),
    },
    {
      label: "chat.fn on a call result",
      files: index(`declare function g(): any;\ng().fn("create_note", ${OPTS}, ${BAD});`),
    },
    {
      label: "chat.function on this.chat",
      files: index(
        `export class P { constructor(private c: any) {} i() { this.c.function("create_note", ${OPTS}, ${BAD}); } }`,
      ),
    },
    {
      label: "element access through an object literal",
      files: index(`const app = { chat };\napp.chat["function"]("create_note", ${OPTS}, ${BAD});`),
    },
  ].map((c) => ({ ...c, expect: has("CANNOT-VERIFY") }));
  for (const [r, m, name, opts, h] of methods)
    for (const [s, make] of Object.entries(spellings))
      out.push({
        label: `${r}.${m} via ${s}`,
        files: index(make(r, m, args(name, opts, h), h, name, opts)),
        expect: has("CANNOT-VERIFY"),
      });
  return out;
}

/** Bulk trees: caps must name what they skip. Each case writes its files in `setup`. */
export function manyFiles() {
  const gen = (dir, n, sub = "src/gen") => {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    for (let i = 0; i < n; i++)
      fs.writeFileSync(path.join(dir, sub, `f${String(i).padStart(5, "0")}.ts`), `export const v${i} = ${i};\n`);
  };
  return [
    {
      label: "5,001 files: the last one is named",
      files: { ...index(""), "src/zz.ts": `export const late = 1;\n` },
      setup: (dir) => gen(dir, 4998),
      expect: (fs_) => fs_.some((f) => f.rule === "CANNOT-VERIFY" && f.file === "src/zz.ts"),
    },
    {
      label: "5,030 files with a violation past the cap",
      files: { ...index(""), "src/zz.ts": HEADER + `chat.function("create_note", ${OPTS}, ${BAD});\n` },
      setup: (dir) => gen(dir, 5028),
      expect: (fs_) => fs_.some((f) => f.rule === "CANNOT-VERIFY" && /source files not analysed/.test(f.message)),
    },
    {
      label: "sources 25 directories deep",
      files: index(""),
      setup: (dir) => {
        const deep = path.join(dir, "src", ...Array.from({ length: 25 }, (_, i) => `d${i}`));
        fs.mkdirSync(deep, { recursive: true });
        fs.writeFileSync(path.join(deep, "x.ts"), HEADER + `chat.function("create_note", ${OPTS}, ${BAD});\n`);
      },
      expect: (fs_) => fs_.some((f) => f.rule === "CANNOT-VERIFY" && /nested more than 20 levels/.test(f.message)),
    },
    {
      label: "3,000 non-source files",
      files: index(`chat.function("create_note", ${OPTS}, ${BAD});`),
      setup: (dir) => {
        fs.mkdirSync(path.join(dir, "assets"));
        for (let i = 0; i < 3_000; i++) fs.writeFileSync(path.join(dir, "assets", `a${i}.png`), "");
      },
      expect: has("V22"),
    },
  ];
}

/** Links out of the root: never opened (the tracer checks), always named. `outside` is a fresh dir outside. */
export function symlinks() {
  const evil = HEADER + `chat.function("create_note", ${OPTS}, ${BAD});\n`;
  const viaAlias =
    HEADER.replace('from "./app.js"', 'from "@app"') + `chat.function("create_note", ${OPTS}, ${BAD});\n`;
  const named = (file) => (fs_) =>
    fs_.some((f) => f.rule === "CANNOT-VERIFY" && f.file === file) && !fs_.some((f) => f.rule === "V22");
  const link = (target, at) => fs.symlinkSync(target, at);
  return [
    {
      label: "tsconfig.json -> outside (paths alias)",
      files: { "src/index.ts": viaAlias },
      setup: (dir, out) => {
        fs.writeFileSync(
          path.join(out, "tsconfig.json"),
          JSON.stringify({ compilerOptions: { baseUrl: dir, paths: { "@app": ["./src/app.ts"] } } }),
        );
        link(path.join(out, "tsconfig.json"), path.join(dir, "tsconfig.json"));
      },
      expect: named("tsconfig.json"),
    },
    {
      label: "package.json -> outside (imports alias)",
      files: { "src/index.ts": viaAlias.replace('"@app"', '"#app"') },
      setup: (dir, out) => {
        fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ imports: { "#app": "./src/app.ts" } }));
        link(path.join(out, "package.json"), path.join(dir, "package.json"));
      },
      expect: named("package.json"),
    },
    {
      label: "src/evil.ts -> outside file",
      files: index(""),
      setup: (dir, out) => (
        fs.writeFileSync(path.join(out, "evil.ts"), evil),
        link(path.join(out, "evil.ts"), path.join(dir, "src/evil.ts"))
      ),
      expect: named("src/evil.ts"),
    },
    {
      label: "src/lib -> outside directory",
      files: index(""),
      setup: (dir, out) => (fs.writeFileSync(path.join(out, "evil.ts"), evil), link(out, path.join(dir, "src/lib"))),
      expect: named("src/lib"),
    },
    {
      label: "src/up -> the root's parent",
      files: index(""),
      setup: (dir) => link(path.dirname(dir), path.join(dir, "src/up")),
      expect: named("src/up"),
    },
    {
      label: "src/etc -> /etc",
      files: index(""),
      setup: (dir) => link("/etc", path.join(dir, "src/etc")),
      expect: named("src/etc"),
    },
    {
      label: "src/passwd.ts -> /etc/passwd",
      files: index(""),
      setup: (dir) => link("/etc/passwd", path.join(dir, "src/passwd.ts")),
      expect: named("src/passwd.ts"),
    },
    {
      label: "tsconfig.json -> /etc/passwd",
      files: index(""),
      setup: (dir) => link("/etc/passwd", path.join(dir, "tsconfig.json")),
      expect: named("tsconfig.json"),
    },
    {
      label: "broken source link",
      files: index(""),
      setup: (dir, out) => link(path.join(out, "missing.ts"), path.join(dir, "src/gone.ts")),
      expect: named("src/gone.ts"),
    },
    {
      label: "self-referencing link loop",
      files: index(""),
      setup: (dir) => link(path.join(dir, "src/loop.ts"), path.join(dir, "src/loop.ts")),
      expect: named("src/loop.ts"),
    },
    {
      label: "icon.svg -> outside",
      files: index(""),
      setup: (dir, out) => {
        fs.writeFileSync(
          path.join(out, "icon.svg"),
          `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>x</script></svg>`,
        );
        fs.rmSync(path.join(dir, "icon.svg"));
        link(path.join(out, "icon.svg"), path.join(dir, "icon.svg"));
      },
      expect: has("V16"),
    },
    {
      label: "imperal.json -> outside",
      files: index(""),
      setup: (dir, out) => (
        fs.writeFileSync(path.join(out, "imperal.json"), "{}"),
        link(path.join(out, "imperal.json"), path.join(dir, "imperal.json"))
      ),
      expect: has("V14"),
    },
    {
      label: "tsconfig.json -> inside (read, alias applies)",
      files: {
        "src/index.ts": viaAlias,
        "config/tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@app": ["./src/app.ts"] } } }),
      },
      setup: (dir) => link(path.join(dir, "config/tsconfig.json"), path.join(dir, "tsconfig.json")),
      expect: has("V22"),
    },
  ];
}
