import { RegistrationError, SDK_ERROR_CODES } from "../errors/index.js";
import type { Registrar } from "./types.js";

/** Builds the handler-or-decorator function shared by every registration method. */
export function makeRegistrar<H>(what: string, register: (handler: H) => void): Registrar<H> {
  const apply = (handler: unknown, context?: unknown): unknown => {
    if (typeof handler !== "function") {
      throw new RegistrationError(
        SDK_ERROR_CODES.HANDLER_NOT_FUNCTION,
        `${what}: the handler must be a function.`,
        "Pass an (async) function (ctx, params) => ...",
      );
    }
    if (context !== undefined) {
      const kind = (context as { kind?: unknown } | null)?.kind;
      if (kind !== "method") {
        throw new RegistrationError(
          SDK_ERROR_CODES.DECORATOR_TARGET,
          `${what}: can only decorate methods (got ${String(kind)}).`,
          "Put the decorator on a class method, or call it with the handler function.",
        );
      }
    }
    register(handler as H);
    return handler;
  };
  return apply as Registrar<H>;
}
