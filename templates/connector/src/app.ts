import { ChatExtension, Extension } from "@imperal/sdk";

/** The extension: identity, capabilities and the registry every handler below is added to. */
export const ext = new Extension("__APP_ID__", {
  version: "0.1.0",
  displayName: "__DISPLAY_NAME__",
  description: "Connects chat to an issue tracker's HTTP API: check the connection, list, read, open and close issues.",
  icon: "icon.svg",
  actionsExplicit: true,
  capabilities: ["__SCOPE_NS__:read", "__SCOPE_NS__:write"],
});

/** Chat functions the assistant can call. */
export const chat = new ChatExtension(ext, {
  toolName: "__TOOL_NAME__",
  description: "Work with issues in the connected tracker.",
});

// Secrets are declared up front: ctx.secrets only accepts declared names, and the platform asks the user for them.
ext.secret("api_token", {
  description: "Personal API token for the issue tracker (sent as a Bearer token).",
  required: true,
  writeMode: "user",
  maxBytes: 1024,
});
ext.secret("api_base_url", {
  description: "Base URL of the tracker's API for self-hosted instances, e.g. https://tracker.example.com/api.",
  required: false,
  writeMode: "user",
  maxBytes: 512,
});
