import { describe, expect, it } from "vitest";
import {
  findRefs,
  parseRef,
  precheckPlan,
  resolveRefs,
  resolveStepArgs,
  type ChainToolInfo,
} from "../../src/chain/refs.js";

const tools: ChainToolInfo[] = [
  {
    name: "create_note",
    actionType: "write",
    returnSchema: {
      type: "object",
      properties: { note_id: { type: "string" }, title: { type: "string" } },
      required: ["note_id"],
    },
  },
  {
    name: "list_notes",
    actionType: "read",
    returnSchema: {
      type: "object",
      properties: { notes: { type: "array", items: { type: "object", properties: { id: { type: "string" } } } } },
    },
  },
  { name: "pin_note", actionType: "write" },
  { name: "delete_note", actionType: "destructive" },
  { name: "get_note", actionType: "read" },
  {
    name: "open_bag",
    actionType: "read",
    returnSchema: { type: "object", properties: { a: { type: "string" } }, additionalProperties: true },
  },
];

describe("parseRef / findRefs", () => {
  it.each<[string, unknown]>([
    ["$steps.0.data.note_id", { step: 0, path: ["note_id"] }],
    ["$steps.12.data.items.0.id", { step: 12, path: ["items", "0", "id"] }],
    ["$steps.1.data", { step: 1, path: [] }],
    ["$steps.x.data.a", undefined],
    ["steps.0.data.a", undefined],
    ["prefix $steps.0.data.a", undefined],
  ])("%s", (s, want) => {
    const r = parseRef(s);
    if (want === undefined) expect(r).toBeUndefined();
    else expect({ step: r!.step, path: r!.path }).toEqual(want);
  });
  it("finds nested and embedded references with their arg paths", () => {
    expect(
      findRefs({ a: "$steps.0.data.x", b: ["k", { c: "see $steps.1.data.y.z now" }], d: 5 }).map((r) => [
        r.argPath,
        r.raw,
      ]),
    ).toEqual([
      ["a", "$steps.0.data.x"],
      ["b[1].c", "$steps.1.data.y.z"],
    ]);
  });
});

describe("resolveRefs", () => {
  const prior = [
    { note_id: "n1", title: "T", tags: ["a", "b"], meta: { n: 3 } },
    { items: [{ id: "i0" }, { id: "i1" }] },
  ];
  it.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{ note_id: "$steps.0.data.note_id" }, { note_id: "n1" }],
    [{ n: "$steps.0.data.meta.n" }, { n: 3 }],
    [{ tags: "$steps.0.data.tags" }, { tags: ["a", "b"] }],
    [{ id: "$steps.1.data.items.1.id" }, { id: "i1" }],
    [{ text: "Note $steps.0.data.title has $steps.0.data.meta.n" }, { text: "Note T has 3" }],
    [{ nested: { deep: ["$steps.0.data.note_id"] } }, { nested: { deep: ["n1"] } }],
    [
      { plain: "no refs", k: 1 },
      { plain: "no refs", k: 1 },
    ],
  ])("%j", (args, want) => {
    const r = resolveRefs(args, prior);
    expect(r.ok).toBe(true);
    expect(r.args).toEqual(want);
  });
  it.each<[Record<string, unknown>, string]>([
    [{ x: "$steps.2.data.a" }, "step 2 has no result yet"],
    [{ x: "$steps.0.data.missing" }, "step 0 result has no field missing"],
    [{ x: "$steps.1.data.items.5.id" }, "step 1 result has no field items.5.id"],
    [{ x: "$steps.0.data.title.deeper" }, "step 0 result has no field title.deeper"],
  ])("unresolved %j", (args, reason) => {
    const r = resolveRefs(args, prior);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.unresolved).toEqual([{ argPath: "x", ref: args.x, reason }]);
  });
});

describe("resolveStepArgs", () => {
  it("write step with unresolved ref fails hard", () => {
    const r = resolveStepArgs({ tool: "pin_note", args: { note_id: "$steps.0.data.nope" } }, "write", [
      { note_id: "n1" },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe("CHAIN_REF_UNRESOLVED");
  });
  it("destructive step too", () => {
    expect(resolveStepArgs({ tool: "delete_note", args: { note_id: "$steps.3.data.id" } }, "destructive", []).ok).toBe(
      false,
    );
  });
  it("read step keeps going and reports", () => {
    const r = resolveStepArgs(
      { tool: "get_note", args: { note_id: "$steps.0.data.nope", q: "$steps.0.data.note_id" } },
      "read",
      [{ note_id: "n1" }],
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.args).toEqual({ note_id: "$steps.0.data.nope", q: "n1" });
      expect(r.unresolved.length).toBe(1);
    }
  });
  it("resolves a good write step", () => {
    expect(
      resolveStepArgs({ tool: "pin_note", args: { note_id: "$steps.0.data.note_id" } }, "write", [{ note_id: "n9" }]),
    ).toEqual({ ok: true, args: { note_id: "n9" }, unresolved: [] });
  });
});

describe("precheckPlan", () => {
  const codes = (plan: Array<{ tool: string; args: Record<string, unknown> }>) => {
    const r = precheckPlan(plan, tools);
    return { ok: r.ok, issues: r.issues.map((i) => `${i.step}:${i.code}:${i.hard}`) };
  };
  it("accepts a valid chain", () => {
    expect(
      codes([
        { tool: "create_note", args: { title: "x" } },
        { tool: "pin_note", args: { note_id: "$steps.0.data.note_id" } },
      ]),
    ).toEqual({ ok: true, issues: [] });
  });
  it("accepts array index paths per schema", () => {
    expect(
      codes([
        { tool: "list_notes", args: {} },
        { tool: "delete_note", args: { note_id: "$steps.0.data.notes.0.id" } },
      ]).ok,
    ).toBe(true);
  });
  it("rejects a reference to a later step", () => {
    expect(
      codes([
        { tool: "pin_note", args: { note_id: "$steps.1.data.note_id" } },
        { tool: "create_note", args: {} },
      ]),
    ).toEqual({ ok: false, issues: ["0:CHAIN_REF_FORWARD:true"] });
  });
  it("rejects a self reference", () => {
    expect(codes([{ tool: "pin_note", args: { note_id: "$steps.0.data.note_id" } }])).toEqual({
      ok: false,
      issues: ["0:CHAIN_REF_FORWARD:true"],
    });
  });
  it("rejects a reference to a step that does not exist", () => {
    expect(
      codes([
        { tool: "create_note", args: {} },
        { tool: "pin_note", args: { note_id: "$steps.7.data.note_id" } },
      ]),
    ).toEqual({ ok: false, issues: ["1:CHAIN_REF_UNKNOWN_STEP:true"] });
  });
  it("rejects a field missing from the return schema", () => {
    expect(
      codes([
        { tool: "create_note", args: {} },
        { tool: "delete_note", args: { note_id: "$steps.0.data.id" } },
      ]),
    ).toEqual({ ok: false, issues: ["1:CHAIN_REF_UNKNOWN_FIELD:true"] });
  });
  it("non-index path into an array field is unknown", () => {
    expect(
      codes([
        { tool: "list_notes", args: {} },
        { tool: "pin_note", args: { note_id: "$steps.0.data.notes.id" } },
      ]).ok,
    ).toBe(false);
  });
  it("cannot judge fields without a return schema or with additionalProperties", () => {
    expect(
      codes([
        { tool: "pin_note", args: {} },
        { tool: "delete_note", args: { note_id: "$steps.0.data.whatever" } },
      ]).ok,
    ).toBe(true);
    expect(
      codes([
        { tool: "open_bag", args: {} },
        { tool: "delete_note", args: { note_id: "$steps.0.data.zzz" } },
      ]).ok,
    ).toBe(true);
  });
  it("issues on read steps are soft", () => {
    expect(codes([{ tool: "get_note", args: { note_id: "$steps.3.data.x" } }])).toEqual({
      ok: true,
      issues: ["0:CHAIN_REF_UNKNOWN_STEP:false"],
    });
  });
  it("unknown tools are hard", () => {
    expect(codes([{ tool: "nope", args: {} }])).toEqual({ ok: false, issues: ["0:CHAIN_UNKNOWN_TOOL:true"] });
  });
});
