// Classifier contract (SPEC 4): the same zod schema validates the embedded and the LLM classifier's answers.
import { z } from "zod";

/** One plan step: a tool of the catalog with its args (may hold `$steps.N.data.<field>` references). */
export const PlanStepSchema = z.object({
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
});

/** The intent schema both classifiers return (extra optional fields help the kernel word its reply). */
export const ClassificationSchema = z.object({
  intent: z.enum(["action", "chat", "clarify"]),
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
}

export interface Classifier {
  readonly kind: "embedded" | "openai";
  classify(input: ClassifyInput): Promise<Classification>;
}

/** Tools that can never be a plan target: skeleton refresh/alert tools and panels. */
export function isClassifierTarget(t: CatalogEntry): boolean {
  if (t.kind === "skeleton_refresh" || t.kind === "skeleton_alert" || t.kind === "panel") return false;
  return !t.name.startsWith("skeleton_") && !t.name.startsWith("__panel__");
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
    else if (!isClassifierTarget(t)) issues.push(`plan.${i}.tool: "${s.tool}" is internal and cannot be called from chat`);
  });
  if (v.intent === "action" && v.plan.length === 0) issues.push("plan: an action needs at least one step");
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: v };
}
