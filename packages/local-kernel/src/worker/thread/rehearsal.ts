// A spare worker's dry run. V8 compiles a function the first time it runs, so a fresh worker pays for compiling the
// SDK's registration, surface, manifest, validation and dispatch code inside the reload (ready) and again inside the
// first call on the new build. The spare runs one throwaway extension through those same paths while it waits, so the
// real bundle finds that code compiled. Nothing here touches the kernel: no RPC, no message, no module-level state.
import type { CtxInfo } from "../protocol.js";
import type { SdkGuards, SdkMain } from "../../sdk.js";

/** Builds the ctx a handler of `kind` gets (the worker's own ctx factory, so its code is compiled too). */
export type RehearsalCtx = (kind: CtxInfo["kind"], signal: AbortSignal) => unknown;

/** The ctx identity of the dry run: a made-up user that never reaches the kernel. */
export const REHEARSAL_INFO: Omit<CtxInfo, "kind"> = {
  user: { imperalId: "spare-rehearsal", email: "", tenantId: "default", role: "user", scopes: ["*"] },
  tenant: { tenantId: "default", name: "default" },
  lang: "en",
};

/**
 * Registers, describes, validates and calls one throwaway extension; true when every step worked. A failure only means
 * less was warmed: it is not reported (the real load reports its own problems).
 */
export async function rehearse(sdk: SdkMain, guards: SdkGuards, ctxFor: RehearsalCtx): Promise<boolean> {
  try {
    const { z, ui } = sdk;
    const ext = new sdk.Extension("spare-rehearsal", { version: "0.0.0", capabilities: ["rehearsal:read"] });
    const chat = new sdk.ChatExtension(ext, { toolName: "rehearsal", description: "Dry run of a spare worker." });
    const Params = z.object({
      id: z.string().min(1).describe("Item id"),
      view: z.enum(["active", "trash"]).default("active").describe("Which items"),
      limit: z.number().int().min(1).max(50).default(20).describe("How many"),
      tags: z.array(z.string().min(1)).max(10).default([]).describe("Tags"),
      note: z.string().optional().describe("Optional text"),
    });
    const Out = z.object({
      items: z.array(z.object({ id: z.string(), tags: z.array(z.string()) })),
      total: z.number(),
    });
    chat.function(
      "rehearse_read",
      { description: "Dry run: returns the item it was given.", actionType: "read", params: Params, dataModel: Out },
      async (_ctx, p) => sdk.ActionResult.success({ items: [{ id: p.id, tags: p.tags }], total: 1 }, "1 item"),
    );
    ext.panel("rehearsal", { slot: "left", title: "Rehearsal" }, async () =>
      ui.stack([
        ui.header("Items"),
        ui.list([ui.listItem({ title: "One", subtitle: "a, b", meta: "2026-01-01" })]),
        ui.button("Open", { size: "sm", onClick: ui.call("rehearse_read", { id: "x" }) }),
      ]),
    );
    sdk.callableSurface(ext);
    JSON.parse(JSON.stringify(sdk.generateManifest(ext)));
    const valid = guards.validateParams(Params, { id: "x" }, { attempt: 0 });
    const invalid = guards.validateParams(Params, { id: 3 }, { attempt: 0 }); // the feedback path of a rejected call
    const signal = new AbortController().signal;
    const outcomes = [
      await sdk.executeTool(ext, "rehearse_read", { id: "x", tags: ["a"] }, ctxFor("chat", signal), { attempt: 0 }),
      await sdk.executeTool(ext, sdk.panelTool("rehearsal"), {}, ctxFor("panel", signal), { attempt: 0 }),
    ];
    JSON.stringify(outcomes);
    return valid.ok && !invalid.ok && outcomes.every((o) => o.ok);
  } catch {
    return false;
  }
}
