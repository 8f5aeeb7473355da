// What the classifier sees on a turn: the tool catalog of the serving build, the skeleton block, ambient alerts,
// the fact ledger, known entities and the conversation history.
import {
  isClassifierTarget,
  type CatalogEntry,
  type ChatMessage,
  type ClassifyInput,
  type JsonSchema,
} from "../classifier/types.js";
import type { SqliteFactLedger } from "../facts/sqlite-store.js";
import { HISTORY_MAX_MESSAGES } from "../limits.js";
import type { SkeletonRuntime } from "../skeleton/runtime.js";
import type { ReadyInfo } from "../worker/protocol.js";

/** What the classifier was given on this turn (debug view for dev tools and tests). */
export interface TurnContext {
  classifier: "embedded" | "openai";
  /** Ambient alerts fed into this turn's prompt (consumed by it). */
  alerts: string[];
  skeleton_sections: string[];
  skeleton_block: string;
  fact_ledger_turns: number;
  history_messages: number;
}

const catalogs = new WeakMap<ReadyInfo, CatalogEntry[]>();

/** The classifier's tool catalog: the build's manifest tools minus skeleton, alert and panel tools (cached per build). */
export function buildCatalog(info: ReadyInfo | undefined): CatalogEntry[] {
  if (!info) return [];
  const hit = catalogs.get(info);
  if (hit) return hit;
  const manifestTools = new Map(
    ((info.manifest?.tools as Array<Record<string, unknown>> | undefined) ?? []).map((t) => [String(t.name), t]),
  );
  const out: CatalogEntry[] = [];
  for (const t of info.tools) {
    if (t.kind === "panel" || t.kind === "skeleton_refresh" || t.kind === "skeleton_alert") continue;
    const m = manifestTools.get(t.name);
    const entry: CatalogEntry = {
      name: t.name,
      description: t.description,
      actionType: t.actionType,
      kind: t.kind,
      params: (m?.params_schema as JsonSchema | undefined) ?? { type: "object", properties: {} },
      ...(m?.return_schema ? { returnSchema: m.return_schema as JsonSchema } : {}),
      ...(t.idProjection ? { idProjection: t.idProjection } : {}),
      app: info.appId,
    };
    if (isClassifierTarget(entry)) out.push(entry);
  }
  catalogs.set(info, out);
  return out;
}

/** The chat extensions' system prompts of a build (SPEC 7.8), when it has any. */
function extensionPrompts(info: ReadyInfo | undefined): Pick<ClassifyInput, "extensionPrompts"> {
  const chats = info?.platform?.chats ?? [];
  const list = chats.flatMap((c) =>
    c.systemPrompt ? [{ app: info!.appId, toolName: c.toolName, systemPrompt: c.systemPrompt }] : [],
  );
  return list.length ? { extensionPrompts: list } : {};
}

/** The conversation kept for the classifier: in memory, the last 12 messages per user, 2,000 chars each. */
export class ConversationHistory {
  private readonly byUser = new Map<string, ChatMessage[]>();

  /** A copy of the user's history, oldest first. */
  of(userId: string): ChatMessage[] {
    return [...(this.byUser.get(userId) ?? [])];
  }
  /** Appends one message (the oldest drop out past the limit). */
  push(userId: string, m: ChatMessage): void {
    const h = this.byUser.get(userId) ?? [];
    h.push({ role: m.role, content: m.content.slice(0, 2000) });
    if (h.length > HISTORY_MAX_MESSAGES) h.splice(0, h.length - HISTORY_MAX_MESSAGES);
    this.byUser.set(userId, h);
  }
  /** Forgets the user's conversation (uninstall). */
  purge(userId: string): void {
    this.byUser.delete(userId);
  }
}

/** Where a turn's context comes from. */
export interface ContextSources {
  skeletons: SkeletonRuntime;
  facts: SqliteFactLedger;
  history: ConversationHistory;
  classifierKind: "embedded" | "openai";
}

/** Gathers the classifier's input for one message (consumes the user's ambient alerts). */
export function gatherContext(
  src: ContextSources,
  userId: string,
  message: string,
  info: ReadyInfo | undefined,
): { input: ClassifyInput; context: TurnContext; catalog: CatalogEntry[] } {
  const catalog = buildCatalog(info);
  const alerts = src.skeletons.takeAlerts(userId);
  const skeletonBlock = src.skeletons.block(userId);
  const factLedger = src.facts.entries(userId);
  const history = src.history.of(userId);
  const input: ClassifyInput = {
    message,
    catalog,
    skeletonBlock,
    alerts,
    history,
    factLedger: factLedger.map((t) => ({ text: t.text, entities: t.entities, ids: t.ids })),
    entities: src.skeletons.entities(userId),
    ...extensionPrompts(info),
  };
  const context: TurnContext = {
    classifier: src.classifierKind,
    alerts,
    skeleton_sections: src.skeletons.snapshots(userId).map((s) => s.section),
    skeleton_block: skeletonBlock,
    fact_ledger_turns: factLedger.length,
    history_messages: history.length,
  };
  return { input, context, catalog };
}
