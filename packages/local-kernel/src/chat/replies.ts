// What the assistant says when no tool reply does: confirmation cards, small talk, fixed answers.
import type { CatalogEntry } from "../classifier/types.js";
import type { Call } from "../dispatch/result.js";

/** Fixed replies of a chat turn. */
export const REPLIES = {
  classifierFailed: "Sorry, I couldn't understand that just now. Could you rephrase it?",
  alreadyHandled: "That request was already handled, so there is nothing left to confirm.",
  nothingPending: "There is nothing waiting for your confirmation right now. What would you like to do?",
  cancelled: "OK, I cancelled that. Nothing was changed.",
  notUnderstood: "Sorry, I couldn't understand that. Could you rephrase it?",
  tellMeMore: "Could you tell me a bit more about what you'd like to do?",
  unknownUser: "This user is not known to the kernel.",
} as const;

function describe(c: Call, byName: Map<string, CatalogEntry>): string {
  const t = byName.get(c.tool);
  const what = t?.description ? t.description.replace(/[.\s]+$/, "") : c.tool;
  const args = c.args && typeof c.args === "object" ? Object.entries(c.args as Record<string, unknown>) : [];
  const shown = args.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ");
  return `${what} (${c.tool}${shown ? ` — ${shown}` : ""})`;
}

/** The confirmation card's text: every intercepted call, then how to answer. */
export function confirmationReply(calls: Call[], byName: Map<string, CatalogEntry>): string {
  const lines = calls.map((c, i) => (calls.length > 1 ? `${i + 1}. ` : "") + describe(c, byName));
  const head =
    calls.length > 1
      ? `Before I go ahead, please confirm these ${calls.length} steps:`
      : "Before I go ahead, please confirm:";
  return `${head}\n${lines.join("\n")}\nReply "yes" to confirm, or cancel it.`;
}

/** A friendly answer for small talk and messages no tool handles. */
export function chatReply(message: string, catalog: CatalogEntry[], displayName: unknown): string {
  const lower = message.toLowerCase();
  const name = typeof displayName === "string" && displayName ? displayName : "this extension";
  const examples = catalog
    .slice(0, 4)
    .map((t) => t.description.replace(/[.\s]+$/, ""))
    .map((d) => d.charAt(0).toLowerCase() + d.slice(1));
  const can = examples.length ? ` I can ${examples.join("; ")}.` : "";
  if (/\b(thanks|thank you|thx|cheers|ty)\b/.test(lower)) return "You're welcome! Anything else I can do?";
  if (/\b(bye|goodbye|see you)\b/.test(lower)) return "Bye! Come back any time.";
  if (/^\s*(hi|hello|hey|hiya|howdy|yo|greetings|good (morning|afternoon|evening))\b/.test(lower)) {
    return `Hi! I'm here to help with ${name}.${can} What would you like to do?`;
  }
  return `I'm not sure what you'd like me to do there.${can}`;
}

/** The reply of a plan whose chain pre-check failed. */
export function unsafeChainReply(step: number, tool: string, ref: string): string {
  return `I can't do that safely: step ${step + 1} (${tool}) depends on a result that an earlier step does not provide (${ref}). Nothing was changed.`;
}
