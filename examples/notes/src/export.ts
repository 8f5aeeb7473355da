// export_markdown: the note as Markdown, with a download button and the source shown as code.
import { ActionResult, ui, z, type UIAction } from "@imperal/sdk";
import { NOTE_ID, withAliases } from "./aliases.js";
import { chat } from "./app.js";
import { guarded } from "./errors.js";
import { noteId } from "./fields.js";
import { loadNote } from "./lookup.js";
import { MarkdownExport } from "./models.js";
import { htmlToMarkdown } from "./text.js";

/** "# title", a line of #tags when there are any, a blank line, then the content as Markdown. */
export function noteMarkdown(title: string, tags: readonly string[], content: string): string {
  const head = [`# ${title}`];
  if (tags.length) head.push(tags.map((t) => `#${t.replace(/\s+/g, "-")}`).join(" "));
  return `${head.join("\n")}\n\n${htmlToMarkdown(content)}\n`;
}

/**
 * The original's download: an Open action on a `data:text/markdown` URI. `ui.open` only takes http(s) URLs, so the
 * action is written out here; it is still a plain `open` action the UI kit's checks accept.
 */
function openDataUri(markdown: string): UIAction {
  return { action: "open", url: `data:text/markdown;charset=utf-8,${encodeURIComponent(markdown)}` };
}

const ExportParams = z.object({ note_id: noteId() });
withAliases(ExportParams, { note_id: NOTE_ID });

chat.function(
  "export_markdown",
  {
    description: "Export a note as Markdown, with a button that downloads it as a .md file.",
    actionType: "read",
    params: ExportParams,
    dataModel: MarkdownExport,
  },
  async (ctx, p) =>
    guarded("export_markdown", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      const { title, tags, content_text } = r.value;
      const markdown = noteMarkdown(title, tags, content_text);
      const view = ui.stack(
        [
          ui.button(`Download ${title.slice(0, 40)}.md`, {
            icon: "Download",
            variant: "primary",
            onClick: openDataUri(markdown),
          }),
          ui.text("Opens the Markdown file; save it from there, or copy the source below.", { variant: "muted" }),
          ui.code(markdown, { language: "markdown" }),
        ],
        { gap: 8 },
      );
      return ActionResult.success({ title, markdown, ui: view }, `Exported '${title}' as Markdown`, { ui: view });
    }),
);
