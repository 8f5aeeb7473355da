// Web Tools in a real kernel over HTTP on 127.0.0.1: built with `imperal build`, backend stubbed on loopback.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKernel } from "@imperal/local-kernel";
import { hits, serveStub } from "./stub-backend.js";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(dirname(createRequire(import.meta.url).resolve("@imperal/cli/package.json")), "bin", "imperal.mjs");

let dir: string;
let stub: Awaited<ReturnType<typeof serveStub>>;
let kernel: Awaited<ReturnType<typeof createKernel>>;
let url: string;
let token: string;

async function post(path: string, body: unknown, user = "dev", headers: Record<string, string> = {}) {
  const res = await fetch(url + path, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "x-acting-user": user,
      "content-type": "application/json",
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  execFileSync(process.execPath, [cli, "build", root], { stdio: "pipe" });
  dir = mkdtempSync(join(tmpdir(), "web-tools-kernel-"));
  cpSync(join(root, "dist"), join(dir, "dist"), { recursive: true });
  cpSync(join(root, "imperal.json"), join(dir, "imperal.json"));
  stub = await serveStub();
  mkdirSync(join(dir, ".imperal"), { recursive: true });
  writeFileSync(join(dir, ".imperal", "config.json"), JSON.stringify({ app: { backend: { url: stub.url } } }));
  kernel = await createKernel({ extensionDir: dir, port: 0, users: [{ id: "dev" }, { id: "bob" }] });
  url = kernel.url!;
  token = kernel.token;
}, 120_000);
afterAll(async () => {
  await kernel?.close();
  await stub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("web-tools through a real kernel", () => {
  it("serves its 31 functions, its skeleton refresh and 5 panels", async () => {
    const res = await fetch(`${url}/v1/tools`, { headers: { authorization: `Bearer ${token}` } });
    const tools = (await res.json()) as { app_id: string; tools: unknown[]; panels: Array<{ panel_id: string }> };
    expect(tools.app_id).toBe("web-tools");
    expect(tools.tools.length).toBe(32);
    expect(tools.panels.map((p) => p.panel_id).sort()).toEqual(["detail", "overview", "secrets", "setup", "sidebar"]);
  });

  it("create_monitor_full -> run_scan against the loopback backend -> results and panels", async () => {
    const created = await post("/v1/call/create_monitor_full", {
      args: { name: "Prod", domains: ["ok.example", "bad.example"] },
    });
    expect(created.status).toBe(200);
    expect(created.json.outcome).toBe("completed");
    const m = created.json.results[0].data;
    const before = hits.get("/v1/blacklist/domain/bad.example") ?? 0;
    const scan = await post("/v1/call/run_scan", { args: { monitor_id: m.monitor_id } });
    expect(scan.json.results[0].summary).toMatch(/^Scan complete: CRITICAL — 2 domain\(s\)/);
    expect(hits.get("/v1/blacklist/domain/bad.example")).toBe(before + 1); // the kernel's ctx.http reached the stub
    const res = await post("/v1/call/get_scan_results", { args: { monitor_id: m.monitor_id } });
    expect(res.json.results[0].data.summary).toMatchObject({ domains_ok: 1, domains_critical: 1 });
    const overview = await post("/v1/panels/overview", { props: {} });
    expect(overview.json.outcome).toBe("completed");
    expect(JSON.stringify(overview.json.ui)).toContain('"title":"Prod"');
    const detail = await post("/v1/panels/detail", { props: { monitor_id: m.monitor_id } });
    expect(JSON.stringify(detail.json.ui)).toContain('"type":"accordion"');
  });

  it("refresh routing: each answer names its panels, and panel_refresh reaches the event stream", async () => {
    const events: Array<{ type: string; data: any; user?: string }> = [];
    const off = kernel.onEvent((e) => events.push(e as never));
    try {
      const tool = await post("/v1/call/run_scan_tool", { args: { domains: ["ok.example"] } });
      expect(tool.json.refresh_panels).toEqual(["sidebar"]); // scan.tool -> the sidebar only
      const m = (await post("/v1/call/create_monitor_full", { args: { name: "Ev", domains: ["ok.example"] } })).json
        .results[0].data;
      const scan = await post("/v1/call/run_scan", { args: { monitor_id: m.monitor_id } });
      expect(scan.json.refresh_panels).toEqual(["sidebar", "overview", "detail"]);
      const list = await post("/v1/call/list_monitors", { args: {} });
      expect(list.json.refresh_panels).toEqual([]); // a read from chat refreshes nothing
      const fromPanel = await post("/v1/call/list_monitors", { args: {} }, "dev", { "x-imperal-origin": "panel" });
      expect(fromPanel.json.refresh_panels).toEqual(["sidebar", "secrets", "overview", "detail", "setup"]);
      const refreshes = events.filter((e) => e.type === "panel_refresh").map((e) => e.data.panels);
      expect(refreshes).toEqual([
        ["sidebar"],
        ["sidebar", "overview", "setup"],
        ["sidebar", "overview", "detail"],
        ["sidebar", "secrets", "overview", "detail", "setup"],
      ]);
    } finally {
      off();
    }
  });

  it("users are isolated: bob sees none of dev's monitors", async () => {
    const r = await post("/v1/call/list_monitors", { args: {} }, "bob");
    expect(r.json.results[0].data.monitors).toEqual([]);
  });

  it("a destructive delete waits for confirmation", async () => {
    const created = await post("/v1/call/create_monitor_full", { args: { name: "Tmp", domains: ["ok.example"] } });
    const del = await post("/v1/call/delete_monitor", {
      args: { monitor_id: created.json.results[0].data.monitor_id },
    });
    expect(del.json.outcome).toBe("needs_confirmation");
    // accepted as a panel's call (X-Imperal-Origin: panel): the result's refreshPanels plus the on-event setup panel
    const ok = await post(`/v1/confirmations/${del.json.confirmation.id}/accept`, undefined, "dev", {
      "x-imperal-origin": "panel",
    });
    expect(ok.json.results[0].summary).toBe("Deleted monitor 'Tmp'");
    expect(ok.json.refresh_panels).toEqual(["sidebar", "overview", "setup"]);
  });

  it("the hourly schedule fans out over every user with monitors (listUsers + asUser) and scans their overdue ones", async () => {
    const a = await post("/v1/call/create_monitor_full", { args: { name: "Fan A", domains: ["ok.example"] } }, "dev");
    const b = await post("/v1/call/create_monitor_full", { args: { name: "Fan B", domains: ["ok.example"] } }, "bob");
    const ids = { dev: a.json.results[0].data.monitor_id, bob: b.json.results[0].data.monitor_id };
    const run = await post("/v1/schedules/wt_monitor_runner/run", undefined);
    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({ name: "wt_monitor_runner", status: "executed" });
    for (const user of ["dev", "bob"] as const) {
      const list = await post("/v1/call/list_monitors", { args: {} }, user);
      const m = list.json.results[0].data.monitors.find((x: { monitor_id: string }) => x.monitor_id === ids[user]);
      expect(m.last_run_at).toEqual(expect.any(String));
    }
  });
});
