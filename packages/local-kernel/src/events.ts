import type { Call } from "./dispatch/result.js";
import { EVENT_HISTORY } from "./limits.js";
import { redactionFor, type SensitiveLookup } from "./sensitive/redact.js";

/** One call of a `turn` event: what ran (or was stopped), with which args, and how long it took. */
export interface TurnEventCall {
  tool: string;
  args: unknown;
  status: string;
  code?: string;
  duration_ms: number;
}

/**
 * The calls of a turn as its `turn` event carries them. Callers pass turn objects whose args are already redacted
 * (SPEC 7.7); the default key pattern (and `lookup`'s declared paths) is applied here again so no event can carry them.
 */
export function turnEventCalls(
  calls: ReadonlyArray<Omit<TurnEventCall, "duration_ms"> & { durationMs: number }>,
  lookup?: SensitiveLookup,
) {
  return calls.map((c) => ({
    tool: c.tool,
    args: redactionFor(lookup?.(c.tool), c.args).args,
    status: c.status,
    ...(c.code ? { code: c.code } : {}),
    duration_ms: Math.round(c.durationMs * 10) / 10,
  }));
}

/** The payload of every event type on the kernel's stream (`GET /v1/events`). */
export interface KernelEventData {
  /** A turn finished (direct call, chat turn, chain, confirmation, panel, skeleton). */
  turn: {
    turn_id: string;
    source: string;
    outcome: string;
    code?: string;
    tools: string[];
    /** Each call with its gate decision and duration, so dev tools can show turns other clients made. */
    calls?: TurnEventCall[];
    /** The classifier's answer (chat turns). */
    classification?: unknown;
    /** Chat turns: the user's message (sensitive values of the plan scrubbed), so dev tools show other clients' turns. */
    message?: string;
    /** The reply the client got (redacted like the turn object). */
    reply?: string;
  };
  /** Calls were intercepted and wait for the user's answer. */
  confirmation: { id: string; calls: Call[]; turn_id: string };
  confirmation_cancelled: { id: string };
  call_started: { call_id: number; tool: string; kind: string };
  progress: { call_id: number; tool: string; percent: number; message?: string };
  notification: { message: string; priority: string; channel: string; tool: string };
  /** A call that passed the promotion threshold finished. */
  promoted_result: {
    task_id: string;
    turn_id: string;
    outcome: string;
    reply: string;
    results: unknown[];
    code?: string;
  };
  /** Panels to re-render for a user after a call (SPEC 7.4). */
  panel_refresh: { user: string; panels: string[]; reason: string };
  uninstall: { user: string };
  reload: { build_id: string; reason: string; tools: number };
  build_error: { code: string; message: string; fix: string; serving: string | null };
  skeleton_refresh: {
    section: string;
    ok: boolean;
    changed: boolean;
    reason: string;
    refreshed_at: string;
    duration_ms: number;
    code?: string;
    message?: string;
  };
  skeleton_alert: { section: string; alert: string };
  /** A `ctx.log` line of a running call (secrets redacted, like the kernel log). */
  log: { level: string; tool: string; call_id: number; message: string };
  /** A call finished, from any client and source (one per audit row): what a dev terminal prints as a request line. */
  call_finished: {
    tool: string;
    status: string;
    action_type: string;
    duration_ms: number;
    source?: string;
    code?: string;
    reason?: string;
  };
  /** A handler threw: its (source-mapped, redacted) stack for the author; users only see the I-MAGIC-UX sentence. */
  handler_error: HandlerErrorInfo;
  /** An extension event was published (SPEC 7.4): a function's `event`, or `ctx.events.emit`. */
  event: { type: string; app_id: string; user_id: string; tenant_id: string; ts: string; data: unknown };
  /** A schedule run started, was skipped (the previous run still going) or finished (SPEC 7.3). */
  schedule: {
    name: string;
    phase: "started" | "skipped" | "finished";
    /** `cron` = the timer loop; `manual` = runSchedule / POST /v1/schedules/{name}/run / the REPL. */
    trigger: "cron" | "manual";
    /** When the run started, on the kernel clock. */
    at: string;
    status?: string;
    duration_ms?: number;
    error?: string;
  };
  /** A schedule, lifecycle hook, webhook or event subscriber ran (one per audit row of a platform handler). */
  platform_run: {
    tool: string;
    status: string;
    duration_ms: number;
    code?: string;
    error?: string;
  };
}

/** The last handler error (`/v1/health` and the `handler_error` event): where the author's code threw. */
export interface HandlerErrorInfo {
  tool: string;
  user: string;
  code: string;
  /** The thrown error's first stack line, e.g. `Error: boom`. */
  message: string;
  /** The stack, source-mapped (file:line of `src/`), paths relative to the extension directory. */
  stack: string;
  /** The stack's top frame, e.g. `src/functions.ts:12:11`; null when the stack has no frame. */
  frame: string | null;
  at: string;
  call_id?: number;
}

/** Every event type the kernel publishes. */
export type KernelEventType = keyof KernelEventData;

/** One event on the kernel's stream. `userId` absent = visible to every subscriber. */
export type KernelEvent = {
  [K in KernelEventType]: { seq: number; type: K; ts: string; userId?: string; data: KernelEventData[K] };
}[KernelEventType];

/** A subscriber of the event stream. */
export type EventListener = (e: KernelEvent) => void;

/** In-process event stream: turns, notifications, promoted results, reloads, build errors, progress. */
export class EventBus {
  private seq = 0;
  private readonly listeners = new Set<EventListener>();
  private readonly recent: KernelEvent[] = [];

  /** Publishes an event to every subscriber. */
  emit<K extends KernelEventType>(type: K, data: KernelEventData[K], userId?: string): KernelEvent {
    const e = {
      seq: ++this.seq,
      type,
      ts: new Date().toISOString(),
      ...(userId ? { userId } : {}),
      data,
    } as KernelEvent;
    this.recent.push(e);
    if (this.recent.length > EVENT_HISTORY) this.recent.shift();
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a broken subscriber never breaks the kernel */
      }
    }
    return e;
  }
  /** Subscribes; returns the unsubscribe function. */
  on(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  /** The last (up to 200) events, oldest first. */
  history(): KernelEvent[] {
    return [...this.recent];
  }
  /** Forgets buffered events of one user (uninstall). */
  purgeUser(userId: string): void {
    for (let i = this.recent.length - 1; i >= 0; i--) if (this.recent[i]!.userId === userId) this.recent.splice(i, 1);
  }
}
