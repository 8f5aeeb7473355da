import { describe, expect, it } from "vitest";
import * as sdk from "../src/index.js";
import {
  PANEL_TOOL_PATTERN,
  SEMVER_PATTERN,
  STEP_REF_EMBEDDED_PATTERN,
  STEP_REF_PATTERN,
  STEP_REF_PREFIX_PATTERN,
  USER_ID_PATTERN,
  USER_ID_RULE,
  isIdKey,
  isSyntheticToolName,
  isValidUserId,
  panelIdOf,
  panelTool,
  skeletonRefreshTool,
  skeletonAlertTool,
  skeletonAlertSectionOf,
  skeletonSectionOf,
  stepRef,
} from "../src/patterns.js";

describe("panel tool names", () => {
  it("panelTool builds __panel__<id>", () => {
    expect(panelTool("sidebar")).toBe("__panel__sidebar");
    expect(panelTool("note_list")).toBe("__panel__note_list");
    expect(PANEL_TOOL_PATTERN.test(panelTool("sidebar"))).toBe(true);
  });

  it("panelIdOf reverses panelTool and refuses other names", () => {
    expect(panelIdOf("__panel__sidebar")).toBe("sidebar");
    for (const id of ["sidebar", "note_list", "a1"]) expect(panelIdOf(panelTool(id))).toBe(id);
    expect(panelIdOf("other")).toBeUndefined();
    expect(panelIdOf("create_note")).toBeUndefined();
    expect(panelIdOf("skeleton_refresh_notes")).toBeUndefined();
    expect(panelIdOf("_panel_sidebar")).toBeUndefined();
    expect(panelIdOf("x__panel__sidebar")).toBeUndefined();
  });
});

describe("skeleton refresh tool names", () => {
  it("skeletonRefreshTool builds skeleton_refresh_<section>", () => {
    expect(skeletonRefreshTool("notes")).toBe("skeleton_refresh_notes");
    expect(skeletonRefreshTool("recent_notes")).toBe("skeleton_refresh_recent_notes");
  });

  it("skeletonSectionOf reverses skeletonRefreshTool and refuses other names", () => {
    expect(skeletonSectionOf("skeleton_refresh_recent_notes")).toBe("recent_notes");
    for (const s of ["notes", "recent_notes", "x"]) expect(skeletonSectionOf(skeletonRefreshTool(s))).toBe(s);
    expect(skeletonSectionOf("skeleton_alert_notes")).toBeUndefined();
    expect(skeletonSectionOf("notes")).toBeUndefined();
    expect(skeletonSectionOf("__panel__notes")).toBeUndefined();
    expect(skeletonSectionOf("skeleton_refreshnotes")).toBeUndefined();
  });

  it("skeletonAlertTool builds skeleton_alert_<section>; skeletonAlertSectionOf reverses it", () => {
    expect(skeletonAlertTool("notes")).toBe("skeleton_alert_notes");
    expect(skeletonAlertSectionOf("skeleton_alert_recent_notes")).toBe("recent_notes");
    expect(skeletonAlertSectionOf("skeleton_refresh_notes")).toBeUndefined();
    expect(skeletonSectionOf(skeletonAlertTool("notes"))).toBeUndefined();
  });

  it("the registry names skeleton and panel tools with the builders", () => {
    const ext = new sdk.Extension("names-app", { version: "1.0.0" });
    ext.skeleton("recent", { ttl: 60 }, async () => ({ response: {} }));
    ext.panel("sidebar", { slot: "left" }, async () => sdk.ui.text("x"));
    expect(sdk.callableSurface(ext).map((t) => [t.name, t.kind])).toEqual([
      [skeletonRefreshTool("recent"), "skeleton_refresh"],
      [panelTool("sidebar"), "panel"],
    ]);
    expect(sdk.callableSurface(ext).map((t) => t.name)).toEqual(["skeleton_refresh_recent", "__panel__sidebar"]);
  });
});

describe("isSyntheticToolName", () => {
  it("is true for skeleton_* and __panel__* names only", () => {
    for (const n of ["skeleton_refresh_notes", "skeleton_alert_notes", "skeleton_x", "__panel__sidebar"]) {
      expect(isSyntheticToolName(n), n).toBe(true);
    }
    for (const n of ["create_note", "skeletons", "skeleton", "__other", "_panel_x", "my_skeleton_x", ""]) {
      expect(isSyntheticToolName(n), n).toBe(false);
    }
  });

  it("chat functions cannot take a synthetic name", () => {
    const ext = new sdk.Extension("reserved-app", { version: "1.0.0" });
    const chat = new sdk.ChatExtension(ext);
    const register = (name: string) => () =>
      chat.function(name, { description: "d", actionType: "read" }, async () => sdk.ActionResult.success(null, "ok"));
    expect(register("skeleton_refresh_notes")).toThrow(expect.objectContaining({ code: "RESERVED_NAME" }));
    expect(register("skeleton_x")).toThrow(expect.objectContaining({ code: "RESERVED_NAME" }));
    expect(register("__panel__x")).toThrow(expect.objectContaining({ code: "INVALID_NAME" }));
    expect(register("skeletons")).not.toThrow();
  });
});

describe("isIdKey", () => {
  it("accepts id, *_id and *Id keys", () => {
    for (const k of ["id", "note_id", "_id", "parent_note_id", "noteId", "note2Id", "userId"])
      expect(isIdKey(k), k).toBe(true);
  });

  it("refuses keys that merely contain or end in id", () => {
    for (const k of [
      "ID",
      "Id",
      "identity",
      "idea",
      "ids",
      "video",
      "paid",
      "valid",
      "note_ids",
      "noteID",
      "title",
      "",
    ]) {
      expect(isIdKey(k), k).toBe(false);
    }
  });

  it("also accepts the function's idProjection param, and only that one", () => {
    expect(isIdKey("ref")).toBe(false);
    expect(isIdKey("ref", "ref")).toBe(true);
    expect(isIdKey("slug", "ref")).toBe(false);
    expect(isIdKey("note_id", "ref")).toBe(true);
  });
});

describe("chain step references", () => {
  it("stepRef builds $steps.<index>.data[.<path>]", () => {
    expect(stepRef(0, "note_id")).toBe("$steps.0.data.note_id");
    expect(stepRef(1, "note.title")).toBe("$steps.1.data.note.title");
    expect(stepRef(12, "items.0.id")).toBe("$steps.12.data.items.0.id");
    expect(stepRef(3, "")).toBe("$steps.3.data");
  });

  it("STEP_REF_PATTERN parses what stepRef builds (round trip)", () => {
    for (const [i, path] of [
      [0, "note_id"],
      [1, "note.title"],
      [12, "items.0.id"],
      [3, ""],
      [2, "a-b.c_d"],
    ] as const) {
      const m = STEP_REF_PATTERN.exec(stepRef(i, path));
      expect(m, `${i} ${path}`).not.toBeNull();
      expect(Number(m![1])).toBe(i);
      expect(m![2]).toBe(path ? `.${path}` : "");
    }
  });

  it("STEP_REF_PATTERN matches whole strings only", () => {
    for (const bad of [
      "$steps.x",
      "$steps.0",
      "$steps.0.result",
      "$steps.0.data.",
      "$steps.0.data..a",
      "$steps.-1.data",
      "steps.0.data",
      "see $steps.0.data",
      "$steps.0.data.a b",
      "$steps.0.data.a.",
    ]) {
      expect(STEP_REF_PATTERN.test(bad), bad).toBe(false);
    }
  });

  it("STEP_REF_EMBEDDED_PATTERN finds references inside longer text", () => {
    const text = "Title: $steps.0.data.title, id $steps.1.data.note.id; bad $steps.x and $steps.2.result";
    const found = [...text.matchAll(STEP_REF_EMBEDDED_PATTERN)].map((m) => [m[0], m[1], m[2]]);
    expect(found).toEqual([
      ["$steps.0.data.title", "0", ".title"],
      ["$steps.1.data.note.id", "1", ".note.id"],
    ]);
    expect(STEP_REF_EMBEDDED_PATTERN.flags).toContain("g");
    expect("a $steps.0.data.x b".replace(STEP_REF_EMBEDDED_PATTERN, "V")).toBe("a V b");
  });

  it("STEP_REF_PREFIX_PATTERN spots anything that starts like a reference", () => {
    for (const s of ["$steps.0", "$steps.0.data", "$steps.0.result", "$steps.12.", "$steps.3.data.x"]) {
      expect(STEP_REF_PREFIX_PATTERN.test(s), s).toBe(true);
    }
    for (const s of ["$steps.x", "$steps.", "$steps", "$steps.0x", "x $steps.0", "steps.0"]) {
      expect(STEP_REF_PREFIX_PATTERN.test(s), s).toBe(false);
    }
  });
});

describe("user ids", () => {
  it("accepts 1-128 chars of A-Z a-z 0-9 _ . @ -", () => {
    for (const id of ["alice", "u1", "a", "Alice.Smith@example.com", "a_b-c.d@e", "x".repeat(128), "test-user"]) {
      expect(isValidUserId(id), id).toBe(true);
      expect(USER_ID_PATTERN.test(id), id).toBe(true);
    }
  });

  it("refuses empty, 129-char, odd-character and non-string ids", () => {
    for (const id of ["", "x".repeat(129), "has space", "a/b", "a:b", "ü", "a\n", "<USER_ID>", "a+b"]) {
      expect(isValidUserId(id), JSON.stringify(id)).toBe(false);
    }
    for (const v of [42, null, undefined, {}, ["alice"]]) expect(isValidUserId(v)).toBe(false);
  });

  it("refuses __proto__ although it fits the character rule", () => {
    expect(USER_ID_PATTERN.test("__proto__")).toBe(true);
    expect(isValidUserId("__proto__")).toBe(false);
    expect(isValidUserId("__proto__x")).toBe(true);
    expect(isValidUserId("constructor")).toBe(true);
  });

  it("USER_ID_RULE is the fix line shown for a bad id", () => {
    expect(USER_ID_RULE).toBe("use 1-128 chars of A-Z a-z 0-9 _ . @ -");
  });
});

describe("SEMVER_PATTERN", () => {
  it("is exactly the semver.org regex", () => {
    const official =
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)" +
      "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
      "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$";
    expect(SEMVER_PATTERN.source).toBe(official);
    expect(SEMVER_PATTERN.flags).toBe("");
    for (const v of ["1.0.0", "0.1.0", "1.2.3-beta.1", "1.2.3+build.5", "1.0.0-rc.1+sha.abc"])
      expect(SEMVER_PATTERN.test(v), v).toBe(true);
    for (const v of ["1.0", "01.0.0", "1.0.0-", "v1.0.0", "1.0.0-01"]) expect(SEMVER_PATTERN.test(v), v).toBe(false);
  });
});

describe("public entry", () => {
  it("re-exports every name builder from @imperal/sdk", () => {
    const s = sdk as Record<string, unknown>;
    for (const n of [
      "panelTool",
      "panelIdOf",
      "skeletonRefreshTool",
      "skeletonSectionOf",
      "isSyntheticToolName",
      "isIdKey",
      "stepRef",
      "isValidUserId",
    ]) {
      expect(typeof s[n], n).toBe("function");
    }
    for (const n of ["STEP_REF_PATTERN", "STEP_REF_EMBEDDED_PATTERN", "STEP_REF_PREFIX_PATTERN", "USER_ID_PATTERN"]) {
      expect(s[n], n).toBeInstanceOf(RegExp);
    }
    expect(s.USER_ID_RULE).toBe(USER_ID_RULE);
  });
});
