// Scan functions: a monitor's scan, its results, and the ad-hoc domain and IP scans of the sidebar.
import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
import { api, pool, runCheck } from "./backend.js";
import { DOMAIN_RE, parseDomains } from "./limits.js";
import { scanMonitor } from "./scan.js";
import { ScanResults } from "./models.js";
import { checkStatus, rollUp, type Status } from "./status.js";
import { C, createOwn, getOwn, listOwn, nowIso, type Monitor, type Snapshot } from "./store.js";

chat.function(
  "run_scan",
  {
    description: "Scan a monitor's domains now.",
    actionType: "write",
    event: "scan.completed",
    params: z.object({ monitor_id: z.string() }),
  },
  async (ctx, p) => {
    const m = await getOwn<Monitor>(ctx, C.monitors, p.monitor_id);
    if (!m) return ActionResult.error("Monitor not found.", { code: "NOT_FOUND" });
    try {
      const r = await scanMonitor(ctx, m);
      if (!r.ok && r.code === "NOT_FOUND") return ActionResult.error(r.error, { code: "NOT_FOUND" });
      if (!r.ok) return ActionResult.error(r.error, { code: "INVALID_INPUT" });
      const s = r.snapshot;
      return ActionResult.success(
        { monitor_id: m.id, snapshot_id: s.id, status: s.status, summary: s.summary },
        `Scan complete: ${s.status.toUpperCase()} — ${s.summary.total_domains} domain(s), ${r.issues} issue(s)`,
        { refreshPanels: ["sidebar", "overview", "detail"] },
      );
    } catch (e) {
      return ActionResult.error(`Scan failed: ${(e as Error).message}`, { code: "SCAN_FAILED", retryable: true });
    }
  },
);

chat.function(
  "get_scan_results",
  {
    description: "Get the latest scan results of a monitor.",
    dataModel: ScanResults,
    actionType: "read",
    params: z.object({ monitor_id: z.string() }),
  },
  async (ctx, p) => {
    const m = await getOwn<Monitor>(ctx, C.monitors, p.monitor_id);
    if (!m) return ActionResult.error("Monitor not found.", { code: "NOT_FOUND" });
    const snap = await getOwn<Snapshot>(ctx, C.snapshots, m.last_snapshot_id);
    if (!snap) return ActionResult.error("No scan results yet — run a scan first.", { code: "NO_RESULTS" });
    const { id: snapshot_id, ...rest } = snap;
    return ActionResult.success({ ...rest, snapshot_id, monitor_id: m.id }, `${m.name}: ${snap.status}`);
  },
);

const PRESETS = ["full", "dns", "ssl", "http", "email", "blacklist", "geo", "ports"] as const;
chat.function(
  "quick_check",
  {
    description: "Check one domain right away (full = DNS, SSL, HTTP, email and blacklist).",
    actionType: "write",
    event: "quick.completed",
    params: z.object({ domain: z.string(), preset: z.enum(PRESETS).default("full") }),
  },
  async (ctx, p) => {
    const domain = p.domain.trim().toLowerCase();
    if (!DOMAIN_RE.test(domain))
      return ActionResult.error(`Invalid domain format: ${domain}.`, { code: "INVALID_INPUT" });
    const checks = p.preset === "full" ? ["dns", "ssl", "http", "email", "blacklist"] : [p.preset];
    const results = await Promise.all(checks.map(async (c) => [c, await runCheck(ctx, c, domain)] as const));
    const out = Object.fromEntries(
      results.map(([c, r]) => [
        c,
        r.ok ? { status: checkStatus(c, r.data), data: r.data } : { status: "unknown", error: r.error },
      ]),
    );
    const status = rollUp(Object.values(out).map((r) => r.status as Status));
    return ActionResult.success({ domain, preset: p.preset, status, checks: out }, `${domain}: ${status}`);
  },
);

const on = () => z.boolean().default(true);
const off = () => z.boolean().default(false);
const DOMAIN_TOGGLES = ["ssl", "http", "email", "blacklist", "geo", "whois", "ports", "smtp", "propagation"] as const;

chat.function(
  "run_scan_tool",
  {
    description: "Scan up to 10 domains with the chosen checks and keep the result for the sidebar.",
    actionType: "write",
    event: "scan.tool",
    params: z.object({
      domains: z.array(z.string()).min(1).max(10),
      ssl: on(),
      http: on(),
      email: on(),
      blacklist: on(),
      geo: off(),
      whois: off(),
      ports: off(),
      smtp: off(),
      propagation: off(),
    }),
  },
  async (ctx, p) => {
    const domains = parseDomains(p.domains);
    const bad = domains.filter((d) => !DOMAIN_RE.test(d));
    if (bad.length)
      return ActionResult.error(`Invalid domain format: ${bad.slice(0, 3).join(", ")}.`, { code: "INVALID_INPUT" });
    const checks = DOMAIN_TOGGLES.filter((c) => p[c]);
    if (checks.length === 0) return ActionResult.error("Choose at least one check.", { code: "INVALID_INPUT" });
    ctx.progress(0, `Scanning ${domains.length} domain(s)`);
    const results: Record<string, { status: Status; checks: Record<string, unknown> }> = {};
    let done = 0;
    for (const domain of domains) {
      const rs = await pool(checks, 5, async (c) => [c, await runCheck(ctx, c, domain)] as const);
      const per = Object.fromEntries(
        rs.map(([c, r]) => [
          c,
          r.ok ? { status: checkStatus(c, r.data), data: r.data } : { status: "unknown", error: r.error },
        ]),
      );
      results[domain] = { status: rollUp(Object.values(per).map((x) => x.status as Status)), checks: per };
      done++;
      ctx.progress(
        Math.min(90, Math.round((done / domains.length) * 90)),
        `Scanned ${done}/${domains.length}: ${domain}`,
      );
    }
    const prev = await listOwn(ctx, C.scans);
    for (const d of prev) await ctx.store.delete(C.scans, d.id);
    const doc = await createOwn(ctx, C.scans, { domains, checks: [...checks], results, created_at: nowIso() });
    return ActionResult.success({ scan_id: doc.id, domains, checks, results }, `Scanned ${domains.length} domain(s)`, {
      refreshPanels: ["sidebar"],
    });
  },
);

const IP_RE = /^(\d{1,3})(\.\d{1,3}){3}$/;
chat.function(
  "run_ip_scan",
  {
    description: "Scan up to 5 IP addresses (lookup, blacklist, reverse DNS, ping; ports optional).",
    actionType: "write",
    event: "scan.tool",
    params: z.object({
      ips: z.array(z.string()).default([]),
      domains: z.array(z.string()).default([]).describe("Alias of ips"),
      ip_lookup: on(),
      blacklist: on(),
      reverse: on(),
      geo_ping: on(),
      ports: off(),
    }),
  },
  async (ctx, p) => {
    const ips = [...new Set([...p.ips, ...p.domains].map((x) => x.trim()))].filter(Boolean);
    if (ips.length === 0 || ips.length > 5)
      return ActionResult.error("Give 1 to 5 IP addresses.", { code: "INVALID_INPUT" });
    const bad = ips.filter((ip) => !IP_RE.test(ip));
    if (bad.length)
      return ActionResult.error(`Invalid IP address: ${bad.slice(0, 3).join(", ")}.`, { code: "INVALID_INPUT" });
    const checks = (["ip_lookup", "blacklist", "reverse", "geo_ping", "ports"] as const).filter((c) => p[c]);
    const results: Record<string, Record<string, unknown>> = {};
    for (const ip of ips) {
      const r = await api(ctx, `/v1/ip/${encodeURIComponent(ip)}`, { checks: checks.join(",") });
      results[ip] = r.ok ? { status: "ok", data: r.data } : { status: "unknown", error: r.error };
    }
    const prev = await listOwn(ctx, C.ipScans);
    for (const d of prev) await ctx.store.delete(C.ipScans, d.id);
    await createOwn(ctx, C.ipScans, { ips, checks: [...checks], results, created_at: nowIso() });
    return ActionResult.success({ ips, checks, results }, `Scanned ${ips.length} IP(s)`, {
      refreshPanels: ["sidebar"],
    });
  },
);
