import { describe, expect, it } from "vitest";
import { ui } from "../src/index.js";

describe("ui builders", () => {
  it("return plain JSON nodes and drop undefined props", () => {
    expect(ui.text("Hi")).toEqual({ type: "text", props: { content: "Hi" } });
    expect(ui.button("Save", { onClick: ui.call("create_note", { title: "x" }), variant: "primary" })).toEqual({
      type: "button",
      props: {
        label: "Save",
        onClick: { action: "call", function: "create_note", params: { title: "x" } },
        variant: "primary",
      },
    });
    const tree = ui.stack([
      ui.header("Notes", { level: 2 }),
      false,
      null,
      ui.list([ui.listItem({ title: "a", onClick: ui.navigate("/a") })]),
    ]);
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
    expect((tree.props.children as unknown[]).length).toBe(2);
  });

  it("actions: call, navigate, send, open; call can target a panel", () => {
    expect(ui.call("__panel__sidebar", { page: 2 })).toEqual({
      action: "call",
      function: "__panel__sidebar",
      params: { page: 2 },
    });
    expect(ui.navigate("/notes")).toEqual({ action: "navigate", path: "/notes" });
    expect(ui.send("show notes")).toEqual({ action: "send", message: "show notes" });
    expect(ui.open("https://x.io")).toEqual({ action: "open", url: "https://x.io" });
    expect(() => ui.open("javascript:alert(1)")).toThrow(TypeError);
    expect(() => ui.call("Bad Name")).toThrow(TypeError);
  });

  it("invalid enum values throw TypeError at run time", () => {
    const cases: [string, () => unknown][] = [
      ["alert type", () => ui.alert("x", { type: "severe" as never })],
      ["stack direction", () => ui.stack([], { direction: "horizontl" as never })],
      ["modal size", () => ui.modal([], { title: "t", size: "huge" as never })],
      ["button variant", () => ui.button("b", { variant: "danger-ish" as never })],
      ["badge color", () => ui.badge("b", { color: "pink" as never })],
      ["input type", () => ui.input("n", { type: "date" as never })],
      ["chart type", () => ui.chart({ type: "donut" as never, data: [], xKey: "x", yKeys: [] })],
      ["stat trend", () => ui.stat("a", 1, { trend: "sideways" as never })],
      ["grid columns", () => ui.grid([], { columns: 7 as never })],
      ["header level", () => ui.header("h", { level: 5 as never })],
    ];
    for (const [what, f] of cases) expect(f, what).toThrow(TypeError);
    expect(() => ui.alert("x", { type: "severe" as never })).toThrow(
      /ui\.alert: type must be one of "info", "success", "warn", "error"/,
    );
  });

  it("children must be ui nodes; onClick must be an action", () => {
    expect(() => ui.stack(["text" as never])).toThrow(TypeError);
    expect(() => ui.button("b", { onClick: "create_note" as never })).toThrow(TypeError);
    expect(() => ui.stats([ui.text("x")])).toThrow(/ui.stat/);
  });

  it("covers every SPEC 1.4 builder", () => {
    const names = [
      "stack",
      "grid",
      "tabs",
      "section",
      "card",
      "text",
      "header",
      "markdown",
      "code",
      "divider",
      "empty",
      "alert",
      "badge",
      "stat",
      "stats",
      "keyValue",
      "list",
      "listItem",
      "dataTable",
      "button",
      "menu",
      "modal",
      "form",
      "input",
      "textArea",
      "select",
      "toggle",
      "checkbox",
      "datePicker",
      "tagInput",
      "chart",
      "progress",
      "image",
      "link",
      "call",
      "navigate",
      "send",
      "open",
    ];
    for (const n of names) expect(typeof (ui as Record<string, unknown>)[n], n).toBe("function");
  });

  it("builds the data and form builders with typed props", () => {
    const form = ui.form(
      [
        ui.input("title", { label: "Title", required: true }),
        ui.textArea("body", { rows: 4 }),
        ui.select("color", ["red", "blue"], { value: "red" }),
        ui.toggle("pinned"),
        ui.checkbox("done", { value: true }),
        ui.datePicker("due", { mode: "date" }),
        ui.tagInput("tags", { value: ["a"] }),
      ],
      { onSubmit: ui.call("create_note"), submitLabel: "Create" },
    );
    expect(form.type).toBe("form");
    expect((form.props.children as { type: string }[]).map((c) => c.type)).toEqual([
      "input",
      "textArea",
      "select",
      "toggle",
      "checkbox",
      "datePicker",
      "tagInput",
    ]);
    expect(() => ui.select("c", ["red"], { value: "green" })).toThrow(TypeError);
    expect(ui.keyValue({ a: 1, b: null })).toEqual({
      type: "keyValue",
      props: {
        items: [
          { key: "a", value: 1 },
          { key: "b", value: null },
        ],
      },
    });
    const table = ui.dataTable({
      columns: [{ key: "t", label: "Title", align: "right" }],
      rows: [{ t: "x" }],
      onRowClick: ui.call("open_note"),
    });
    expect(table.props.columns).toEqual([{ key: "t", label: "Title", align: "right" }]);
    expect(() => ui.dataTable({ columns: [{ key: "t", label: "T", align: "middle" as never }], rows: [] })).toThrow(
      TypeError,
    );
    expect(ui.link("Docs", "https://d.io").props.onClick).toEqual({ action: "open", url: "https://d.io" });
    expect(ui.link("Home", "/home").props.onClick).toEqual({ action: "navigate", path: "/home" });
    expect(ui.tabs([{ id: "a", label: "A", content: ui.text("a") }]).props.tabs).toHaveLength(1);
    expect(
      ui.menu([{ label: "Delete", onClick: ui.call("delete_note", { note_id: "1" }), danger: true }]).props.items,
    ).toHaveLength(1);
    expect(ui.progress(40, { max: 100 }).props).toEqual({ value: 40, max: 100 });
    expect(ui.image("https://i/x.png", { fit: "cover" }).props.fit).toBe("cover");
    expect(ui.empty("Nothing here").props.message).toBe("Nothing here");
    expect(
      ui.section("S", [
        ui.divider(),
        ui.markdown("**b**"),
        ui.code("x=1", { language: "ts" }),
        ui.card([ui.stats([ui.stat("n", 1)])]),
      ]).type,
    ).toBe("section");
  });
});
