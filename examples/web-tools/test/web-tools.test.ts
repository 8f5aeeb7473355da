// The acceptance scenarios of the Web Tools spec, through the testing kit (backend stubbed).
import { describe, expect, it } from "vitest";
import { callableSurface } from "@imperal/sdk";
import { ext } from "../src/index.js";
import { runOverdueMonitors } from "../src/schedule.js";
import { checkStatus, rollUp } from "../src/status.js";
import { nodeTypes, session } from "./helpers.js";

async function monitor(
  call: ReturnType<typeof session>["call"],
  name = "Prod",
  domains = ["ok.example", "warn.example"],
) {
  return (await call("create_monitor_full", { name, domains })).data as {
    monitor_id: string;
    group_id: string;
    profile_id: string;
  };
}

describe("status rules", () => {
  it("decide checks and roll up domains and monitors", () => {
    expect(checkStatus("blacklist", { verdict: "critical" })).toBe("critical");
    expect(checkStatus("blacklist", { verdict: "listed" })).toBe("warning");
    expect(checkStatus("blacklist", { verdict: "clean" })).toBe("unknown"); // clean without a resolved IP
    expect(checkStatus("ssl", { valid: true, days_until_expiry: 7 })).toBe("warning");
    expect(checkStatus("ssl", { valid: true })).toBe("ok"); // days default 99
    expect(checkStatus("http", { grade: "F" })).toBe("critical");
    expect(checkStatus("email", { grade: "D" })).toBe("warning");
    expect(checkStatus("geo", { http: { regions: { a: { ok: true }, b: { ok: false } } } })).toBe("warning");
    expect(checkStatus("smtp", { reachable: false })).toBe("warning");
    expect(checkStatus("seo", { issues: ["x"] })).toBe("warning");
    expect(checkStatus("dns", null, "boom")).toBe("unknown");
    expect(rollUp(["ok", "warning", "critical"])).toBe("critical");
    expect(rollUp(["ok", "warning"])).toBe("warning");
    expect(rollUp(["ok", "ok"])).toBe("ok");
    expect(rollUp(["ok", "unknown"])).toBe("unknown");
    expect(rollUp([])).toBe("unknown");
  });
});

describe("monitoring functions", () => {
  it("limits and validation errors", async () => {
    const { call } = session();
    expect(await call("create_domain_group", { name: "x" })).toMatchObject({
      status: "error",
      error: "Give at least one domain.",
    });
    const badFmt = await call("create_domain_group", {
      name: "x",
      domains: ["ok.example", "not a domain", "-x.com", "a..b", "e"],
    });
    expect(badFmt.error).toBe("Invalid domain format: not a domain, -x.com, a..b.");
    const many = Array.from({ length: 21 }, (_, i) => `d${i}.example`);
    expect((await call("create_domain_group", { name: "x", domains: many })).error).toMatch(/at most 20 domains/);
    for (let i = 0; i < 5; i++)
      expect((await call("create_domain_group", { name: `g${i}`, domains_csv: "a.example,\nb.example" })).status).toBe(
        "success",
      );
    expect(await call("create_domain_group", { name: "g6", domains: ["c.example"] })).toMatchObject({
      status: "error",
      error_code: "LIMIT_REACHED",
    });
    expect((await call("create_check_profile", { name: "p", checks: ["ssl", "nope"] })).data.checks).toEqual(["ssl"]);
    expect((await call("create_check_profile", { name: "p", checks: ["nope"] })).error).toBe(
      "Choose at least one valid check.",
    );
    expect(
      (await call("create_check_profile", { name: "p", checks: ["dns", "ssl", "whois", "http", "email", "geo"] }))
        .error,
    ).toMatch(/at most 5 checks/);
    expect(
      (await call("create_check_profile", { name: "toggles", panel_mode: true, ssl: true, dns: true })).data.checks,
    ).toEqual(["ssl", "dns"]);
    expect((await call("update_check_profile", { profile_id: "nope" })).error_code).toBe("NOT_FOUND");
  });

  it("create_monitor_full creates exactly one group, one profile and one monitor, all with its name", async () => {
    const { call, ctx } = session();
    const m = await monitor(call, "Shop", ["Shop.Example", "shop.example", "cdn.example"]);
    const groups = (await call("list_domain_groups")).data.groups;
    const profiles = (await call("list_check_profiles")).data.profiles;
    const monitors = (await call("list_monitors")).data.monitors;
    expect([groups.length, profiles.length, monitors.length]).toEqual([1, 1, 1]);
    expect(groups[0]).toMatchObject({ group_id: m.group_id, name: "Shop", domains: ["shop.example", "cdn.example"] });
    expect(profiles[0]).toMatchObject({ name: "Shop", checks: ["ssl", "http", "email", "blacklist"] });
    expect(monitors[0]).toMatchObject({ name: "Shop", interval_hours: 24, status: "unknown", last_run_at: null });
    expect(await ctx.store.count("wt_monitors")).toBe(1);
  });

  it("run_scan produces the roll-ups, points the monitor at the snapshot and deletes the previous one", async () => {
    const { call, ctx } = session();
    const m = await monitor(call, "Mixed", ["ok.example", "warn.example", "bad.example"]);
    const first = await call("run_scan", { monitor_id: m.monitor_id });
    expect(first.status).toBe("success");
    expect(first.summary).toMatch(/^Scan complete: CRITICAL — 3 domain\(s\), \d+ issue\(s\)$/);
    expect(first.data.summary).toEqual({
      total_domains: 3,
      domains_ok: 1,
      domains_warning: 1,
      domains_critical: 1,
      domains_unknown: 0,
    });
    expect(first.refresh_panels).toEqual(["sidebar", "overview", "detail"]);
    const res = await call("get_scan_results", { monitor_id: m.monitor_id });
    expect(res.data.domains["bad.example"].blacklist.status).toBe("critical");
    expect(res.data.domains["warn.example"].http.status).toBe("warning");
    const second = await call("run_scan", { monitor_id: m.monitor_id });
    expect(second.data.snapshot_id).not.toBe(first.data.snapshot_id);
    expect(await ctx.store.count("wt_snapshots")).toBe(1);
    expect(await ctx.store.get("wt_snapshots", first.data.snapshot_id)).toBeNull();
  });

  it("a backend failure is an unknown check, never a thrown error; no snapshot yet is a clear error", async () => {
    const { call } = session();
    const m = await monitor(call, "Down", ["down.example"]);
    expect((await call("get_scan_results", { monitor_id: m.monitor_id })).error).toBe(
      "No scan results yet — run a scan first.",
    );
    const r = await call("run_scan", { monitor_id: m.monitor_id });
    expect(r.data.status).toBe("unknown");
    expect((await call("ssl_check", { domain: "down.example" })).error).toBe("backend unavailable for this domain");
  });

  it("cascade deletes: a group takes its monitors and their snapshots; a monitor keeps its group and profile", async () => {
    const { call, ctx } = session();
    const a = await monitor(call, "A", ["ok.example"]);
    await call("run_scan", { monitor_id: a.monitor_id });
    const del = await call("delete_domain_group", { group_id: a.group_id });
    expect(del.summary).toBe("Deleted group 'A' and 1 monitor(s)");
    expect(await ctx.store.count("wt_monitors")).toBe(0);
    expect(await ctx.store.count("wt_snapshots")).toBe(0);
    const b = await monitor(call, "B", ["ok.example"]);
    await call("delete_monitor", { monitor_id: b.monitor_id });
    expect(await ctx.store.count("wt_groups")).toBe(1);
    expect(await ctx.store.count("wt_profiles")).toBe(2);
    const types = Object.fromEntries(callableSurface(ext).map((t) => [t.name, t.actionType]));
    expect([types.delete_domain_group, types.delete_check_profile, types.delete_monitor]).toEqual([
      "destructive",
      "destructive",
      "destructive",
    ]);
  });

  it("run_scan_tool reports progress per domain and refreshes the sidebar only", async () => {
    const { call, ctx } = session();
    const r = await call("run_scan_tool", { domains: ["ok.example", "warn.example"] });
    expect(r.refresh_panels).toEqual(["sidebar"]);
    expect(ctx.test.progress).toEqual([
      { percent: 0, message: "Scanning 2 domain(s)" },
      { percent: 45, message: "Scanned 1/2: ok.example" },
      { percent: 90, message: "Scanned 2/2: warn.example" },
    ]);
    await call("run_scan_tool", { domains: ["ok.example"] });
    expect(await ctx.store.count("wt_scan_results")).toBe(1); // one upserted doc per user
  });
});

describe("the schedule's per-user pass", () => {
  it("scans only overdue enabled monitors, each once", async () => {
    const { call, ctx } = session();
    const due = await monitor(call, "Due", ["ok.example"]);
    const fresh = await monitor(call, "Fresh", ["ok.example"]);
    await call("run_scan", { monitor_id: fresh.monitor_id }); // just scanned: not due for 24 h
    const scanned = await runOverdueMonitors(ctx);
    expect(scanned).toEqual([due.monitor_id]);
    expect(await runOverdueMonitors(ctx)).toEqual([]); // not twice
    expect(await runOverdueMonitors(ctx, Date.now() + 25 * 3_600_000)).toEqual([due.monitor_id, fresh.monitor_id]);
  });
});

describe("panels", () => {
  it("sidebar: domain and ip views, the scan form with its toggles, the last result list", async () => {
    const { call, panel } = session();
    const empty = await panel("sidebar");
    expect(nodeTypes(empty)).toEqual(expect.arrayContaining(["stack", "row", "button", "form", "tagInput", "toggle"]));
    expect(nodeTypes(empty)).not.toContain("list");
    await call("run_scan_tool", { domains: ["ok.example"] });
    const after = await panel("sidebar");
    expect(nodeTypes(after)).toEqual(expect.arrayContaining(["divider", "list", "listItem", "badge"]));
    const ip = await panel("sidebar", { view: "ip" });
    expect(JSON.stringify(ip)).toContain('"run_ip_scan"');
  });

  it("overview: empty, populated (stats, chart, cards ordered critical first) and the new-monitor view", async () => {
    const { call, panel } = session();
    expect(nodeTypes(await panel("overview"))).toContain("empty");
    const ok = await monitor(call, "Fine", ["ok.example"]);
    const bad = await monitor(call, "Broken", ["bad.example"]);
    await call("run_scan", { monitor_id: ok.monitor_id });
    await call("run_scan", { monitor_id: bad.monitor_id });
    const ov = await panel("overview");
    const types = nodeTypes(ov);
    expect(types).toEqual(expect.arrayContaining(["stats", "stat", "alert", "chart", "card", "progress", "tooltip"]));
    const cards = (ov.props.children as any[]).filter((n) => n.type === "card").map((c) => c.props.title);
    expect(cards).toEqual(["Broken", "Fine"]);
    const fresh = await panel("overview", { view: "new" });
    expect(JSON.stringify(fresh)).toContain('"create_monitor_full"');
    expect(nodeTypes(fresh)).toEqual(expect.arrayContaining(["backButton", "form", "input", "select", "toggle"]));
  });

  it("detail: unknown monitor, no snapshot, and results with an accordion of settings", async () => {
    const { call, panel } = session();
    expect(nodeTypes(await panel("detail", { monitor_id: "nope" }))).toContain("error");
    const m = await monitor(call, "D", ["ok.example", "bad.example"]);
    expect(nodeTypes(await panel("detail", { monitor_id: m.monitor_id }))).toEqual(
      expect.arrayContaining(["empty", "accordion"]),
    );
    await call("run_scan", { monitor_id: m.monitor_id });
    const d = await panel("detail", { monitor_id: m.monitor_id });
    expect(nodeTypes(d)).toEqual(
      expect.arrayContaining(["chart", "list", "listItem", "keyValue", "accordion", "form"]),
    );
    const list = (d.props.children as any[]).find((n) => n.type === "list");
    expect(list.props.searchable).toBe(true);
    expect(list.props.children[0].props.expandable).toBe(true);
  });

  it("setup: deletes carry confirm strings; the panel refreshes on the nine events", async () => {
    const { call, panel } = session();
    await monitor(call, "S", ["ok.example"]);
    const s = JSON.stringify(await panel("setup"));
    expect(s).toContain(`"confirm":"Delete 'S' and all its monitors?"`);
    expect(s).toContain(`"confirm":"Delete monitor 'S'?"`);
    const panels = Object.fromEntries(
      callableSurface(ext)
        .filter((t) => t.kind === "panel")
        .map((t) => [t.panelId, t]),
    );
    expect(Object.keys(panels).sort()).toEqual(["detail", "overview", "secrets", "setup", "sidebar"]);
    expect((panels.setup as { refresh?: string }).refresh?.split(",")).toHaveLength(9);
    expect((panels.sidebar as { refresh?: string }).refresh).toBe("on_event:scan.tool");
    expect((panels.overview as { refresh?: string }).refresh).toBe("on_event:scan.completed");
  });
});
