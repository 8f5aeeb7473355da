import { describe, expect, it } from "vitest";
import { z as z3 } from "zod3";
import { checkFabricatedIds, checkPlaceholders, toUserMessage, validateParams } from "../src/guards/index.js";
import { z } from "../src/index.js";

describe("checkPlaceholders", () => {
  it("rejects full-match placeholders at any depth, with the path", () => {
    expect(checkPlaceholders({ note_id: "<NOTE_ID>" })).toMatchObject({
      ok: false,
      code: "PLACEHOLDER_ARG",
      path: "`note_id`",
      value: "<NOTE_ID>",
    });
    expect(checkPlaceholders({ items: [{ a: 1 }, { tags: ["ok", "<TAG_2>"] }] })).toMatchObject({
      ok: false,
      path: "`items[1].tags[1]`",
    });
    expect(checkPlaceholders({ deep: { deeper: { deepest: " <X> " } } })).toMatchObject({
      ok: false,
      path: "`deep.deeper.deepest`",
    });
    expect(checkPlaceholders(["<USER_EMAIL>"])).toMatchObject({ ok: false, path: "`[0]`" });
    const r = checkPlaceholders({ to: "<EMAIL>" });
    expect(!r.ok && r.message).toMatch(/Ask the user/);
  });

  it("lets prose, lowercase tags and partial matches through", () => {
    for (const ok of [
      { body: "Use <b>bold</b> and <i>italics</i>" },
      { body: "<note>" },
      { body: "Reply to <NAME> tomorrow" },
      { body: "<NAME> <NAME>" },
      { body: "<>" },
      { body: "<1ABC>" },
      { list: [["<lower_case>"]], n: 5, nil: null, flag: true },
      {},
    ]) {
      expect(checkPlaceholders(ok), JSON.stringify(ok)).toEqual({ ok: true });
    }
  });

  it("survives cyclic input", () => {
    const a: Record<string, unknown> = { x: "fine" };
    a.self = a;
    expect(checkPlaceholders(a)).toEqual({ ok: true });
  });
});

describe("checkFabricatedIds", () => {
  const seen = [
    "please delete note n_42 and also the one called Groceries",
    { status: "success", data: { notes: [{ note_id: "n_77", title: "Groceries" }], count: 2 } },
    { skeleton: { recent: [{ id: 9001, title: "x" }] } },
  ];

  it("accepts ids seen in a user message, only in a tool result, or in a skeleton snapshot", () => {
    expect(checkFabricatedIds({ note_id: "n_42" }, { seen })).toEqual({ ok: true });
    expect(checkFabricatedIds({ note_id: "n_77" }, { seen })).toEqual({ ok: true });
    expect(checkFabricatedIds({ id: 9001 }, { seen })).toEqual({ ok: true });
    expect(checkFabricatedIds({ noteId: "n_77" }, { seen })).toEqual({ ok: true });
  });

  it("rejects ids that never appeared, at any depth, including camelCase and lists", () => {
    expect(checkFabricatedIds({ note_id: "n_43" }, { seen })).toMatchObject({
      ok: false,
      code: "FABRICATED_ID",
      value: "n_43",
      path: "`note_id`",
    });
    expect(checkFabricatedIds({ items: [{ noteId: "n_77" }, { noteId: "n_99" }] }, { seen })).toMatchObject({
      ok: false,
      path: "`items[1].noteId`",
    });
    expect(checkFabricatedIds({ id: ["n_42", "zzz"] }, { seen })).toMatchObject({ ok: false, path: "`id[1]`" });
    expect(checkFabricatedIds({ id: 9002 }, { seen })).toMatchObject({ ok: false, value: "9002" });
  });

  it("needs a whole-token match in prose (n_4 is not seen because n_42 is)", () => {
    expect(checkFabricatedIds({ note_id: "n_4" }, { seen })).toMatchObject({ ok: false });
    expect(checkFabricatedIds({ note_id: "42" }, { seen })).toMatchObject({ ok: false });
  });

  it("checks the idProjection param even when its name is not id-shaped", () => {
    expect(checkFabricatedIds({ target: "made-up" }, { seen })).toEqual({ ok: true });
    expect(checkFabricatedIds({ target: "made-up" }, { seen, idProjection: "target" })).toMatchObject({
      ok: false,
      path: "`target`",
    });
    expect(checkFabricatedIds({ target: "Groceries" }, { seen, idProjection: "target" })).toEqual({ ok: true });
  });

  it("ignores non-id keys, empty values and keys that merely end in 'id' lowercase", () => {
    expect(checkFabricatedIds({ title: "anything", valid: "nope", paid: "x", note_id: "" }, { seen })).toEqual({
      ok: true,
    });
  });

  it("is a pure function: same input, same answer on every retry", () => {
    const a = checkFabricatedIds({ note_id: "nope" }, { seen });
    const b = checkFabricatedIds({ note_id: "nope" }, { seen });
    expect(a).toEqual(b);
    expect(a.ok).toBe(false);
  });
});

describe("validateParams", () => {
  const schema4 = z.object({
    title: z.string().min(1),
    count: z.number().int(),
    kind: z.enum(["a", "b"]),
    tags: z.array(z.object({ name: z.string() })).default([]),
  });
  const schema3 = z3.object({
    title: z3.string().min(1),
    count: z3.number().int(),
    kind: z3.enum(["a", "b"]),
    tags: z3.array(z3.object({ name: z3.string() })).default([]),
  });

  for (const [label, schema] of [
    ["zod 4", schema4],
    ["zod 3", schema3],
  ] as const) {
    it(`${label}: returns parsed value with defaults`, () => {
      expect(validateParams(schema, { title: "t", count: 2, kind: "a" })).toEqual({
        ok: true,
        value: { title: "t", count: 2, kind: "a", tags: [] },
      });
    });

    it(`${label}: prose feedback names fields, says what is missing vs wrong, hides library names`, () => {
      const r = validateParams(schema, { count: "3", kind: "c", tags: [{ name: 1 }] }, { toolName: "create_note" });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.code).toBe("VALIDATION_FAILED");
      expect(r.retryable).toBe(true);
      expect(r.feedback).toContain("`title`: required field is missing");
      expect(r.feedback).toContain('`count`: expected a number, got string "3"');
      expect(r.feedback).toMatch(/`kind`: must be one of "a", "b"/);
      expect(r.feedback).toContain("`tags[0].name`");
      expect(r.feedback).toContain("create_note");
      expect(r.feedback).not.toMatch(/zod|Zod|\{"|\bat\s/);
    });

    it(`${label}: two retries allowed, then VALIDATION_MISSING_FIELD`, () => {
      const codes = [0, 1, 2, 3].map((attempt) => {
        const r = validateParams(schema, {}, { attempt });
        return r.ok ? "ok" : `${r.code}:${r.retryable}`;
      });
      expect(codes).toEqual([
        "VALIDATION_FAILED:true",
        "VALIDATION_FAILED:true",
        "VALIDATION_MISSING_FIELD:false",
        "VALIDATION_MISSING_FIELD:false",
      ]);
    });
  }

  it("treats null/undefined args as {} and passes through when there is no schema", () => {
    expect(validateParams(z.object({ a: z.string().optional() }), undefined)).toEqual({ ok: true, value: {} });
    expect(validateParams(undefined, { x: 1 })).toEqual({ ok: true, value: { x: 1 } });
  });

  it("reports min length and unknown keys in prose", () => {
    const r = validateParams(z.strictObject({ title: z.string().min(3) }), { title: "ab", extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.feedback).toContain("minimum 3");
      expect(r.feedback).toContain("`extra`");
    }
  });
});

describe("toUserMessage", () => {
  it("strips stack traces and file paths", () => {
    const err = new Error("Could not reach the notes service");
    err.stack = `Error: Could not reach the notes service\n    at handler (/home/dev/notes/src/index.ts:12:7)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;
    const msg = toUserMessage(err);
    expect(msg).toBe("Could not reach the notes service");
    expect(toUserMessage(new Error("failed in /srv/app/dist/extension.mjs:10:3 badly"))).not.toContain("/srv/app");
  });

  it("renders schema errors as prose without class names or JSON", () => {
    const r = z.object({ title: z.string() }).safeParse({});
    const msg = toUserMessage(r.error);
    expect(msg).toContain("`title`");
    expect(msg).not.toMatch(/Zod|\[\{|"code"/);
    const r3 = z3.object({ n: z3.number() }).safeParse({ n: "x" });
    expect(toUserMessage(r3.error)).not.toMatch(/Zod/);
  });

  it("removes schema-library class names from messages", () => {
    expect(toUserMessage(new Error("ZodError: invalid title"))).toBe("invalid title");
    expect(toUserMessage(new TypeError("$ZodObject failed"))).not.toContain("Zod");
    expect(toUserMessage("pydantic.ValidationError: bad")).not.toMatch(/pydantic|ValidationError/);
  });

  it("falls back to a friendly sentence for empty or non-error values", () => {
    expect(toUserMessage(undefined)).toMatch(/Something went wrong/);
    expect(toUserMessage({})).toMatch(/Something went wrong/);
    expect(toUserMessage(new Error("    at x (/a/b.js:1:1)"))).toMatch(/Something went wrong/);
    expect(toUserMessage("x".repeat(2000)).length).toBeLessThanOrEqual(500);
  });
});
