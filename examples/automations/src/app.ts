// The extension object and its chat front, shared by every module.
import { ChatExtension, Extension } from "@imperal/sdk";

export const ext = new Extension("automations", {
  version: "1.0.0",
  displayName: "AI Agents",
  description:
    "Event- and schedule-triggered automation rules: create, inspect, pause, resume and delete them, in bulk too.",
  icon: "icon.svg",
  capabilities: ["automations:read", "automations:write", "automations:delete"],
  // The original reads the gateway address from its deployment; here it is ctx.config (SPEC 7.2).
  configDefaults: { gateway: { url: "https://gateway.example", timeout_ms: 15000 } },
});

export const chat = new ChatExtension(ext, {
  toolName: "tool_automations_chat",
  description: "Automation rules (AI agents): list, inspect, create, update, pause, resume and delete them.",
  systemPrompt:
    "Rule ids are integers shown as #N. Bulk changes default to a dry run: show the preview, and only re-run with " +
    "dry_run=false (and confirm=true for deletes) when the user has agreed.",
});

// The gateway's internal API is called with a service token, never with the user's credentials.
ext.secret("service_token", {
  description: "Service token for the platform gateway's internal automations API.",
  required: true,
  writeMode: "user",
});
