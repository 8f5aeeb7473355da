import { ChatExtension, Extension } from "@imperal/sdk";

/** The extension: identity, capabilities and the registry every handler below is added to. */
export const ext = new Extension("__APP_ID__", {
  version: "0.1.0",
  displayName: "__DISPLAY_NAME__",
  description:
    "Track tasks from chat: add tasks with due dates, update their status, and get told when they become overdue.",
  icon: "icon.svg",
  actionsExplicit: true,
  capabilities: ["__SCOPE_NS__:read", "__SCOPE_NS__:write"],
});

/** Chat functions the assistant can call. */
export const chat = new ChatExtension(ext, {
  toolName: "__TOOL_NAME__",
  description: "Add, list, update, complete and delete the user's tasks.",
});
