// `imperal eval` (SPEC 9 "Author evals"): file parsing, matchers, the three report formats and exit codes through
// the built CLI, and the REPL's /save-eval round trip.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KernelClient, TurnObject } from "../src/chat/client.js";
import { startRepl } from "../src/dev/repl/repl.js";
import { caseFromTurn } from "../src/dev/repl/save-eval.js";
import { parseEvalFile } from "../src/eval/cases.js";
import { matchExpectation } from "../src/eval/match.js";
import { xmlEscape } from "../src/eval/report.js";
import { builtPrerequisites, scaffold } from "./dev-helpers.js";
import { cli } from "./templates-helpers.js";

const parseError = (text: string): string => {
  try {
    parseEvalFile("evals/x.json", text);
  } catch (e) {
    return (e as Error).message;
  }
  return "parsed";
};

describe("eval files", () => {
  it("a malformed file names the file, the case index and the problem", () => {
    expect(parseError("{")).toMatch(/^evals\/x\.json: not valid JSON/);
    expect(parseError("{}")).toBe("evals/x.json: must be a JSON array of cases");
    expect(parseError('[{"message":"hi","expect":{"tool":"a"}}, {"expect":{"tool":"a"}}]')).toBe(
      'evals/x.json case 1 "message": must be a non-empty string',
    );
    expect(parseError('[{"message":"hi"}]')).toMatch(/case 0 "expect": is required/);
    expect(parseError('[{"message":"hi","expect":{"tol":"a"}}]')).toMatch(/case 0 "expect": unknown field "tol"/);
    expect(parseError('[{"message":"hi","expect":{"tool":"a","args":{"x":{"matches":"("}}}}]')).toMatch(
      /case 0 "expect.args.x": "matches" is not a valid regular expression/,
    );
    expect(parseError('[{"message":"hi","expect":{"tool":"a","outcome":"done"}}]')).toMatch(
      /"expect.outcome": must be one of completed/,
    );
    expect(parseError('[{"message":"hi","user":"bad id","expect":{"tool":"a"}}]')).toMatch(/"user"/);
    expect(parseError('[{"message":"hi","history":[3],"expect":{"tool":"a"}}]')).toMatch(/"history"\[0\]/);
  });

  it("parses users with scopes, history messages and matchers", () => {
    const f = parseEvalFile(
      "evals/x.json",
      JSON.stringify([
        {
          name: "n",
          message: "m",
          user: "alice:notes:read",
          history: ["one", { role: "user", content: "two" }],
          expect: { tool: "t", args: { a: 1, b: { includes: "x" }, c: { oneOf: [1, 2] }, d: { absent: true } } },
        },
      ]),
    );
    expect(f.cases[0]).toMatchObject({ name: "n", user: { id: "alice", scopes: ["notes:read"] } });
    expect(f.cases[0]!.history).toEqual(["one", "two"]);
    expect(Object.values(f.cases[0]!.expect.args!).map((m) => m.kind)).toEqual([
      "equals",
      "includes",
      "oneOf",
      "absent",
    ]);
  });
});

describe("matching", () => {
  const expectOf = (json: string) => parseEvalFile("e.json", `[{"message":"m","expect":${json}}]`).cases[0]!.expect;
  const turn = (tool: string | null, args: Record<string, unknown> = {}, outcome = "completed") => ({
    outcome,
    plan: tool ? [{ tool, args }] : [],
  });

  it("checks the tool, only the named args (schema defaults filled in) and the outcome", () => {
    const schemas = new Map([["create_note", { properties: { tags: { default: [] } } }]]);
    expect(
      matchExpectation(expectOf('{"tool":"create_note","args":{"tags":[]}}'), turn("create_note"), schemas),
    ).toEqual([]);
    expect(matchExpectation(expectOf('{"tool":"list_notes"}'), turn("create_note"))).toEqual([
      "expected tool list_notes, got create_note",
    ]);
    expect(matchExpectation(expectOf('{"tool":null}'), turn(null, {}, "chat"))).toEqual([]);
    expect(matchExpectation(expectOf('{"tool":"a","outcome":"completed"}'), turn(null, {}, "chat"))).toEqual([
      "expected tool a, got no tool call (chat)",
      "expected outcome completed, got chat",
    ]);
  });

  it("includes / matches / oneOf / absent", () => {
    const e = expectOf(
      '{"tool":"t","args":{"a":{"includes":"milk"},"b":{"matches":"^\\\\d+$"},"c":{"oneOf":["x","y"]},"d":{"absent":true},"e":{"includes":"work"}}}',
    );
    expect(matchExpectation(e, turn("t", { a: "Buy MILK", b: 42, c: "y", e: ["home", "work"] }))).toEqual([]);
    expect(matchExpectation(e, turn("t", { a: "bread", b: "4x", c: "z", d: 1, e: "x" }))).toEqual([
      'args.a: expected a value including "milk", got "bread"',
      'args.b: expected a value matching /^\\d+$/, got "4x"',
      'args.c: expected one of "x", "y", got "z"',
      "args.d: expected no value, got 1",
      'args.e: expected a value including "work", got "x"',
    ]);
  });

  it("JUnit output escapes everything it prints", () => {
    expect(xmlEscape(`<a b="c">&'\u0001`)).toBe("&lt;a b=&quot;c&quot;&gt;&amp;&apos;");
  });
});

const missing = builtPrerequisites();

describe.skipIf(!!missing)("imperal eval through the built CLI", () => {
  let dir: string;
  beforeAll(() => {
    dir = scaffold("notes", "eval-notes");
  });
  afterAll(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it(
    "builds a missing dist first, passes the template's evals (exit 0), prints per-case lines and totals",
    { timeout: 90_000 },
    async () => {
      expect(existsSync(path.join(dir, "dist", "extension.mjs"))).toBe(false);
      const r = await cli(["eval", dir]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toMatch(/building the extension first: no build yet/);
      expect(r.stdout).toMatch(/evals\/basic\.json\n {2}✓ create a note with a title/);
      expect(r.stdout).toMatch(/✓ (\d+)\/\1 passed/);
      expect(existsSync(path.join(dir, "dist", "extension.mjs"))).toBe(true);
    },
  );

  it(
    "a failing case exits 1 and shows the actual plan; json is one envelope; junit is valid XML",
    { timeout: 90_000 },
    async () => {
      const file = path.join(dir, "evals", "wrong.json");
      writeFileSync(
        file,
        JSON.stringify([
          { name: "wrong tool", message: "create a note called Shopping list", expect: { tool: "list_notes" } },
          { message: "show my notes", expect: { tool: "list_notes" } },
        ]),
      );
      try {
        const r = await cli(["eval", dir]);
        expect(r.code, r.stdout + r.stderr).toBe(1);
        expect(r.stdout).toContain("✗ wrong tool");
        expect(r.stdout).toContain("expected tool list_notes, got create_note");
        expect(r.stdout).toMatch(/actual: +create_note \{"title":"Shopping list"/);
        expect(r.stdout).toMatch(/failed/);

        const j = await cli(["--json", "eval", dir]);
        expect(j.code).toBe(1);
        expect(j.stdout.trim().split("\n")).toHaveLength(1);
        const env = JSON.parse(j.stdout);
        expect(env).toMatchObject({ ok: false, command: "eval", totals: { failed: 1 } });
        const wrong = env.files.find((f: { file: string }) => f.file === "evals/wrong.json");
        expect(wrong.cases[0]).toMatchObject({ pass: false, actual: { plan: [{ tool: "create_note" }] } });
        expect(wrong.cases[1]).toMatchObject({ pass: true, name: "#1 show my notes" });

        const x = await cli(["eval", dir, "--format", "junit"]);
        expect(x.code).toBe(1);
        expect(x.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
        expect(x.stdout).toMatch(/<testsuite name="evals\/wrong.json" tests="2" failures="1"/);
        expect(x.stdout).toMatch(
          /<testcase name="wrong tool" classname="evals\/wrong.json" time="[\d.]+">\n\s+<failure message=/,
        );
        const py = spawnSync("python3", ["-c", "import sys,xml.dom.minidom as m; m.parseString(sys.stdin.read())"], {
          input: x.stdout,
        });
        if (py.status !== null && !py.error) expect(py.status, String(py.stderr)).toBe(0);
      } finally {
        rmSync(file);
      }
    },
  );

  it(
    "a bad eval file is a usage error (exit 2) naming file, case and problem; unknown tools are caught too",
    { timeout: 60_000 },
    async () => {
      const file = path.join(dir, "evals", "bad.json");
      try {
        writeFileSync(
          file,
          '[{"message":"hi","expect":{"tool":"list_notes"}},{"message":"x","expect":{"tool":"nope"}}]',
        );
        const r = await cli(["eval", dir]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/error E_EVAL_FILE: evals\/bad.json case 1 "expect.tool": "nope" is not a tool/);
        writeFileSync(file, '[{"message":"hi","expect":{"tool":"list_notes","args":{"titel":"x"}}}]');
        expect((await cli(["eval", dir])).stderr).toMatch(
          /case 0 "expect.args": "titel" is not a parameter of list_notes/,
        );
        writeFileSync(file, "[1]");
        const j = await cli(["--json", "eval", dir]);
        expect(j.code).toBe(2);
        expect(JSON.parse(j.stdout)).toMatchObject({
          ok: false,
          command: "eval",
          error: { code: "E_EVAL_FILE", message: "evals/bad.json case 0: must be an object" },
        });
      } finally {
        rmSync(file, { force: true });
      }
      const empty = mkdtempSync(path.join(tmpdir(), "imperal-eval-empty-"));
      try {
        const r = await cli(["eval", empty]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/E_EVAL_NO_FILES/);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    },
  );
});

describe("/save-eval in the REPL", () => {
  it("appends the last turn (message + actual plan + outcome) to evals/recorded.json, which parses as an eval file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "imperal-save-eval-"));
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    let text = "";
    output.on("data", (d) => (text += d));
    const turn: TurnObject = {
      outcome: "completed",
      classification: { intent: "action", plan: [{ tool: "create_note", args: { title: "Milk" } }] },
      reply: "ok",
      results: [],
    } as TurnObject;
    const client = {
      user: "dev",
      turn: async () => turn,
      events: (_cb: unknown, signal: AbortSignal) =>
        new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve())),
    } as unknown as KernelClient;
    const repl = startRepl({ client, dir, users: ["dev"], input, output, onExit: () => undefined });
    const until = async (re: RegExp) => {
      for (let i = 0; i < 200 && !re.test(text); i++) await new Promise((r) => setTimeout(r, 10));
      expect(text).toMatch(re);
    };
    try {
      input.write("/save-eval\n");
      await until(/nothing to save yet/);
      input.write("note milk\n");
      await until(/create_note/);
      input.write("/save-eval milk note\n");
      await until(/saved to evals\/recorded.json \(1 case\)/);
      input.write("/save-eval\n");
      await until(/\(2 cases\)/);
      const saved = readFileSync(path.join(dir, "evals", "recorded.json"), "utf8");
      const parsed = parseEvalFile("evals/recorded.json", saved);
      expect(parsed.cases.map((c) => c.name)).toEqual(["milk note", "#1 note milk"]);
      expect(JSON.parse(saved)[0]).toEqual({
        name: "milk note",
        message: "note milk",
        expect: { tool: "create_note", args: { title: "Milk" }, outcome: "completed" },
      });
    } finally {
      repl.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a chat turn is saved as tool null, an accepting yes as the calls it ran; a multi-step plan is refused", () => {
    expect(caseFromTurn("hi", { outcome: "chat", classification: { plan: [] } } as TurnObject)).toEqual({
      case: { message: "hi", expect: { tool: null, outcome: "chat" } },
    });
    const yes = {
      outcome: "completed",
      classification: { plan: [], is_acceptance: true },
      calls: [{ tool: "delete_note", args: { note_id: "n1" } }],
    } as TurnObject;
    expect(caseFromTurn("yes", yes)).toEqual({
      case: { message: "yes", expect: { tool: "delete_note", args: { note_id: "n1" }, outcome: "completed" } },
    });
    const chain = { outcome: "completed", classification: { plan: [{ tool: "a" }, { tool: "b" }] } } as TurnObject;
    expect(caseFromTurn("x", chain)).toEqual({ error: expect.stringMatching(/2 steps/) });
  });
});
