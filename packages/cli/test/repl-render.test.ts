import { describe, it, expect, beforeAll } from "vitest";
import kleur from "kleur";
import { parseInput, parseToolAndJson, parseYesNo } from "../src/dev/repl/parse.js";
import {
  renderTurn,
  renderEvent,
  renderUiTree,
  authzLine,
  confirmationQuestion,
  shortJson,
} from "../src/dev/repl/render.js";

beforeAll(() => {
  kleur.enabled = false;
});

describe("REPL input parsing", () => {
  it("tells messages from slash commands", () => {
    expect(parseInput("  ")).toEqual({ kind: "empty" });
    expect(parseInput("create a note")).toEqual({ kind: "message", text: "create a note" });
    expect(parseInput("/audit 5")).toEqual({ kind: "command", name: "audit", rest: "5", args: ["5"] });
    expect(parseInput("/exit")).toMatchObject({ kind: "command", name: "quit" });
    expect(parseInput("/nope")).toMatchObject({ kind: "error" });
  });
  it("splits /call <tool> <json> with spaces inside the JSON", () => {
    expect(parseToolAndJson('create_note {"title": "a b"}')).toEqual({ tool: "create_note", json: { title: "a b" } });
    expect(parseToolAndJson("list_notes")).toEqual({ tool: "list_notes", json: {} });
    expect(parseToolAndJson("x [1]")).toHaveProperty("error");
    expect(parseToolAndJson("x {bad")).toHaveProperty("error");
  });
  it("reads y/n answers", () => {
    expect(parseYesNo("y")).toBe(true);
    expect(parseYesNo("YES")).toBe(true);
    expect(parseYesNo("n")).toBe(false);
    expect(parseYesNo("maybe")).toBeUndefined();
  });
});

describe("turn rendering", () => {
  const completed = {
    turn_id: "t1",
    classification: {
      intent: "action",
      confidence: 0.92,
      plan: [{ tool: "create_note", args: { title: "Groceries" } }],
    },
    outcome: "completed",
    reply: 'Created note "Groceries"',
    results: [{ status: "success", summary: 'Created note "Groceries"', data: { note_id: "n1" } }],
  };
  it("shows tool, args, confidence, authz, summary and duration", () => {
    const text = renderTurn(completed, 42).join("\n");
    expect(text).toContain('create_note {"title":"Groceries"}');
    expect(text).toContain("confidence 0.92");
    expect(text).toContain("authz allowed");
    expect(text).toContain('✓ Created note "Groceries"');
    expect(text).toContain("(42 ms)");
  });
  it("shows the calls a confirmation would run and asks a question", () => {
    const t = {
      ...completed,
      outcome: "needs_confirmation",
      reply: "Delete note n1?",
      results: [],
      confirmation: { id: "c1", calls: [{ tool: "delete_note", args: { note_id: "n1" } }] },
    };
    const text = renderTurn(t).join("\n");
    expect(text).toContain("needs confirmation");
    expect(text).toContain('delete_note {"note_id":"n1"}');
    expect(confirmationQuestion(t)).toBe("Confirm delete_note?");
    expect(confirmationQuestion({ ...t, confirmation: { id: "c", calls: [{ tool: "a" }, { tool: "b" }] } })).toBe(
      "Confirm these 2 calls?",
    );
  });
  it("shows rejections with their code", () => {
    const t = { outcome: "rejected", code: "FABRICATED_ID", reply: "I could not find that note.", results: [] };
    expect(authzLine(t)).toBe("denied FABRICATED_ID");
    expect(renderTurn(t).join("\n")).toContain("code FABRICATED_ID");
  });
  it("shows a failed handler as authorized, with its code", () => {
    const t = { outcome: "failed", code: "HANDLER_ERROR", reply: "Sorry, something went wrong.", results: [] };
    expect(authzLine(t)).toBe("allowed");
    const out = renderTurn(t).join("\n");
    expect(out).toContain("code HANDLER_ERROR");
    expect(out).toContain("✗ Sorry, something went wrong.");
  });
  it("shortens long args", () => {
    expect(shortJson({ a: "x".repeat(500) }, 20)).toHaveLength(20);
  });
});

describe("event rendering", () => {
  it("renders build errors with file:line and kernel envelopes", () => {
    expect(
      renderEvent("build_error", { error: { text: 'src/index.ts:3:7 error: Expected ";"', lineText: "const x = " } }),
    ).toContain("src/index.ts:3:7");
    expect(
      renderEvent("notification", {
        seq: 3,
        ts: "t",
        userId: "dev",
        type: "notification",
        data: { message: "Reminder!" },
      }),
    ).toContain("Reminder!");
    expect(renderEvent("skeleton_refresh", { section: "notes", ok: true, changed: true })).toContain(
      "skeleton notes refreshed (changed)",
    );
    expect(renderEvent("skeleton_refresh", { section: "notes", ok: true, changed: false })).toBeUndefined();
    expect(
      renderEvent("skeleton_refresh", { section: "notes", ok: false, code: "SKELETON_BAD_RETURN", message: "x" }),
    ).toContain("SKELETON_BAD_RETURN");
    expect(renderEvent("something_else", {})).toBeUndefined();
  });
  it("renders a panel tree as an outline", () => {
    const tree = {
      type: "stack",
      props: {
        children: [
          { type: "text", props: { content: "Hello" } },
          { type: "button", props: { label: "Go" } },
        ],
      },
    };
    expect(renderUiTree(tree).join("\n")).toBe("  stack\n    text Hello\n    button Go");
  });
});

describe("REPL events", () => {
  it("reads the kernel's envelope and the dev loop's flat events into one typed event", async () => {
    const { toReplEvent } = await import("../src/dev/repl/events.js");
    const envelope = {
      seq: 3,
      type: "notification",
      ts: "2026-01-01T00:00:00Z",
      userId: "dev",
      data: { message: "hi" },
    };
    expect(toReplEvent("notification", envelope)).toEqual({ kind: "notification", text: "hi" });
    expect(toReplEvent("build:start", { files: ["src/index.ts"] })).toEqual({
      kind: "build_start",
      files: ["src/index.ts"],
    });
    expect(toReplEvent("promoted_result", { outcome: "rejected", reply: "nope", results: [] })).toEqual({
      kind: "result",
      ok: false,
      text: "nope",
    });
    expect(toReplEvent("confirmation_cancelled", { id: "cnf_1" })).toBeUndefined();
  });

  it("/panel keeps every prop the inspector draws: values, tags, dates, inputs, actions with confirm, tabs", async () => {
    const { ui } = await import("@imperal/sdk");
    const tree = ui.stack([
      ui.stat("Open", 3, { trend: "up" }),
      ui.listItem({
        title: "Groceries",
        meta: "2026-12-01",
        badge: ui.badge("home", { color: "green" }),
        actions: [
          ui.button("Delete", { onClick: ui.call("delete_note", { note_id: "n1" }, { confirm: "Delete it?" }) }),
        ],
      }),
      ui.input("title", { value: "Trip", label: "Title" }),
      ui.tagInput("tags", { value: ["a", "b"] }),
      ui.tabs([{ id: "t1", label: "First", content: ui.text("one") }]),
    ]);
    const text = renderUiTree(tree)
      .join("\n")
      .replace(/\x1b\[[0-9;]*m/g, "");
    for (const want of [
      'stat Open trend="up" value=3',
      'listItem Groceries meta="2026-12-01"',
      'badge: badge home color="green"',
      'actions: button Delete onClick: call delete_note {"note_id":"n1"} (confirm: "Delete it?")',
      'input Title value="Trip" name="title"',
      'tagInput tags value=["a","b"]',
      'tabs: id="t1" label="First"',
      "text one",
    ])
      expect(text).toContain(want);
  });
});
