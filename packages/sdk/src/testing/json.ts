import { ValidationError, SDK_ERROR_CODES } from "../errors/index.js";

/** Deep copy through JSON, which is what the wire does; rejects values JSON cannot carry. */
export function jsonClone<T>(value: T, what: string): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new ValidationError(`${what} is not JSON-serializable: ${(err as Error).message}`, {
      code: SDK_ERROR_CODES.NOT_JSON,
      fix: "Store plain JSON values (no cycles, BigInt or functions).",
    });
  }
  if (text === undefined)
    throw new ValidationError(`${what} is not JSON-serializable.`, {
      code: SDK_ERROR_CODES.NOT_JSON,
      fix: "Store plain JSON values.",
    });
  return JSON.parse(text) as T;
}

/** Structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
