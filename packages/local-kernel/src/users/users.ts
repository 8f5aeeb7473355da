import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isValidUserId, USER_ID_RULE } from "@imperal/sdk/patterns";
import type { ConfirmationSettings } from "../confirmations/policy.js";
import { KernelError } from "../errors.js";
import type { EventBus } from "../events.js";

export { isValidUserId };

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

/** Resolves configured users; the default is one user `dev` holding the extension's capabilities, tenant `default`. */
export function resolveUsers(users: UserConfig[] | undefined, capabilities: string[]): Map<string, KernelUser> {
  const list = users && users.length ? users : [{ id: "dev" } as UserConfig];
  const out = new Map<string, KernelUser>();
  for (const u of list) {
    if (!isValidUserId(u.id)) throw new Error(`Invalid user id ${JSON.stringify(u.id)}: ${USER_ID_RULE}`);
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

/** The role that may administer other users of its own tenant (uninstall them); set with `role: "admin"`. */
export const ADMIN_ROLE = "admin";

/**
 * Whether `actor` may run per-user admin actions (uninstall) on `target`: always on itself; on another user only
 * with role `admin` and only inside its own tenant, so no acting user ever reaches across tenants.
 */
export function mayAdminister(actor: KernelUser, target: KernelUser): boolean {
  if (actor.id === target.id) return true;
  return actor.role === ADMIN_ROLE && actor.tenantId === target.tenantId;
}

/** `.imperal/users.json`: `[{ id, tenantId?, scopes?, confirmations? }]` or `{ users: [...] }`; undefined when absent. */
export function readUsersFile(extensionDir: string): UserConfig[] | undefined {
  const p = join(extensionDir, ".imperal", "users.json");
  if (!existsSync(p)) return undefined;
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(p, "utf8"));
  } catch {
    throw new KernelError(
      "USERS_FILE_INVALID",
      `${p} is not valid JSON.`,
      'Fix .imperal/users.json: [{ "id": "alice", "scopes": ["notes:read"] }].',
      500,
    );
  }
  const list = Array.isArray(j) ? j : (j as { users?: unknown })?.users;
  if (!Array.isArray(list)) {
    throw new KernelError(
      "USERS_FILE_INVALID",
      `${p} must be a list of users.`,
      'Use [{ "id": "alice" }] or { "users": [...] }.',
      500,
    );
  }
  return list as UserConfig[];
}

/** Options of {@link UserDirectory}. */
export interface UserDirectoryOptions {
  /** The `users` option or `.imperal/users.json`; undefined = the one default user `dev`. */
  configured: UserConfig[] | undefined;
  /** Capabilities of the first build. */
  capabilities: string[];
  /** With both, the default user's scopes follow every reload. */
  events?: EventBus;
  build?: () => { capabilities: string[] } | undefined;
}

/**
 * The kernel's users. Configured users are fixed for the kernel's life; without configuration the one user `dev`
 * holds the capabilities of the build that is serving, so they follow a reload ({@link followCapabilities}).
 */
export class UserDirectory {
  private users: Map<string, KernelUser>;
  private readonly configured: UserConfig[] | undefined;

  constructor(o: UserDirectoryOptions) {
    this.configured = o.configured;
    try {
      this.users = resolveUsers(o.configured, o.capabilities);
    } catch (e) {
      if (e instanceof KernelError) throw e;
      throw new KernelError("USERS_INVALID", (e as Error).message, "Fix the users option / .imperal/users.json.", 500);
    }
    // The default user follows the capabilities of whichever build is serving.
    o.events?.on((e) => {
      if (e.type === "reload" && o.build?.()) this.followCapabilities(o.build()!.capabilities);
    });
  }

  /** Re-derives the default user's scopes from a new build's capabilities (no-op for configured users). */
  followCapabilities(capabilities: string[]): void {
    if (!this.configured) this.users = resolveUsers(undefined, capabilities);
  }

  /** The user record, or undefined. */
  get(userId: string): KernelUser | undefined {
    return this.users.get(userId);
  }
  /** True for a configured user. */
  has(userId: string): boolean {
    return this.users.has(userId);
  }
  /** Every user id, in configuration order. */
  ids(): string[] {
    return [...this.users.keys()];
  }
  /** The first configured user (`dev` by default): who panels and skeleton views are for without X-Acting-User. */
  defaultUser(): string {
    return this.users.keys().next().value as string;
  }

  /** The acting user, or the HTTP-style error: 400 ACTING_USER_REQUIRED when absent, 403 UNKNOWN_USER when unknown. */
  require(userId: string): KernelUser {
    if (typeof userId !== "string" || userId === "") {
      throw new KernelError(
        "ACTING_USER_REQUIRED",
        "X-Acting-User is required.",
        "Send the X-Acting-User header.",
        400,
      );
    }
    const u = this.users.get(userId);
    if (!u) {
      throw new KernelError(
        "UNKNOWN_USER",
        `Unknown user ${JSON.stringify(userId)}.`,
        "Use one of the kernel's configured users (--user).",
        403,
      );
    }
    return u;
  }
}
