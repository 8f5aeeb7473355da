// The extension object and its chat front, shared by every module.
import { ChatExtension, Extension } from "@imperal/sdk";

export const ext = new Extension("notes", {
  version: "1.0.0",
  displayName: "Notes",
  description: "Notes with folders, tags, pinning, archive, trash and attachments, with a sidebar and an editor panel.",
  icon: "icon.svg",
  capabilities: ["notes:read", "notes:write", "notes:delete"],
});

export const chat = new ChatExtension(ext, {
  toolName: "notes",
  description: "Create, find, edit, organise and delete the user's notes and folders.",
  systemPrompt:
    "Note and folder ids come from list_notes, search_notes, list_folders or resolve_folder: never guess them. " +
    "To file a note by folder name, call resolve_folder first.",
});
