import { isImperalError, SDK_ERROR_CODES, type SdkErrorCode } from "../errors/index.js";
import { checkFabricatedIds } from "../guards/fabricated-ids.js";
import { checkPlaceholders } from "../guards/placeholders.js";
import type { SeenIndex } from "../guards/seen-index.js";
import { toUserMessage } from "../guards/user-message.js";
import { validateParams } from "../guards/validate-params.js";
import { isActionResult, isActionResultJSON, type ActionResultJSON } from "../result/action-result.js";
import { exceedsDepth, MAX_ARGS_DEPTH } from "../patterns.js";
import { getRegistry, type CallableKind } from "../registry/surface.js";
import { isUINode } from "../ui/validate.js";

/** Plain-JSON outcome of one dispatch (safe to post across a worker boundary). */
export type ToolOutcome =
  | { ok: true; kind: CallableKind; tool: string; result: unknown; warnings?: OutcomeWarning[] }
  | {
      ok: false;
      tool: string;
      code: string;
      message: string;
      feedback?: string;
      retryable?: boolean;
      /** Stack or internal detail, for logs only — never shown to users. */
      detail?: string;
      path?: string;
    };

/** A problem with an answer that still went through (SPEC 7.9: data that does not match the dataModel). */
export interface OutcomeWarning {
  code: "DATA_MODEL_MISMATCH";
  message: string;
  path?: string;
}

/** Options of {@link executeTool}. */
export interface ExecuteOptions {
  /** Retry number within one tool use (0 = first call) for the validation retry budget. */
  attempt?: number;
  /** Conversation sources for the fabricated-id guard; omitted = guard not run (direct typed calls). */
  seen?: Iterable<unknown> | SeenIndex;
  /** Skip the placeholder guard (never in the kernel; for tooling that renders previews). */
  skipPlaceholderGuard?: boolean;
}

/**
 * Codes of the named errors of SPEC 7 (and the refusals of `ctx.extensions.call`), which a throwing handler answers
 * with instead of HANDLER_ERROR: the author can branch on them, and the turn object says what really happened.
 */
export const WIRE_CODES: ReadonlySet<string> = new Set<string>([
  SDK_ERROR_CODES.SYSTEM_ONLY,
  SDK_ERROR_CODES.EVENT_NOT_DECLARED,
  SDK_ERROR_CODES.CIRCULAR_CALL,
  SDK_ERROR_CODES.NOT_FOUND,
  SDK_ERROR_CODES.CALL_DEPTH_EXCEEDED,
  SDK_ERROR_CODES.FORBIDDEN_SCOPE,
]);

/**
 * The one dispatch path: look the tool up on the callable surface, run the guards and schema validation, call the
 * handler and normalise its return value into plain JSON. The kernel worker and the testing kit's `invoke` both
 * use it.
 */
export async function executeTool(
  ext: unknown,
  name: string,
  rawArgs: unknown,
  ctx: unknown,
  opts: ExecuteOptions = {},
): Promise<ToolOutcome> {
  const entry = getRegistry(ext).entries.find((e) => e.name === name);
  if (!entry) {
    return {
      ok: false,
      tool: name,
      code: SDK_ERROR_CODES.UNKNOWN_TOOL,
      message: `There is no tool named "${name}" in this extension.`,
      retryable: false,
    };
  }
  const args = rawArgs === undefined || rawArgs === null ? {} : rawArgs;
  if (entry.kind !== "panel" && (typeof args !== "object" || Array.isArray(args))) {
    return {
      ok: false,
      tool: name,
      code: SDK_ERROR_CODES.INVALID_ARGS,
      message: "Arguments must be a JSON object.",
      retryable: false,
    };
  }
  // First, before any recursive walk (guards, zod, JSON) can overflow the stack on hostile nesting (SPEC 10). Alert
  // tools are exempt: their args are the kernel's own snapshots, not proposed arguments.
  if (entry.kind !== "skeleton_alert" && exceedsDepth(args, MAX_ARGS_DEPTH)) {
    return {
      ok: false,
      tool: name,
      code: SDK_ERROR_CODES.ARGS_TOO_DEEP,
      message: `The arguments are nested deeper than ${MAX_ARGS_DEPTH} levels.`,
      retryable: false,
    };
  }
  // Alert tools receive kernel-made snapshots, not model output, so the placeholder guard does not apply.
  if (!opts.skipPlaceholderGuard && entry.kind !== "skeleton_alert") {
    const ph = checkPlaceholders(args);
    if (!ph.ok) return { ok: false, tool: name, code: ph.code, message: ph.message, path: ph.path, retryable: false };
  }
  if (opts.seen !== undefined && entry.kind !== "skeleton_alert" && entry.kind !== "panel") {
    const fab = checkFabricatedIds(args, {
      seen: opts.seen,
      ...(entry.idProjection ? { idProjection: entry.idProjection } : {}),
    });
    if (!fab.ok)
      return { ok: false, tool: name, code: fab.code, message: fab.message, path: fab.path, retryable: false };
  }
  let params: unknown = args;
  if (entry.params !== undefined) {
    const v = validateParams(entry.params, args, { attempt: opts.attempt ?? 0, toolName: name });
    if (!v.ok)
      return { ok: false, tool: name, code: v.code, message: v.message, feedback: v.feedback, retryable: v.retryable };
    params = v.value;
  }

  // A call cancelled while it waited (queue, confirmation) must not start side effects.
  if ((ctx as { signal?: AbortSignal } | null)?.signal?.aborted) {
    return {
      ok: false,
      tool: name,
      code: SDK_ERROR_CODES.TASK_CANCELLED,
      message: "The call was cancelled before it started.",
      retryable: false,
    };
  }
  let returned: unknown;
  try {
    returned =
      entry.kind === "skeleton_refresh"
        ? await (entry.handler as (c: unknown) => unknown)(ctx)
        : await entry.handler(ctx, params);
  } catch (err) {
    return thrownOutcome(name, err);
  }
  const out = normalise(entry.kind, name, returned);
  if (out.ok && entry.dataModel !== undefined) {
    const w = checkDataModel(entry.dataModel, out.result, name);
    if (w) out.warnings = [w];
  }
  return out;
}

/** SPEC 7.9: a successful result whose `data` does not match the function's dataModel (warning, not an error). */
function checkDataModel(model: unknown, result: unknown, tool: string): OutcomeWarning | undefined {
  const r = result as { status?: string; data?: unknown } | undefined;
  if (r?.status !== "success" || typeof (model as { safeParse?: unknown }).safeParse !== "function") return undefined;
  const p = (
    model as {
      safeParse(v: unknown): { success: boolean; error?: { issues?: Array<{ path?: unknown[]; message?: string }> } };
    }
  ).safeParse(r.data);
  if (p.success) return undefined;
  const issue = p.error?.issues?.[0];
  const path = (issue?.path ?? []).map(String).join(".");
  return {
    code: "DATA_MODEL_MISMATCH",
    message: `${tool} returned data that does not match its dataModel${path ? ` at ${path}` : ""}: ${issue?.message ?? "invalid"}.`,
    ...(path ? { path } : {}),
  };
}

/** The outcome of a handler that threw: the named errors (and cancellation) keep their code, anything else is HANDLER_ERROR. */
export function thrownOutcome(tool: string, err: unknown): ToolOutcome {
  const named =
    isImperalError(err) && (WIRE_CODES.has(err.code) || err.code === SDK_ERROR_CODES.TASK_CANCELLED)
      ? err.code
      : undefined;
  return {
    ok: false,
    tool,
    code: named ?? SDK_ERROR_CODES.HANDLER_ERROR,
    message: toUserMessage(err),
    detail: err instanceof Error ? (err.stack ?? err.message) : String(err),
    retryable: false,
  };
}

function toPlainJSON(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function normalise(kind: CallableKind, tool: string, value: unknown): ToolOutcome {
  const bad = (code: SdkErrorCode, message: string): ToolOutcome => ({
    ok: false,
    tool,
    code,
    message,
    retryable: false,
  });
  try {
    switch (kind) {
      case "chat_function":
      case "tool": {
        if (isActionResult(value)) return { ok: true, kind, tool, result: toPlainJSON(value.toJSON()) };
        if (isActionResultJSON(value)) return { ok: true, kind, tool, result: toPlainJSON(value) };
        if (kind === "chat_function") {
          return bad(
            SDK_ERROR_CODES.BAD_RETURN,
            `${tool} must return an ActionResult (ActionResult.success(...) or ActionResult.error(...)).`,
          );
        }
        const wrapped: ActionResultJSON = { status: "success", summary: "", data: value === undefined ? null : value };
        return { ok: true, kind, tool, result: toPlainJSON(wrapped) };
      }
      case "skeleton_refresh": {
        const ok = typeof value === "object" && value !== null && !Array.isArray(value) && "response" in value;
        const resp = ok ? (value as { response: unknown }).response : undefined;
        if (!ok || typeof resp !== "object" || resp === null || Array.isArray(resp)) {
          return bad(
            SDK_ERROR_CODES.SKELETON_BAD_RETURN,
            `${tool} must return { response: { ... } } (an object under "response"); the last good snapshot is kept.`,
          );
        }
        return { ok: true, kind, tool, result: { response: toPlainJSON(resp) } };
      }
      case "skeleton_alert": {
        if (value === undefined || value === null) return { ok: true, kind, tool, result: { response: "" } };
        if (typeof value === "string") return { ok: true, kind, tool, result: { response: value } };
        if (typeof value === "object" && typeof (value as { response?: unknown }).response === "string") {
          return { ok: true, kind, tool, result: { response: (value as { response: string }).response } };
        }
        return bad(SDK_ERROR_CODES.ALERT_BAD_RETURN, `${tool} must return a string or { response: string }.`);
      }
      case "panel": {
        if (!isUINode(value))
          return bad(SDK_ERROR_CODES.PANEL_BAD_RETURN, `${tool} must return a UI node tree (build it with ui.*).`);
        return { ok: true, kind, tool, result: toPlainJSON(value) };
      }
    }
  } catch (err) {
    return bad(
      SDK_ERROR_CODES.RESULT_NOT_JSON,
      `${tool} returned a value that cannot be serialized to JSON: ${toUserMessage(err)}`,
    );
  }
}
