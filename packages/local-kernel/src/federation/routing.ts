// Which extension answers a chat message when several are loaded (SPEC 7.6). The classifier sees one catalog of
// every loaded extension's tools (qualified names) and the owner of the plan's first step takes the turn, so an
// author sees when one extension's tools steal another's intents. A user who owes an extension an answer (clarify,
// confirmation) stays with it.
import { qualifiedToolName, splitQualifiedToolName } from "@imperal/sdk/patterns";
import { buildCatalog } from "../chat/context.js";
import type { Classifier } from "../classifier/index.js";
import type { ReadyInfo } from "../worker/protocol.js";

/** One loaded extension as routing sees it. */
export interface RoutedApp {
  appId: string;
  info: ReadyInfo | undefined;
  hasOpenDialogue(userId: string): boolean;
}

/** The routing decision, shown on the turn object (`routing`). */
export interface RoutingDecision {
  app_id: string;
  reason: "open_dialogue" | "plan" | "default";
  /** The union catalog's answer: qualified tool of the first plan step and its confidence. */
  tool?: string;
  confidence?: number;
}

/** Picks the extension for a message. */
export async function routeMessage(o: {
  apps: readonly RoutedApp[];
  userId: string;
  message: string;
  classifier: Classifier;
}): Promise<RoutingDecision> {
  const primary = o.apps[0]!.appId;
  const open = o.apps.find((a) => a.hasOpenDialogue(o.userId));
  if (open) return { app_id: open.appId, reason: "open_dialogue" };
  const catalog = o.apps.flatMap((a) =>
    buildCatalog(a.info).map((t) => ({ ...t, name: qualifiedToolName(a.appId, t.name), app: a.appId })),
  );
  try {
    const extensionPrompts = o.apps.flatMap((a) =>
      (a.info?.platform?.chats ?? []).flatMap((c) =>
        c.systemPrompt ? [{ app: a.appId, toolName: c.toolName, systemPrompt: c.systemPrompt }] : [],
      ),
    );
    const cls = await o.classifier.classify({
      message: o.message,
      catalog,
      ...(extensionPrompts.length ? { extensionPrompts } : {}),
    });
    const first = cls.plan[0]?.tool;
    const q = first ? splitQualifiedToolName(first) : undefined;
    if (q && o.apps.some((a) => a.appId === q.appId))
      return { app_id: q.appId, reason: "plan", tool: first!, confidence: cls.confidence };
  } catch {
    // a failing union classification routes to the primary extension, whose own turn reports the failure
  }
  return { app_id: primary, reason: "default" };
}
