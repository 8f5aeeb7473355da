// SPEC 7.4: which panels a call answer names for re-rendering.
import { describe, expect, it } from "vitest";
import { eventMatches, panelsToRefresh } from "../src/panels/refresh.js";

const panels = [
  { panel_id: "sidebar", refresh: "on_event:scan.tool" },
  { panel_id: "overview", refresh: "on_event:scan.completed" },
  { panel_id: "detail", refresh: "on_event:web-tools.scan.*" },
  { panel_id: "setup", refresh: "manual" },
];
const base = { appId: "web-tools", panels };

describe("panel refresh routing", () => {
  it("an event routes to the on_event panels (bare, prefixed and .* patterns)", () => {
    expect(panelsToRefresh({ ...base, fromPanel: false, calls: [{ event: "scan.tool", succeeded: true }] })).toEqual([
      "sidebar",
      "detail",
    ]);
    expect(
      panelsToRefresh({ ...base, fromPanel: false, calls: [{ event: "web-tools.scan.completed", succeeded: true }] }),
    ).toEqual(["overview", "detail"]);
    expect(eventMatches("web-tools", "scan.*", "web-tools.scanner.x")).toBe(false);
  });

  it("a result's refreshPanels wins over 'all from a panel'; [] means none; failures refresh nothing", () => {
    const named = { succeeded: true, result: { status: "success", refresh_panels: ["setup"] } };
    expect(panelsToRefresh({ ...base, fromPanel: true, calls: [named] })).toEqual(["setup"]);
    expect(
      panelsToRefresh({ ...base, fromPanel: true, calls: [{ succeeded: true, result: { refresh_panels: [] } }] }),
    ).toEqual([]);
    expect(panelsToRefresh({ ...base, fromPanel: true, calls: [{ succeeded: true, result: {} }] })).toEqual([
      "sidebar",
      "overview",
      "detail",
      "setup",
    ]);
    expect(panelsToRefresh({ ...base, fromPanel: false, calls: [{ succeeded: true, result: {} }] })).toEqual([]);
    expect(panelsToRefresh({ ...base, fromPanel: true, calls: [{ event: "scan.tool", succeeded: false }] })).toEqual(
      [],
    );
    // ported code may put refresh_panels in data (SPEC 7.9)
    expect(
      panelsToRefresh({
        ...base,
        fromPanel: false,
        calls: [{ succeeded: true, result: { data: { refresh_panels: ["overview"] } } }],
      }),
    ).toEqual(["overview"]);
  });
});
