// Typed access to the extension's collections. Every read re-checks owner_id (a mismatch reads as "not found"),
// as the original does: the platform's store is per user, the check is defence in depth.
import type { StoreClient } from "@imperal/sdk";

export const C = {
  groups: "wt_groups",
  profiles: "wt_profiles",
  monitors: "wt_monitors",
  snapshots: "wt_snapshots",
  scans: "wt_scan_results",
  ipScans: "wt_ip_scan_results",
} as const;

export interface Group {
  owner_id: string;
  name: string;
  domains: string[];
  description: string;
  created_at: string;
}
export interface Profile {
  owner_id: string;
  name: string;
  checks: string[];
  created_at: string;
}
export interface Monitor {
  owner_id: string;
  name: string;
  group_id: string;
  profile_id: string;
  interval_hours: number;
  enabled: boolean;
  last_run_at: string | null;
  last_snapshot_id: string | null;
  created_at: string;
}
export interface CheckResult {
  status: string;
  data: unknown;
  error?: string;
}
export interface Snapshot {
  owner_id: string;
  monitor_id: string;
  status: string;
  domains: Record<string, Record<string, CheckResult>>;
  checks_run: number;
  summary: {
    total_domains: number;
    domains_ok: number;
    domains_warning: number;
    domains_critical: number;
    domains_unknown: number;
  };
  created_at: string;
}

/** One stored document with its id. */
export type Doc<T> = T & { id: string };

interface Ctx {
  store: StoreClient;
  user: { imperalId: string };
}

/** Reads a document of the caller (null when missing or owned by someone else). */
export async function getOwn<T>(ctx: Ctx, collection: string, id: string | undefined | null): Promise<Doc<T> | null> {
  if (!id) return null;
  const doc = await ctx.store.get(collection, id);
  if (!doc || doc.data.owner_id !== ctx.user.imperalId) return null;
  return { ...(doc.data as T), id: doc.id };
}

/** Lists the caller's documents of a collection (oldest first). */
export async function listOwn<T>(ctx: Ctx, collection: string, where: Record<string, unknown> = {}): Promise<Doc<T>[]> {
  const out: Doc<T>[] = [];
  let cursor: string | null = null;
  do {
    const page = await ctx.store.query(collection, {
      where: { owner_id: ctx.user.imperalId, ...where },
      orderBy: "created_at",
      limit: 100,
      cursor,
    });
    for (const d of page.data) out.push({ ...(d.data as T), id: d.id });
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** Creates a document owned by the caller. */
export async function createOwn<T extends object>(
  ctx: Ctx,
  collection: string,
  data: T,
): Promise<Doc<T & { owner_id: string }>> {
  const full = { ...data, owner_id: ctx.user.imperalId } as T & { owner_id: string };
  const doc = await ctx.store.create(collection, full as unknown as Record<string, unknown>);
  return { ...full, id: doc.id };
}

/** The current time as stored (ISO). */
export const nowIso = (): string => new Date().toISOString();
