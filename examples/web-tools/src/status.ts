// Check status rules and roll-ups (pure): the same rules decide a check, a domain and a monitor.

/** Status of one check, one domain or one monitor. */
export type Status = "ok" | "warning" | "critical" | "unknown";

/** The checks a profile may hold. */
export const CHECKS = ["dns", "ssl", "whois", "http", "email", "blacklist", "geo", "seo", "ports", "smtp"] as const;
export type Check = (typeof CHECKS)[number];

type Data = Record<string, unknown> | null | undefined;

/** Decides one check's status from its backend data (no data or an error -> unknown). */
export function checkStatus(check: string, data: Data, error?: string): Status {
  if (error || !data) return "unknown";
  switch (check) {
    case "blacklist": {
      if (data.verdict === "critical") return "critical";
      if (data.verdict === "listed") return "warning";
      return data.resolved_ip ? "ok" : "unknown";
    }
    case "ssl": {
      if (data.valid === false) return "critical";
      const days = Number(data.days_until_expiry ?? data.days_remaining ?? 99);
      return days < 14 ? "warning" : "ok";
    }
    case "http":
    case "email": {
      const grade = String(data.grade ?? "");
      if (grade.startsWith("F")) return "critical";
      return grade.startsWith("C") || grade.startsWith("D") ? "warning" : "ok";
    }
    case "geo": {
      const regions = Object.values(((data.http as Data)?.regions as Record<string, { ok?: boolean }>) ?? {});
      if (regions.length === 0) return "unknown";
      return regions.filter((r) => r.ok).length / regions.length < 0.6 ? "warning" : "ok";
    }
    case "smtp":
      return data.reachable ? "ok" : "warning";
    case "seo":
      return Array.isArray(data.issues) && data.issues.length > 0 ? "warning" : "ok";
    case "propagation":
      return data.fully_propagated === false ? "warning" : "ok";
    default:
      return "ok";
  }
}

/** Rolls statuses up: any critical -> critical; any warning -> warning; ok only if some ok and none unknown. */
export function rollUp(statuses: readonly Status[]): Status {
  if (statuses.includes("critical")) return "critical";
  if (statuses.includes("warning")) return "warning";
  if (statuses.includes("ok") && !statuses.includes("unknown")) return "ok";
  return "unknown";
}

/** Sort order of monitor cards: critical first. */
export const STATUS_ORDER: Record<Status, number> = { critical: 0, warning: 1, ok: 2, unknown: 3 };
