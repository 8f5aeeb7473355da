// Extension events (SPEC 7.4): publishing, delivery to `ext.onEvent` subscribers and live skeletons. Pure routing
// with injected effects: the runner that executes a subscriber and the skeleton refresh are passed in, so the rules
// (naming, patterns, cascade bound, debounce) are testable without a worker.
import { eventMatches, qualifiedEventType } from "@imperal/sdk/patterns";
import type { EmittedEvent } from "../clients/router.js";
import type { EventBus } from "../events.js";
import type { KernelLog } from "../log.js";
import type { KernelUser } from "../users/users.js";

/** An event as published: what subscribers receive and `GET /v1/events` shows as `{ type: "event", ... }`. */
export interface PublishedEvent {
  type: string;
  app_id: string;
  user_id: string;
  tenant_id: string;
  ts: string;
  data: unknown;
}

/** An event never re-triggers its own subscriber chain deeper than this (SPEC 7.4). */
export const MAX_EVENT_DEPTH = 8;
/** A burst of events for one (user, section) within this window costs one skeleton refresh. */
export const SKELETON_DEBOUNCE_MS = 150;

/** A skeleton section and the events that make it stale (`undefined` = every event of the extension). */
export interface LiveSection {
  section: string;
  refreshOn?: string[];
}

/** What the publisher works with. */
export interface PublisherDeps {
  appId: string;
  events: EventBus;
  log: KernelLog;
  /** `onEvent` patterns of the serving build, in registration order. */
  subscribers: () => string[];
  /** Runs subscriber `index` for the event in the user's ChatContext (audited `__event__{type}`). */
  deliver: (o: { user: KernelUser; event: PublishedEvent; index: number; depth: number }) => Promise<unknown>;
  /** Skeleton sections of the serving build. */
  sections: () => LiveSection[];
  /** Refreshes one (user, section) now. */
  refreshSection: (userId: string, section: string) => Promise<unknown>;
  now?: () => Date;
  debounceMs?: number;
}

/** True when a section's `refreshOn` (bare or prefixed names, `.*` allowed) lets event `type` refresh it. */
export function sectionWants(appId: string, s: LiveSection, type: string): boolean {
  if (s.refreshOn === undefined) return type.startsWith(`${appId}.`);
  return s.refreshOn.some((p) => eventMatches(qualifiedEventType(appId, p), type));
}

/** Publishes events, delivers them to subscribers after the emitting call, keeps skeletons fresh. */
export class EventPublisher {
  private readonly stale = new Map<string, NodeJS.Timeout>();
  private closed = false;
  constructor(private readonly d: PublisherDeps) {}

  /** Publishes what a call emitted (its audit row is written); returns the published types. */
  publish(emitted: readonly EmittedEvent[], depth = 1): string[] {
    return emitted.map((e) => this.publishOne(e.user, e.type, e.data, depth));
  }

  /** Publishes one event for a user: SSE, subscribers (async), live skeleton sections. Returns its type. */
  publishOne(user: KernelUser, rawType: string, data: unknown, depth = 1): string {
    const type = qualifiedEventType(this.d.appId, rawType);
    const event: PublishedEvent = {
      type,
      app_id: this.d.appId,
      user_id: user.id,
      tenant_id: user.tenantId,
      ts: (this.d.now?.() ?? new Date()).toISOString(),
      data: data === undefined ? null : data,
    };
    this.d.events.emit("event", event, user.id);
    this.markStale(user.id, type);
    const subs = this.d.subscribers();
    const matching = subs.flatMap((p, i) => (eventMatches(p, type) ? [i] : []));
    if (matching.length === 0) return type;
    if (depth > MAX_EVENT_DEPTH) {
      this.d.log("warn", `event ${type} not delivered: cascade deeper than ${MAX_EVENT_DEPTH}`, { user: user.id });
      return type;
    }
    // After the emitter's answer: a subscriber never delays (or fails) the call that published the event.
    setImmediate(() => {
      void (async () => {
        for (const index of matching) {
          if (this.closed) return;
          try {
            await this.d.deliver({ user, event, index, depth });
          } catch (e) {
            this.d.log("error", `event ${type} delivery failed: ${(e as Error)?.message ?? e}`, { user: user.id });
          }
        }
      })();
    });
    return type;
  }

  private markStale(userId: string, type: string): void {
    for (const s of this.d.sections()) {
      if (!sectionWants(this.d.appId, s, type)) continue;
      const key = `${userId}\u0000${s.section}`;
      if (this.stale.has(key)) continue;
      const t = setTimeout(() => {
        this.stale.delete(key);
        if (this.closed) return;
        this.d
          .refreshSection(userId, s.section)
          .catch((e: unknown) =>
            this.d.log("warn", `live skeleton refresh of ${s.section} failed: ${(e as Error)?.message ?? e}`),
          );
      }, this.d.debounceMs ?? SKELETON_DEBOUNCE_MS);
      t.unref();
      this.stale.set(key, t);
    }
  }

  /** Stops pending deliveries and refreshes (kernel close). */
  close(): void {
    this.closed = true;
    for (const t of this.stale.values()) clearTimeout(t);
    this.stale.clear();
  }
}
