// OpenAI-compatible chat-completions classifier. The answer is validated with the same zod schema as the embedded
// classifier; invalid answers get up to 2 retries with prose feedback, then a clarify result carrying `error`.
// The API key is only ever placed in the Authorization header: it is never logged or put into an error message.
import { stepRef } from "@imperal/sdk/patterns";
import { KernelError } from "../errors.js";
import {
  CLASSIFIER_ERROR,
  failedOutcome,
  INTENTS,
  isClassifierTarget,
  validateClassification,
  type CatalogEntry,
  type Classification,
  type Classifier,
  type ClassifierErrorCode,
  type ClassifyInput,
} from "./types.js";

export interface OpenAIClassifierOptions {
  baseUrl?: string;
  apiKey?: string;
  model?: string;
  /** Per-request timeout (default 20 s). */
  timeoutMs?: number;
  /** Upper bound for the whole classification including retries (default 45 s). */
  totalTimeoutMs?: number;
  /** Retries after an invalid answer (default 2, per I-PYDANTIC-RETRY-BUDGET). */
  maxRetries?: number;
  /** Injected for tests. */
  fetch?: typeof fetch;
  /** Diagnostic sink (never receives the key). */
  log?: (message: string) => void;
}

interface ChatMsg {
  role: "system" | "user" | "assistant";
  content: string;
}

function compactParams(t: CatalogEntry): unknown {
  const props = t.params?.properties ?? {};
  const req = new Set(t.params?.required ?? []);
  return Object.fromEntries(
    Object.entries(props).map(([k, s]) => [
      k,
      {
        type: s.type ?? (s.enum ? "string" : undefined),
        ...(req.has(k) ? { required: true } : {}),
        ...(s.description ? { description: s.description } : {}),
        ...(s.enum ? { enum: s.enum } : {}),
        ...(s.default !== undefined ? { default: s.default } : {}),
        ...(s.format ? { format: s.format } : {}),
      },
    ]),
  );
}

/** Builds the system + user messages: catalog, skeleton block (with its header), ambient alerts, fact ledger, history. */
export function buildClassifierPrompt(input: ClassifyInput): ChatMsg[] {
  const tools = input.catalog.filter(isClassifierTarget).map((t) => ({
    name: t.name,
    description: t.description,
    action_type: t.actionType,
    params: compactParams(t),
    ...(t.idProjection ? { id_param: t.idProjection } : {}),
    ...(t.returnSchema?.properties ? { returns: Object.keys(t.returnSchema.properties) } : {}),
  }));
  const now = input.now === undefined ? new Date() : new Date(input.now);
  const ledger =
    typeof input.factLedger === "string"
      ? input.factLedger
      : (input.factLedger ?? []).map((t, i, all) => `turn -${all.length - i}: ${t.text}`).join("\n");
  const system = [
    "You are the intent classifier of a chat platform. Map the user's message to tool calls from the catalog.",
    `Answer with ONE JSON object only: {"intent":${INTENTS.map((i) => `"${i}"`).join("|")},"confidence":0..1,"language":"<BCP 47 tag>",` +
      '"plan":[{"tool":"<catalog name>","args":{...}}],"is_destructive":bool,"is_acceptance":bool,"question"?:string}.',
    "Rules:",
    "- Use only tools from the catalog; args must follow each tool's params (types, enums, required).",
    "- Never invent ids or placeholder values. Ids must come from the user's message, the skeleton snapshot or the fact ledger.",
    '- If a required value is missing or ambiguous, answer intent "clarify" with a short "question" instead of guessing.',
    '- Greetings, thanks and questions no tool answers are intent "chat" with an empty plan.',
    '- "yes", "confirm", "go ahead" accepting a pending confirmation: is_acceptance true, intent "chat", empty plan.',
    "- Several actions in one message become several plan steps in order; a later step may use an earlier step's",
    `  result as "$steps.<index>.data.<field>" (for example "${stepRef(0, "note_id")}").`,
    "- is_destructive is true when any step's action_type is destructive.",
    `- Today is ${now.toISOString().slice(0, 10)} (UTC); dates as YYYY-MM-DD.`,
    // SPEC 7.8: each chat extension's own instructions, scoped to its tools (the author's words, fenced).
    ...(input.extensionPrompts ?? []).map(
      (x) => `Instructions of the "${x.app}" extension for its tools (${x.toolName}):\n<<<\n${x.systemPrompt}\n>>>`,
    ),
  ].join("\n");
  const parts = [`Tool catalog:\n${JSON.stringify(tools)}`];
  if (input.skeletonBlock) parts.push(`Skeleton snapshot:\n${input.skeletonBlock}`);
  if (input.alerts?.length) parts.push(`Ambient alerts:\n${input.alerts.map((a) => `- ${a}`).join("\n")}`);
  if (ledger) parts.push(`Fact ledger (verbatim results of recent turns):\n${ledger}`);
  if (input.entities?.length)
    // A label-only item (a board's list) has no id to offer the model: it is named as shown.
    parts.push(
      `Known items:\n${input.entities.map((e) => (e.named ? `${e.label ?? e.id} (by name)` : `${e.label ?? ""} (#${e.id})`)).join("\n")}`,
    );
  if (input.history?.length)
    parts.push(
      `Recent conversation:\n${input.history
        .slice(-6)
        .map((m) => `${m.role}: ${m.content}`)
        .join("\n")}`,
    );
  parts.push(`User message:\n${input.message}`);
  return [
    { role: "system", content: system },
    { role: "user", content: parts.join("\n\n") },
  ];
}

// One fix line per transport failure. classify() only keeps code and message (it turns every failure into a clarify
// with `error`); the fix is there for whoever reads a thrown KernelError directly, e.g. in a debugger or a new caller.
type TransportErrorCode = Exclude<ClassifierErrorCode, typeof CLASSIFIER_ERROR.invalidAnswer>;
const LLM_FIXES: Record<TransportErrorCode, { fix: string; status: number }> = {
  [CLASSIFIER_ERROR.timeout]: {
    fix: "Raise timeoutMs / totalTimeoutMs or use a faster model; check the endpoint is not overloaded.",
    status: 504,
  },
  [CLASSIFIER_ERROR.unavailable]: {
    fix: "Check IMPERAL_LLM_BASE_URL and that the endpoint is reachable from the kernel host.",
    status: 502,
  },
  [CLASSIFIER_ERROR.refused]: {
    fix: "Check IMPERAL_LLM_API_KEY and IMPERAL_LLM_MODEL: the endpoint refused the request.",
    status: 502,
  },
  [CLASSIFIER_ERROR.upstream]: {
    fix: "The endpoint failed or rate-limited (5xx/429); retry later or check the provider's status.",
    status: 502,
  },
  [CLASSIFIER_ERROR.badResponse]: {
    fix: "Point IMPERAL_LLM_BASE_URL at an OpenAI-compatible /chat/completions API.",
    status: 502,
  },
};

function llmError(code: TransportErrorCode, message: string): KernelError {
  const { fix, status } = LLM_FIXES[code];
  return new KernelError(code, message, fix, status);
}

// The endpoint answered definitively (too slow, or refused the request): retrying would only repeat that.
const FINAL_ERRORS = new Set<string>([CLASSIFIER_ERROR.timeout, CLASSIFIER_ERROR.refused]);

/** Accepts the shapes LLMs commonly produce: the schema itself, `action_plan` (single step), missing booleans. */
function normalize(raw: unknown, catalog: CatalogEntry[]): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const o = { ...(raw as Record<string, unknown>) };
  if (o.plan === undefined && o.action_plan !== undefined) {
    o.plan = Array.isArray(o.action_plan) ? o.action_plan : [o.action_plan];
    delete o.action_plan;
  }
  if (Array.isArray(o.plan)) {
    o.plan = o.plan.map((s) => {
      const step = s as Record<string, unknown>;
      return s && typeof s === "object" && step.args === undefined ? { ...(s as object), args: step.params ?? {} } : s;
    });
  }
  const byName = new Map(catalog.map((t) => [t.name, t]));
  if (o.is_destructive === undefined && Array.isArray(o.plan)) {
    o.is_destructive = o.plan.some(
      (s) => byName.get((s as { tool?: string })?.tool ?? "")?.actionType === "destructive",
    );
  }
  if (o.is_acceptance === undefined) o.is_acceptance = false;
  if (o.language === undefined) o.language = "en";
  return o;
}

/** Redacts anything that looks like the key from text that may be logged or returned. */
function redact(text: string, key?: string): string {
  let t = text;
  if (key) t = t.split(key).join("[redacted]");
  return t.replace(/Bearer\s+\S+/gi, "Bearer [redacted]");
}

/** Classifier backed by any OpenAI-compatible `/chat/completions` endpoint. */
export class OpenAIClassifier implements Classifier {
  readonly kind = "openai" as const;
  private readonly baseUrl: string;
  private readonly apiKey?: string;
  private readonly model: string;
  private readonly timeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxRetries: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: OpenAIClassifierOptions = {}) {
    const env = process.env;
    this.baseUrl = (opts.baseUrl ?? env.IMPERAL_LLM_BASE_URL ?? "https://api.openai.com/v1").replace(/\/+$/, "");
    this.apiKey = opts.apiKey ?? env.IMPERAL_LLM_API_KEY;
    this.model = opts.model ?? env.IMPERAL_LLM_MODEL ?? "gpt-4o-mini";
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.totalTimeoutMs = opts.totalTimeoutMs ?? 45_000;
    this.maxRetries = opts.maxRetries ?? 2;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  /** Classifies via the LLM; never throws: transport failures and invalid answers become a clarify with `error`. */
  async classify(input: ClassifyInput): Promise<Classification> {
    const messages = buildClassifierPrompt(input);
    const deadline = Date.now() + this.totalTimeoutMs;
    let lastIssues: string[] = [];
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return failedOutcome(CLASSIFIER_ERROR.timeout, "the language model did not answer in time");
      let content: string;
      try {
        content = await this.complete(messages, Math.min(this.timeoutMs, remaining));
      } catch (err) {
        // Anything complete() did not label (an unexpected TypeError) counts as the endpoint being unavailable.
        const e = err as Error & { code?: ClassifierErrorCode };
        const code = e.code ?? CLASSIFIER_ERROR.unavailable;
        this.opts.log?.(`classifier: ${code}: ${redact(e.message, this.apiKey)}`);
        if (FINAL_ERRORS.has(code)) return failedOutcome(code, redact(e.message, this.apiKey));
        lastIssues = [redact(e.message, this.apiKey)];
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ""));
      } catch {
        lastIssues = ["the answer was not valid JSON"];
        messages.push({ role: "assistant", content }, { role: "user", content: this.feedback(lastIssues) });
        continue;
      }
      const v = validateClassification(normalize(parsed, input.catalog), input.catalog);
      if (v.ok) return v.value;
      lastIssues = v.issues;
      messages.push({ role: "assistant", content }, { role: "user", content: this.feedback(v.issues) });
    }
    const issues = lastIssues.slice(0, 3).join("; ");
    return failedOutcome(
      CLASSIFIER_ERROR.invalidAnswer,
      `no valid classification after ${this.maxRetries + 1} attempts: ${issues}`,
    );
  }

  private feedback(issues: string[]): string {
    return (
      "Your previous answer could not be used. Problems:\n" +
      issues.map((i) => `- ${i}`).join("\n") +
      "\nAnswer again with only the corrected JSON object, using tools and params from the catalog."
    );
  }

  private async complete(messages: ChatMsg[], timeoutMs: number): Promise<string> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    try {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
      let res: Response;
      try {
        res = await this.fetchImpl(`${this.baseUrl}/chat/completions`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            model: this.model,
            messages,
            temperature: 0,
            response_format: { type: "json_object" },
          }),
          signal: ctrl.signal,
        });
      } catch (err) {
        if (ctrl.signal.aborted) throw llmError(CLASSIFIER_ERROR.timeout, `no answer within ${timeoutMs} ms`);
        throw llmError(CLASSIFIER_ERROR.unavailable, `request failed: ${(err as Error).message}`);
      }
      const text = await res.text().catch(() => "");
      if (!res.ok) {
        const refused = res.status >= 400 && res.status < 500 && res.status !== 429;
        throw llmError(
          refused ? CLASSIFIER_ERROR.refused : CLASSIFIER_ERROR.upstream,
          `HTTP ${res.status}: ${text.slice(0, 200)}`,
        );
      }
      let body: { choices?: Array<{ message?: { content?: string } }> };
      try {
        body = JSON.parse(text);
      } catch {
        throw llmError(CLASSIFIER_ERROR.badResponse, "response body is not JSON");
      }
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== "string")
        throw llmError(CLASSIFIER_ERROR.badResponse, "response has no choices[0].message.content");
      return content;
    } catch (err) {
      if (ctrl.signal.aborted && (err as { code?: string }).code !== CLASSIFIER_ERROR.timeout) {
        throw llmError(CLASSIFIER_ERROR.timeout, `no answer within ${timeoutMs} ms`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
