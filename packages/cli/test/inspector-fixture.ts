// The fixture extension of the inspector's browser tests: the notes template plus a gallery panel (one sample of
// every UI node, from the SDK's definitions) and an items panel whose delete action asks in the UI first.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { scaffold } from "./dev-helpers.js";

const FIXTURE = `import { UI_NODES, galleryPage, ui } from "@imperal/sdk";
import { ext } from "./app.js";
import { NOTES, listNotes } from "./store.js";

ext.panel("gallery", { slot: "right", title: "Gallery" }, async () => galleryPage(UI_NODES));

ext.panel("items", { slot: "bottom", title: "Items", refresh: "manual" }, async (ctx) => {
  const { notes } = await listNotes(ctx.store, "active", 50);
  void NOTES;
  return ui.stack(
    [
      ui.list(
        notes.map((n) =>
          ui.listItem({
            title: n.title,
            actions: [
              ui.button("Delete", {
                size: "sm",
                variant: "danger",
                onClick: ui.call("delete_note", { note_id: n.note_id }, { confirm: \`Delete \${n.title}?\` }),
              }),
            ],
          }),
        ),
        { emptyMessage: "no items" },
      ),
      ui.form([ui.input("title", { label: "Quick title" })], {
        onSubmit: ui.call("create_note"),
        submitLabel: "Quick add",
        defaults: { tags: ["quick"], title: "untitled" },
      }),
      ui.stack(
        [
          ui.button("Ask in chat", { onClick: ui.send("list my notes") }),
          ui.link("Docs", ui.open("https://docs.example.com/notes"), { external: true }),
        ],
        { direction: "horizontal" },
      ),
    ],
    { autoAction: ui.call("list_notes", { limit: 1 }) },
  );
});
`;

/** Scaffold notes plus the fixture panels into a temp dir; returns the extension dir. */
export function inspectorFixture(): string {
  const dir = scaffold("notes", "insp");
  writeFileSync(path.join(dir, "src", "fixture.ts"), FIXTURE);
  const index = path.join(dir, "src", "index.ts");
  writeFileSync(index, readFileSync(index, "utf8") + 'import "./fixture.js";\n');
  return dir;
}
