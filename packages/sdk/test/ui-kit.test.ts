// SPEC 8.1: every node from one definition; unknown props and enum values fail loudly, naming node and prop.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMON_PROPS, UI_NODES, galleryPage, isUINode, renderUiDocs, sampleNode, ui } from "../src/index.js";

const SPEC_81 = [
  ["page", "row", "column", "accordion", "stack", "grid", "tabs", "section", "card"],
  ["avatar", "timeline", "tree", "list", "listItem", "dataTable", "stat", "stats", "badge", "keyValue"],
  ["icon", "html", "video", "audio", "text", "header", "markdown", "code", "divider", "empty", "image"],
  ["backButton", "tooltip", "slideOver", "dialog", "button", "menu", "modal", "link"],
  ["toast", "loading", "error", "alert", "progress", "chart"],
  ["password", "multiSelect", "slider", "fileUpload", "richEditor", "radioGroup", "form", "input", "textArea"],
  ["select", "toggle", "checkbox", "datePicker", "tagInput", "graph"],
].flat();

describe("the UI kit (SPEC 8.1)", () => {
  it("has a builder for every node of SPEC 8.1 and 1.4, each from a definition", () => {
    const builders = ui as unknown as Record<string, unknown>;
    for (const name of SPEC_81) expect(typeof builders[name], name).toBe("function");
    for (const name of Object.keys(UI_NODES)) expect(typeof builders[name], name).toBe("function");
    expect(Object.keys(UI_NODES).length).toBeGreaterThanOrEqual(57);
  });

  it("every definition's sample builds a valid node of its type with JSON props", () => {
    for (const [name, def] of Object.entries(UI_NODES)) {
      const n = sampleNode(def);
      expect(isUINode(n), name).toBe(true);
      expect(n.type).toBe(def.type);
      expect(JSON.parse(JSON.stringify(n))).toEqual(n);
    }
    const page = galleryPage(UI_NODES);
    expect((page.props.children as unknown[]).length).toBe(Object.keys(UI_NODES).length);
  });

  it("an unknown prop is a TypeError naming the node and the prop, on every node", () => {
    for (const [name, def] of Object.entries(UI_NODES)) {
      const n = sampleNode(def);
      const args = def.args.map((a) => (n.props as Record<string, unknown>)[a]);
      const rest = Object.fromEntries(Object.entries(n.props).filter(([k]) => !def.args.includes(k)));
      const call = () =>
        (ui as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args, { ...rest, colour: "red" });
      expect(call, name).toThrow(TypeError);
      expect(call, name).toThrow(new RegExp(`^ui\\.${name}: colour is not a prop of this node`));
    }
  });

  it("an enum value outside its list is a TypeError naming node, prop and the allowed values, on every enum prop", () => {
    let checked = 0;
    for (const [name, def] of Object.entries(UI_NODES)) {
      for (const [prop, spec] of Object.entries(def.props)) {
        if (spec.kind !== "enum" || def.args.includes(prop)) continue;
        const n = sampleNode(def);
        const args = def.args.map((a) => (n.props as Record<string, unknown>)[a]);
        const rest = Object.fromEntries(Object.entries(n.props).filter(([k]) => !def.args.includes(k)));
        const build = (ui as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
        expect(() => build(...args, { ...rest, [prop]: "no-such-value" }), `${name}.${prop}`).toThrow(
          new RegExp(`^ui\\.${name}: ${prop} must be one of `),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(25);
  });

  it("accepts the platform's aliases", () => {
    expect(ui.alert("x", { type: "warning" }).props.type).toBe("warn");
    expect(ui.alert("x", { type: "danger" }).props.type).toBe("error");
    expect(ui.stack([], { direction: "h" }).props.direction).toBe("horizontal");
    expect(ui.stack([], { direction: "v" }).props.direction).toBe("vertical");
    expect(ui.badge(3).props.label).toBe(3);
    expect(ui.badge(undefined, { value: 7 }).props).toEqual({ value: 7 });
    expect(ui.dialog([], { title: "t" })).toEqual(ui.modal([], { title: "t" }));
    expect(ui.button("x", { variant: "destructive" }).props.variant).toBe("danger");
  });

  it("common props, action confirm, list and panel props are kept, never dropped", () => {
    const bar = ui.stack([ui.text("a")], { id: "bar", revision: 3, sticky: true });
    expect(bar.props).toMatchObject({ id: "bar", revision: 3, sticky: true });
    expect(ui.call("delete_note", { note_id: "n1" }, { confirm: "Delete it?" })).toEqual({
      action: "call",
      function: "delete_note",
      params: { note_id: "n1" },
      confirm: "Delete it?",
    });
    expect(ui.send("hi", { confirm: "Send?" }).confirm).toBe("Send?");
    expect(ui.open("https://x.io", { confirm: "Leave?" }).confirm).toBe("Leave?");
    expect(ui.navigate("/a", { confirm: "Go?" }).confirm).toBe("Go?");
    expect(() => ui.call("f", {}, { confirm: "" })).toThrow(/ui\.call: confirm must be a non-empty string/);
    expect(() => ui.call("f", {}, { confrim: "x" } as never)).toThrow(/ui\.call: confrim is not an option/);
    const list = ui.list([ui.listItem({ title: "a", draggable: true, droppable: true, onDrop: ui.call("move") })], {
      searchable: true,
      pageSize: 20,
    });
    expect(list.props).toMatchObject({ searchable: true, pageSize: 20 });
    expect((list.props.children[0]!.props as Record<string, unknown>).onDrop).toEqual(ui.call("move"));
    expect(() => ui.listItem({ title: "a", expandable: true })).toThrow(/ui\.listItem: expandedContent is required/);
    expect(() => ui.list([], { pageSize: 0 })).toThrow(/ui\.list: pageSize must be a positive integer/);
  });

  it("autoAction sits on a panel's root node", () => {
    expect(ui.stack([], { autoAction: ui.call("load") }).props.autoAction).toEqual(ui.call("load"));
    expect(COMMON_PROPS.autoAction.kind).toBe("action");
  });

  it("node-specific checks: options, ranges, graph edges, tree shape, regex, html sanitizing", () => {
    expect(ui.select("s", ["a", "b"], { value: "a" }).props.options).toEqual([
      { label: "a", value: "a" },
      { label: "b", value: "b" },
    ]);
    expect(() => ui.select("s", ["a"], { value: "z" })).toThrow(/ui\.select: value "z" is not one of the options/);
    expect(() => ui.multiSelect("m", ["a"], { value: ["a", "q"] })).toThrow(/ui\.multiSelect: value "q"/);
    expect(() => ui.slider("v", { min: 0, max: 10, value: 11 })).toThrow(/ui\.slider: value must be within 0\.\.10/);
    expect(() => ui.graph({ nodes: [{ id: "a" }], edges: [{ source: "a", target: "b" }] })).toThrow(
      /ui\.graph: edges\[0\]\.target names no node/,
    );
    expect(() => ui.tree([{ id: "a", label: "A", children: [{ id: "b" } as never] }])).toThrow(
      /ui\.tree: nodes\[0\]\.children\[0\] must be/,
    );
    expect(() => ui.tagInput("t", { validate: "([" })).toThrow(
      /ui\.tagInput: validate must be a valid regular expression/,
    );
    const h = ui.html(`<p onclick="x()">Hi <a href="javascript:alert(1)">a</a><script>bad()</script><b>b</b></p>`);
    expect(h.props.content).toBe(`<p>Hi <a>a</a><b>b</b></p>`);
    expect(() => ui.video("javascript:alert(1)")).toThrow(/ui\.video: src must be an http\(s\) URL/);
    expect(ui.keyValue({ a: 1 }).props.items).toEqual([{ key: "a", value: 1 }]);
    expect(ui.link("Docs", "https://x.io").props.onClick).toEqual({ action: "open", url: "https://x.io" });
  });

  it("docs/ui.md is generated from the same definitions (regenerate with pnpm --filter @imperal/sdk gen:ui-docs)", () => {
    const path = fileURLToPath(new URL("../../../docs/ui.md", import.meta.url));
    expect(readFileSync(path, "utf8")).toBe(renderUiDocs(UI_NODES));
    for (const name of Object.keys(UI_NODES)) expect(readFileSync(path, "utf8")).toContain(`### \`ui.${name}(`);
  });
});

describe("panel options (SPEC 8.1)", () => {
  it("keeps defaultWidth/minWidth/maxWidth into the manifest; an unknown option or bad width is an error", async () => {
    const { Extension, generateManifest } = await import("../src/index.js");
    const ext = new Extension("widths", { version: "1.0.0", displayName: "W", description: "Panel widths test ext." });
    ext.panel("side", { slot: "left", defaultWidth: 360, minWidth: 240, maxWidth: 600 }, async () => ui.text("x"));
    const m = generateManifest(ext) as { panels: Array<Record<string, unknown>> };
    expect(m.panels[0]).toMatchObject({ default_width: 360, min_width: 240, max_width: 600 });
    expect(() => ext.panel("p2", { slot: "left", sticky: true } as never, async () => ui.text("x"))).toThrow(
      /"sticky" is not a panel option/,
    );
    expect(() => ext.panel("p3", { slot: "left", minWidth: 500, maxWidth: 300 }, async () => ui.text("x"))).toThrow(
      /minWidth <= defaultWidth <= maxWidth/,
    );
  });
});
