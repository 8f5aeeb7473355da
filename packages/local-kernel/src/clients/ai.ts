import { createHash } from "node:crypto";
import { clientError } from "../errors.js";

export interface AiOptions {
  system?: string;
  model?: string;
  maxTokens?: number;
}
export interface AiResult {
  text: string;
  model: string;
  usage: { inputTokens: number; outputTokens: number };
}
/** Which provider answers `ctx.ai.complete`. */
export type LlmMode = "embedded" | "openai";

const EMBEDDED_MODEL = "imperal-local-embedded";

function tokens(s: string): number {
  return Math.max(1, Math.ceil(s.length / 4));
}

/** Deterministic local stand-in: same prompt -> same answer, and it says what it is. */
export function embeddedComplete(prompt: string, opts: AiOptions = {}): AiResult {
  if (typeof prompt !== "string")
    throw clientError(
      "ValidationError",
      "AI_INVALID_ARGUMENT",
      "prompt must be a string.",
      "Pass the prompt text as a string.",
    );
  const digest = createHash("sha256")
    .update(`${opts.system ?? ""}\n${prompt}`)
    .digest("hex")
    .slice(0, 8);
  const gist = prompt.replace(/\s+/g, " ").trim().slice(0, 120);
  let text = `[local stand-in model ${EMBEDDED_MODEL}; no real LLM was called] Echo (${digest}): ${gist}`;
  if (opts.maxTokens && opts.maxTokens > 0) text = text.slice(0, opts.maxTokens * 4);
  const p = tokens(prompt) + tokens(opts.system ?? "");
  const c = tokens(text);
  return { text, model: EMBEDDED_MODEL, usage: { inputTokens: p, outputTokens: c } };
}

/** Calls an OpenAI-compatible chat-completions endpoint (IMPERAL_LLM_BASE_URL / _API_KEY / _MODEL). */
export async function openaiComplete(
  prompt: string,
  opts: AiOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<AiResult> {
  const base = env.IMPERAL_LLM_BASE_URL;
  const model = opts.model ?? env.IMPERAL_LLM_MODEL;
  if (!base || !model)
    throw clientError(
      "ImperalError",
      "AI_NOT_CONFIGURED",
      "The openai provider needs IMPERAL_LLM_BASE_URL and IMPERAL_LLM_MODEL.",
      "Set the env vars or use --llm embedded.",
    );
  const messages = [
    ...(opts.system ? [{ role: "system", content: opts.system }] : []),
    { role: "user", content: prompt },
  ];
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (env.IMPERAL_LLM_API_KEY) headers.authorization = `Bearer ${env.IMPERAL_LLM_API_KEY}`;
  const timeout = AbortSignal.timeout(120_000);
  const res = await fetch(base.replace(/\/$/, "") + "/chat/completions", {
    method: "POST",
    headers,
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    body: JSON.stringify({ model, messages, ...(opts.maxTokens ? { max_tokens: opts.maxTokens } : {}) }),
  });
  if (!res.ok)
    throw clientError(
      "ImperalError",
      "AI_PROVIDER_ERROR",
      `LLM provider answered HTTP ${res.status}.`,
      "Check IMPERAL_LLM_BASE_URL, the API key and the model name.",
    );
  const j = (await res.json()) as {
    choices?: Array<{ message?: { content?: string } }>;
    model?: string;
    usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  };
  const text = j.choices?.[0]?.message?.content ?? "";
  return {
    text,
    model: j.model ?? model,
    usage: { inputTokens: j.usage?.prompt_tokens ?? 0, outputTokens: j.usage?.completion_tokens ?? 0 },
  };
}

/** The `ctx.ai` client for the configured provider. */
export function makeAiClient(mode: LlmMode, signal?: AbortSignal) {
  return {
    complete: async (prompt: string, opts: AiOptions = {}): Promise<AiResult> =>
      mode === "openai" ? openaiComplete(prompt, opts, process.env, signal) : embeddedComplete(prompt, opts),
  };
}
