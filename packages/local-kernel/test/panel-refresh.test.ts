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

describe("panel refresh through a real kernel over HTTP", () => {
  it("a panel's call refreshes every panel, also when it is accepted from a confirmation; from chat nothing", async () => {
    const { buildFixture, cleanup, loadKernel, req } = await import("./helpers.js");
    const { createKernel } = await loadKernel();
    const dir = await buildFixture("notes.ts");
    const k = await createKernel({ extensionDir: dir, port: 0, users: [{ id: "dev" }] });
    try {
      const panel = { "x-imperal-origin": "panel" };
      const made = await req(k.url!, k.token, "POST", "/v1/call/create_note", {
        body: { args: { title: "a" } },
        user: "dev",
      });
      expect(made.json.refresh_panels).toEqual([]); // from chat, a result naming no panels, no on_event panel
      const id = made.json.results[0].data.note_id;
      const fromPanel = await req(k.url!, k.token, "POST", "/v1/call/count_notes", {
        body: { args: {} },
        user: "dev",
        headers: panel,
      });
      expect(fromPanel.json.refresh_panels).toEqual(["sidebar"]);
      const del = await req(k.url!, k.token, "POST", "/v1/call/delete_note", {
        body: { args: { note_id: id } },
        user: "dev",
        headers: panel,
      });
      expect(del.json.outcome).toBe("needs_confirmation");
      const ok = await req(k.url!, k.token, "POST", `/v1/confirmations/${del.json.confirmation.id}/accept`, {
        user: "dev",
        headers: panel,
      });
      expect(ok.json.outcome).toBe("completed");
      expect(ok.json.refresh_panels).toEqual(["sidebar"]);
    } finally {
      await k.close();
      cleanup(dir);
    }
  });
});
