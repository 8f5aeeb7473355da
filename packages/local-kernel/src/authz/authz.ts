import type { KernelUser } from "../users/users.js";

/** True when the granted scope covers the required one (`*` and `ns:*` wildcards). */
export function scopeCovers(granted: string, required: string): boolean {
  if (granted === "*" || granted === required) return true;
  if (granted.endsWith(":*")) {
    const prefix = granted.slice(0, -1); // "ns:"
    return required.startsWith(prefix);
  }
  return false;
}

/** True when any of the user's scopes covers `required`. */
export function hasScope(scopes: readonly string[], required: string): boolean {
  return scopes.some((g) => scopeCovers(g, required));
}

/**
 * The scopes a call needs: the tool's own `scopes` if declared; otherwise the extension capabilities
 * matching the action verb (read -> `*:read`, write -> `*:write`, destructive -> `*:delete`, else `*:write`);
 * when no capability carries such a verb, all capabilities.
 */
export function requiredScopes(actionType: string, toolScopes: string[] | undefined, capabilities: string[]): string[] {
  if (toolScopes && toolScopes.length) return toolScopes;
  const verb = (v: string) => capabilities.filter((c) => c.split(":").pop() === v);
  let picked: string[] = [];
  if (actionType === "read") picked = verb("read");
  else if (actionType === "write") picked = verb("write");
  else if (actionType === "destructive") picked = verb("delete").length ? verb("delete") : verb("write");
  return picked.length ? picked : [...capabilities];
}

export type AuthzDecision =
  { ok: true; required: string[] } | { ok: false; code: string; reason: string; required: string[] };

/** Authorizes a user for one call: tenant match, then scopes against the extension's capabilities. */
export function authorize(input: {
  user: KernelUser;
  targetTenantId: string;
  actionType: string;
  toolScopes?: string[];
  capabilities: string[];
}): AuthzDecision {
  const required = requiredScopes(input.actionType, input.toolScopes, input.capabilities);
  if (input.user.tenantId !== input.targetTenantId) {
    return {
      ok: false,
      code: "TENANT_MISMATCH",
      reason: `user tenant ${input.user.tenantId} does not match target tenant ${input.targetTenantId}`,
      required,
    };
  }
  const missing = required.filter((r) => !hasScope(input.user.scopes, r));
  if (missing.length) {
    return { ok: false, code: "FORBIDDEN_SCOPE", reason: `missing scope(s): ${missing.join(", ")}`, required };
  }
  return { ok: true, required };
}
