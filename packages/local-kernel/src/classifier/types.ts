// Classifier contract (SPEC 4): the same zod schema validates the embedded and the LLM classifier's answers, and the
// same vocabulary (intents, confidence levels, error codes, questions) spells their outcomes.
import { isSyntheticToolName } from "@imperal/sdk/patterns";
import { z } from "zod";

/** What a classification asks the kernel to do: run the plan, just talk, or ask the user back. */
export const INTENTS = ["action", "chat", "clarify"] as const;
export type Intent = (typeof INTENTS)[number];

/** One plan step: a tool of the catalog with its args (may hold `$steps.N.data.<field>` references). */
export const PlanStepSchema = z.object({
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
});

/** The intent schema both classifiers return (extra optional fields help the kernel word its reply). */
export const ClassificationSchema = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  language: z.string().min(2).max(35),
  plan: z.array(PlanStepSchema).default([]),
  is_destructive: z.boolean(),
  is_acceptance: z.boolean(),
  /** For clarify: what to ask the user. */
  question: z.string().optional(),
  /** For clarify: required params that are missing, as `tool.param`. */
  missing: z.array(z.string()).optional(),
  /** Set when the classifier itself failed (LLM timeout, invalid answers): the kernel reports it, never runs a plan. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export type PlanStep = z.infer<typeof PlanStepSchema>;
export type Classification = z.infer<typeof ClassificationSchema>;

/**
 * Codes of `Classification.error`: the classifier itself could not answer, so the kernel reports the code and never
 * runs a plan. `timeout` and `refused` end a classification at once; the others are retried within its time budget.
 */
export const CLASSIFIER_ERROR = {
  /** no answer within the per-request or the overall time budget */
  timeout: "LLM_TIMEOUT",
  /** the request could not be sent (network, DNS, connection refused) */
  unavailable: "LLM_UNAVAILABLE",
  /** the endpoint refused the request (HTTP 4xx other than 429: key, model, payload) */
  refused: "LLM_HTTP_4XX",
  /** the endpoint failed (HTTP 5xx or 429) */
  upstream: "LLM_HTTP_ERROR",
  /** a body that is not a chat-completions answer */
  badResponse: "LLM_BAD_RESPONSE",
  /** every attempt gave an answer the schema or the catalog rejects */
  invalidAnswer: "LLM_INVALID_ANSWER",
} as const;
export type ClassifierErrorCode = (typeof CLASSIFIER_ERROR)[keyof typeof CLASSIFIER_ERROR];

/**
 * Confidence of the outcomes that are not scored, and the bar below which a scored plan is asked back (clarify)
 * instead of run. Messages the classifier is sure about (acceptance, greetings) rank above any routing guess.
 */
export const CONFIDENCE = {
  acceptance: 0.95,
  empty: 0.9,
  smalltalk: 0.9,
  callOff: 0.8,
  /** nothing in the message matched a tool: chat */
  noTool: 0.7,
  /** the catalog has no tool a chat message may call */
  noTargets: 0.5,
  /** ceiling when part of the request matched no tool */
  partial: 0.4,
  failed: 0,
  clarifyBelow: 0.45,
} as const;

/** What a classifier asks back when it cannot (fully) route a message. */
export const CLARIFY_QUESTIONS = {
  failed: "Sorry, I could not understand that request. Could you rephrase it?",
  unmatched: "I could not match part of your request to a tool; could you rephrase it?",
  whichItem: (noun: string) => `Which ${noun} do you mean?`,
  whatValue: (param: string) => `What should the ${param.replace(/_/g, " ")} be?`,
  confirmPlan: (tools: string[]) => `Do you want me to run ${tools.join(", then ")}?`,
} as const;

/** A chat answer with no plan; `isAcceptance` when it accepts the pending confirmation ("yes", "go ahead"). */
export function chatOutcome(language: string, confidence: number, isAcceptance = false): Classification {
  // Key order reaches the serialized turn result: language and the flags first, as the embedded classifier always did.
  return { language, is_destructive: false, is_acceptance: isAcceptance, intent: "chat", confidence, plan: [] };
}

/** The answer of a classifier that failed: ask to rephrase, carry the error, never a plan. */
export function failedOutcome(code: ClassifierErrorCode, message: string): Classification {
  return {
    intent: "clarify",
    confidence: CONFIDENCE.failed,
    language: "en",
    plan: [],
    is_destructive: false,
    is_acceptance: false,
    question: CLARIFY_QUESTIONS.failed,
    error: { code, message },
  };
}

/** JSON Schema subset the classifier reads (what the manifest's params_schema holds). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | JsonSchema;
  [k: string]: unknown;
}

/** One callable tool as the classifier sees it (built from the manifest or callableSurface + JSON Schema). */
export interface CatalogEntry {
  name: string;
  description: string;
  actionType: "read" | "write" | "destructive";
  params?: JsonSchema;
  /** JSON Schema of ActionResult.data, used for `$steps` field choice and chain pre-checks. */
  returnSchema?: JsonSchema;
  idProjection?: string;
  /** Surface kind; skeleton/alert/panel tools are never classifier targets. */
  kind?: "chat_function" | "tool" | "skeleton_refresh" | "skeleton_alert" | "panel";
  /** Extension app id, when several extensions share one catalog. */
  app?: string;
}

/** An id the conversation has shown, with its label when known (skeleton items, fact-ledger data, user messages). */
export interface KnownEntity {
  id: string;
  label?: string;
  /** Where it came from: the id key (`note_id`) or the skeleton field (`recent_notes`) — a hint for the kind. */
  key?: string;
  source?: "skeleton" | "fact" | "message";
  /** Known by its label only (`"lists": ["Backlog", "Review"]`): the id is the label. */
  named?: boolean;
  /** Its short string lists as the result showed them (`{ tags: ["home"] }`): what an edit of a whole list starts from. */
  lists?: Record<string, string[]>;
  /** Its short text fields as the result showed them (`{ schedule: "0 8 * * 1-5" }`). */
  fields?: Record<string, string>;
}

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** Fact-ledger input: the ledger's turns or its rendered text. */
export type FactLedgerInput = Array<{ text: string; entities?: KnownEntity[]; ids?: string[] }> | string;

export interface ClassifyInput {
  message: string;
  catalog: CatalogEntry[];
  /** The rendered skeleton block (header + lines), exactly what renderSkeletonBlock produced. */
  skeletonBlock?: string;
  /** Ambient alerts (non-empty strings from skeleton_alert_* tools). */
  alerts?: string[];
  factLedger?: FactLedgerInput;
  history?: ChatMessage[];
  /** Known entities beyond what the block and ledger carry (the kernel may pass structured snapshot items). */
  entities?: KnownEntity[];
  /** Reference time for relative dates (default: now). */
  now?: Date | string | number;
  /** Chat extensions' `systemPrompt`s (SPEC 7.8), for the LLM classifier's prompt. */
  extensionPrompts?: Array<{ app: string; toolName: string; systemPrompt: string }>;
}

export interface Classifier {
  readonly kind: "embedded" | "openai";
  classify(input: ClassifyInput): Promise<Classification>;
}

/** Tools that can never be a plan target: skeleton refresh/alert tools and panels. */
export function isClassifierTarget(t: CatalogEntry): boolean {
  if (t.kind === "skeleton_refresh" || t.kind === "skeleton_alert" || t.kind === "panel") return false;
  return !isSyntheticToolName(t.name);
}

/** Validates any classifier output against the schema and the catalog (unknown or forbidden tools are errors). */
export function validateClassification(
  raw: unknown,
  catalog: CatalogEntry[],
): { ok: true; value: Classification } | { ok: false; issues: string[] } {
  const parsed = ClassificationSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`) };
  }
  const v = parsed.data;
  const issues: string[] = [];
  const byName = new Map(catalog.map((t) => [t.name, t]));
  v.plan.forEach((s, i) => {
    const t = byName.get(s.tool);
    if (!t) issues.push(`plan.${i}.tool: "${s.tool}" is not in the tool catalog`);
    else if (!isClassifierTarget(t))
      issues.push(`plan.${i}.tool: "${s.tool}" is internal and cannot be called from chat`);
  });
  if (v.intent === "action" && v.plan.length === 0) issues.push("plan: an action needs at least one step");
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: v };
}
