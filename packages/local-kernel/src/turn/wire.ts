// Part-2 wiring: skeleton runtime, fact ledger, chat turns and their HTTP routes on top of `kernel.internal`.
import { createClassifier, type Classifier, type OpenAIClassifierOptions } from "../classifier/index.js";
import { KernelError } from "../errors.js";
import { SqliteFactLedger } from "../facts-runtime/store.js";
import type { RouteContext } from "../http/server.js";
import type { Kernel } from "../kernel.js";
import { SkeletonRuntime, type SkeletonRuntimeOptions } from "../skeleton-runtime/runtime.js";
import { TurnEngine } from "./engine.js";

/** Options of part 2 (from `createKernel`). */
export interface Part2Options {
  llm?: "embedded" | "openai";
  /** OpenAI-compatible endpoint settings (default: IMPERAL_LLM_BASE_URL / _API_KEY / _MODEL). */
  llmOptions?: OpenAIClassifierOptions;
  /** A custom classifier (tests, other providers); overrides `llm`. */
  classifier?: Classifier;
  skeletons?: SkeletonRuntimeOptions;
}

/** The installed part 2 of one kernel. */
export interface Part2 {
  skeletons: SkeletonRuntime;
  facts: SqliteFactLedger;
  turns: TurnEngine;
  close(): void;
}

/** Wires skeletons, fact ledger and chat turns into a kernel (called once by createKernel). */
export function installPart2(kernel: Kernel, opts: Part2Options): Part2 {
  const internal = kernel.internal;
  const core = internal.core;
  const skeletons = new SkeletonRuntime(core, internal.dispatch, opts.skeletons);
  const facts = new SqliteFactLedger(core.db, () => core.appId);
  const classifier = opts.classifier ?? createClassifier(opts.llm ?? "embedded", { ...(opts.llmOptions ?? {}), log: opts.llmOptions?.log ?? ((m) => core.log("warn", m)) });
  const turns = new TurnEngine(core, internal.dispatch, (u, id) => kernel.accept(u, id), (u, id) => kernel.cancelConfirmation(u, id), skeletons, facts, classifier);

  internal.setSkeletonReader((userId, section) => skeletons.store.get(userId, section)?.data ?? null);
  internal.setTurnHandler((userId, message) => turns.turn(userId, message));
  internal.onUninstall(async (userId) => {
    turns.purge(userId);
    await skeletons.purgeUser(userId);
  });
  const offReload = core.events.on((e) => { if (e.type === "reload") skeletons.start(); });

  const actingOrDefault = (c: RouteContext): string => {
    const id = c.actingUser ?? internal.defaultUser();
    if (!internal.user(id)) throw new KernelError("UNKNOWN_USER", `Unknown user ${JSON.stringify(id)}.`, "Use one of the kernel's configured users (--user).", 403);
    return id;
  };
  internal.addRoute("GET", "/v1/skeleton", async (c) => ({ body: skeletons.view(actingOrDefault(c)) }));
  internal.addRoute("POST", "/v1/skeleton/{section}/refresh", async (c) => {
    const user = actingOrDefault(c);
    const b = await c.readJson();
    if (b !== undefined && (b === null || typeof b !== "object" || Array.isArray(b))) throw new KernelError("BAD_REQUEST", "The body must be empty or a JSON object.", "Send no body.", 400);
    return { body: await refreshView(skeletons, user, c.params.section!) };
  });
  internal.addRoute("GET", "/v1/fact-ledger", async (c) => {
    const user = actingOrDefault(c);
    return { body: factLedgerView(facts, user) };
  });

  skeletons.start();
  return {
    skeletons, facts, turns,
    close: () => { offReload(); skeletons.stop(); },
  };
}

/** `POST /v1/skeleton/{section}/refresh` answer. */
export async function refreshView(skeletons: SkeletonRuntime, user: string, section: string): Promise<Record<string, unknown>> {
  const o = await skeletons.refreshNow(user, section);
  const snap = skeletons.store.get(user, section);
  return {
    user, section, ok: o.ok, changed: o.changed,
    snapshot: snap ? snap.data : null,
    refreshed_at: snap ? new Date(snap.refreshedAt).toISOString() : null,
    ...(o.error ? { error: { code: o.error.code, message: o.error.message } } : {}),
  };
}

/** `GET /v1/fact-ledger` answer. */
export function factLedgerView(facts: SqliteFactLedger, user: string): Record<string, unknown> {
  return {
    user, max_turns: facts.maxTurns, max_bytes_per_turn: facts.maxBytesPerTurn,
    turns: facts.entries(user).map((t) => ({
      turn_id: t.turnId, at: new Date(t.at).toISOString(), tools: t.tools, text: t.text, truncated: t.truncated,
      bytes: Buffer.byteLength(t.text, "utf8"), ids: t.ids,
    })),
  };
}
