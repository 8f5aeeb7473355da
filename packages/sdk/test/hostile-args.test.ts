// The SDK's argument walkers on hostile input: deep nesting never overflows the stack, and the fabricated-id guard's
// index gives the same answers as the plain rule while its work per lookup does not grow with the conversation.
import { describe, expect, it } from "vitest";
import { checkFabricatedIds, checkPlaceholders, isSeenIndex, SeenIndex } from "../src/guards/index.js";
import { exceedsDepth, MAX_ARGS_DEPTH } from "../src/patterns.js";
import { ChatExtension, Extension, ActionResult, z } from "../src/index.js";
import { invoke } from "../src/testing/index.js";

/** `{ a: { a: ... "leaf" } }` with `levels` objects, built without recursion. */
function nested(levels: number, leaf: unknown = "leaf"): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

/** The I-AH-1 rule spelled out naively (exact scalar, or whole token of a string): the index must agree with it. */
function naiveSeen(value: string, strings: string[]): boolean {
  const esc = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(^|[^A-Za-z0-9_-])${esc}($|[^A-Za-z0-9_-])`);
  return strings.some((t) => t === value || re.test(t));
}

describe("exceedsDepth", () => {
  it("counts the args object as level 1 and rejects past 64 levels", () => {
    expect(MAX_ARGS_DEPTH).toBe(64);
    expect(exceedsDepth(nested(64))).toBe(false);
    expect(exceedsDepth(nested(65))).toBe(true);
    expect(exceedsDepth({ list: [[[1]]] }, 4)).toBe(false);
    expect(exceedsDepth({ list: [[[[1]]]] }, 4)).toBe(true);
    expect(exceedsDepth("scalar")).toBe(false);
  });

  it("handles 100,000 levels and cycles without recursion", () => {
    expect(exceedsDepth(nested(100_000))).toBe(true);
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = cyclic;
    expect(exceedsDepth(cyclic)).toBe(true); // a cycle is infinitely deep
    const shared = { leaf: 1 };
    let dag: unknown = shared;
    for (let i = 0; i < 40; i++) dag = [dag, dag]; // 2^40 paths, 41 objects: walked once each
    expect(exceedsDepth({ dag })).toBe(false);
    // a shared sub-object that is fine where first met but too deep where met again
    const sub = nested(60);
    expect(exceedsDepth({ a: sub, b: nested(10, sub) })).toBe(true);
    expect(exceedsDepth({ b: nested(10, sub), a: sub })).toBe(true);
  });
});

describe("argument guards on deep input", () => {
  it("find a placeholder / fabricated id 100,000 levels down without overflowing", () => {
    const deepPh = nested(100_000, { note_id: "<NOTE_ID>" });
    const ph = checkPlaceholders(deepPh);
    expect(ph).toMatchObject({ ok: false, code: "PLACEHOLDER_ARG" });
    expect(!ph.ok && ph.path.startsWith("`a.a.a.")).toBe(true);
    const fid = checkFabricatedIds(nested(100_000, { note_id: "n_1" }), { seen: ["nothing"] });
    expect(fid).toMatchObject({ ok: false, code: "FABRICATED_ID", value: "n_1" });
  });

  it("the testing kit's invoke answers ARGS_TOO_DEEP before any handler or schema runs", async () => {
    const ext = new Extension("deep-test", {
      version: "1.0.0",
      description: "Deep args test extension.",
      capabilities: ["deep:read"],
    });
    const chat = new ChatExtension(ext, { toolName: "deep", description: "Deep." });
    let ran = 0;
    chat.function(
      "take",
      { description: "Takes anything.", actionType: "read", params: z.object({ data: z.any() }) },
      async () => {
        ran++;
        return ActionResult.success({}, "ok");
      },
    );
    for (const levels of [65, 2_000, 100_000]) {
      const out = await invoke(ext, "take", { data: nested(levels) });
      expect(out).toMatchObject({ ok: false, code: "ARGS_TOO_DEEP" });
    }
    expect(await invoke(ext, "take", { data: nested(62) })).toMatchObject({ ok: true });
    expect(ran).toBe(1);
  });
});

describe("SeenIndex", () => {
  const strings = [
    "please delete note n_42 and also the one called Groceries",
    "see #123 here",
    "x#777",
    "Q3 roadmap, draft",
    "a.b.c",
    "!!",
    "café au lait",
  ];
  const ix = SeenIndex.from(strings);

  it("agrees with the plain whole-token rule", () => {
    const probes = [
      "n_42",
      "n_4",
      "42",
      "Groceries",
      "note n_42",
      "delete note",
      "#123",
      "123",
      "777",
      "x#777",
      "Q3 roadmap",
      "roadmap,",
      "Q3",
      "draft",
      "a.b",
      "b.c",
      "a.b.c",
      ".b.",
      "!!",
      "!",
      "caf",
      "café",
      "lait",
      "au lait",
      "zzz",
    ];
    for (const p of probes) expect([p, ix.isSeen(p)]).toEqual([p, naiveSeen(p, strings)]);
    expect(checkFabricatedIds({ note_id: "n_42" }, { seen: ix })).toEqual({ ok: true });
    expect(checkFabricatedIds({ note_id: "n_43" }, { seen: ix })).toMatchObject({ ok: false, value: "n_43" });
    expect(isSeenIndex(ix)).toBe(true);
    expect(isSeenIndex(new Set(["n_42"]))).toBe(false);
  });

  it("indexes numbers, nested results and cycles", () => {
    const r: Record<string, unknown> = { data: { notes: [{ id: 9001, title: "t" }] } };
    r.self = r;
    const i2 = SeenIndex.from([r]);
    expect(i2.isSeen("9001")).toBe(true);
    expect(i2.has("t")).toBe(true);
    expect(i2.isSeen("9002")).toBe(false);
  });

  it("does the same work per rejection with 100 or 20,000 seen values", () => {
    const work = (n: number): number => {
      const big = new SeenIndex();
      for (let i = 0; i < n; i++) big.add(`note nt_${i} titled Item ${i}`);
      const before = big.probes;
      for (const id of ["nt_missing", "made-up-id", "nt_x y"]) {
        expect(checkFabricatedIds({ note_id: id }, { seen: big })).toMatchObject({ ok: false });
      }
      expect(checkFabricatedIds({ note_id: `nt_${n - 1}` }, { seen: big })).toEqual({ ok: true });
      return big.probes - before;
    };
    const small = work(100);
    expect(work(20_000)).toBe(small);
    expect(small).toBeLessThan(20);
  });
});
