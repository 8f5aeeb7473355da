import { describe, expect, it } from "vitest";
import { collectIds, FactLedger, FactLedgers, isIdKey, TRUNCATION_MARKER } from "../../src/facts/ledger.js";

describe("isIdKey", () => {
  it.each<[string, boolean, string?]>([
    ["id", true],
    ["note_id", true],
    ["noteId", true],
    ["ID", false],
    ["idea", false],
    ["valid", false],
    ["target", true, "target"],
    ["Id", false],
  ])("%s", (k, want, proj) => expect(isIdKey(k, proj)).toBe(want));
});

describe("collectIds", () => {
  it("collects ids and labelled entities at any depth", () => {
    const r = collectIds({
      note_id: "n1",
      title: "Q3 roadmap",
      items: [{ id: 7, name: "Seven" }, { task_id: "t1" }],
      owner: { userId: "u1" },
      tag_ids: ["a", "b"],
    });
    expect([...r.ids].sort()).toEqual(["7", "a", "b", "n1", "t1", "u1"]);
    expect([...r.entities.values()]).toEqual([
      // A plain "id" inside "items" is an item's id.
      { id: "7", label: "Seven", key: "item_id" },
      { id: "t1", label: undefined, key: "task_id" },
      { id: "u1", label: undefined, key: "userId" },
      { id: "n1", label: "Q3 roadmap", key: "note_id" },
    ]);
  });
  it("a plain id at the top or in an array of no plural name keeps the key 'id'", () => {
    expect([...collectIds({ id: "x1", name: "Top" }).entities.values()][0]?.key).toBe("id");
    expect([...collectIds({ data: [{ id: "x2", name: "In data" }] }).entities.values()][0]?.key).toBe("id");
    expect([...collectIds({ entries: [{ id: "x3", name: "E" }] }).entities.values()][0]?.key).toBe("entry_id");
  });
});

describe("FactLedger", () => {
  it("keeps the last 5 turns verbatim", () => {
    const l = new FactLedger({ now: () => 42 });
    for (let i = 0; i < 7; i++) l.addTurn([{ tool: "create_note", data: { note_id: `n${i}`, title: `Note ${i}` } }]);
    const e = l.entries();
    expect(e.length).toBe(5);
    expect(e[0].calls).toEqual([{ tool: "create_note", data: { note_id: "n2", title: "Note 2" } }]);
    expect(e[4].text).toBe('[{"tool":"create_note","data":{"note_id":"n6","title":"Note 6"}}]');
    expect(e[4].at).toBe(42);
    expect([...l.ids()].sort()).toEqual(["n2", "n3", "n4", "n5", "n6"]);
    expect(l.entities()[0]).toEqual({ id: "n6", label: "Note 6", key: "note_id" });
  });
  it("skips turns without calls", () => {
    const l = new FactLedger();
    expect(l.addTurn([])).toBeUndefined();
    expect(l.entries()).toEqual([]);
    expect(l.render()).toBe("");
  });
  it("truncates a turn over 3 KB with a marker, keeping ids from the full data", () => {
    const l = new FactLedger();
    const big = { items: Array.from({ length: 200 }, (_, i) => ({ id: `id-${i}`, title: "é".repeat(10) })) };
    const t = l.addTurn([{ tool: "list_notes", data: big }])!;
    expect(t.truncated).toBe(true);
    expect(Buffer.byteLength(t.text, "utf8")).toBeLessThanOrEqual(3072);
    expect(Buffer.byteLength(t.text, "utf8")).toBeGreaterThan(3000);
    expect(t.text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(t.text).not.toContain("\uFFFD");
    expect(t.calls).toBeUndefined();
    expect(l.ids().has("id-199")).toBe(true);
  });
  it("exactly 3072 bytes is not truncated", () => {
    const l = new FactLedger();
    const overhead = JSON.stringify([{ tool: "t", data: "" }]).length;
    const t = l.addTurn([{ tool: "t", data: "x".repeat(3072 - overhead) }])!;
    expect(t.truncated).toBe(false);
    expect(Buffer.byteLength(t.text)).toBe(3072);
  });
  it("renders one line per turn, multiple calls per turn", () => {
    const l = new FactLedger();
    l.addTurn([
      { tool: "a", data: { x: 1 } },
      { tool: "b", data: null },
    ]);
    l.addTurn([{ tool: "c", data: [1] }]);
    expect(l.render()).toBe(
      'turn -2 (a, b): [{"tool":"a","data":{"x":1}},{"tool":"b","data":null}]\nturn -1 (c): [{"tool":"c","data":[1]}]',
    );
  });
  it("per-user isolation and purge", () => {
    const all = new FactLedgers();
    all.for("a").addTurn([{ tool: "t", data: { id: "secret" } }]);
    expect(all.for("b").ids().has("secret")).toBe(false);
    expect(all.for("a").ids().has("secret")).toBe(true);
    all.purge("a");
    expect(all.for("a").ids().size).toBe(0);
  });
});
