import {
  ImperalError,
  SecretNotDeclared,
  SkeletonAccessForbidden,
  StoreConflict,
  TaskCancelled,
  ValidationError,
} from "@imperal/sdk";

/**
 * Every code the kernel answers with, in one place: protocol errors of the HTTP API and the programmatic API,
 * outcome codes of turn objects and audit rows, ctx-client errors handlers see, and classifier failures.
 * A test checks every code spelled in src/ is listed here.
 */
export const KERNEL_ERROR_CODES = {
  // HTTP API and Kernel API (thrown as KernelError; `status` is the HTTP status).
  protocol: [
    "ACTING_USER_REQUIRED",
    "ARGS_TOO_DEEP",
    "AUDIT_NO_USER",
    "BAD_ACTING_USER",
    "BAD_REQUEST",
    "BODY_NOT_ALLOWED",
    "BODY_TOO_LARGE",
    "CALL_NOT_RUNNING",
    "HEADERS_TOO_LARGE",
    "INTERNAL_ERROR",
    "JSON_TOO_DEEP",
    "LISTEN_FAILED",
    "MALFORMED_JSON",
    "MESSAGE_TOO_LONG",
    "METHOD_NOT_ALLOWED",
    "NOT_FOUND",
    "PORT_IN_USE",
    "QUERY_NOT_ALLOWED",
    "REQUEST_TIMEOUT",
    "SKELETON_UNKNOWN_SECTION",
    "UNAUTHORIZED",
    "UNKNOWN_USER",
    "USERS_FILE_INVALID",
    "USERS_INVALID",
    "WRONG_USER",
  ],
  // Confirmations (accept/cancel).
  confirmation: ["CONFIRMATION_CORRUPT", "CONFIRMATION_NOT_FOUND", "CONFIRMATION_OTHER_USER", "CONFIRMATION_USED"],
  // Loading and swapping builds (`/v1/health` build.error, `build_error` events).
  build: [
    "APP_ID_CHANGED",
    "BUILD_CHECK_FAILED",
    "BUILD_MISSING",
    "EXTENSION_LOAD_FAILED",
    "EXTENSION_LOAD_TIMEOUT",
    "KERNEL_CLOSED",
    "NO_EXTENSION_EXPORT",
    "WORKER_ERROR",
    "WORKER_ALREADY_LOADED",
    "WORKER_ENTRY_MISSING",
  ],
  // Turn objects and audit rows: why a call was rejected, stopped or failed.
  outcome: [
    "ACTION_ERROR",
    "CANCELLED",
    "CHAIN_REF_FORWARD",
    "CHAIN_REF_UNKNOWN_FIELD",
    "CHAIN_REF_UNKNOWN_STEP",
    "CHAIN_REF_UNRESOLVED",
    "CHAIN_UNKNOWN_TOOL",
    "CLASSIFIER_FAILED",
    "FABRICATED_ID",
    "FORBIDDEN_SCOPE",
    "HANDLER_ERROR",
    "INVALID_ARGS",
    "MEMORY_LIMIT",
    "PLACEHOLDER_ARG",
    "PLAN_REJECTED",
    "PREVIOUS_STEP_FAILED",
    "RESULT_NOT_SERIALIZABLE",
    "RESULT_TOO_LARGE",
    "SKELETON_BAD_RETURN",
    "SKELETON_REFRESH_FAILED",
    "TENANT_MISMATCH",
    "TIMEOUT",
    "UNKNOWN_TOOL",
    "UNRESOLVED_REFERENCE",
    "VALIDATION_FAILED",
    "VALIDATION_MISSING_FIELD",
    "WORKER_EXITED",
  ],
  // ctx clients (thrown inside handlers as SDK errors).
  client: [
    "AI_INVALID_ARGUMENT",
    "AI_NOT_CONFIGURED",
    "AI_PROVIDER_ERROR",
    "CACHE_INVALID_KEY",
    "CACHE_INVALID_TTL",
    "CACHE_NOT_JSON",
    "CACHE_VALUE_TOO_LARGE",
    "CALL_NOT_ACTIVE",
    "HTTP_INVALID_TIMEOUT",
    "HTTP_INVALID_URL",
    "HTTP_NETWORK_ERROR",
    "HTTP_RESPONSE_TOO_LARGE",
    "HTTP_TIMEOUT",
    "NOTIFY_INVALID",
    "SECRET_INVALID_VALUE",
    "SECRET_NOT_DECLARED",
    "SECRET_READ_ONLY",
    "SECRET_TOO_LARGE",
    "SECRETS_FILE_INVALID",
    "SKELETON_ACCESS_FORBIDDEN",
    "STORAGE_INVALID_ARGUMENT",
    "STORAGE_INVALID_PATH",
    "STORAGE_NOT_FOUND",
    "STORAGE_TOO_LARGE",
    "STORE_CONFLICT",
    "STORE_INVALID_COLLECTION",
    "STORE_INVALID_CURSOR",
    "STORE_INVALID_DATA",
    "STORE_INVALID_QUERY",
    "STORE_NOT_FOUND",
    "TASK_CANCELLED",
    "UNKNOWN_CLIENT_METHOD",
    "VALUE_NOT_SERIALIZABLE",
  ],
  // Warnings of `GET /v1/skeleton` about what compression drops (skeleton/compress.ts).
  skeletonWarning: [
    "DICT_COLLAPSED",
    "FIELDS_DROPPED",
    "ITEM_FIELDS_DROPPED",
    "ITEM_UNIDENTIFIED",
    "LIST_COLLAPSED",
    "NOT_AN_OBJECT",
    "SECTION_TOO_LARGE",
    "STRING_TRUNCATED",
    "UNDERSCORE_FIELDS_HIDDEN",
  ],
  // Safety and dialogue decisions of a chat turn (`safety[].code` of the turn object; chat/safety.ts, chat/dialogue.ts).
  safety: [
    "CANDIDATE_ACCEPTED",
    "CANDIDATE_DECLINED",
    "CLARIFY_FILLED",
    "CLARIFY_REPLACED",
    "DELETION_NOT_DESTRUCTIVE",
    "DELETION_REROUTED",
    "LOW_CONFIDENCE_WRITE",
    "UPDATE_WITHOUT_FIELDS",
    "WEAK_OVERWRITE",
  ],
  // The platform surface (SPEC 7): config, events, the system context, schedules, lifecycle, webhooks.
  platform: [
    "AMBIGUOUS_TOOL",
    "CALL_DEPTH_EXCEEDED",
    "CIRCULAR_CALL",
    "CLOCK_BAD_TIME",
    "CONFIG_INVALID",
    "DUPLICATE_APP_ID",
    "EVENT_INVALID",
    "EVENT_LIMIT",
    "EVENT_NOT_DECLARED",
    "EVENTS_UNAVAILABLE",
    "EXTENSION_DISABLED",
    "INSTALL_FAILED",
    "SYSTEM_ONLY",
    "WEBHOOK_UNAUTHORIZED",
  ],
  // The OpenAI-compatible classifier.
  classifier: ["LLM_BAD_RESPONSE", "LLM_HTTP_ERROR", "LLM_INVALID_ANSWER", "LLM_TIMEOUT", "LLM_UNAVAILABLE"],
} as const;

/** One of {@link KERNEL_ERROR_CODES}. */
export type KernelErrorCode = (typeof KERNEL_ERROR_CODES)[keyof typeof KERNEL_ERROR_CODES][number];

/** Error raised by the kernel itself: a stable code, a one-line fix and (for HTTP) a status. */
export class KernelError extends Error {
  readonly code: string;
  readonly fix: string;
  readonly status: number;
  constructor(code: string, message: string, fix: string, status = 400) {
    super(message);
    this.name = "KernelError";
    this.code = code;
    this.fix = fix;
    this.status = status;
  }
  /** JSON body used by the HTTP API for protocol errors. */
  toJSON(): { error: { code: string; message: string; fix: string } } {
    return { error: { code: this.code, message: this.message, fix: this.fix } };
  }
}

const CLASSES: Record<string, { prototype: Error }> = {
  ImperalError,
  ValidationError,
  StoreConflict,
  SecretNotDeclared,
  TaskCancelled,
  SkeletonAccessForbidden,
};

/** Creates an SDK error (class chosen by `kind`) with an exact code, message and fix; used by the ctx clients. */
export function clientError(
  kind: string,
  code: string,
  message: string,
  fix: string,
): Error & { code: string; fix: string } {
  const cls = CLASSES[kind] ?? ImperalError;
  const e = Object.create(cls.prototype) as Error & { code: string; fix: string };
  Object.defineProperty(e, "message", { value: message, writable: true, configurable: true });
  Object.defineProperty(e, "name", {
    value: kind in CLASSES ? kind : "ImperalError",
    writable: true,
    configurable: true,
  });
  Object.defineProperty(e, "code", { value: code, enumerable: true, configurable: true });
  Object.defineProperty(e, "fix", { value: fix, enumerable: true, configurable: true });
  Error.captureStackTrace?.(e, clientError);
  return e;
}
