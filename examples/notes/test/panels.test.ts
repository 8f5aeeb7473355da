// The sidebar (each view, snapshotted with readable ids) and the editor panel, through the testing kit.
import { describe, expect, it } from "vitest";
import { named, nodes, session } from "./helpers.js";

/** A user with two folders, notes in and out of them, one archived, one trashed. */
async function fixture() {
  const s = session();
  const work = (await s.call("create_folder", { name: "Work" })).data.folder_id;
  const home = (await s.call("create_folder", { name: "Home" })).data.folder_id;
  const plan = await s.note("Plan", { content_text: "one two three", folder_id: work });
  const shop = await s.note("Shopping", { content_text: "milk", folder_id: home });
  const loose = await s.note("Loose idea");
  await s.call("note_save", { note_id: loose, field: "pin" });
  const old = await s.note("Old report", { folder_id: work });
  await s.call("note_save", { note_id: old, field: "archive" });
  const gone = await s.note("Gone");
  await s.call("delete_note", { note_id: gone });
  const names = {
    [work]: "work",
    [home]: "home",
    [plan]: "plan",
    [shop]: "shop",
    [loose]: "loose",
    [old]: "old",
    [gone]: "gone",
  };
  return { s, ids: { work, home, plan, shop, loose, old, gone }, names };
}

describe("sidebar", () => {
  it("default view: toolbar, folder tree with counts and drop targets, notes list, auto-opens the first note", async () => {
    const { s, names } = await fixture();
    expect(named(await s.panel("sidebar"), names)).toMatchSnapshot();
  });

  it("default view scoped to a folder, with an active note (no autoAction)", async () => {
    const { s, ids, names } = await fixture();
    const tree = await s.panel("sidebar", { folder_id: ids.work, active_note_id: ids.plan });
    expect(tree.props.autoAction).toBeUndefined();
    const list = nodes(tree).filter((n) => n.type === "list")[1]!;
    expect(list.props).toMatchObject({ searchable: true, pageSize: 20 });
    expect(list.props.children.map((c: any) => [c.props.title, c.props.selected])).toEqual([["Plan", true]]);
    expect(named(tree, names)).toMatchSnapshot();
  });

  it("archived view", async () => {
    const { s, names } = await fixture();
    const tree = await s.panel("sidebar", { view: "archived" });
    expect(JSON.stringify(tree)).toContain('"label":"Archived (1)"');
    expect(named(tree, names)).toMatchSnapshot();
  });

  it("trash view (never auto-opens a note)", async () => {
    const { s, names } = await fixture();
    const tree = await s.panel("sidebar", { view: "trash" });
    expect(tree.props.autoAction).toBeUndefined();
    expect(named(tree, names)).toMatchSnapshot();
  });

  it("new_folder and rename_folder views", async () => {
    const { s, ids, names } = await fixture();
    expect(named(await s.panel("sidebar", { view: "new_folder", active_note_id: ids.plan }), names)).toMatchSnapshot();
    const rename = await s.panel("sidebar", { view: `rename_folder:${ids.home}`, active_note_id: ids.plan });
    const input = nodes(rename).find((n) => n.type === "input")!;
    expect(input.props).toMatchObject({
      name: "name",
      value: "Home",
      onSubmit: { action: "call", function: "rename_folder", params: { folder_id: ids.home } },
    });
  });

  it("empty trash and archive show Empty states; a user without notes gets no autoAction", async () => {
    const s = session();
    expect(JSON.stringify(await s.panel("sidebar", { view: "trash" }))).toContain('"message":"Trash is empty"');
    expect(JSON.stringify(await s.panel("sidebar", { view: "archived" }))).toContain('"message":"No archived notes"');
    expect((await s.panel("sidebar")).props.autoAction).toBeUndefined();
  });
});

describe("editor", () => {
  it('"" asks to select a note; an unknown id is an Error with retry', async () => {
    const s = session();
    expect(await s.panel("editor", {})).toEqual({
      type: "empty",
      props: { message: "Select a note to edit", icon: "StickyNote" },
    });
    const err = await s.panel("editor", { note_id: "0123456789abcdef0123" });
    expect(err.type).toBe("error");
    expect(err.props.message).toContain("not found");
    expect(err.props.retry).toEqual({
      action: "call",
      function: "__panel__editor",
      params: { note_id: "0123456789abcdef0123" },
    });
  });

  it('"new" creates exactly one Untitled note and hands the host its id', async () => {
    const s = session();
    const tree = await s.panel("editor", { note_id: "new" });
    const list = (await s.call("list_notes")).data;
    expect(list.total_count).toBe(1);
    expect(list.notes[0].title).toBe("Untitled");
    expect(tree.props.autoAction).toEqual({
      action: "call",
      function: "__panel__editor",
      params: { note_id: list.notes[0].note_id },
    });
    // what the host renders next: the real id, no second note
    await s.panel("editor", tree.props.autoAction.params);
    expect((await s.call("list_notes")).data.total_count).toBe(1);
  });

  it("renders toolbar, title, folder select, facts, tags and the body as Markdown, each saving through note_save", async () => {
    const { s, ids, names } = await fixture();
    await s.call("note_save", { note_id: ids.plan, field: "tags", tags: ["q3"] });
    await s.call("note_save", { note_id: ids.plan, field: "content", content_text: "<p>Ship <strong>it</strong></p>" });
    const tree = await s.panel("editor", { note_id: ids.plan });
    const by = (t: string) => nodes(tree).find((n) => n.type === t)!;
    expect(by("input").props).toMatchObject({ name: "title", value: "Plan" });
    expect(by("select").props.options.map((o: any) => o.label)).toEqual(["No folder", "Work", "Home"]);
    expect(by("select").props.value).toBe(ids.work);
    expect(by("tagInput").props).toMatchObject({ name: "tags", value: ["q3"], suggestions: ["q3"] });
    expect(by("richEditor").props).toMatchObject({ name: "content_text", value: "Ship **it**" });
    expect(by("richEditor").props.onSave).toEqual({
      action: "call",
      function: "note_save",
      params: { note_id: ids.plan, field: "content" },
    });
    expect(by("keyValue").props.items.map((i: any) => i.key)).toEqual(["Words", "Created", "Modified", "ID"]);
    expect(by("keyValue").props.items[3].value).toBe(ids.plan.slice(0, 12));
    expect(by("menu").props.items.map((i: any) => i.label ?? "—")).toEqual([
      "Duplicate",
      "Export Markdown",
      "—",
      "Archive",
      "Delete",
    ]);
    const pin = nodes(tree).find((n) => n.type === "button" && /Pin/.test(n.props.label))!;
    expect(pin.props).toMatchObject({ label: "Pin", variant: "outline" });
    await s.call("note_save", { note_id: ids.plan, field: "pin" });
    const again = await s.panel("editor", { note_id: ids.plan });
    expect(nodes(again).some((n) => n.type === "button" && n.props.label === "Unpin")).toBe(true);
    const toolbar = named(tree.props.children[0], names);
    expect(toolbar).toMatchSnapshot();
  });
});
