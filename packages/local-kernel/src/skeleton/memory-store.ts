import type { SkeletonSnapshot, SnapshotStore } from "./types.js";

/** In-memory SnapshotStore for tests, benchmarks and the embedded dev path; values are deep-copied on the way in and out. */
export class MemorySnapshotStore implements SnapshotStore {
  private readonly byUser = new Map<string, Map<string, SkeletonSnapshot>>();

  get(user: string, section: string): SkeletonSnapshot | undefined {
    const s = this.byUser.get(user)?.get(section);
    return s ? structuredClone(s) : undefined;
  }

  put(snapshot: SkeletonSnapshot): void {
    let m = this.byUser.get(snapshot.user);
    if (!m) this.byUser.set(snapshot.user, (m = new Map()));
    m.set(snapshot.section, structuredClone(snapshot));
  }

  list(user: string): SkeletonSnapshot[] {
    return [...(this.byUser.get(user)?.values() ?? [])].map((s) => structuredClone(s));
  }

  purgeUser(user: string): void {
    this.byUser.delete(user);
  }

  /** Number of users with at least one snapshot (tests use it to check purges). */
  get userCount(): number {
    return this.byUser.size;
  }
}
