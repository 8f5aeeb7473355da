// The embedded classifier, top down: short-circuits, then per step: analyse, find the items it names, score every
// tool, extract the winner's args; then shape the plan and decide action / clarify / chat.
import { stem } from "../lexicon.js";
import {
  CLARIFY_QUESTIONS,
  CONFIDENCE,
  chatOutcome,
  isClassifierTarget,
  type Classification,
  type ClassifyInput,
  type PlanStep,
} from "../types.js";
import { analyzeStep, type StepAnalysis } from "./analysis.js";
import { extractArgs, moreGoods, moreListed, moreQuotedItems, moreTargets } from "./args/index.js";
import { namedKind } from "./args/ids.js";
import { matchEntities, prepEntities } from "./entities.js";
import { latestListing } from "./listings.js";
import { viewCatalog } from "./catalog-view.js";
import { READ_FAMILY, scoreTool, type Candidate } from "./scoring.js";
import { ownVerbSaid } from "./readings.js";
import {
  detectLanguage,
  isAcceptance,
  isCallOff,
  isConversation,
  isExplanationQuestion,
  isSmalltalk,
} from "./shortcuts.js";
import { asksForRule, TRIGGER_LEAD_RE } from "./args/triggers.js";
import { bulkCall, foldIntoCreate, foldIntoEdit, foldTextIntoCreate, repeats, siblingChecks } from "./plan.js";
import { refineStep } from "./refine.js";
import { splitSteps, unfrontObject, type StepContext } from "./steps.js";
import { nounFor, prepareTool, type ToolInfo } from "./tools.js";

/** A tool needs at least this score (and some domain evidence) to be chosen at all. */
const MIN_SCORE = 2;
// The params that list what a tool acts on (run_ip_scan's ips and domains).
const TARGET_LIST_RE = /^(?:ips|domains|hosts|urls|addresses|targets|ip_addresses)$/;
// "someone", "jemanden": a person left unnamed.
const PLACEHOLDER_RE = /\b(?:someone|somebody|jemande?n?)\b/i;

function toDate(now: ClassifyInput["now"]): Date {
  if (now === undefined) return new Date();
  return now instanceof Date ? now : new Date(now);
}

type Chosen = StepContext["prev"][number];

/** The step's verb is the tool's own verb word ("search" for search_notes). */
function literalVerb(tool: ToolInfo, a: StepAnalysis): boolean {
  const v = a.classes.find((c) => !c.weak && !c.phrase);
  return !!v && !!tool.verbWord && a.toks[v.tok]?.base === tool.verbWord;
}

/** Classifies one message with the embedded (offline, deterministic) classifier. Synchronous; p50 well under 2 ms. */
export function classifyEmbedded(input: ClassifyInput): Classification {
  const language = detectLanguage(input.message);
  // "tl;dr" is one word, not two steps split at the semicolon.
  // "Paint hallway -> Doing": an arrow says where a thing goes.
  const message = unfrontObject(
    input.message
      .trim()
      .replace(/\btl;dr\b/gi, "tldr")
      .replace(/\s*(?:->|→|=>)\s*/g, " to "),
  );
  const base = { language, is_destructive: false, is_acceptance: false } as const;
  const words =
    message
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[\p{L}\p{N}']+/gu) ?? [];
  if (words.length === 0) return chatOutcome(language, CONFIDENCE.empty);
  if (isAcceptance(message)) return chatOutcome(language, CONFIDENCE.acceptance, true);
  if (isSmalltalk(words)) return chatOutcome(language, CONFIDENCE.smalltalk);
  if (isCallOff(words)) return chatOutcome(language, CONFIDENCE.callOff);
  if (isExplanationQuestion(message) || isConversation(message)) return chatOutcome(language, CONFIDENCE.smalltalk);

  const tools = input.catalog.filter(isClassifierTarget).map(prepareTool);
  if (tools.length === 0) return chatOutcome(language, CONFIDENCE.noTargets);
  const now = toDate(input.now);
  const refKinds = new Set(tools.flatMap((t) => t.params.flatMap((p) => (p.refKind ? [p.refKind] : []))));
  const { entities, ids, lastTurn, listings } = prepEntities(input, refKinds);
  // A kind the catalog names only by label (a board of `board: "Board name or id"`, no board_id anywhere) is a
  // label-only kind even where the conversation shows ids.
  const idKinds = new Set(
    tools.flatMap((t) =>
      t.params.filter((p) => p.isId).flatMap((p) => p.nameWords.filter((w) => w !== "id").map(stem)),
    ),
  );
  for (const e of entities)
    if (!e.named && e.label && refKinds.has(namedKind(e.key)) && !idKinds.has(namedKind(e.key))) e.named = true;
  const listing = latestListing(input.factLedger);
  const namedLabels = new Map<string, string[]>();
  // Labels seen only as another item's field are no full list of their kind: a place not among them may exist.
  for (const e of entities)
    if (e.named && e.label && !e.partial) {
      const k = namedKind(e.key);
      namedLabels.set(k, [...(namedLabels.get(k) ?? []), e.label]);
    }
  const view = viewCatalog(tools);
  const { genericStems, enumWords, flags } = view;
  // First words of tool names the lexicon has no verb class for are the catalog's own verbs (summarize_page).
  const toolVerbs = new Set(
    tools
      .filter((t) => !t.cls)
      .map((t) => t.nameWords[0] ?? "")
      .filter((w) => w.length > 3),
  );
  // "whenever a note gets created, tag it 'unsorted'": one rule, not two steps.
  const rule = TRIGGER_LEAD_RE.test(message) && tools.some((t) => t.cls === "create" && asksForRule(message, t.params));
  const steps = rule ? [message] : splitSteps(message, enumWords, toolVerbs, genericStems);
  const plan: PlanStep[] = [];
  const chosen: Chosen[] = [];
  const missing: string[] = [];
  let confidence = 1;
  let questions: string[] = [];
  let unmatched = 0;

  let prevVerb: string | undefined;
  for (let i = 0; i < steps.length; i++) {
    let a = analyzeStep(steps[i], now, enumWords, genericStems);
    // 'create a note "A", then a note "B"': a verbless later step repeats the previous step's verb.
    // "… and a task to pin my race number": the verb after "a task to" is the new item's own words.
    const itemTo = /^(?:a|an|another|also a|also an)\s+([\p{L}]+)\s+(?:to|for|about|called|named|titled)\b/iu.exec(
      steps[i].trim(),
    );
    if (
      i > 0 &&
      prevVerb &&
      (a.classes.length === 0 || (!!itemTo && genericStems.has(stem(itemTo[1]!.toLowerCase())))) &&
      /^(?:a|an|another|one more|also a|also an)\b/i.test(steps[i].trim())
    ) {
      steps[i] = `${prevVerb} ${steps[i].trim()}`;
      a = analyzeStep(steps[i], now, enumWords, genericStems);
    }
    const pv = a.classes.find((c) => !c.weak && !c.phrase);
    if (pv) prevVerb = a.toks[pv.tok].text;
    const hits = matchEntities(a, entities, genericStems);
    refineStep(a, hits, view, lastTurn, listings, plan.length);
    // "delete it" / "open that note" with nothing in the latest result: the one item the user's previous message named.
    if (hits.length === 0 && a.pronoun && plan.length === 0 && input.history?.length) {
      const prev = [...input.history].reverse().find((m) => m.role === "user");
      const named = prev
        ? matchEntities(analyzeStep(prev.content, now, enumWords, genericStems), entities, genericStems).filter(
            (h) => h.score >= 10,
          )
        : [];
      if (named.length === 1) hits.push({ entity: named[0]!.entity, score: 1, toks: [], explicit: false });
    }
    const hasNumberRef = a.toks.some(
      (t, k) =>
        /^#\d+$/.test(t.text) ||
        (/^\d+$/.test(t.text) && k > 0 && !a.dates.some((d) => t.start >= d.start && t.end <= d.end)),
    );
    // Equal scores: the tool the step says more about.
    // "... and open the first one": a later step that points into the previous result acts on that result's kind.
    const prevTool = chosen[chosen.length - 1]?.tool;
    const intoPrev = !!prevTool && (!!a.ordinal || a.pronoun) && !a.toks.some((t) => flags.kindStems.has(t.stem));
    // "audit all the domains in the clients group": the verb is a read tool's own word; the nouns it shares with
    // a tool that changes things are no order to change them.
    const ownVerbTools = new Set(tools.filter((t) => ownVerbSaid(a, t, flags)));
    const ownVerbRead = [...ownVerbTools].some((t) => t.entry.actionType === "read");
    const cands = tools
      .map((t) => {
        const c = scoreTool(t, a, hits, hasNumberRef, i > 0, flags);
        if (intoPrev && t !== prevTool && [...t.nouns].some((n) => prevTool!.nouns.has(n))) c.score += 1;
        if (ownVerbRead && t.entry.actionType !== "read" && !ownVerbTools.has(t)) c.score -= 1.5;
        return c;
      })
      .sort((x, y) => y.score - x.score || y.evidence - x.evidence);
    let best = cands[0];
    const verbless = a.classes.length === 0;
    const acceptable = (c: Candidate | undefined) =>
      !!c && c.evidence > 0 && (c.score >= MIN_SCORE || (verbless && c.evidence >= 1 && c.score >= 1));
    const ctx = {
      index: plan.length,
      prev: chosen,
      knownIds: ids,
      kinds: flags.nameNouns,
      namedLabels,
      today: now.toISOString().slice(0, 10),
      listing,
    };
    // "show me everything, finished stuff included, top 50": a verbless later step elaborates the call before it;
    // what it says beyond the defaults joins that call.
    const elaborate = (tool: ToolInfo) => {
      const last = chosen[chosen.length - 1]!;
      const more = extractArgs(tool, a, hits, { ...ctx, index: plan.length - 1, prev: chosen.slice(0, -1) }).args;
      for (const p of tool.params) {
        const v = more[p.name];
        const dflt = JSON.stringify(p.schema.default);
        if (v === undefined || JSON.stringify(v) === dflt || p.isId) continue;
        if (last.args?.[p.name] === undefined || JSON.stringify(last.args[p.name]) === dflt) last.args![p.name] = v;
      }
    };
    if (!acceptable(best)) {
      // A later step without a verb that fits no tool ("..., finished stuff included") elaborates the first.
      if (i > 0 && verbless && chosen.length) elaborate(chosen[chosen.length - 1]!.tool);
      else if (!(i > 0 && verbless)) unmatched++;
      continue;
    }
    // 'slip "X" into the Y note': typed text put into a named item changes that item, whatever the verb; reading it
    // is not what was asked (the safety rules then show the update before it runs).
    if (
      best.tool.cls &&
      READ_FAMILY.has(best.tool.cls) &&
      hits.some((h) => h.score >= 10) &&
      /["”']\s+(?:in|into|onto)\s+/i.test(a.text)
    ) {
      const upd = cands.find((c) => c.tool.cls === "update" && c.tool.params.some((p) => p.role === "body"));
      if (upd) best = upd;
    }
    if (a.classes.length === 0 && chosen.length && chosen[chosen.length - 1]!.tool === best.tool) {
      elaborate(best.tool);
      continue;
    }
    let extracted = extractArgs(best.tool, a, hits, ctx);
    if (extracted.missing.length) {
      // A close runner-up that can be fully filled beats a winner that would need a question.
      for (const alt of cands.slice(1, 3)) {
        if (best.score - alt.score > 1.5 || !acceptable(alt)) break;
        // Only one that says as much about the request: "view a note" is no listing of folders, "search my notes"
        // no listing, "trash a note" no emptying of the trash.
        if (alt.evidence < best.evidence || (literalVerb(best.tool, a) && alt.tool.cls !== best.tool.cls)) continue;
        // "i need a new task": a new item waits for its title; a listing answers nothing that was asked.
        if (best.tool.cls === "create" && alt.tool.cls !== "create") continue;
        // "make a monitor for the shop group": a new thing of another kind is not what was asked for.
        if (best.tool.cls === "create" && ![...alt.tool.nouns].some((n) => best.tool.nouns.has(n))) continue;
        // "audit all three marketing domains": a read that needs a question never becomes a change of something.
        if (best.tool.entry.actionType === "read" && alt.tool.entry.actionType !== "read") continue;
        // A fresh analysis: the winner's extraction consumed tokens the runner-up may need.
        const a2 = analyzeStep(steps[i], now, enumWords, genericStems);
        const h2 = matchEntities(a2, entities, genericStems);
        const et2 = new Set(h2.filter((h) => h.score >= 10).flatMap((h) => h.toks));
        if (et2.size) a2.classes = a2.classes.filter((c) => !et2.has(c.tok));
        if (h2.length === 0 && hits.length) h2.push(...hits);
        const e2 = extractArgs(alt.tool, a2, h2, ctx);
        // ("file X into a folder": an edit that would set nothing is no better than asking where.)
        const setsSomething =
          alt.tool.cls !== "update" ||
          alt.tool.params.some(
            (p) =>
              !p.isId &&
              e2.args[p.name] !== undefined &&
              JSON.stringify(e2.args[p.name]) !== JSON.stringify(p.schema.default),
          );
        if (e2.missing.length === 0 && setsSomething) {
          best = alt;
          extracted = e2;
          break;
        }
      }
    }
    // "scan the open ports of example.com": in a near tie, a read that the step says more about beats a change
    // (a wrong read costs nothing; a wrong write does).
    if (best.tool.entry.actionType !== "read" && extracted.missing.length === 0) {
      const alt = cands.find(
        (c) =>
          c !== best &&
          c.tool.entry.actionType === "read" &&
          best.score - c.score <= 0.5 &&
          c.evidence > best.evidence &&
          acceptable(c) &&
          // (The read's own verb must be said: "new note in Recipes: …" is no listing of Recipes.)
          a.classes.some((v) => c.tool.nameWords.includes(a.toks[v.tok]?.base ?? "")),
      );
      const e2 = alt
        ? extractArgs(alt.tool, analyzeStep(steps[i], now, enumWords, genericStems), hits, ctx)
        : undefined;
      if (alt && e2 && e2.missing.length === 0) {
        best = alt;
        extracted = e2;
      }
    }
    const second = cands.find((c) => c !== best)?.score ?? 0;
    const margin = Math.max(0, best.score - second);
    const { args, missing: miss } = extracted;
    // "run a scan": a tool that acts on the hosts it is given, given none, has nothing to act on: no sure call (the
    // turn asks whether to run it, and an answer naming hosts is read as a request of its own).
    const targetLists = best.tool.params.filter((p) => p.type === "array" && TARGET_LIST_RE.test(p.name));
    const nothingToActOn =
      best.tool.entry.actionType !== "read" &&
      targetLists.length > 0 &&
      !best.tool.params.some((p) => p.required) &&
      targetLists.every((p) => !Array.isArray(args[p.name]) || (args[p.name] as unknown[]).length === 0);
    // "delete it" after a search that found one note: destroying the only result is a guess to confirm first.
    const guessedTarget =
      best.tool.entry.actionType === "destructive" &&
      hits.some((h) => h.guess && Object.values(args).includes(h.entity.id));
    // "greet someone for me": a placeholder where the name goes asks for it, whatever the default says.
    if (PLACEHOLDER_RE.test(a.text))
      for (const p of best.tool.params)
        if (p.role === "name" && !p.isId && (args[p.name] === undefined || args[p.name] === p.schema.default)) {
          delete args[p.name];
          if (!miss.includes(p.name)) miss.push(p.name);
        }
    // An item the message names by its label, filling the tool's id, is evidence the score alone under-weights.
    const named = miss.length === 0 && hits.some((h) => h.score >= 10 && Object.values(args).includes(h.entity.id));
    // Values the user spelled out (quoted text, a catalog enum value other than its default) are evidence too.
    const spelled =
      miss.length === 0 &&
      best.tool.params.some((p) => {
        const v = args[p.name];
        if (v === undefined || p.isId) return false;
        if (p.enumVals) return JSON.stringify(v) !== JSON.stringify(p.schema.default);
        // Host names, urls, emails and IP addresses have a shape: typed out, they are as certain as a quote.
        const shaped = ["domain", "url", "email"].includes(p.role) || /^(?:ips?|ip_address(?:es)?)$/.test(p.name);
        if (shaped && (typeof v === "string" ? v !== "" : Array.isArray(v) && v.length > 0)) return true;
        return typeof v === "string" && a.quotes.some((q) => q.text === v);
      });
    if (foldTextIntoCreate(chosen[chosen.length - 1], steps[i])) continue;
    const raw = 0.3 + 0.07 * best.score + 0.12 * Math.min(margin, 3) + (named ? 0.15 : spelled ? 0.1 : 0);
    const conf = Math.max(0.05, Math.min(nothingToActOn || guessedTarget ? 0.5 : 0.99, raw));
    confidence = Math.min(confidence, conf);
    if (miss.length === 0 && foldIntoCreate(chosen[chosen.length - 1], best.tool, args, plan.length - 1, steps[i]))
      continue;
    if (miss.length === 0 && foldIntoEdit(chosen[chosen.length - 1], best.tool, args, steps[i])) continue;
    // "open X and read it", "started on X, set it to in progress": a step that repeats the previous call (with
    // nothing new, or only what it lacks) is the same request said twice.
    const last = chosen[chosen.length - 1];
    if (last && last.tool === best.tool && repeats(best.tool, args, last.args ?? {}, plan.length - 1)) continue;
    for (const m of miss) {
      missing.push(`${best.tool.entry.name}.${m}`);
      const p = best.tool.params.find((x) => x.name === m)!;
      // ("Which folder?" for a move's folder_id: the id's own kind, when it names one.)
      const kind = p.name.replace(/_?(?:id|ids|uuid)$/i, "").replace(/_/g, " ");
      questions.push(p.isId ? CLARIFY_QUESTIONS.whichItem(kind || nounFor(best.tool)) : CLARIFY_QUESTIONS.whatValue(m));
    }
    // "delete Q3 roadmap and meeting prep", "close issues 42 and 43": the same call once per listed item, in the
    // order the message names them.
    const items = [
      ...moreTargets(best.tool, a, hits, args),
      ...moreQuotedItems(best.tool, a, args),
      ...moreGoods(best.tool, a, args),
      ...moreListed(best.tool, a, args),
    ];
    for (const id of [
      ...items.filter((x) => x.before),
      { param: "", value: undefined },
      ...items.filter((x) => !x.before),
    ]) {
      const step = id.param ? { ...args, [id.param]: id.value, ...id.also } : args;
      plan.push({ tool: best.tool.entry.name, args: step });
      chosen.push({ tool: best.tool, args: step });
    }
    // "check the ssl cert and the http headers for x.io": the sibling check runs on the same host.
    for (const s of siblingChecks(best.tool, a, tools, args)) {
      const t = tools.find((x) => x.entry.name === s.tool)!;
      for (const p of t.params)
        if (s.args[p.name] === undefined && p.hasDefault) s.args[p.name] = structuredClone(p.schema.default);
      plan.push(s);
      chosen.push({ tool: t, args: s.args });
    }
  }

  if (plan.length === 0) return chatOutcome(language, CONFIDENCE.noTool);
  const bulk = missing.length === 0 ? bulkCall(chosen, tools, message) : undefined;
  if (bulk) {
    plan.splice(0, plan.length, bulk);
    chosen.splice(0, chosen.length, { tool: tools.find((t) => t.entry.name === bulk.tool)!, args: bulk.args });
  }
  const is_destructive = chosen.some((c) => c.tool.entry.actionType === "destructive");
  if (unmatched > 0) {
    questions = [...questions, CLARIFY_QUESTIONS.unmatched];
    confidence = Math.min(confidence, CONFIDENCE.partial);
  }
  if (missing.length || unmatched > 0 || confidence < CONFIDENCE.clarifyBelow) {
    return {
      ...base,
      intent: "clarify",
      confidence: Number(confidence.toFixed(3)),
      plan,
      is_destructive,
      question: questions[0] ?? CLARIFY_QUESTIONS.confirmPlan(plan.map((p) => p.tool)),
      missing,
    };
  }
  return { ...base, intent: "action", confidence: Number(confidence.toFixed(3)), plan, is_destructive };
}
