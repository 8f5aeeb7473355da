// Pure pieces of the author's feedback loop: trace lines, check flags, REPL labels, completion.
import { describe, it, expect } from "vitest";
import kleur from "kleur";
import { traceLine } from "../src/dev/trace.js";
import { complete } from "../src/dev/repl/parse.js";
import { toReplEvent } from "../src/dev/repl/events.js";
import {
  confirmationQuestion,
  feedbackLines,
  gateLabel,
  renderReplEvent,
  renderTurn,
  targetLabel,
} from "../src/dev/repl/render.js";

kleur.enabled = false;

describe("terminal trace lines", () => {
  it("a request line per finished call (tool, user, outcome, ms); skeleton refreshes are not requests", () => {
    const t = traceLine({
      seq: 1,
      type: "call_finished",
      ts: "",
      userId: "alice",
      data: { tool: "create_note", status: "failed", action_type: "write", duration_ms: 12, code: "HANDLER_ERROR" },
    });
    expect(t).toMatchObject({
      kind: "request",
      json: { tool: "create_note", user: "alice", outcome: "failed", ms: 12 },
    });
    expect(t!.text).toBe("→ create_note user alice failed HANDLER_ERROR 12 ms");
    const sk = traceLine({
      seq: 2,
      type: "call_finished",
      ts: "",
      userId: "alice",
      data: {
        tool: "skeleton_refresh_notes",
        status: "executed",
        action_type: "read",
        duration_ms: 3,
        source: "skeleton",
      },
    });
    expect(sk).toBeUndefined();
  });

  it("ctx.log lines carry level, tool and user; handler errors their mapped stack", () => {
    expect(
      traceLine({
        seq: 1,
        type: "log",
        ts: "",
        userId: "dev",
        data: { level: "warn", tool: "t", call_id: 1, message: "m" },
      })!.text,
    ).toBe("log warn t dev: m");
    const h = traceLine({
      seq: 1,
      type: "handler_error",
      ts: "",
      userId: "dev",
      data: {
        tool: "t",
        user: "dev",
        code: "HANDLER_ERROR",
        message: "Error: x",
        stack: "Error: x\n    at h (src/a.ts:3:9)\n    at node:internal/x:1:1",
        frame: "src/a.ts:3:9",
        at: "",
      },
    })!;
    expect(h.text).toContain("at src/a.ts:3:9");
    expect(h.text).toContain("    at h (src/a.ts:3:9)");
    expect(h.text).not.toContain("node:internal");
  });
});

describe("background check flag", () => {
  it("renders counts and the first findings as file:line:col", () => {
    const e = toReplEvent("build_check", {
      typecheck: { errorCount: 1, errors: [{ file: "src/a.ts", line: 2, column: 5, message: "TS2322: no" }] },
      validation: {
        errorCount: 1,
        warningCount: 0,
        findings: [{ rule: "V22", severity: "error", file: "src/b.ts", line: 7, column: 3, message: "console" }],
      },
    })!;
    const text = renderReplEvent(e)!;
    expect(text).toMatch(/the serving build has 1 type error\(s\), 1 validator error\(s\)/);
    expect(text).toContain("src/a.ts:2:5 TS2322: no");
    expect(text).toContain("src/b.ts:7:3 V22 error: console");
    const clean = toReplEvent("build_check", { typecheck: { errorCount: 0 }, validation: { errorCount: 0 } })!;
    expect(renderReplEvent(clean)).toMatch(/no type errors/);
  });
});

describe("REPL labels", () => {
  it("guards are guards, authz is authz, with the validation feedback", () => {
    const v = {
      outcome: "rejected",
      code: "VALIDATION_FAILED",
      feedback: "The arguments did not match:\n- `title`: required field is missing (expected a string).\nFix these.",
      results: [],
    };
    expect(gateLabel(v)).toBe("guard");
    expect(feedbackLines(v)).toEqual(["title: required field is missing (expected a string)."]);
    const lines = renderTurn(v).join("\n");
    expect(lines).toContain("guard rejected VALIDATION_FAILED");
    expect(lines).toContain("• title: required");
    expect(lines).not.toContain("authz");
    expect(gateLabel({ outcome: "rejected", code: "FABRICATED_ID" })).toBe("guard");
    expect(gateLabel({ outcome: "rejected", code: "PLACEHOLDER_ARG" })).toBe("guard");
    expect(gateLabel({ outcome: "rejected", code: "FORBIDDEN_SCOPE" })).toBe("authz");
    expect(renderTurn({ outcome: "rejected", code: "FORBIDDEN_SCOPE" }).join("\n")).toContain(
      "authz denied FORBIDDEN_SCOPE",
    );
  });

  it("confirmations name their target from what the kernel knows", () => {
    const sources = [[{ tool: "create_note", data: { note_id: "n1", title: "Groceries" } }]];
    const turn = {
      outcome: "needs_confirmation",
      confirmation: { id: "c", calls: [{ tool: "delete_note", args: { note_id: "n1" } }] },
    };
    expect(confirmationQuestion(turn, (a) => targetLabel(a, sources))).toBe(
      'Confirm delete_note "Groceries" (note_id n1)?',
    );
    expect(confirmationQuestion(turn, (a) => targetLabel(a, []))).toBe("Confirm delete_note?");
  });

  it("tab completes slash commands, tool names after /call and panel ids after /panel", () => {
    expect(complete("/to", [], [])).toEqual([["/tools"], "/to"]);
    expect(complete("/la", [], [])[0]).toEqual(["/last"]);
    expect(complete("/call create", ["create_note", "list_notes"], [])).toEqual([["create_note"], "create"]);
    expect(complete("/panel s", [], ["sidebar", "editor"])).toEqual([["sidebar"], "s"]);
    expect(complete("hello", ["x"], [])).toEqual([[], "hello"]);
  });
});
