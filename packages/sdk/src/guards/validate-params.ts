import { SDK_ERROR_CODES } from "../errors/codes.js";
import { safeParseAny, type SchemaIssue } from "../schema/index.js";
import { issuesToProse } from "./user-message.js";

/** Retries allowed after the first failed attempt (I-PYDANTIC-RETRY-BUDGET). */
export const VALIDATION_RETRY_BUDGET = 2;

export type ValidateParamsResult<T = unknown> =
  | { ok: true; value: T }
  | {
      ok: false;
      code: "VALIDATION_FAILED" | "VALIDATION_MISSING_FIELD";
      message: string;
      /** Prose the classifier gets back so it can fix its arguments. */
      feedback: string;
      issues: SchemaIssue[];
      retryable: boolean;
      attempt: number;
    };

/**
 * Validates raw args against a zod 3/4 schema. `attempt` is 0 for the first call of a tool use and counts
 * retries; after {@link VALIDATION_RETRY_BUDGET} retries a failure becomes `VALIDATION_MISSING_FIELD`.
 */
export function validateParams<T = unknown>(
  schema: unknown,
  args: unknown,
  opts: { attempt?: number; toolName?: string } = {},
): ValidateParamsResult<T> {
  const attempt = Math.max(0, Math.floor(opts.attempt ?? 0));
  const input = args === undefined || args === null ? {} : args;
  if (schema === undefined) return { ok: true, value: input as T };
  const r = safeParseAny(schema, input);
  if (r.success) return { ok: true, value: r.data as T };
  const label = opts.toolName ? `for ${opts.toolName} ` : "";
  const forTool = opts.toolName ? ` for ${opts.toolName}` : "";
  const prose = issuesToProse(r.issues, input);
  const budgetSpent = attempt >= VALIDATION_RETRY_BUDGET;
  const feedback = budgetSpent
    ? `The arguments ${label}are still invalid after ${VALIDATION_RETRY_BUDGET} retries:\n${prose}\n` +
      "Ask the user for the missing or invalid values instead of retrying."
    : `The arguments ${label}did not match what the function expects:\n${prose}\n` +
      `Fix these values and call it again (retry ${attempt + 1} of ${VALIDATION_RETRY_BUDGET}).`;
  return {
    ok: false,
    code: budgetSpent ? SDK_ERROR_CODES.VALIDATION_MISSING_FIELD : SDK_ERROR_CODES.VALIDATION_FAILED,
    message: budgetSpent
      ? `Invalid arguments${forTool} after ${VALIDATION_RETRY_BUDGET} retries.`
      : `Invalid arguments${forTool}.`,
    feedback,
    issues: r.issues,
    retryable: !budgetSpent,
    attempt,
  };
}
