import { describe, expect, it } from "vitest";
import { ActionResult, isActionResult, isActionResultJSON, ui } from "../src/index.js";

const roundTrip = (r: ActionResult) => ActionResult.fromJSON(JSON.parse(JSON.stringify(r.toJSON())));

describe("ActionResult", () => {
  it("success carries data, summary, ui and refreshPanels", () => {
    const r = ActionResult.success({ id: "n1" }, "Created", { ui: ui.text("hi"), refreshPanels: ["sidebar"] });
    expect(r.toJSON()).toEqual({
      status: "success",
      summary: "Created",
      data: { id: "n1" },
      ui: { type: "text", props: { content: "hi" } },
      refresh_panels: ["sidebar"],
    });
    expect(r.ok).toBe(true);
  });

  it("error carries code and retryable; summary mirrors the message", () => {
    const r = ActionResult.error("Note not found", { code: "NOTE_NOT_FOUND", retryable: false });
    expect(r.toJSON()).toEqual({
      status: "error",
      summary: "Note not found",
      data: null,
      error: "Note not found",
      error_code: "NOTE_NOT_FOUND",
      retryable: false,
    });
    expect(r.ok).toBe(false);
  });

  it("rejects error codes outside ^[A-Z][A-Z0-9_]{2,63}$", () => {
    for (const bad of ["nf", "NF", "not_found", "1ABC", "A".repeat(65)]) {
      expect(() => ActionResult.error("x", { code: bad })).toThrow(/does not match/);
    }
    expect(ActionResult.error("x", { code: "ABC" }).errorCode).toBe("ABC");
  });

  it("refreshPanels keeps undefined (all), [] (none) and a list apart", () => {
    expect("refresh_panels" in ActionResult.success(1, "a").toJSON()).toBe(false);
    expect(ActionResult.success(1, "a", { refreshPanels: [] }).toJSON().refresh_panels).toEqual([]);
    expect(roundTrip(ActionResult.success(1, "a", { refreshPanels: [] })).refreshPanels).toEqual([]);
    expect(roundTrip(ActionResult.success(1, "a")).refreshPanels).toBeUndefined();
  });

  it("round-trips every field losslessly through JSON", () => {
    const samples = [
      ActionResult.success({ nested: { list: [1, { a: null }] }, n: 0, s: "" }, "Summary ✓", {
        ui: ui.stack([ui.badge("x", { color: "red" })]),
        refreshPanels: ["a", "b"],
      }),
      ActionResult.success(null, ""),
      ActionResult.success([1, 2, 3], "list", { refreshPanels: [] }),
      ActionResult.error("boom", { code: "BOOM_CODE", retryable: true }),
      ActionResult.error("plain"),
    ];
    for (const r of samples) {
      const back = roundTrip(r);
      expect(back.toJSON()).toEqual(r.toJSON());
      for (const f of [
        "status",
        "summary",
        "data",
        "error",
        "errorCode",
        "retryable",
        "ui",
        "refreshPanels",
      ] as const) {
        expect(back[f]).toEqual(r[f]);
      }
      expect(JSON.stringify(back.toJSON())).toBe(JSON.stringify(r.toJSON()));
    }
  });

  it("fromJSON rejects non-ActionResult input", () => {
    for (const bad of [
      null,
      [],
      {},
      { status: "ok", summary: "", data: null },
      { status: "success", data: 1 },
      { status: "error", summary: "", data: null, retryable: "yes" },
    ]) {
      expect(() => ActionResult.fromJSON(bad)).toThrow(/Not an ActionResult/);
    }
  });

  it("brand checks work without instanceof", () => {
    const r = ActionResult.success(1, "x");
    expect(isActionResult(r)).toBe(true);
    expect(isActionResult(r.toJSON())).toBe(false);
    expect(isActionResultJSON(r.toJSON())).toBe(true);
    expect(isActionResult({ [Symbol.for("imperal.sdk.actionResult")]: true })).toBe(true);
  });

  it("summary must be a string", () => {
    expect(() => ActionResult.success(1, undefined as never)).toThrow(TypeError);
  });
});
