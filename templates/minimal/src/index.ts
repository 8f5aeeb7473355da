import { ActionResult, ChatExtension, Extension, z } from "@imperal/sdk";

/** The extension: identity and capabilities. `imperal build` turns this registry into imperal.json. */
export const ext = new Extension("__APP_ID__", {
  version: "0.1.0",
  displayName: "__DISPLAY_NAME__",
  description: "Greets people by name: a minimal extension with a single read function to build on.",
  icon: "icon.svg",
  actionsExplicit: true,
  capabilities: ["__SCOPE_NS__:read"],
});

/** The chat functions the assistant can call. */
export const chat = new ChatExtension(ext, {
  toolName: "__TOOL_NAME__",
  description: "Friendly greetings.",
});

// Params and the returned data are zod schemas at module scope: the manifest's JSON Schema comes from them.
const GreetParams = z.object({
  name: z.string().trim().min(1).max(100).default("world").describe("Who to greet"),
});
const Greeting = z.object({
  message: z.string().describe("The greeting"),
});

chat.function(
  "greet",
  {
    description: "Greet someone by name with a friendly message.",
    actionType: "read",
    params: GreetParams,
    dataModel: Greeting,
  },
  async (_ctx, p) => ActionResult.success({ message: `Hello, ${p.name}!` }, `Greeted ${p.name}`),
);
