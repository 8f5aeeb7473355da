import { SDK_ERROR_CODES } from "./codes.js";

export { SDK_ERROR_CODES, isSdkErrorCode } from "./codes.js";
export type { SdkErrorCode } from "./codes.js";

/**
 * Every SDK error carries a stable `code` (machine-readable, never renamed) and a one-line `fix`,
 * so the CLI, the kernel and tests can branch on the code instead of parsing messages.
 */
export class ImperalError extends Error {
  readonly code: string;
  readonly fix: string;
  constructor(code: string, message: string, fix = "") {
    super(message);
    this.name = "ImperalError";
    this.code = code;
    this.fix = fix;
  }
  /** Plain JSON form; used to carry errors across worker/RPC boundaries. */
  toJSON(): { name: string; code: string; message: string; fix: string } {
    return { name: this.name, code: this.code, message: this.message, fix: this.fix };
  }
}

/** Thrown when a chat function or panel touches `ctx.skeleton` (only skeleton refreshes may read it). */
export class SkeletonAccessForbidden extends ImperalError {
  constructor(kind: string) {
    super(
      SDK_ERROR_CODES.SKELETON_ACCESS_FORBIDDEN,
      `ctx.skeleton is only available inside ext.skeleton handlers (this is a ${kind} context).`,
      "Read the data you need through ctx.store or ctx.http; skeleton snapshots are for the classifier only.",
    );
    this.name = "SkeletonAccessForbidden";
  }
}

/** Thrown by `ctx.store.update(..., { ifMatch })` when the document changed since it was read. */
export class StoreConflict extends ImperalError {
  constructor(collection: string, id: string) {
    super(
      SDK_ERROR_CODES.STORE_CONFLICT,
      `Document ${collection}/${id} was modified since it was read (ETag mismatch).`,
      "Re-read the document with ctx.store.get, re-apply your change and retry with the new etag.",
    );
    this.name = "StoreConflict";
  }
}

/** Thrown by `ctx.secrets` for a name that was never declared with `ext.secret(...)`. */
export class SecretNotDeclared extends ImperalError {
  constructor(name: string) {
    super(
      SDK_ERROR_CODES.SECRET_NOT_DECLARED,
      `Secret "${name}" is not declared by this extension.`,
      `Declare it at module scope: ext.secret("${name}", { description: "..." }).`,
    );
    this.name = "SecretNotDeclared";
  }
}

/** Bad input to an SDK API (params, cache keys/TTLs, store arguments). `code` narrows the cause. */
export class ValidationError extends ImperalError {
  constructor(message: string, opts: { code?: string; fix?: string } = {}) {
    super(opts.code ?? SDK_ERROR_CODES.VALIDATION_ERROR, message, opts.fix ?? "");
    this.name = "ValidationError";
  }
}

/** Thrown inside a handler when its call was cancelled or timed out (`ctx.signal` aborted). */
export class TaskCancelled extends ImperalError {
  constructor(reason = "The call was cancelled.") {
    super(
      SDK_ERROR_CODES.TASK_CANCELLED,
      reason,
      "Stop work when ctx.signal is aborted; move long work to a longRunning function.",
    );
    this.name = "TaskCancelled";
  }
}

/** `listUsers`, `queryAll` or `asUser` used outside a schedule or webhook handler (SPEC 7.3). */
export class SystemOnly extends ImperalError {
  constructor(what: string) {
    super(
      SDK_ERROR_CODES.SYSTEM_ONLY,
      `${what} is only available in a system context (schedules and webhooks).`,
      "Do cross-user work in an ext.schedule or ext.webhook handler; a user's ctx only sees that user.",
    );
    this.name = "SystemOnly";
  }
}

/** `ctx.events.emit` of a type the extension did not declare with `ext.emits` (SPEC 7.4). */
export class EventNotDeclared extends ImperalError {
  constructor(type: string, appId: string) {
    super(
      SDK_ERROR_CODES.EVENT_NOT_DECLARED,
      `Event "${type}" is not declared by ${appId}.`,
      `Declare it at module scope: ext.emits("${type.startsWith(`${appId}.`) ? type : `${appId}.${type}`}").`,
    );
    this.name = "EventNotDeclared";
  }
}

/** `ctx.extensions.call` to an extension already on the call stack (SPEC 7.6). */
export class CircularCallError extends ImperalError {
  constructor(chain: readonly string[]) {
    super(
      SDK_ERROR_CODES.CIRCULAR_CALL,
      `Calling ${chain[chain.length - 1]} would close a loop: ${chain.join(" -> ")}.`,
      "Break the cycle: let one extension pass the data instead of calling back.",
    );
    this.name = "CircularCallError";
  }
}

/** A name that does not exist where it was looked up (an exposed method, a schedule, a webhook). */
export class NotFound extends ImperalError {
  constructor(message: string, fix: string) {
    super(SDK_ERROR_CODES.NOT_FOUND, message, fix);
    this.name = "NotFound";
  }
}

/** A registration call (`chat.function`, `ext.tool`, ...) was given invalid arguments. Thrown at import time. */
export class RegistrationError extends ImperalError {
  constructor(code: string, message: string, fix: string) {
    super(code, message, fix);
    this.name = "RegistrationError";
  }
}

/** The manifest could not be generated or does not satisfy the manifest schema. */
export class ManifestError extends ImperalError {
  constructor(code: string, message: string, fix: string) {
    super(code, message, fix);
    this.name = "ManifestError";
  }
}

/** True for any SDK error, including ones created by another copy of the SDK (checked by shape, not class). */
export function isImperalError(err: unknown): err is ImperalError {
  return (
    err instanceof ImperalError ||
    (typeof err === "object" &&
      err !== null &&
      typeof (err as { code?: unknown }).code === "string" &&
      typeof (err as { message?: unknown }).message === "string" &&
      "fix" in err)
  );
}
