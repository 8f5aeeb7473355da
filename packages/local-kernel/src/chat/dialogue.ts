// Dialogue state of a chat turn: a clarify turn stores what it waits for (tool, missing params, candidate call) per
// user; the next message fills it, answers its yes/no, or is recognised as a new request. Pure resolution plus a
// small per-user store, so the eval (eval/run.mjs) runs the same code as the kernel.
import { classifyEmbedded, isAcceptance, isRefusal } from "../classifier/index.js";
import { findDates } from "../classifier/dates.js";
import { prepareTool } from "../classifier/embedded/tools.js";
import { classesOf, stem } from "../classifier/lexicon.js";
import { prepEntities } from "../classifier/embedded/entities.js";
import { namedKind } from "../classifier/embedded/args/ids.js";
import type { Classification, ClassifyInput, PlanStep } from "../classifier/types.js";
import type { SafetyDecision } from "./safety.js";

/** Reason codes of the dialogue decisions in `ChatTurnResult.safety[]` (also listed in src/errors.ts). */
export const DIALOGUE_CODES = {
  filled: "CLARIFY_FILLED",
  accepted: "CANDIDATE_ACCEPTED",
  declined: "CANDIDATE_DECLINED",
  replaced: "CLARIFY_REPLACED",
} as const;

/** What a clarify turn waits for. */
export interface PendingClarify {
  /** The candidate plan shown (or implied) by the question. */
  plan: PlanStep[];
  /** Required params still missing, as `tool.param`. */
  missing: string[];
  question: string;
  at: number;
}

/** How the next message was read against the pending clarify. */
export interface FollowUp {
  classification: Classification;
  decision?: SafetyDecision;
  /** The user said yes to the exact candidate shown: it runs as shown (no second safety question). */
  accepted: boolean;
  /** Still waiting (some params are still missing). */
  pending?: PendingClarify;
  /** The params (`tool.param`) the answer filled: the question named them (for the safety rules). */
  filled?: string[];
}

/** How long a question waits for its answer. */
const PENDING_TTL_MS = 10 * 60_000;

/** The pending clarify a clarify classification leaves (none without a candidate tool). */
export function pendingFrom(cls: Classification, now = Date.now()): PendingClarify | undefined {
  if (cls.intent !== "clarify" || cls.plan.length === 0 || cls.error) return undefined;
  return {
    plan: cls.plan.map((s) => ({ tool: s.tool, args: { ...(s.args ?? {}) } })),
    missing: [...(cls.missing ?? [])],
    question: cls.question ?? "",
    at: now,
  };
}

const firstWord = (m: string) =>
  m
    .trim()
    .toLowerCase()
    .replace(/^(please|pls|ok|okay|now|then|and|also)\s+/, "")
    .match(/^[\p{L}']+/u)?.[0] ?? "";

/**
 * A message that starts with a verb of its own ("list my notes", "delete it") is a new request, not an answer —
 * except when the question waits for one text and the message reads as that text ("Write migration guide",
 * "Search returns 500 for an empty query": a verb followed by another verb form or a capitalised title).
 */
function isNewRequest(message: string, next: Classification, pending?: PendingClarify): boolean {
  if (next.intent === "chat" && next.plan.length === 0) return false;
  if (!classesOf(firstWord(message)).length) return false;
  const text = pending?.missing.length === 1 && !/(^|_)id$/.test(pending.missing[0]!);
  if (!text) return true;
  // "What should the action be?" -> "tag the note with 'new'": an instruction is what the question waits for.
  if (/(?:^|[._])(?:action|actions|instruction|instructions|prompt|command|steps?)(?:_|$)/.test(pending.missing[0]!))
    return false;
  const words = message.trim().split(/\s+/);
  const titled = /^\p{Lu}/u.test(words[0] ?? "") && !/^(?:Please|Can|Could|Show|List|Delete|Remove)$/.test(words[0]!);
  const secondVerb = /^[a-z]+s$/.test(words[1] ?? "") && classesOf(words[1]!).length === 0;
  const other = next.intent === "action" && next.confidence >= 0.9 && next.plan[0]?.tool !== pending!.plan[0]?.tool;
  return other || !(titled || secondVerb);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// "To do", "to read": a list's usual name, a label even when the conversation has not shown it ("to" is no lead-in).
const TO_LIST = /^to[\s-]+(?:do|read|watch|buy)\b/i;
const TO_LIST_ALONE = new RegExp(`${TO_LIST.source}[.!]*$`, "i");

const LEAD_IN =
  /^(?:(?:ok|okay|sure|yes|yeah),?\s+)?(?:call it|name it|title it|make it|it'?s called|it should be called|let'?s call it|nenn (?:sie|es|ihn)|(?:title|name|titel)\s*:|(?:put|move|place|stick|file|add) (?:it|them|this) (?:in|into|on|onto|to|under)(?: the)?|to|as|into)\s+/i;

/** The value an answer gives: quotes, lead-ins ("call it X", "for X" to a query) and end punctuation dropped. */
const answerText = (m: string, role?: string) =>
  m
    .trim()
    .replace(TO_LIST_ALONE.test(m.trim()) ? /^(?!)/ : LEAD_IN, "")
    .replace(role === "query" ? /^(?:for|about|on|regarding|nach)\s+/i : /^(?!)/, "")
    .replace(/^[\s,;:.—–-]+/, "")
    .replace(/^["“'‘](.*)["”'’]$/s, "$1")
    .replace(/[.!?]+$/, "")
    .trim();

/** "delete a task" / "record episode 12, we're dropping it": the answer names an item for the id the question asks. */
function answersItem(pending: PendingClarify, input: ClassifyInput): boolean {
  return pending.plan.some((step) => {
    const ids = pending.missing.filter((m) => m.startsWith(`${step.tool}.`) && /(^|_)id$/.test(m));
    const entry = input.catalog.find((t) => t.name === step.tool);
    if (!ids.length || !entry) return false;
    const phrase = `${step.tool.replace(/[_\-.]+/g, " ")} ${input.message}`;
    const got = classifyEmbedded({ ...input, message: phrase, catalog: [entry] });
    return ids.every((m) => got.plan[0]?.args[m.slice(step.tool.length + 1)] !== undefined);
  });
}

/** Reads `message` against the pending clarify; `next` is the message's own classification. */
export function resolveFollowUp(pending: PendingClarify, input: ClassifyInput, next: Classification): FollowUp {
  const message = input.message;
  const base = { ...next, is_acceptance: false };
  if (isAcceptance(message)) {
    if (pending.missing.length === 0) {
      const plan = pending.plan.map((s) => ({ tool: s.tool, args: { ...s.args } }));
      const detail = `yes to the candidate ${plan.map((s) => s.tool).join(", ")}`;
      return {
        classification: { ...base, intent: "action", confidence: 1, plan, question: undefined, missing: undefined },
        decision: { code: DIALOGUE_CODES.accepted, detail },
        accepted: true,
      };
    }
    return {
      classification: {
        ...base,
        intent: "clarify",
        plan: pending.plan,
        question: pending.question,
        missing: pending.missing,
      },
      accepted: false,
      pending,
    };
  }
  if (isRefusal(message)) {
    const detail = `no to the candidate ${pending.plan.map((s) => s.tool).join(", ")}`;
    return {
      classification: { ...base, intent: "chat", plan: [], question: undefined, missing: undefined },
      decision: { code: DIALOGUE_CODES.declined, detail },
      accepted: false,
    };
  }
  // "set a due date on the fridge task" asked what to change; "wednesday" is that change.
  if (pending.missing.length === 0 && !isNewRequest(message, next, pending)) {
    const filled = fillEmptyEdit(pending, input, next);
    if (filled) return filled;
  }
  if (pending.missing.length === 0 || (isNewRequest(message, next, pending) && !answersItem(pending, input))) {
    return {
      classification: next,
      decision: { code: DIALOGUE_CODES.replaced, detail: "a new request" },
      accepted: false,
    };
  }
  return fill(pending, input, next);
}

/** The answer to "What should I change?" about a one-step edit that set nothing: the values it says join the call. */
function fillEmptyEdit(pending: PendingClarify, input: ClassifyInput, next: Classification): FollowUp | undefined {
  if (pending.plan.length !== 1) return undefined;
  const step = pending.plan[0]!;
  const entry = input.catalog.find((t) => t.name === step.tool);
  const props = entry?.params?.properties ?? {};
  const isId = (k: string) => /(^|_)id$/.test(k);
  const setsNothing = Object.entries(step.args ?? {}).every(
    ([k, v]) => isId(k) || v === null || JSON.stringify(v) === JSON.stringify(props[k]?.default),
  );
  // Only an edit asks "what should I change?"; a candidate of another kind ("run X?") waits for a yes or a new request.
  if (!entry || !setsNothing || prepareTool(entry).cls !== "update") return undefined;
  const phrase = `${step.tool.replace(/[_\-.]+/g, " ")} ${input.message}`;
  const got = classifyEmbedded({ ...input, message: phrase, catalog: [entry] }).plan[0]?.args ?? {};
  const args = { ...step.args };
  const filled: string[] = [];
  for (const [k, v] of Object.entries(got)) {
    if (isId(k) || v === null || v === undefined || JSON.stringify(v) === JSON.stringify(props[k]?.default)) continue;
    args[k] = v;
    filled.push(`${step.tool}.${k}`);
  }
  if (filled.length === 0) return undefined;
  return filledCall(next, [{ tool: step.tool, args }], filled);
}

/** The call an answer completed: it runs (the params it filled were named by the question). */
function filledCall(next: Classification, plan: PlanStep[], filled: string[]): FollowUp {
  return {
    classification: {
      ...next,
      intent: "action",
      confidence: Math.max(next.confidence, 0.9),
      plan,
      is_acceptance: false,
      question: undefined,
      missing: undefined,
    },
    decision: { code: DIALOGUE_CODES.filled, detail: `the answer filled ${filled.join(", ")}` },
    accepted: false,
    filled,
  };
}

/** Labels the conversation shows for items of `kind` ("list": "To do", "Backlog"), as the classifier reads them. */
function knownLabels(input: ClassifyInput, kind: string): string[] {
  return prepEntities(input, new Set([kind]))
    .entities.filter((e) => e.label && namedKind(e.key) === kind)
    .map((e) => e.label!);
}

/**
 * The answer with a known label of one of the tool's kinds that opens it said as that kind's quoted label
 * ('list "To do" on Home reno' for "To do on Home reno"), so the "to" of "To do" is no preposition.
 */
function quoteLeadingLabel(input: ClassifyInput, info: ReturnType<typeof prepareTool>): string {
  const message = input.message.trim();
  if (/^["“'‘]/.test(message)) return message;
  // (Labels of items, and values items carry under the kind's name: a card's "list": "To do".)
  const ledger = input.factLedger ?? [];
  const shown = [
    input.skeletonBlock ?? "",
    ...(typeof ledger === "string" ? [ledger] : ledger.map((e) => e.text)),
  ].join("\n");
  const carried = (kind: string) =>
    [...shown.matchAll(new RegExp(`"${kind}"\\s*:\\s*"([^"\\\\]{1,60})"`, "g"))].map((m) => m[1]!);
  const opens = (l: string) =>
    /\s/.test(l) &&
    message.toLowerCase().startsWith(l.toLowerCase()) &&
    !/[\p{L}\p{N}]/u.test(message.charAt(l.length));
  for (const p of info.params) {
    if (!p.refKind) continue;
    const labels = [...knownLabels(input, p.refKind), ...carried(p.refKind)].sort((x, y) => y.length - x.length);
    const at = labels.find(opens) ?? TO_LIST.exec(message)?.[0];
    if (at) return `${p.refKind} "${message.slice(0, at.length)}"${message.slice(at.length)}`;
  }
  return message;
}

/** Fills the missing params from the answer: the tool's own extraction over "<tool words> <answer>", then the text. */
function fill(pending: PendingClarify, input: ClassifyInput, next: Classification): FollowUp {
  const plan = pending.plan.map((s) => ({ tool: s.tool, args: { ...s.args } }));
  const still: string[] = [];
  const filled: string[] = [];
  for (const [i, step] of plan.entries()) {
    const want = pending.missing.filter((m) => m.startsWith(`${step.tool}.`)).map((m) => m.slice(step.tool.length + 1));
    if (want.length === 0) continue;
    const entry = input.catalog.find((t) => t.name === step.tool);
    if (!entry) {
      still.push(...want.map((p) => `${step.tool}.${p}`));
      continue;
    }
    // One plain text param asked for: the whole answer is its value ("What should the query be?" -> "vintage bikes
    // for sale"), not what an extraction would cut out of it.
    const asked = want.length === 1 ? entry.params?.properties?.[want[0]!] : undefined;
    // Host names, urls, emails and dates have a shape: the extraction below finds them in "for x.com, the NS ones".
    const info = prepareTool(entry);
    const role = info.params.find((p) => p.name === want[0])?.role;
    // "6 eggs" to a tool with a quantity, "Backlog on App launch" to one with a board: the answer says more than
    // the one value asked for, so the tool's own extraction reads it.
    const more =
      (/\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen)\b/i.test(input.message) &&
        info.params.some((p) => (p.type === "integer" || p.type === "number") && p.name !== want[0])) ||
      (/\s(?:on|in|to|into|for)\s+\S/i.test(input.message) &&
        info.params.some((p) => p.refKind !== undefined && p.name !== want[0] && step.args[p.name] === undefined));
    const dated =
      findDates(input.message, new Date(input.now ?? Date.now())).length > 0 &&
      info.params.some((p) => p.role === "date" && p.name !== want[0] && step.args[p.name] === undefined);
    // ("Uni – Semester 5" is one name when there is no text for a dash to start.)
    const bodyLeft = info.params.some((p) => p.role === "body" && p.name !== want[0]);
    const structured =
      /["“„'‘].+["”“'’]\s*\S|\b(?:and )?(?:write|body|text|description|content|saying)\s*:/i.test(input.message) ||
      (bodyLeft && /\s[—–-]\s/.test(input.message));
    const plain =
      !more &&
      !dated &&
      !structured &&
      asked?.type === "string" &&
      !asked.enum &&
      !asked.format &&
      !asked.pattern &&
      !/(^|_)id$/.test(want[0]!) &&
      !["domain", "url", "email", "date", "timezone"].includes(role ?? "");
    // (A param named after a kind, "list", takes that kind's labels even without "name or id" in its description.)
    const refKind = want.length === 1 ? (info.params.find((p) => p.name === want[0])?.refKind ?? stem(want[0]!)) : "";
    // "To do", "the To Do list" to "Which list?": a label the board shows, as it shows it (no "to" lead-in cut).
    if (refKind && want.length === 1) {
      const raw = input.message
        .trim()
        .replace(/^["“'‘](.*)["”'’]$/s, "$1")
        .replace(/[.!?]+$/, "")
        .trim();
      const forms = [raw, raw.replace(/^(?:the|in|into|on|onto)\s+(?:the\s+)?/i, ""), raw.replace(/^the\s+/i, "")]
        .map((x) => x.replace(new RegExp(`\\s+${refKind}s?$`, "i"), "").trim())
        .filter(Boolean);
      const label = knownLabels(input, refKind).find((l) => forms.some((f) => f.toLowerCase() === l.toLowerCase()));
      if (label) {
        step.args[want[0]!] = label;
        filled.push(`${step.tool}.${want[0]}`);
        continue;
      }
    }
    const said = answerText(input.message, role);
    if (plain && said) {
      // "book photographer" to "Which card?": an item known by its label is spelled as the board shows it.
      let value = said;
      if (info.params.find((p) => p.name === want[0])?.refKind) {
        const phrase = `${step.tool.replace(/[_\-.]+/g, " ")} ${input.message}`;
        const known = classifyEmbedded({ ...input, message: phrase, catalog: [entry] }).plan[0]?.args[want[0]!];
        if (typeof known === "string" && known.toLowerCase().includes(said.toLowerCase())) value = known;
      }
      step.args[want[0]!] = value;
      filled.push(`${step.tool}.${want[0]}`);
      continue;
    }
    // The tool's own words make the answer a full request for it ("create card" + '"X" in Backlog'). A known
    // label it starts with is quoted first: "To do on Home reno" names the list "To do", no "to".
    const phrase = `${step.tool.replace(/[_\-.]+/g, " ")} ${quoteLeadingLabel(input, info)}`;
    const got = classifyEmbedded({ ...input, message: phrase, catalog: [entry] });
    const args = got.plan[0]?.tool === step.tool ? got.plan[0].args : {};
    const props = entry.params?.properties ?? {};
    // What the answer says is newer than the candidate's guess; schema defaults it did not say are not.
    for (const [k, v] of Object.entries(args)) {
      const isDefault = JSON.stringify(props[k]?.default) === JSON.stringify(v);
      // ...but a value the candidate already had stays ("Backlog on App launch" fills list and board, not the name).
      if (want.includes(k) || step.args[k] === undefined || (!isDefault && step.args[k] === props[k]?.default))
        step.args[k] = v;
    }
    const left = want.filter((p) => step.args[p] === undefined);
    // One text param left: the answer is its value ("What should the title be?" -> "Packing list"), unless the
    // answer already went into another param.
    const only = left[0];
    // What the answer says beyond the values already taken from it ('"Update pricing page" in Backlog' -> Backlog).
    let rest = input.message;
    for (const v of Object.values(step.args))
      if (typeof v === "string" && v.length > 1)
        rest = rest.replace(new RegExp(`["“']?${escapeRe(v)}["”']?`, "i"), " ");
    const text = answerText(
      rest
        .trim()
        .replace(LEAD_IN, "")
        // "call it 'X', put it in To Do": the place the answer puts the item in.
        .replace(/^[\s,;]*(?:and\s+)?(?:put|move|place|stick|file|add)\s+(?:it|this|that)\s+/i, "")
        .replace(/^[\s,;]*(?:in|into|to|on|onto|for|at|as)\s+(?:the\s+)?/i, "")
        .replace(/\s+(?:in|into|to|on|onto|for|at|as|and)\s*$/i, ""),
    );
    const taken = Object.values(step.args).some((v) => typeof v === "string" && v === text);
    if (left.length === 1 && only && props[only]?.type === "string" && !/(^|_)id$/.test(only) && !taken && text) {
      step.args[only] = text;
    }
    for (const p of want) (step.args[p] === undefined ? still : filled).push(`${step.tool}.${p}`);
    plan[i] = step;
  }
  if (still.length) {
    const p: PendingClarify = { ...pending, plan, missing: still };
    const q = `What should the ${still[0]!.split(".").pop()!.replace(/_/g, " ")} be?`;
    return {
      classification: { ...next, intent: "clarify", plan, question: q, missing: still },
      accepted: false,
      pending: p,
    };
  }
  return filledCall(next, plan, filled);
}

/** Pending clarifies per user (in memory, like the conversation history); one question waits at a time. */
export class DialogueState {
  private readonly byUser = new Map<string, PendingClarify>();

  /** The user's pending clarify, unless it expired. */
  get(userId: string, now = Date.now()): PendingClarify | undefined {
    const p = this.byUser.get(userId);
    if (p && now - p.at > PENDING_TTL_MS) this.byUser.delete(userId);
    return this.byUser.get(userId);
  }
  /** Stores (or, with undefined, clears) what the user's last question waits for. */
  set(userId: string, p: PendingClarify | undefined): void {
    if (p) this.byUser.set(userId, p);
    else this.byUser.delete(userId);
  }
  /** Forgets the user (uninstall). */
  purge(userId: string): void {
    this.byUser.delete(userId);
  }
}
