import { SDK_ERROR_CODES } from "../errors/codes.js";
import { PLACEHOLDER_PATTERN } from "../patterns.js";
import { findArg, formatPath } from "./path.js";

export type GuardFailure = { ok: false; code: string; message: string; path?: string; value?: unknown };

/**
 * I-PARAMS-NO-PLACEHOLDER-VALUES: rejects any string arg, at any depth, that is entirely a template placeholder
 * such as `<NOTE_ID>`. Prose that merely contains tags (`"use <b>bold</b>"`) passes.
 */
export function checkPlaceholders(
  args: unknown,
): { ok: true } | (GuardFailure & { code: "PLACEHOLDER_ARG"; path: string; value: string }) {
  const hit = findArg(args, (leaf) => typeof leaf === "string" && PLACEHOLDER_PATTERN.test(leaf.trim()));
  if (!hit) return { ok: true };
  const where = formatPath(hit.path);
  return {
    ok: false,
    code: SDK_ERROR_CODES.PLACEHOLDER_ARG,
    path: where,
    value: hit.value,
    message: `The value for ${where} is a placeholder (${hit.value.trim()}), not real data. Ask the user for the actual value instead of guessing.`,
  };
}
