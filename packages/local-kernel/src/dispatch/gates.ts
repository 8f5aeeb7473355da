// The gates every call passes before any handler code runs: placeholders, fabricated ids, the schema (with its retry
// budget) and authorization. A gate answers a Rejection or null.
import { exceedsDepth, MAX_ARGS_DEPTH, STEP_REF_PREFIX_PATTERN } from "@imperal/sdk/patterns";
import { authorize } from "../authz/authz.js";
import type { SdkGuards } from "../sdk.js";
import type { SeenIds } from "../seen/registry.js";
import type { KernelUser } from "../users/users.js";
import type { WorkerHandle } from "../worker/handle.js";
import type { ToolInfo } from "../worker/protocol.js";
import type { Call, Rejection } from "./result.js";

/** Args with chain references (`$steps.N...`) removed, for the id guard (references are resolved later). */
function stripRefs(v: unknown): unknown {
  if (typeof v === "string") return STEP_REF_PREFIX_PATTERN.test(v) ? undefined : v;
  if (Array.isArray(v)) return v.map(stripRefs).filter((x) => x !== undefined);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = stripRefs(x);
      if (y !== undefined) out[k] = y;
    }
    return out;
  }
  return v;
}
function hasRefs(v: unknown): boolean {
  if (typeof v === "string") return STEP_REF_PREFIX_PATTERN.test(v);
  if (Array.isArray(v)) return v.some(hasRefs);
  if (v && typeof v === "object") return Object.values(v).some(hasRefs);
  return false;
}
/** True when args nest deeper than SPEC 10 allows (checked iteratively, before any recursive walk). */
export function tooDeep(args: unknown): boolean {
  return exceedsDepth(args, MAX_ARGS_DEPTH);
}

/**
 * A copy of `v` cut at `max` levels (deeper containers become a marker) and at `maxNodes` containers, built without
 * recursion: what the ledger and the turn object keep of args that were too deep to accept — serializing the
 * original could overflow the stack (and an in-process caller's shared or cyclic objects must not multiply).
 */
export function clipDepth(v: unknown, max = MAX_ARGS_DEPTH, maxNodes = 10_000): unknown {
  const copy = (x: unknown): unknown => (Array.isArray(x) ? [] : typeof x === "object" && x !== null ? {} : x);
  const root = copy(v);
  const stack: Array<[object, Record<string, unknown>, number]> = [];
  if (root !== v) stack.push([v as object, root as Record<string, unknown>, 1]);
  // defineProperty, not `dst[k] =`: a `__proto__` key of the args must stay a key, not become the copy's prototype
  const put = (dst: object, k: string, value: unknown): void => {
    Object.defineProperty(dst, k, { value, enumerable: true, writable: true, configurable: true });
  };
  let nodes = 1;
  while (stack.length > 0) {
    const [src, dst, depth] = stack.pop()!;
    for (const [k, x] of Object.entries(src)) {
      if (typeof x !== "object" || x === null) put(dst, k, x);
      else if (depth >= max) put(dst, k, `[nested deeper than ${max} levels]`);
      else if (nodes >= maxNodes) put(dst, k, "[cut]");
      else {
        nodes++;
        const c = copy(x) as Record<string, unknown>;
        put(dst, k, c);
        stack.push([x, c, depth + 1]);
      }
    }
  }
  return root;
}

function isPlainArgs(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Per (user, tool) count of schema failures in one tool use (I-PYDANTIC-RETRY-BUDGET: the first try plus 2 retries,
 * then `VALIDATION_MISSING_FIELD`). Only a valid call ends the tool use: a spent budget stays spent, so asking again
 * with other invalid args never earns fresh retries.
 */
export class SchemaBudget {
  private readonly attempts = new Map<string, number>();
  /** The attempt number of the next validation. */
  next(user: string, tool: string): number {
    return this.attempts.get(`${user}\u0000${tool}`) ?? 0;
  }
  /** Counts a failed validation (VALIDATION_FAILED and VALIDATION_MISSING_FIELD alike). */
  fail(user: string, tool: string): void {
    this.attempts.set(`${user}\u0000${tool}`, this.next(user, tool) + 1);
  }
  /** Starts over: the args were valid, the tool use is done. */
  reset(user: string, tool: string): void {
    this.attempts.delete(`${user}\u0000${tool}`);
  }
}

/** What the gates read. */
export interface GateDeps {
  guards: SdkGuards;
  seen: SeenIds;
  budget: SchemaBudget;
  /** The serving build's capabilities (authorization reads them). */
  capabilities: () => string[];
}

/** One call to judge. */
export interface GateInput {
  user: KernelUser | undefined;
  call: Call;
  tool: ToolInfo | undefined;
  /** Surface kinds callable on this path. */
  allow: ToolInfo["kind"][];
  /** Guards judge arguments a classifier or a client proposed (not confirmed replays, not skeleton args). */
  judgeArgs: boolean;
  handle: WorkerHandle;
}

/** Guards and authorization for one call. Returns null when the call may proceed. */
export async function gate(deps: GateDeps, g: GateInput): Promise<Rejection | null> {
  const { user, call: c, tool: t } = g;
  if (!user) return { code: "UNKNOWN_USER", message: "This user is not known to the kernel." };
  if (!c || typeof c.tool !== "string" || !t || !g.allow.includes(t.kind)) {
    return { code: "UNKNOWN_TOOL", message: `There is no action called ${JSON.stringify(c?.tool)} in this extension.` };
  }
  if (!isPlainArgs(c.args)) return { code: "INVALID_ARGS", message: "The arguments must be a JSON object." };
  if (g.judgeArgs) {
    const ph = deps.guards.checkPlaceholders(c.args);
    if (!ph.ok) return { code: ph.code || "PLACEHOLDER_ARG", message: ph.message };
    // The user's seen ids are indexed as they arrive, so the guard costs O(1) per id-shaped argument. Panel props
    // are the UI's own navigation state (`note_id: "new"`), not model output: exempt, as in the SDK's executeTool.
    if (t.kind !== "panel") {
      const fid = deps.guards.checkFabricatedIds(stripRefs(c.args), {
        seen: deps.seen.index(user.id),
        ...(t.idProjection ? { idProjection: t.idProjection } : {}),
      });
      if (!fid.ok) return { code: fid.code || "FABRICATED_ID", message: fid.message };
    }
    if (t.hasParams && !hasRefs(c.args)) {
      const attempt = deps.budget.next(user.id, t.name);
      const v = await g.handle.validate(t.name, c.args, attempt);
      if (!v.ok) {
        if (v.code === "VALIDATION_FAILED" || v.code === "VALIDATION_MISSING_FIELD") deps.budget.fail(user.id, t.name);
        const f = v as { feedback?: unknown };
        return { code: v.code, message: v.message, ...(f.feedback !== undefined ? { feedback: f.feedback } : {}) };
      }
      deps.budget.reset(user.id, t.name);
    }
  }
  const az = authorize({
    user,
    targetTenantId: user.tenantId,
    actionType: t.actionType,
    toolScopes: t.scopes,
    capabilities: deps.capabilities(),
  });
  if (!az.ok) {
    const message =
      az.code === "FORBIDDEN_SCOPE"
        ? `You don't have permission to do that (${az.reason}).`
        : "This action belongs to another organisation.";
    return { code: az.code, message };
  }
  return null;
}
