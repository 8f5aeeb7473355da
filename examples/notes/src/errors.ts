// The extension's error results: one stable code per failure, the original's corrective wording in the message.
import { ActionResult } from "@imperal/sdk";

/** Error codes the functions answer with. */
export const CODES = {
  invalidNoteId: "INVALID_NOTE_ID",
  noteNotFound: "NOTE_NOT_FOUND",
  folderNotFound: "FOLDER_NOT_FOUND",
  emptyNote: "EMPTY_NOTE",
  noFields: "NO_FIELDS_TO_UPDATE",
  queryRequired: "QUERY_REQUIRED",
  nameRequired: "NAME_REQUIRED",
  titleEmpty: "TITLE_EMPTY",
  unknownField: "UNKNOWN_FIELD",
  invalidFile: "INVALID_FILE",
  attachmentNotFound: "ATTACHMENT_NOT_FOUND",
  storeFailed: "STORE_FAILED",
} as const;

/** A non-retryable error result with its code. */
export const fail = (message: string, code: string) => ActionResult.error(message, { code });

/** The original's answer to an id that cannot be a note id. */
export const invalidNoteId = (id: string) =>
  fail(
    `'${id}' is not a valid note ID — call list_notes() or search_notes() first to get real IDs — never guess them.`,
    CODES.invalidNoteId,
  );

/** The original's answer to a well-formed id that names no note of the user. */
export const noteNotFound = (id: string) =>
  fail(
    `Note '${id}' not found — call list_notes() or search_notes() first to get real IDs — never guess them.`,
    CODES.noteNotFound,
  );

/** A folder id or name that matches no folder. */
export const folderNotFound = (ref: string) =>
  fail(
    `Folder not found: '${ref}' — call list_folders() or resolve_folder(name) to get a real folder ID.`,
    CODES.folderNotFound,
  );

/**
 * Runs one function's body; a store/storage failure becomes an error result naming the operation and the detail
 * (the original: "list_notes backend returned 500: ..."), so the process and the conversation carry on.
 */
export async function guarded<T>(op: string, body: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await body();
  } catch (e) {
    const detail = (e as Error)?.message ?? String(e);
    return ActionResult.error(`${op} store failed: ${detail}`, { code: CODES.storeFailed });
  }
}
