import { describe, expect, it } from "vitest";
import {
  analyzeSection,
  compressSection,
  compressString,
  compressValue,
  formatAge,
  renderSkeletonBlock,
  renderSkeletonLine,
  SKELETON_HEADER,
} from "../../src/skeleton/compress.js";

const s60 = "a".repeat(60);
const s61 = "a".repeat(61);

describe("compressString", () => {
  it.each([
    ["", ""],
    ["short", "short"],
    [s60, s60],
    [s61, s60 + "..."],
    ["line1\nline2", "line1 line2"],
    ["a\r\nb\rc", "a b c"],
    ["x\n".repeat(40), "x ".repeat(30) + "..."],
    ["é".repeat(61), "é".repeat(60) + "..."],
    ["😀".repeat(61), "😀".repeat(60) + "..."],
    ["  padded  ", "  padded  "],
  ])("%j -> %j", (input, out) => {
    expect(compressString(input)).toBe(out);
  });
});

describe("compressValue (below top level)", () => {
  it.each<[string, unknown, string]>([
    ["string bare", "hello", "hello"],
    ["true", true, "true"],
    ["false", false, "false"],
    ["null", null, "null"],
    ["integer", 42, "42"],
    ["negative float", -1.5, "-1.5"],
    ["exp number as JSON", 1e21, "1e+21"],
    ["NaN like JSON", Number.NaN, "null"],
    ["empty list", [], "[]"],
    ["scalars", [1, "two", true, null], "[1, two, true, null]"],
    ["5 scalars", [1, 2, 3, 4, 5], "[1, 2, 3, 4, 5]"],
    ["6 scalars", [1, 2, 3, 4, 5, 6], "list[6]"],
    ["6 dicts", Array.from({ length: 6 }, (_, i) => ({ id: String(i), title: `t${i}` })), "list[6]"],
    ["list of long strings truncated", [s61], `[${s60}...]`],
    [
      "dicts title+id",
      [
        { id: "a1", title: "Meeting prep" },
        { id: "b2", title: "Q3 roadmap" },
      ],
      "[Meeting prep (#a1), Q3 roadmap (#b2)]",
    ],
    ["label precedence title>name", [{ name: "N", title: "T", id: 1 }], "[T (#1)]"],
    ["label name", [{ name: "N", id: 1 }], "[N (#1)]"],
    ["label label", [{ label: "L", id: 1 }], "[L (#1)]"],
    ["label subject", [{ subject: "Hi there", message_id: "m1" }], "[Hi there (#m1)]"],
    ["empty title falls to name", [{ title: "", name: "N", id: 1 }], "[N (#1)]"],
    ["null title falls to subject", [{ title: null, subject: "S", id: 1 }], "[S (#1)]"],
    ["_id key when no id", [{ note_id: "n1", title: "T" }], "[T (#n1)]"],
    ["first _id key wins", [{ project_id: "p1", task_id: "t1", title: "T" }], "[T (#p1)]"],
    ["id beats _id", [{ task_id: "t1", id: "x", title: "T" }], "[T (#x)]"],
    ["missing label", [{ id: "x9" }], "[#x9]"],
    ["missing id", [{ title: "Only title" }], "[Only title]"],
    ["neither", [{ foo: 1, bar: 2 }], "[dict[2 keys]]"],
    ["numeric label", [{ name: 7, id: "q" }], "[7 (#q)]"],
    ["long label truncated", [{ title: s61, id: "z" }], `[${s60}... (#z)]`],
    ["label newline flattened", [{ title: "a\nb", id: "z" }], "[a b (#z)]"],
    ["mixed dicts and scalars", [{ id: "1", title: "A" }, 5, "x"], "[A (#1), 5, x]"],
    ["nested list in list", [[1, 2], 3], "[list[2], 3]"],
    ["nested dict", { a: 1, b: 2, c: 3 }, "dict[3 keys]"],
    ["empty nested dict", {}, "dict[0 keys]"],
    ["nested dict counts underscore keys", { _a: 1, b: 2 }, "dict[2 keys]"],
  ])("%s", (_name, input, out) => {
    expect(compressValue(input)).toBe(out);
  });
});

describe("compressSection (top level)", () => {
  it.each<[string, unknown, string]>([
    ["counts", { total_notes: 12, pinned_notes: 2, trash_count: 0 }, "total_notes=12, pinned_notes=2, trash_count=0"],
    ["empty object", {}, "{}"],
    ["only underscore", { _internal: 1 }, "{}"],
    ["underscore hidden", { _v: 2, total: 3 }, "total=3"],
    ["exactly 6", { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, "a=1, b=2, c=3, d=4, e=5, f=6"],
    ["7 fields", { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, "a=1, b=2, c=3, d=4, e=5, f=6, ..."],
    [
      "underscore fields don't count toward 6",
      { _x: 0, a: 1, b: 2, _y: 0, c: 3, d: 4, e: 5, f: 6 },
      "a=1, b=2, c=3, d=4, e=5, f=6",
    ],
    ["underscore beyond 6 is no 'more'", { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, _g: 7 }, "a=1, b=2, c=3, d=4, e=5, f=6"],
    ["undefined skipped", { a: undefined, b: 1 }, "b=1"],
    ["strings bare", { status: "ok", msg: "all good" }, "status=ok, msg=all good"],
    ["long string", { body: s61 }, `body=${s60}...`],
    ["booleans+null", { on: true, off: false, none: null }, "on=true, off=false, none=null"],
    ["nested dict", { cfg: { a: 1, b: { c: 2 } } }, "cfg=dict[2 keys]"],
    [
      "recent list",
      {
        total_notes: 2,
        recent_notes: [
          { note_id: "abc", title: "Meeting prep" },
          { note_id: "xyz", title: "Q3 roadmap" },
        ],
      },
      "total_notes=2, recent_notes=[Meeting prep (#abc), Q3 roadmap (#xyz)]",
    ],
    ["big list", { emails: Array.from({ length: 30 }, (_, i) => ({ id: i, subject: "s" })) }, "emails=list[30]"],
    ["empty list field", { items: [] }, "items=[]"],
    ["top-level array", [{ id: "1", title: "A" }], "[A (#1)]"],
    ["top-level long array", [1, 2, 3, 4, 5, 6], "list[6]"],
    ["top-level string", "hello\nworld", "hello world"],
    ["top-level number", 3, "3"],
    ["top-level null", null, "null"],
    ["key order preserved", { z: 1, a: 2 }, "z=1, a=2"],
    [
      "combination",
      {
        _meta: { v: 1 },
        total: 31,
        unread: 8,
        flagged: true,
        last_error: null,
        inbox: Array.from({ length: 25 }, (_, i) => ({ id: i })),
        folders: [{ id: "f1", name: "Work" }, { name: "Personal" }, { id: "f3" }],
        extra: "dropped",
      },
      "total=31, unread=8, flagged=true, last_error=null, inbox=list[25], folders=[Work (#f1), Personal, #f3], ...",
    ],
  ])("%s", (_name, input, out) => {
    expect(compressSection(input)).toBe(out);
  });
});

describe("formatAge", () => {
  it.each<[number, string]>([
    [0, "0s"],
    [999, "0s"],
    [1000, "1s"],
    [59_999, "59s"],
    [119_999, "119s"],
    [120_000, "2m"],
    [179_999, "2m"],
    [180_000, "3m"],
    [7_199_999, "119m"],
    [7_200_000, "2h"],
    [86_400_000, "24h"],
    [-5000, "0s"],
    [Number.NaN, "0s"],
  ])("%d ms -> %s", (ms, out) => {
    expect(formatAge(ms)).toBe(out);
  });
});

describe("renderSkeletonBlock", () => {
  const now = Date.parse("2026-11-21T10:00:00Z");
  it("renders header then lines in order with ages", () => {
    const block = renderSkeletonBlock(
      [
        {
          section: "notes",
          data: { total_notes: 3, recent_notes: [{ note_id: "n1", title: "Q3 roadmap" }] },
          refreshedAt: now - 42_000,
        },
        { section: "tasks", data: { overdue_count: 2 }, refreshedAt: new Date(now - 5 * 60_000) },
        { section: "mail", data: { unread: 0 }, refreshedAt: "2026-11-21T07:00:00Z" },
      ],
      now,
    );
    expect(block.split("\n")).toEqual([
      SKELETON_HEADER,
      "notes: total_notes=3, recent_notes=[Q3 roadmap (#n1)] (cached ~42s ago)",
      "tasks: overdue_count=2 (cached ~5m ago)",
      "mail: unread=0 (cached ~3h ago)",
    ]);
  });
  it("header says cached snapshot, counts/flags authoritative, re-fetch numbers", () => {
    expect(SKELETON_HEADER).toMatch(/cached/i);
    expect(SKELETON_HEADER).toMatch(/counts and flags .*authoritative/i);
    expect(SKELETON_HEADER).toMatch(/re-fetch/i);
  });
  it("empty input gives empty string", () => {
    expect(renderSkeletonBlock([], now)).toBe("");
  });
  it("single line helper", () => {
    expect(renderSkeletonLine({ section: "s", data: {}, refreshedAt: now }, now)).toBe("s: {} (cached ~0s ago)");
  });
});

describe("analyzeSection", () => {
  const codes = (raw: unknown) => analyzeSection(raw).warnings.map((w) => `${w.code}@${w.path}`);
  it("clean section has no warnings", () => {
    expect(codes({ total: 1, recent: [{ id: "1", title: "A" }] })).toEqual([]);
  });
  it("reports raw size over 2 KB", () => {
    const a = analyzeSection({ blob: "x".repeat(2100) });
    expect(a.rawBytes).toBe(JSON.stringify({ blob: "x".repeat(2100) }).length);
    expect(a.warnings.map((w) => w.code)).toEqual(["SECTION_TOO_LARGE", "STRING_TRUNCATED"]);
  });
  it("exactly 2048 bytes is fine", () => {
    const pad = 2048 - JSON.stringify({ b: "" }).length;
    const a = analyzeSection({ b: "1".repeat(pad) });
    expect(a.rawBytes).toBe(2048);
    expect(a.warnings.some((w) => w.code === "SECTION_TOO_LARGE")).toBe(false);
  });
  it("reports dropped and hidden fields", () => {
    const w = analyzeSection({ _x: 1, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 }).warnings;
    expect(w.map((x) => x.code)).toEqual(["UNDERSCORE_FIELDS_HIDDEN", "FIELDS_DROPPED"]);
    expect(w[1].message).toContain("g, h");
  });
  it("reports collapsed lists, dicts, truncated strings, item fields", () => {
    expect(
      codes({
        long: s61,
        many: [1, 2, 3, 4, 5, 6],
        cfg: { a: 1 },
        recent: [{ id: "1", title: "A", body: "text" }, { foo: 1 }, s61, [1]],
      }),
    ).toEqual([
      "STRING_TRUNCATED@long",
      "LIST_COLLAPSED@many",
      "DICT_COLLAPSED@cfg",
      "ITEM_FIELDS_DROPPED@recent[0]",
      "ITEM_UNIDENTIFIED@recent[1]",
      "STRING_TRUNCATED@recent[2]",
      "LIST_COLLAPSED@recent[3]",
    ]);
  });
  it("reports long labels in items", () => {
    expect(codes({ r: [{ id: "1", title: s61 }] })).toEqual(["STRING_TRUNCATED@r[0].title"]);
  });
  it("does not analyse fields that are dropped anyway", () => {
    expect(codes({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: s61 })).toEqual(["FIELDS_DROPPED@"]);
  });
  it("non-object top level", () => {
    expect(codes([1, 2, 3, 4, 5, 6, 7])).toEqual(["NOT_AN_OBJECT@", "LIST_COLLAPSED@"]);
    expect(analyzeSection("x").rendered).toBe("x");
  });
  it("returns the rendering", () => {
    expect(analyzeSection({ a: 1 }).rendered).toBe("a=1");
  });
});
