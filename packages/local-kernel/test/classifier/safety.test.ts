// The safety rules and the dialogue state of a chat turn as pure functions: same verdicts for every classifier.
import { describe, expect, it } from "vitest";
import { DialogueState, pendingFrom, resolveFollowUp } from "../../src/chat/dialogue.js";
import { checkPlan, DEFAULT_CONFIDENCE_FLOOR } from "../../src/chat/safety.js";
import { classifyEmbedded } from "../../src/classifier/index.js";
import type { CatalogEntry, Classification, JsonSchema } from "../../src/classifier/types.js";

const obj = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: "object",
  properties,
  required,
});
const S = { type: "string" };
const catalog: CatalogEntry[] = [
  {
    name: "create_note",
    description: "Create a note.",
    actionType: "write",
    params: obj({ title: S, body: S }, ["title"]),
  },
  { name: "get_note", description: "Open a note.", actionType: "read", params: obj({ note_id: S }, ["note_id"]) },
  {
    name: "update_note",
    description: "Change a note.",
    actionType: "write",
    params: obj({ note_id: S, title: S, body: S }, ["note_id"]),
  },
  {
    name: "move_card",
    description: "Move a card.",
    actionType: "write",
    params: obj({ card: S, list: S }, ["card", "list"]),
  },
  { name: "delete_card", description: "Delete a card.", actionType: "destructive", params: obj({ card: S }, ["card"]) },
];
const action = (plan: Classification["plan"], confidence = 0.9): Classification => ({
  intent: "action",
  confidence,
  language: "en",
  plan,
  is_destructive: false,
  is_acceptance: false,
});
const codes = (v: { safety: Array<{ code: string }> }) => v.safety.map((s) => s.code);

describe("checkPlan", () => {
  it("asks back a write below the floor (default 0.6, configurable) and shows the candidate", () => {
    expect(DEFAULT_CONFIDENCE_FLOOR).toBe(0.6);
    const c = action([{ tool: "create_note", args: { title: "X" } }], 0.47);
    const v = checkPlan({ message: "x", classification: c, catalog });
    expect(v.classification.intent).toBe("clarify");
    expect(v.classification.plan).toEqual(c.plan);
    expect(v.classification.question).toContain("create_note");
    expect(codes(v)).toEqual(["LOW_CONFIDENCE_WRITE"]);
    expect(checkPlan({ message: "x", classification: c, catalog, floor: 0.4 }).classification.intent).toBe("action");
  });

  it("runs reads at any confidence", () => {
    const c = action([{ tool: "get_note", args: { note_id: "n1" } }], 0.3);
    expect(checkPlan({ message: "x", classification: c, catalog }).classification).toBe(c);
  });

  it("asks before an update overwrites a field the message never named", () => {
    const c = action([{ tool: "update_note", args: { note_id: "n1", title: "buy wine" } }]);
    const v = checkPlan({ message: 'add "buy wine" to Trip to Rome', classification: c, catalog });
    expect(v.classification.intent).toBe("clarify");
    expect(codes(v)).toEqual(["WEAK_OVERWRITE"]);
    const named = checkPlan({ message: "rename Trip to Rome to buy wine", classification: c, catalog });
    expect(named.classification.intent).toBe("action");
  });

  it("asks when an update names no field at all", () => {
    const c = action([{ tool: "update_note", args: { note_id: "n1" } }]);
    expect(codes(checkPlan({ message: "add the hotel to Trip to Rome", classification: c, catalog }))).toEqual([
      "UPDATE_WITHOUT_FIELDS",
    ]);
  });

  it("reroutes deletion words (English and German) from a move to the destructive tool on the same object", () => {
    for (const message of ['delete card "Ship it"', 'lösche die Karte "Ship it"', 'get rid of card "Ship it"']) {
      const c = action([{ tool: "move_card", args: { card: "Ship it", list: "Done" } }]);
      const v = checkPlan({ message, classification: c, catalog });
      expect(v.classification.plan).toEqual([{ tool: "delete_card", args: { card: "Ship it" } }]);
      expect(v.classification.is_destructive).toBe(true);
      expect(codes(v)).toEqual(["DELETION_REROUTED"]);
    }
  });

  it("leaves dictated text, nouns and creates alone", () => {
    const move = action([{ tool: "move_card", args: { card: "Delete old files", list: "Done" } }]);
    expect(checkPlan({ message: 'move "Delete old files" to Done', classification: move, catalog }).safety).toEqual([]);
    const create = action([{ tool: "create_note", args: { title: "Remove duplicates" } }]);
    expect(checkPlan({ message: "new note Remove duplicates", classification: create, catalog }).safety).toEqual([]);
  });
});

describe("dialogue state", () => {
  const input = (message: string) => ({ message, catalog, now: "2026-11-21T10:00:00Z" });
  const ask = (message: string) => classifyEmbedded(input(message));

  it("a clarify stores what it waits for; the answer fills it", () => {
    const q = ask("create a note");
    const p = pendingFrom(q)!;
    expect(p.missing).toEqual(["create_note.title"]);
    const f = resolveFollowUp(p, input("Packing list"), ask("Packing list"));
    expect(f.classification.intent).toBe("action");
    expect(f.classification.plan).toEqual([{ tool: "create_note", args: { title: "Packing list" } }]);
    expect(f.decision?.code).toBe("CLARIFY_FILLED");
  });

  it("yes runs the candidate as shown, no drops it, a new request replaces it", () => {
    const c = checkPlan({
      message: "x",
      classification: action([{ tool: "create_note", args: { title: "X" } }], 0.4),
      catalog,
    }).classification;
    const p = pendingFrom(c)!;
    const yes = resolveFollowUp(p, input("yes"), ask("yes"));
    expect(yes.accepted).toBe(true);
    expect(yes.classification.plan).toEqual(c.plan);
    expect(resolveFollowUp(p, input("no"), ask("no")).classification.intent).toBe("chat");
    const other = resolveFollowUp(p, input("open note n_1"), ask("open note n_1"));
    expect(other.decision?.code).toBe("CLARIFY_REPLACED");
  });

  it("keeps one pending question per user and forgets it on purge", () => {
    const d = new DialogueState();
    d.set("a", { plan: [], missing: [], question: "?", at: Date.now() });
    expect(d.get("a")).toBeDefined();
    expect(d.get("b")).toBeUndefined();
    d.purge("a");
    expect(d.get("a")).toBeUndefined();
  });
});
