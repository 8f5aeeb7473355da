// The event catalog a rule can trigger on, and the checks create/update share (event known, cron valid).
//
// The original reads a catalog the platform kernel publishes from every installed manifest. The local kernel
// publishes none, so the catalog is built from what this extension knows: `system.scheduled` (cron rules), its own
// events, and the events of the example extensions shipped with this repository. ctx.config `catalog.extra` (a
// list of `{ event_type, description }`) adds a deployment's own.
import { ActionResult } from "@imperal/sdk";
import { cronProblem } from "@imperal/sdk/patterns";
import { SCHEDULED_EVENT } from "./rules.js";

/** One catalog entry. */
export interface CatalogEvent {
  event_type: string;
  description: string;
}

const BUILT_IN: readonly CatalogEvent[] = [
  { event_type: SCHEDULED_EVENT, description: "Fires on a cron schedule (UTC); the rule needs a schedule." },
  { event_type: "notes.created", description: "A note was created." },
  { event_type: "notes.updated", description: "A note was edited." },
  { event_type: "notes.deleted", description: "A note was moved to the trash." },
  { event_type: "web-tools.scan.completed", description: "A Web Tools monitor finished a scan." },
  { event_type: "web-tools.monitor.created", description: "A Web Tools monitor was created." },
  { event_type: "automations.rule_created", description: "An automation rule was created." },
  { event_type: "automations.rule_deleted", description: "An automation rule was deleted." },
];

/** What the create form offers when the catalog cannot be read (the original's three fallbacks). */
export const FALLBACK_EVENTS: readonly CatalogEvent[] = [
  { event_type: SCHEDULED_EVENT, description: "On a schedule" },
  { event_type: "notes.created", description: "When a note is created" },
  { event_type: "web-tools.scan.completed", description: "When a scan completes" },
];

/** The catalog for a ctx: built-ins plus `catalog.extra` from config (malformed entries are skipped). */
export function eventCatalog(ctx: { config: { get(path: string, fallback?: unknown): unknown } }): CatalogEvent[] {
  const extra = ctx.config.get("catalog.extra", []);
  const more = (Array.isArray(extra) ? extra : []).filter(
    (e): e is CatalogEvent =>
      !!e &&
      typeof e === "object" &&
      typeof (e as CatalogEvent).event_type === "string" &&
      (e as CatalogEvent).event_type !== "",
  );
  const seen = new Set<string>();
  return [...BUILT_IN, ...more]
    .filter((e) => (seen.has(e.event_type) ? false : (seen.add(e.event_type), true)))
    .map((e) => ({ event_type: e.event_type, description: String(e.description ?? "") }));
}

/** Checks an event type against a non-empty catalog: a retryable error naming the choices, or null. */
export function eventProblem(eventType: string, catalog: readonly CatalogEvent[]): ActionResult<never> | null {
  if (catalog.length === 0 || catalog.some((e) => e.event_type === eventType)) return null;
  const names = catalog.map((e) => e.event_type).join(", ");
  return ActionResult.error(`Event '${eventType}' not found. Available: ${names}`, {
    code: "UNKNOWN_EVENT",
    retryable: true,
  });
}

/** Checks the schedule for an event: required for system.scheduled, a valid 5-field UTC cron when given. */
export function scheduleProblem(eventType: string, schedule: string): ActionResult<never> | null {
  if (eventType === SCHEDULED_EVENT && schedule === "")
    return ActionResult.error(
      `A schedule is required for '${SCHEDULED_EVENT}': pass a 5-field UTC cron such as "0 9 * * 1-5".`,
      { code: "SCHEDULE_REQUIRED", retryable: true },
    );
  if (schedule === "") return null;
  const p = cronProblem(schedule);
  // Not retryable, as in the original: a bad cron is the user's to fix, not the model's to guess.
  return p ? ActionResult.error(`Invalid cron '${schedule}': ${p}`, { code: "INVALID_CRON", retryable: false }) : null;
}
