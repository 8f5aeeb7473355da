// Checks of registration options shared by several registration methods (config defaults, sensitive paths).
import { RegistrationError, SDK_ERROR_CODES, type SdkErrorCode } from "../errors/index.js";
import { SENSITIVE_PATH_PATTERN } from "../patterns.js";
import { isZodObject, isZodSchema, objectShapeKeys } from "../schema/index.js";

function fail(code: SdkErrorCode, message: string, fix: string): never {
  throw new RegistrationError(code, message, fix);
}

/** Returns a deep copy of `configDefaults` after checking it is a JSON object. */
export function checkConfigDefaults(appId: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || text === undefined) {
    throw new RegistrationError(
      SDK_ERROR_CODES.INVALID_OPTION,
      `Extension "${appId}": configDefaults must be a JSON object.`,
      'Use plain data, e.g. { backend: { url: "https://api.example.com" } }.',
    );
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** Checks a `sensitive` list: param paths whose first segment is a declared param (when params are declared). */
export function checkSensitive(where: string, sensitive: unknown, params: unknown): string[] | undefined {
  if (sensitive === undefined) return undefined;
  if (!Array.isArray(sensitive) || sensitive.some((p) => typeof p !== "string" || !SENSITIVE_PATH_PATTERN.test(p))) {
    throw new RegistrationError(
      SDK_ERROR_CODES.INVALID_OPTION,
      `${where}: sensitive must be a list of param paths such as "token" or "auth.password".`,
      'Use e.g. sensitive: ["token"].',
    );
  }
  const keys = params === undefined ? [] : objectShapeKeys(params);
  const unknown = keys.length ? (sensitive as string[]).filter((p) => !keys.includes(p.split(".")[0]!)) : [];
  if (unknown.length) {
    throw new RegistrationError(
      SDK_ERROR_CODES.INVALID_OPTION,
      `${where}: sensitive names ${unknown.map((u) => `"${u}"`).join(", ")}, which is not a param.`,
      `Use param names: ${keys.join(", ")}.`,
    );
  }
  return [...new Set(sensitive as string[])];
}

/** Validates a registration's `params`: it must be a zod 3/4 `z.object(...)`. */
export function checkParams(where: string, params: unknown): void {
  if (params === undefined) return;
  if (!isZodObject(params)) {
    fail(
      SDK_ERROR_CODES.PARAMS_NOT_OBJECT,
      `${where}: params must be a z.object(...) schema${isZodSchema(params) ? " (got another zod type)" : ""}.`,
      "Wrap the fields in z.object({ ... }) declared at module scope.",
    );
  }
}

/** Validates a description (non-empty string). */
export function checkDescription(where: string, description: unknown, required = true): void {
  if (description === undefined && !required) return;
  if (typeof description !== "string" || description.trim() === "") {
    fail(
      SDK_ERROR_CODES.DESCRIPTION_MISSING,
      `${where}: description must be a non-empty string.`,
      "Describe what it does in one sentence; the classifier reads it.",
    );
  }
}
