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

// Headings of the capability list, per language the kernel speaks (English otherwise).
interface Phrases {
  read: string;
  write: string;
  destructive: string;
  intro: string;
  unsure: string;
  welcome: string;
  bye: string;
  hi: (name: string) => string;
}
const GROUPS: Record<string, Phrases> = {
  en: {
    intro: "You can ask me to:",
    read: "look things up",
    write: "create or change things",
    destructive: "delete things",
    unsure: "I'm not sure what you'd like me to do there.",
    welcome: "You're welcome! Anything else I can do?",
    bye: "Bye! Come back any time.",
    hi: (name) => `Hi! I'm here to help you with ${name}.`,
  },
  de: {
    intro: "Du kannst mich bitten:",
    read: "nachsehen",
    write: "anlegen oder ändern",
    destructive: "löschen",
    unsure: "Ich bin nicht sicher, was ich tun soll.",
    welcome: "Gern geschehen! Kann ich sonst noch etwas tun?",
    bye: "Tschüss! Bis bald.",
    hi: (name) => `Hallo! Ich helfe dir mit ${name}.`,
  },
};

/** A tool's description as something the user can ask for: first sentence, second person ("your notes"). */
function ability(t: CatalogEntry): string {
  // The first sentence, up to its first ";": the list joins abilities with "; ".
  const first = (t.description || t.name.replace(/_/g, " "))
    .split(/(?<=[.!?])\s/)[0]!
    .split(/;\s/)[0]!
    .replace(/[.\s]+$/, "");
  const you = first
    .replace(/\bthe user's\b/gi, "your")
    .replace(/\bthe user\b/gi, "you")
    .replace(/\bthe user's\b/gi, "your");
  return you.charAt(0).toLowerCase() + you.slice(1);
}

/** What the extension can do, every tool once, grouped by what it does to your data. */
export function capabilities(catalog: CatalogEntry[], language = "en"): string {
  const g = GROUPS[language] ?? GROUPS.en!;
  const lines: string[] = [];
  for (const kind of ["read", "write", "destructive"] as const) {
    const tools = catalog.filter((t) => t.actionType === kind);
    if (tools.length) lines.push(`- ${g[kind]}: ${tools.map(ability).join("; ")}`);
  }
  return lines.length ? `${g.intro}\n${lines.join("\n")}` : "";
}

/** A friendly answer for small talk and messages no tool handles, in the user's language where it can. */
export function chatReply(message: string, catalog: CatalogEntry[], displayName: unknown, language = "en"): string {
  const lower = message.toLowerCase();
  const name = typeof displayName === "string" && displayName ? displayName : "this extension";
  const can = capabilities(catalog, language);
  const tail = can ? `\n${can}` : "";
  const g = GROUPS[language] ?? GROUPS.en!;
  if (/\b(thanks|thank you|thx|cheers|ty|danke)\b/.test(lower)) return g.welcome;
  if (/(?:^|\s)(bye|goodbye|see you|tschüss|tschüs|ciao)(?:$|[\s!.])/.test(lower)) return g.bye;
  if (
    /^\s*(hi|hello|hey|hiya|howdy|yo|greetings|hallo|servus|moin|good (morning|afternoon|evening)|guten (morgen|tag|abend))\b/.test(
      lower,
    )
  ) {
    return `${g.hi(name)}${tail}`;
  }
  return `${g.unsure}${tail}`;
}

/** The reply of a plan whose chain pre-check failed. */
export function unsafeChainReply(step: number, tool: string, ref: string): string {
  return `I can't do that safely: step ${step + 1} (${tool}) depends on a result that an earlier step does not provide (${ref}). Nothing was changed.`;
}
