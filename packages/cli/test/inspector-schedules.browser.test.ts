// The inspector's schedules view (SPEC 7.3, 8.2) in a real headless Chromium against a real `imperal dev` on
// 127.0.0.1: the notes template plus two schedules; "Run now" runs one through the kernel and the row shows the status.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { browserMissing, openPage } from "./browser.js";
import { scaffold, startDev, type DevProcess } from "./dev-helpers.js";

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "test-artifacts");
const missing = browserMissing();
if (missing) console.warn(`inspector schedules browser tests skipped: ${missing}`);

// Crons that match only at 00:00 on January 1st: the dev kernel's timer loop is on, these run only from the view.
const SCHEDULES = `import { ext } from "./app.js";

ext.schedule("digest", { cron: "0 0 1 1 *", description: "Count every user's notes." }, async (ctx) => {
  let users = 0;
  for await (const userId of ctx.store.listUsers("notes")) {
    const notes = await ctx.asUser(userId).store.count("notes");
    await ctx.asUser(userId).store.create("digests", { notes });
    users++;
  }
  return { users };
});
ext.schedule("broken", { cron: "0 0 1 1 *", timeoutSeconds: 5 }, async () => {
  throw new Error("the backend is down");
});
`;

describe.skipIf(!!missing)("inspector schedules view in Chromium", () => {
  let dev: DevProcess;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  const shot = async (name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const row = (name: string) => page.locator(`[data-testid="schedule-row"][data-name="${name}"]`);

  beforeAll(async () => {
    const dir = scaffold("notes", "insp-sched");
    writeFileSync(path.join(dir, "src", "schedules.ts"), SCHEDULES);
    const index = path.join(dir, "src", "index.ts");
    writeFileSync(index, readFileSync(index, "utf8") + 'import "./schedules.js";\n');
    dev = await startDev(dir);
    ({ browser, page, errors: consoleErrors } = await openPage({ width: 1400, height: 900 }));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
  });

  it("lists the schedules; Run now runs one and the row shows executed, a throwing one failed with its error", async () => {
    onTestFailed(async () => void (await shot("FAILED-schedules").catch(() => undefined)));
    expect(dev.ready.schedules).toEqual([
      { name: "digest", cron: "0 0 1 1 *" },
      { name: "broken", cron: "0 0 1 1 *" },
    ]);
    await page.goto(String(dev.ready.inspector));
    await page.getByTestId("nav-schedules").click();
    await page.getByTestId("schedules-view").waitFor();
    expect(
      await page.getByTestId("schedule-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name"))),
    ).toEqual(["digest", "broken"]);
    const year = new Date().getUTCFullYear() + 1;
    expect(await row("digest").textContent()).toContain(`${year}-01-01 00:00:00Z`);
    expect(await row("digest").getAttribute("data-status")).toBe("never");

    await row("digest").getByTestId("schedule-run").click();
    await expect.poll(() => row("digest").getByTestId("schedule-result").getAttribute("data-status")).toBe("executed");
    await expect.poll(() => row("digest").getAttribute("data-status")).toBe("executed");

    await row("broken").getByTestId("schedule-run").click();
    await expect.poll(() => row("broken").getAttribute("data-status")).toBe("failed");
    expect(await row("broken").getByTestId("schedule-result").textContent()).toContain("the backend is down");
    await shot("schedules");

    // the view reads the kernel's own record of the runs
    const token = new URL(String(dev.ready.inspector)).hash.slice("#token=".length);
    const listed = (await (
      await fetch(`${dev.ready.url}/v1/schedules`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { schedules: Array<{ name: string; last_run?: { status: string } }> };
    expect(listed.schedules.map((s) => [s.name, s.last_run?.status])).toEqual([
      ["digest", "executed"],
      ["broken", "failed"],
    ]);
    expect(consoleErrors).toEqual([]);
  });
});
