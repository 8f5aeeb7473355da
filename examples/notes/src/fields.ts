// Param fields shared by several functions; each description names the aliases the function also accepts.
import { z } from "@imperal/sdk";

export const noteId = () => z.string().describe("Note id from list_notes or search_notes (also: id, noteId, uuid).");
export const folderRef = () =>
  z.string().describe("Folder id, or the folder's name (also: folder, folderId, id, uuid, name).");
export const optFolderId = () =>
  z.string().default("").describe('Folder id from list_folders or resolve_folder; "" = root (also: folder, folderId).');
export const tagList = () =>
  z.array(z.string()).describe('Tags, a list or a comma string "a, b" (also: labels, tag_list).');
export const permanent = () =>
  z.boolean().default(false).describe("Delete for good instead of moving to trash (also: hard_delete, force_delete).");
