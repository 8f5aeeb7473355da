/** One event on the kernel's stream (`GET /v1/events`). `userId` absent = visible to every subscriber. */
export interface KernelEvent {
  seq: number;
  type: string;
  ts: string;
  userId?: string;
  data: Record<string, unknown>;
}
export type EventListener = (e: KernelEvent) => void;

/** In-process event stream: turns, notifications, promoted results, reloads, build errors, progress. */
export class EventBus {
  private seq = 0;
  private readonly listeners = new Set<EventListener>();
  private readonly recent: KernelEvent[] = [];

  /** Publishes an event to every subscriber. */
  emit(type: string, data: Record<string, unknown>, userId?: string): KernelEvent {
    const e: KernelEvent = { seq: ++this.seq, type, ts: new Date().toISOString(), ...(userId ? { userId } : {}), data };
    this.recent.push(e);
    if (this.recent.length > 200) this.recent.shift();
    for (const l of this.listeners) {
      try { l(e); } catch { /* a broken subscriber never breaks the kernel */ }
    }
    return e;
  }
  /** Subscribes; returns the unsubscribe function. */
  on(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  /** The last (up to 200) events, oldest first. */
  history(): KernelEvent[] { return [...this.recent]; }
  /** Forgets buffered events of one user (uninstall). */
  purgeUser(userId: string): void {
    for (let i = this.recent.length - 1; i >= 0; i--) if (this.recent[i]!.userId === userId) this.recent.splice(i, 1);
  }
}
