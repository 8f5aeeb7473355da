import { ChatExtension, Extension } from "@imperal/sdk";

/** The extension: identity, capabilities and the registry every handler below is added to. */
export const ext = new Extension("__APP_ID__", {
  version: "0.1.0",
  displayName: "__DISPLAY_NAME__",
  description: "Keep notes from chat: create, list, edit, move to trash, restore and permanently delete notes.",
  icon: "icon.svg",
  actionsExplicit: true,
  capabilities: ["__SCOPE_NS__:read", "__SCOPE_NS__:write"],
});

/** Chat functions the assistant can call; each appears in the manifest with `owner_chat_tool`. */
export const chat = new ChatExtension(ext, {
  toolName: "__TOOL_NAME__",
  description: "Create, find, edit and delete the user's notes.",
});
