// Safety rules of a chat turn, for every classifier (SPEC 4 "Authorization and confirmation"): what a plan must not
// do on a guess. Pure: the same classification, catalog and message always give the same verdict, so the turn trace
// (`safety[]`) and the eval (eval/run.mjs) see exactly what the kernel decided.
import { splitSteps } from "../classifier/index.js";
import type { CatalogEntry, Classification, JsonSchema, PlanStep } from "../classifier/types.js";

/** Default confidence floor below which a write or destructive plan is asked back instead of run. */
export const DEFAULT_CONFIDENCE_FLOOR = 0.6;

/** Reason codes of `ChatTurnResult.safety[]` (also listed in src/errors.ts). */
export const SAFETY_CODES = {
  lowConfidence: "LOW_CONFIDENCE_WRITE",
  weakOverwrite: "WEAK_OVERWRITE",
  deletionRerouted: "DELETION_REROUTED",
  deletionUnmatched: "DELETION_NOT_DESTRUCTIVE",
  nothingToChange: "UPDATE_WITHOUT_FIELDS",
} as const;
export type SafetyCode = (typeof SAFETY_CODES)[keyof typeof SAFETY_CODES];

/** One safety (or dialogue) decision of a turn, shown in its trace. */
export interface SafetyDecision {
  code: string;
  detail: string;
}

/** What the rules made of a classification: possibly a clarify with the candidate plan instead of an action. */
export interface SafetyVerdict {
  classification: Classification;
  safety: SafetyDecision[];
}

export interface SafetyInput {
  message: string;
  classification: Classification;
  catalog: CatalogEntry[];
  /** Confidence floor for write/destructive plans (createKernel `confidenceFloor`, default 0.6). */
  floor?: number;
  /** Params the message answered a question about (`tool.param`): named by that question, so never a weak guess. */
  answered?: string[];
}

// Words of deletion, English and German: they never land on a non-destructive write when a destructive tool of the
// catalog acts on the same object. A preceding article or preposition makes "trash" a noun ("from the trash").
const DELETE_WORDS =
  /(?<!-|\b(?:the|from|in|into|to|my|your|of|im|in den|aus dem|den|dem|der|die)\s)\b(delete|deleting|deleted|remove|removing|get rid of|wipe|wipe out|erase|trash|purge|destroy|discard|drop|löschen|lösche|löscht|gelöscht|entfernen|entferne|entfernt|weg)\b/iu;
// Verbs that say the user wants to add to a field; a tool that replaces the field would lose what is there.
const ADDITIVE = /\b(add|append|put|stick|insert|attach|include|also|hinzufügen|füge)\b/i;
// Tools that replace fields of an existing item (as opposed to create/move/comment tools).
const REPLACING_VERBS = new Set(["update", "edit", "change", "set", "modify", "rename", "patch", "save", "replace"]);
// Words that name a text field in a message, beyond the param's own name words.
const FIELD_ALIASES: Record<string, string[]> = {
  title: [
    "title",
    "name",
    "rename",
    "renamed",
    "heading",
    "call",
    "called",
    "subject",
    "retitle",
    "benenn",
    "benenne",
    "umbenennen",
    "titel",
  ],
  name: ["name", "rename", "renamed", "title", "call", "called"],
  body: ["body", "text", "content", "contents", "description", "saying", "says", "say", "read", "reads"],
  text: ["text", "body", "content", "saying", "says", "say", "read", "reads"],
  content: ["content", "contents", "body", "text", "says", "say", "saying", "read", "reads"],
  description: ["description", "describe", "body", "text"],
  // "remove the deadline from X" clears a due date.
  due: ["deadline", "date", "due"],
  date: ["deadline", "date", "due", "day"],
  deadline: ["deadline", "due", "date"],
};

const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Drops quoted spans and what follows a colon: content the user dictates is no instruction to the kernel. */
function instructionPart(message: string): string {
  const unquoted = message.replace(/"[^"]*"|“[^”]*”|'[^']{2,}'/g, " ");
  const colon = unquoted.indexOf(":");
  return colon >= 0 ? unquoted.slice(0, colon) : unquoted;
}

const verbOf = (t: CatalogEntry) => t.name.split(/[_\-.]/)[0]!.toLowerCase();
// Tools the deletion rule leaves alone: a create's text is content ("a note called Delete old files"), a restore
// undoes a deletion.
const NOT_A_DELETION_TARGET = new Set(["create", "add", "new", "make", "restore", "undelete", "recover", "untrash"]);
const nounsOf = (t: CatalogEntry) =>
  t.name
    .toLowerCase()
    .split(/[_\-.]/)
    .slice(1)
    .filter((w) => w.length > 2);

function isFreeText(s: JsonSchema | undefined): boolean {
  if (!s) return false;
  const type = Array.isArray(s.type) ? s.type : [s.type];
  // A date, time or cron expression has a shape of its own: it is no text taken from a weak match.
  return type.includes("string") && !s.enum && !s.format && !/date|time|cron/i.test(String(s.description ?? ""));
}

const isIdParam = (name: string) => /(^|_)(id|ids|uuid)$/i.test(name);

/** True when the tool's own words say it removes things (a soft delete such as `trash_note` serves deletion). */
function servesDeletion(t: CatalogEntry): boolean {
  if (t.actionType === "destructive") return true;
  return DELETE_WORDS.test(t.name.replace(/_/g, " ")) || /\b(trash|delete|remove)\b/i.test(verbOf(t));
}

/** A destructive tool on the same object as `t` (shared noun, or its noun said in the message). */
function destructiveTwin(t: CatalogEntry, catalog: CatalogEntry[], said: Set<string>): CatalogEntry | undefined {
  const mine = new Set(nounsOf(t));
  const destructive = catalog.filter((x) => x.actionType === "destructive");
  return (
    destructive.find((d) => nounsOf(d).some((n) => mine.has(n))) ??
    destructive.find((d) => nounsOf(d).some((n) => said.has(n) || said.has(`${n}s`)))
  );
}

/** The destructive tool's args taken from the step's (same param names); undefined when a required one is missing. */
function carryArgs(step: PlanStep, to: CatalogEntry): Record<string, unknown> | undefined {
  const props = to.params?.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(step.args ?? {})) if (k in props) out[k] = v;
  return (to.params?.required ?? []).every((r) => out[r] !== undefined) ? out : undefined;
}

/** Free-text fields an update step would overwrite although the message never names them. */
function weakOverwrites(step: PlanStep, t: CatalogEntry, said: Set<string>): string[] {
  if (!REPLACING_VERBS.has(verbOf(t))) return [];
  const props = t.params?.properties ?? {};
  if (!Object.keys(props).some(isIdParam)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(step.args ?? {})) {
    if (isIdParam(k) || typeof v !== "string" || v === "" || !isFreeText(props[k])) continue;
    const names = new Set([...k.toLowerCase().split("_"), ...(FIELD_ALIASES[k.toLowerCase()] ?? [])]);
    for (const part of k.toLowerCase().split("_")) for (const a of FIELD_ALIASES[part] ?? []) names.add(a);
    if (![...names].some((n) => said.has(n))) out.push(k);
  }
  return out;
}

/**
 * "remove the due date from X", "clear the tags of Y": the deletion word's object is a field the step clears, so the
 * item itself stays (the step sets that field to null, "" or []).
 */
function removesField(instruction: string, deletion: string, step: PlanStep): boolean {
  // "drop promo.com from the Marketing group": the step takes values out (remove_domains), the item stays.
  const out = Object.entries(step.args ?? {}).some(
    ([k, v]) => /^remove_/.test(k) && ((Array.isArray(v) && v.length > 0) || (typeof v === "string" && v !== "")),
  );
  if (out) return true;
  const at = instruction.toLowerCase().indexOf(deletion.toLowerCase());
  const object = words(instruction.slice(at + deletion.length))
    .filter((w) => !/^(the|a|an|my|its|his|her|their|this|that|all)$/.test(w))
    .slice(0, 2);
  const names = (k: string) =>
    k
      .toLowerCase()
      .split("_")
      .flatMap((part) => [part, ...(FIELD_ALIASES[part] ?? [])])
      .filter((part) => part.length > 2);
  const isField = (w: string, part: string) => w === part || w === `${part}s` || `${w}s` === part;
  // "remove the family tag from X": the list keeps its other values and loses the one named before the field.
  const value = object[0];
  const takenOut = Object.entries(step.args ?? {}).some(
    ([k, v]) =>
      Array.isArray(v) &&
      object.length === 2 &&
      !!value &&
      names(k).some((part) => isField(object[1]!, part)) &&
      !v.some((x) => String(x).toLowerCase() === value),
  );
  if (takenOut) return true;
  return Object.entries(step.args ?? {}).some(
    ([k, v]) =>
      (v === null || v === "" || v === 0 || (Array.isArray(v) && v.length === 0)) &&
      k
        .toLowerCase()
        .split("_")
        .flatMap((part) => [part, ...(FIELD_ALIASES[part] ?? [])])
        .some((part) => part.length > 2 && object.some((w) => w === part || w === `${part}s` || `${w}s` === part)),
  );
}

/**
 * "remove the globex tag from it": the deletion word's object ends on a field of the step's own tool, so the item is
 * edited, not deleted, even when the step could not tell the new value (the update then asks what to change).
 */
function namesField(instruction: string, deletion: string, t: CatalogEntry): boolean {
  const at = instruction.toLowerCase().indexOf(deletion.toLowerCase());
  const object = words(instruction.slice(at + deletion.length))
    .filter((w) => !/^(the|a|an|my|its|his|her|their|this|that|all)$/.test(w))
    .slice(0, 2);
  // ("delete card X" of move_card: the param named after the tool's own noun is the item, no field of it.)
  const own = new Set(nounsOf(t));
  const fields = Object.keys(t.params?.properties ?? {})
    .filter((k) => !isIdParam(k) && !own.has(k.toLowerCase()))
    .flatMap((k) => k.toLowerCase().split("_"))
    .filter((w) => w.length > 2);
  return object.some((w) => fields.some((f) => w === f || `${w}s` === f || w === `${f}s`));
}

const describeCall = (s: PlanStep) => `${s.tool}(${JSON.stringify(s.args ?? {})})`;

function askBack(c: Classification, plan: PlanStep[], question: string): Classification {
  return { ...c, intent: "clarify", plan, question, is_destructive: c.is_destructive };
}

/** Applies the safety rules to one classification: reroutes deletions, asks back weak or uncertain writes. */
export function checkPlan(input: SafetyInput): SafetyVerdict {
  const floor = input.floor ?? DEFAULT_CONFIDENCE_FLOOR;
  const cls = input.classification;
  const safety: SafetyDecision[] = [];
  if (cls.plan.length === 0 || cls.error) return { classification: cls, safety };
  const byName = new Map(input.catalog.map((t) => [t.name, t]));
  const instruction = instructionPart(input.message);
  const said = new Set(words(instruction));
  let plan = cls.plan.map((s) => ({ tool: s.tool, args: { ...(s.args ?? {}) } }));
  let ask: string | undefined;

  // Deletion words never land on a non-destructive write when a destructive tool acts on the same object.
  // "archive it - don't delete it": a negated deletion word asks for no deletion.
  const dm = DELETE_WORDS.exec(instruction);
  const negated =
    !!dm &&
    /\b(?:don'?t|do not|never|not|without|nicht)\s+(?:\w+\s+)?$/i.test(
      instruction.slice(Math.max(0, dm.index - 24), dm.index),
    );
  const deletion = negated ? undefined : dm?.[1];
  // With one text per step, each step answers for its own words ("add task X and then delete it").
  const split = cls.plan.length > 1 ? splitSteps(input.message) : undefined;
  const texts = split && split.length === cls.plan.length ? split : undefined;
  if (deletion && (cls.plan.length === 1 || texts)) {
    plan = plan.map((s, i) => {
      const t = byName.get(s.tool);
      if (!t || t.actionType !== "write" || servesDeletion(t) || NOT_A_DELETION_TARGET.has(verbOf(t))) return s;
      if (texts && !DELETE_WORDS.test(instructionPart(texts[i] ?? ""))) return s;
      if (removesField(instruction, deletion, s) || namesField(instruction, deletion, t)) return s;
      const twin = destructiveTwin(t, input.catalog, said);
      if (!twin) return s;
      const args = carryArgs(s, twin);
      if (args) {
        safety.push({
          code: SAFETY_CODES.deletionRerouted,
          detail: `step ${i + 1}: "${deletion}" asks to delete; ${s.tool} does not, so ${twin.name} is planned`,
        });
        return { tool: twin.name, args };
      }
      safety.push({
        code: SAFETY_CODES.deletionUnmatched,
        detail: `step ${i + 1}: "${deletion}" asks to delete but ${s.tool} does not delete; ${twin.name} lacks its required args`,
      });
      ask = `Do you want me to delete it with ${twin.name}? Tell me which item, and I'll ask you to confirm.`;
      return { tool: twin.name, args: { ...s.args } };
    });
  }
  const writes = plan.filter((s) => (byName.get(s.tool)?.actionType ?? "read") !== "read");
  if (cls.intent === "action" && writes.length) {
    // A write or destructive plan below the floor is a guess: show it and ask instead of running it.
    if (cls.confidence < floor) {
      safety.push({
        code: SAFETY_CODES.lowConfidence,
        detail: `confidence ${cls.confidence} is below the floor ${floor} for ${writes.map((s) => s.tool).join(", ")}`,
      });
      ask ??= `I'm not sure I understood. Do you want me to run ${plan.map(describeCall).join(", then ")}? (yes/no)`;
    }
    // Overwriting an existing field with text the message never assigned to it loses what is there.
    for (const s of writes) {
      const t = byName.get(s.tool)!;
      // An update that names its item but no new value has understood only half of the request.
      const props = t.params?.properties ?? {};
      const fields = Object.entries(s.args).filter(
        ([k, v]) => !isIdParam(k) && v !== undefined && props[k]?.default !== v,
      );
      if (REPLACING_VERBS.has(verbOf(t)) && Object.keys(props).some(isIdParam) && fields.length === 0) {
        safety.push({ code: SAFETY_CODES.nothingToChange, detail: `${s.tool} names no field to change` });
        ask ??= `What should I change? (${describeCall(s)} sets nothing yet.)`;
      }
      const weak = weakOverwrites(s, t, said).filter((k) => !input.answered?.includes(`${s.tool}.${k}`));
      if (weak.length === 0) continue;
      const additive = ADDITIVE.test(instruction) ? " although you asked to add to it" : "";
      safety.push({
        code: SAFETY_CODES.weakOverwrite,
        detail: `${s.tool} would replace ${weak.join(", ")}${additive}; the message does not say which field`,
      });
      ask ??= `${s.tool} would replace the ${weak.join(" and ")} with ${weak.map((k) => JSON.stringify(s.args[k])).join(", ")} — what is there now would be lost. Do you want me to run ${describeCall(s)}? (yes/no)`;
    }
  }
  const is_destructive = plan.some((s) => byName.get(s.tool)?.actionType === "destructive");
  const changed = safety.length > 0;
  if (!changed) return { classification: cls, safety };
  const next: Classification = { ...cls, plan, is_destructive };
  return { classification: ask && cls.intent === "action" ? askBack(next, plan, ask) : next, safety };
}
