import { SeenIndex } from "@imperal/sdk/guards";
import type { Db } from "../state/db.js";

/** Where a seen value came from (kept for debugging; every source counts the same). */
export type SeenSource = "args" | "result" | "store" | "skeleton" | "message" | "fact_ledger";

const MAX_VALUE_LEN = 256;
const MAX_VALUES_PER_ADD = 2000;

/**
 * Per-user registry of values the kernel has seen in the conversation: args of earlier calls, results,
 * ids returned by the store, skeleton snapshots and user messages / the fact ledger.
 * The fabricated-id guard (I-AH-1) checks id-shaped args against it. Persisted in SQLite; in memory each user's
 * values are a {@link SeenIndex}, updated as values arrive, so a guard check never scans the whole history.
 */
export class SeenIds {
  private readonly mem = new Map<string, SeenIndex>();
  private readonly ins;
  constructor(
    private readonly db: Db,
    private readonly appId: string,
  ) {
    this.ins = db.prepare("INSERT OR IGNORE INTO seen_ids (user_id, app_id, value, source) VALUES (?,?,?,?)");
  }

  private setFor(userId: string): SeenIndex {
    let s = this.mem.get(userId);
    if (!s) {
      s = new SeenIndex();
      const rows = this.db
        .prepare("SELECT value FROM seen_ids WHERE user_id=? AND app_id=?")
        .iterate(userId, this.appId);
      for (const r of rows as Iterable<{ value: string }>) s.add(r.value);
      this.mem.set(userId, s);
    }
    return s;
  }

  /** Records scalar values (strings, numbers) as seen for the user. */
  add(userId: string, values: Iterable<unknown>, source: SeenSource): void {
    const s = this.setFor(userId);
    const fresh: string[] = [];
    for (const v of values) {
      if (typeof v !== "string" && typeof v !== "number") continue;
      const str = String(v);
      if (str.length === 0 || str.length > MAX_VALUE_LEN || s.has(str)) continue;
      s.add(str);
      fresh.push(str);
    }
    if (fresh.length) {
      const tx = this.db.transaction(() => {
        for (const v of fresh) this.ins.run(userId, this.appId, v, source);
      });
      tx();
    }
  }

  /** Records every scalar found (at any depth) in a JSON value. */
  addFrom(userId: string, value: unknown, source: SeenSource): void {
    const out: unknown[] = [];
    const walk = (v: unknown, depth: number): void => {
      if (out.length >= MAX_VALUES_PER_ADD || depth > 20) return;
      if (typeof v === "string" || typeof v === "number") out.push(v);
      else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
      else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x, depth + 1);
    };
    walk(value, 0);
    this.add(userId, out, source);
  }

  /** True when the value was seen for this user. */
  has(userId: string, value: string | number): boolean {
    return this.setFor(userId).has(String(value));
  }

  /** The user's seen values, indexed for the fabricated-id guard (live: later additions show up). */
  index(userId: string): SeenIndex {
    return this.setFor(userId);
  }

  /** Forgets everything seen for the user (uninstall). */
  purge(userId: string): void {
    this.mem.delete(userId);
    this.db.prepare("DELETE FROM seen_ids WHERE user_id=? AND app_id=?").run(userId, this.appId);
  }
}
