// What read functions return (dataModel): the classifier and the kernel's data-model check read these.
import { z } from "@imperal/sdk";

/** Backend-defined data of one domain (the backend adds its own fields). */
export const DomainData = z.object({ domain: z.string() }).passthrough();

export const GroupList = z.object({
  groups: z.array(
    z.object({ group_id: z.string(), name: z.string(), domains: z.array(z.string()), domain_count: z.number() }),
  ),
});
export const ProfileList = z.object({
  profiles: z.array(z.object({ profile_id: z.string(), name: z.string(), checks: z.array(z.string()) })),
});
export const MonitorList = z.object({
  monitors: z.array(
    z.object({
      monitor_id: z.string(),
      name: z.string(),
      group_id: z.string(),
      profile_id: z.string(),
      interval_hours: z.number(),
      enabled: z.boolean(),
      last_run_at: z.string().nullable(),
      status: z.enum(["ok", "warning", "critical", "unknown"]),
    }),
  ),
});
const Count = z.number();
export const ScanResults = z.object({
  monitor_id: z.string(),
  snapshot_id: z.string(),
  owner_id: z.string(),
  status: z.string(),
  domains: z.record(
    z.string(),
    z.record(z.string(), z.object({ status: z.string(), data: z.unknown(), error: z.string().optional() })),
  ),
  checks_run: z.number(),
  summary: z.object({
    total_domains: Count,
    domains_ok: Count,
    domains_warning: Count,
    domains_critical: Count,
    domains_unknown: Count,
  }),
  created_at: z.string(),
});
export const FullCheck = z.object({
  domain: z.string(),
  checks: z.array(z.object({ check: z.string(), status: z.string(), detail: z.string() })),
});
export const Audit = z.object({ domains: z.record(z.string(), z.record(z.string(), z.string())) });
