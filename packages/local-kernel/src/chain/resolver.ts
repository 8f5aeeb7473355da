// Chain references resolved right before each step runs: `$steps.N.data.<path>` from earlier steps' results.
import { KernelError } from "../errors.js";
import type { Call, CallResult } from "../dispatch/result.js";
import { findRefs, resolveStepArgs, type ChainToolInfo } from "./refs.js";

/** True when any call's args hold a `$steps.N.data...` reference. */
export function hasStepRefs(calls: Call[]): boolean {
  return calls.some((c) => c && findRefs(c.args).length > 0);
}

/**
 * A `resolveArgs` hook for `dispatch`: substitutes references from earlier steps' `ActionResult.data`. A write or
 * destructive step whose reference does not resolve throws (dispatch records `UNRESOLVED_REFERENCE` and stops).
 */
export function makeChainResolver(
  calls: Call[],
  actionTypeOf: (tool: string) => ChainToolInfo["actionType"] | undefined,
): (index: number, args: unknown, done: CallResult[]) => unknown {
  return (index, args, done) => {
    if (!args || typeof args !== "object" || Array.isArray(args) || findRefs(args).length === 0) return args;
    const tool = calls[index]?.tool ?? "";
    const prior = done.map((d) => (d.result as { data?: unknown } | undefined)?.data);
    const r = resolveStepArgs({ tool, args: args as Record<string, unknown> }, actionTypeOf(tool) ?? "write", prior);
    if (!r.ok)
      throw new KernelError(r.code, r.message, "Refer to a field that an earlier step's result provides.", 400);
    return r.args;
  };
}
