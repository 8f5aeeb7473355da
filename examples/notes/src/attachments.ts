// Attachments: the bytes live in ctx.storage under notes/<note_id>/<attachment_id>, the metadata in the store.
import { ActionResult, z } from "@imperal/sdk";
import { withAliases } from "./aliases.js";
import { chat } from "./app.js";
import { CODES, fail, guarded } from "./errors.js";
import { noteId } from "./fields.js";
import { loadNote } from "./lookup.js";
import { C, createOwn, getOwn, type Attachment } from "./store.js";

const FileItem = z.object({
  data_base64: z.string().describe("The bytes, base64 (a data: URI is accepted)."),
  name: z.string().default("file"),
  content_type: z.string().optional(),
  // What the UI kit's fileUpload sends instead of content_type.
  mime_type: z.string().optional(),
});
const UploadParams = z.object({
  note_id: noteId(),
  files: z.array(FileItem).min(1).describe("Files to attach; the first one is used."),
});
withAliases(UploadParams, { note_id: ["id", "noteId", "uuid"], files: ["file", "attachments"] });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of a base64 string or data: URI, or null when it is not valid base64. */
export function decodeBase64(data: string): { bytes: Buffer; type?: string } | null {
  const m = /^data:([^;,]*)(;base64)?,/i.exec(data);
  const body = (m ? data.slice(m[0].length) : data).replace(/\s+/g, "");
  if (body === "" || body.length % 4 !== 0 || !BASE64.test(body)) return null;
  return { bytes: Buffer.from(body, "base64"), ...(m?.[1] ? { type: m[1] } : {}) };
}

chat.function(
  "upload_attachment",
  {
    description: "Attach a file (base64) to a note.",
    actionType: "write",
    event: "attachment.uploaded",
    params: UploadParams,
  },
  async (ctx, p) =>
    guarded("upload_attachment", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      const file = p.files[0]!;
      const decoded = decodeBase64(file.data_base64);
      if (!decoded)
        return fail("Invalid file data — data_base64 must be base64 or a base64 data: URI.", CODES.invalidFile);
      const contentType = file.content_type ?? file.mime_type ?? decoded.type ?? "application/octet-stream";
      const doc = await createOwn<Omit<Attachment, "owner_id">>(ctx, C.attachments, {
        note_id: r.value.id,
        filename: file.name,
        content_type: contentType,
        size: decoded.bytes.length,
        path: "",
      });
      const path = `notes/${r.value.id}/${doc.id}`;
      try {
        await ctx.storage.upload(path, new Uint8Array(decoded.bytes), contentType);
      } catch (e) {
        await ctx.store.delete(C.attachments, doc.id);
        throw e;
      }
      await ctx.store.update(C.attachments, doc.id, { path });
      const attachment = {
        attachment_id: doc.id,
        note_id: r.value.id,
        filename: file.name,
        content_type: contentType,
        size: decoded.bytes.length,
        path,
      };
      return ActionResult.success(
        { attachment, refresh_panels: ["editor"] },
        `Attached ${file.name} to '${r.value.title}'`,
        { refreshPanels: ["editor"] },
      );
    }),
);

const DeleteAttachmentParams = z.object({
  note_id: noteId(),
  att_id: z.string().describe("Attachment id from upload_attachment (also: attachment_id, id)."),
});
// `id` names the attachment here (the original's choice), so the note id is note_id, noteId or uuid.
withAliases(DeleteAttachmentParams, { note_id: ["noteId", "uuid"], att_id: ["attachment_id", "id"] });

chat.function(
  "delete_attachment",
  {
    description: "Remove an attachment from a note (the file is deleted).",
    actionType: "write",
    params: DeleteAttachmentParams,
  },
  async (ctx, p) =>
    guarded("delete_attachment", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      const a = await getOwn<Attachment>(ctx, C.attachments, p.att_id);
      if (!a || a.note_id !== r.value.id)
        return fail(
          `Attachment '${p.att_id}' not found on note '${r.value.title}' — use the attachment_id upload_attachment returned.`,
          CODES.attachmentNotFound,
        );
      await ctx.storage.delete(a.path);
      await ctx.store.delete(C.attachments, a.id);
      return ActionResult.success(
        { note_id: r.value.id, att_id: a.id, refresh_panels: ["editor"] },
        `Removed ${a.filename} from '${r.value.title}'`,
        { refreshPanels: ["editor"] },
      );
    }),
);
