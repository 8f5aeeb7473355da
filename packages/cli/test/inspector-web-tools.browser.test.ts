// The inspector on the real extension it showcases (examples/web-tools): its panels in their slots, live refresh
// after another client's writes, navigation into the detail panel. Backend stubbed on 127.0.0.1.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { browserMissing, openPage } from "./browser.js";
import { REPO, startDev, type DevProcess } from "./dev-helpers.js";

/** The example's loopback backend stub (loaded at run time: it lives outside this package's rootDir). */
interface Stub {
  url: string;
  close(): Promise<void>;
}
const STUB = new URL("../../../examples/web-tools/test/stub-backend.ts", import.meta.url).href;
const serveStub = async (): Promise<Stub> =>
  ((await import(/* @vite-ignore */ STUB)) as { serveStub(): Promise<Stub> }).serveStub();

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "test-artifacts");
const EXAMPLE = path.join(REPO, "examples", "web-tools");
const missing = browserMissing();
if (missing) console.warn(`web-tools inspector tests skipped: ${missing}`);

describe.skipIf(!!missing)("inspector on examples/web-tools", () => {
  let dev: DevProcess;
  let browser: Browser;
  let page: Page;
  let stub: Stub;
  let consoleErrors: string[] = [];
  const config = path.join(EXAMPLE, ".imperal", "config.json");
  const shot = async (name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const onFail = (name: string) => onTestFailed(async () => void (await shot(`FAILED-${name}`).catch(() => undefined)));
  const token = () =>
    (JSON.parse(readFileSync(path.join(EXAMPLE, ".imperal", "dev.json"), "utf8")) as { token: string }).token;
  const call = async (tool: string, args: Record<string, unknown>) => {
    const res = await fetch(`${dev.ready.url}/v1/call/${tool}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token()}`, "x-acting-user": "dev", "content-type": "application/json" },
      body: JSON.stringify({ args }),
    });
    return (await res.json()) as { outcome: string; results: Array<{ data: Record<string, unknown> }> };
  };

  beforeAll(async () => {
    stub = await serveStub();
    mkdirSync(path.dirname(config), { recursive: true });
    writeFileSync(config, JSON.stringify({ app: { backend: { url: stub.url } } }));
    dev = await startDev(EXAMPLE, ["--user", "dev", "--reset-state"]);
    ({ browser, page, errors: consoleErrors } = await openPage({ width: 1600, height: 1000 }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    await stub?.close();
    rmSync(config, { force: true });
  });

  it("draws the sidebar and the overview in their slots, with the scan form's tag input and toggles", async () => {
    onFail("web-tools-load");
    await page.goto(String(dev.ready.inspector));
    const sidebar = page.getByTestId("panel-sidebar");
    await sidebar.locator('[data-node="form"]').waitFor();
    expect(await sidebar.getAttribute("data-slot")).toBe("left");
    expect(await sidebar.locator('[data-node="tagInput"]').count()).toBe(1);
    expect(await sidebar.locator('[data-node="toggle"]').count()).toBe(7);
    const overview = page.getByTestId("panel-overview");
    expect(await overview.getAttribute("data-slot")).toBe("right");
    await overview.locator('[data-node="empty"]').waitFor();
    expect(consoleErrors).toEqual([]);
    await shot("web-tools");
  });

  it("another client's writes refresh the overview live: stats, chart, a monitor card", async () => {
    onFail("web-tools-refresh");
    const created = await call("create_monitor_full", { name: "Prod", domains: ["ok.example", "bad.example"] });
    expect(created.outcome).toBe("completed");
    const scan = await call("run_scan", { monitor_id: created.results[0]!.data.monitor_id });
    expect(scan.outcome).toBe("completed");
    const overview = page.getByTestId("panel-overview");
    await overview.locator('[data-node="card"]').filter({ hasText: "Prod" }).waitFor({ timeout: 10_000 });
    // the scan's own refresh: the monitor is critical (bad.example is blacklisted by the stub)
    await overview.locator('[data-node="alert"]').filter({ hasText: "critical" }).waitFor({ timeout: 10_000 });
    for (const node of ["stats", "stat", "chart", "progress", "tooltip"])
      expect(await overview.locator(`[data-node="${node}"]`).count(), node).toBeGreaterThan(0);
    await shot("web-tools-overview");
  });

  it("clicking the card opens the detail panel with its props: per-domain list and the settings accordion", async () => {
    onFail("web-tools-detail");
    await page.getByTestId("panel-overview").locator('[data-node="card"]').filter({ hasText: "Prod" }).click();
    const detail = page.getByTestId("panel-detail");
    await detail.locator('[data-node="accordion"]').waitFor({ timeout: 10_000 });
    expect(await detail.locator('[data-node="listItem"]').count()).toBe(2);
    expect(await detail.textContent()).toContain("bad.example");
    expect(consoleErrors).toEqual([]);
    await shot("web-tools-detail");
  });
});
