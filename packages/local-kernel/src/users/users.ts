import type { ConfirmationSettings } from "./confirmations/policy.js";

/** A user as configured for the kernel (SPEC 4 `users` option). */
export interface UserConfig {
  id: string;
  tenantId?: string;
  scopes?: string[];
  role?: string;
  email?: string;
  lang?: string;
  confirmations?: ConfirmationSettings;
}
/** A resolved, kernel-authoritative user. */
export interface KernelUser {
  id: string;
  tenantId: string;
  scopes: string[];
  role: string;
  email: string;
  lang: string;
  confirmations?: ConfirmationSettings;
}

const USER_ID_RE = /^[A-Za-z0-9_.@-]{1,128}$/;

/** True when `id` is an acceptable user id (`X-Acting-User`). */
export function isValidUserId(id: unknown): id is string {
  return typeof id === "string" && USER_ID_RE.test(id) && id !== "__proto__";
}

/** Resolves configured users; the default is one user `dev` holding the extension's capabilities, tenant `default`. */
export function resolveUsers(users: UserConfig[] | undefined, capabilities: string[]): Map<string, KernelUser> {
  const list = users && users.length ? users : [{ id: "dev" } as UserConfig];
  const out = new Map<string, KernelUser>();
  for (const u of list) {
    if (!isValidUserId(u.id)) throw new Error(`Invalid user id ${JSON.stringify(u.id)}: use 1-128 chars of A-Z a-z 0-9 _ . @ -`);
    out.set(u.id, {
      id: u.id,
      tenantId: u.tenantId ?? "default",
      scopes: u.scopes ?? [...capabilities],
      role: u.role ?? "user",
      email: u.email ?? `${u.id}@localhost`,
      lang: u.lang ?? "en",
      confirmations: u.confirmations,
    });
  }
  return out;
}
