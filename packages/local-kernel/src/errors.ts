import { ImperalError, SecretNotDeclared, SkeletonAccessForbidden, StoreConflict, TaskCancelled, ValidationError } from "@imperal/sdk";

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
  ImperalError, ValidationError, StoreConflict, SecretNotDeclared, TaskCancelled, SkeletonAccessForbidden,
};

/** Creates an SDK error (class chosen by `kind`) with an exact code, message and fix; used by the ctx clients. */
export function clientError(kind: string, code: string, message: string, fix: string): Error & { code: string; fix: string } {
  const cls = CLASSES[kind] ?? ImperalError;
  const e = Object.create(cls.prototype) as Error & { code: string; fix: string };
  Object.defineProperty(e, "message", { value: message, writable: true, configurable: true });
  Object.defineProperty(e, "name", { value: kind in CLASSES ? kind : "ImperalError", writable: true, configurable: true });
  Object.defineProperty(e, "code", { value: code, enumerable: true, configurable: true });
  Object.defineProperty(e, "fix", { value: fix, enumerable: true, configurable: true });
  Error.captureStackTrace?.(e, clientError);
  return e;
}
