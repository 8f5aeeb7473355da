import { PLACEHOLDER_PATTERN } from "../patterns.js";
import { formatPath } from "./path.js";

export type GuardFailure = { ok: false; code: string; message: string; path?: string; value?: unknown };

/**
 * I-PARAMS-NO-PLACEHOLDER-VALUES: rejects any string arg, at any depth, that is entirely a template placeholder
 * such as `<NOTE_ID>`. Prose that merely contains tags (`"use <b>bold</b>"`) passes.
 */
export function checkPlaceholders(args: unknown): { ok: true } | (GuardFailure & { code: "PLACEHOLDER_ARG"; path: string; value: string }) {
  const seen = new Set<object>();
  const walk = (value: unknown, path: (string | number)[]): { path: (string | number)[]; value: string } | null => {
    if (typeof value === "string") return PLACEHOLDER_PATTERN.test(value.trim()) ? { path, value } : null;
    if (typeof value !== "object" || value === null || seen.has(value)) return null;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const hit = walk(value[i], [...path, i]);
        if (hit) return hit;
      }
      return null;
    }
    for (const [k, v] of Object.entries(value)) {
      const hit = walk(v, [...path, k]);
      if (hit) return hit;
    }
    return null;
  };
  const hit = walk(args, []);
  if (!hit) return { ok: true };
  const where = formatPath(hit.path);
  return {
    ok: false,
    code: "PLACEHOLDER_ARG",
    path: where,
    value: hit.value,
    message: `The value for ${where} is a placeholder (${hit.value.trim()}), not real data. Ask the user for the actual value instead of guessing.`,
  };
}
