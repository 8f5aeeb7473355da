// The fixture extension of the inspector's browser tests: the notes template plus a gallery panel (one sample of
// every UI node, from the SDK's definitions) and an items panel whose delete action asks in the UI first.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { scaffold } from "./dev-helpers.js";

const FIXTURE = `import { ActionResult, UI_NODES, galleryPage, ui, z } from "@imperal/sdk";
import { chat, ext } from "./app.js";

const Shape = z.object({
  mode: z.enum(["fast", "slow"]).default("slow").describe("How to go"),
  point: z.object({ x: z.number().default(1).describe("x"), y: z.number().describe("y") }).describe("Where"),
  items: z.array(z.object({ name: z.string().describe("Item name") })).default([]).describe("What"),
});
const Echo = z.object({ echo: z.record(z.string(), z.unknown()) });

chat.function(
  "echo_shape",
  { description: "Echo nested params back (inspector fixture).", actionType: "read", params: Shape, dataModel: Echo },
  async (_ctx, p) => ActionResult.success({ echo: p }, "echoed"),
);
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
