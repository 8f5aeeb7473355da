// The inspector (SPEC 8.2) in a real headless Chromium against a real `imperal dev` on 127.0.0.1.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { browserMissing, openPage } from "./browser.js";
import { REPO, startDev, type DevProcess } from "./dev-helpers.js";
import { inspectorFixture } from "./inspector-fixture.js";

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "test-artifacts");
const missing = browserMissing();
if (missing) console.warn(`inspector browser tests skipped: ${missing}`);

describe.skipIf(!!missing)("inspector in Chromium", () => {
  let dev: DevProcess;
  let dir: string;
  let browser: Browser;
  let page: Page;
  let url: string;
  let consoleErrors: string[] = [];

  const shot = async (name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const onFail = (name: string) => onTestFailed(async () => void (await shot(`FAILED-${name}`).catch(() => undefined)));
  const view = (v: string) => page.getByTestId(`nav-${v}`).click();

  beforeAll(async () => {
    dir = inspectorFixture();
    dev = await startDev(dir, ["--user", "dev", "--user", "bob"]);
    url = String(dev.ready.inspector);
    ({ browser, page, errors: consoleErrors } = await openPage({ width: 1600, height: 1000 }));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
  });

  it("prints the Inspector URL with the token in the fragment, and loads with no console errors", async () => {
    onFail("load");
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+$/);
    await page.goto(url);
    await page.getByTestId("panel-sidebar").getByText("New note").waitFor();
    await expect.poll(() => page.getByTestId("build-status").getAttribute("data-state")).toBe("ok");
    // The token left the address bar (kept in sessionStorage) and the user switcher lists the configured users.
    expect(page.url()).not.toContain("token");
    expect(await page.getByTestId("user-switcher").locator("option").allTextContents()).toEqual(["dev", "bob"]);
    expect(consoleErrors).toEqual([]);
    await shot("workspace");
  });

  it("the gallery panel draws every node type of the UI kit", async () => {
    onFail("gallery");
    const { UI_NODES } = (await import(path.join(REPO, "packages/sdk/dist/ui/index.js"))) as {
      UI_NODES: Record<string, { type: string }>;
    };
    const types = [...new Set(Object.values(UI_NODES).map((d) => d.type))];
    expect(types.length).toBeGreaterThanOrEqual(58);
    const gallery = page.getByTestId("panel-gallery");
    await gallery.locator('[data-node="page"]').first().waitFor();
    const drawn = await gallery.evaluate((el) =>
      [...el.querySelectorAll("[data-node]")].map((n) => n.getAttribute("data-node")),
    );
    expect(types.filter((t) => !drawn.includes(t))).toEqual([]);
    expect(await gallery.locator(".ui-unknown, [data-unknown-props]").count()).toBe(0);
  });

  it("a write from chat shows in the on-event panel without a reload", async () => {
    onFail("chat");
    await page.getByTestId("chat-input").fill('create a note titled "Groceries"');
    await page.getByTestId("chat-send").click();
    const turn = page.getByTestId("turn").filter({ hasText: "Groceries" }).last();
    await expect.poll(() => turn.getAttribute("data-outcome")).toBe("completed");
    expect(await turn.textContent()).toContain("create_note");
    await page.getByTestId("panel-sidebar").getByText("Groceries").waitFor({ timeout: 5_000 });
    await shot("chat");
  });

  it("a turn from another client (plain HTTP) joins the transcript and refreshes the panels", async () => {
    onFail("other-client");
    const res = await fetch(`${dev.ready.url}/v1/chat/turn`, {
      method: "POST",
      headers: { authorization: `Bearer ${token()}`, "x-acting-user": "dev", "content-type": "application/json" },
      body: JSON.stringify({ message: 'create a note titled "Over HTTP"' }),
    });
    const { turn_id } = (await res.json()) as { turn_id: string };
    const turn = page.locator(`[data-testid="turn"][data-turn-id="${turn_id}"]`);
    await expect.poll(() => turn.getAttribute("data-outcome")).toBe("completed");
    // From the kernel's turn event: the classification, each call with its args, gate decision and duration.
    await turn.getByText("succeeded").waitFor();
    const text = (await turn.textContent()) ?? "";
    expect(text).toMatch(/confidence \d+%/);
    expect(text).toContain('{"title":"Over HTTP","body":"","tags":[]}');
    // ...and what the other client said and was told.
    expect(await turn.getByTestId("turn-message").textContent()).toBe('user › create a note titled "Over HTTP"');
    expect(await turn.getByTestId("turn-reply").textContent()).toMatch(/Over HTTP/);
    await page.getByTestId("panel-sidebar").getByText("Over HTTP").waitFor({ timeout: 5_000 });
  });

  it("a panel form submit creates a note (form values merged into the call's params)", async () => {
    onFail("form");
    await page.getByTestId("panel-sidebar").getByRole("button", { name: "New note" }).click();
    const editor = page.getByTestId("panel-editor");
    await editor.getByRole("textbox", { name: "Title" }).fill("From the form");
    await editor.getByRole("button", { name: "Create note" }).click();
    await page.getByTestId("panel-sidebar").getByText("From the form").waitFor({ timeout: 5_000 });
  });

  it("a form's defaults are sent under the values typed into it", async () => {
    onFail("form-defaults");
    const items = page.getByTestId("panel-items");
    await items.getByRole("textbox", { name: "Quick title" }).fill("Quick one");
    await items.getByRole("button", { name: "Quick add" }).click();
    const item = page.getByTestId("panel-sidebar").locator('[data-node="listItem"]').filter({ hasText: "Quick one" });
    await item.getByText("quick", { exact: true }).waitFor({ timeout: 5_000 });
  });

  it("navigating to a second panel with props opens the note in the editor", async () => {
    onFail("navigate");
    await page.getByTestId("panel-sidebar").getByText("Groceries").click();
    const editor = page.getByTestId("panel-editor");
    await editor.locator('[data-node="header"]').getByText("Groceries").waitFor();
    expect(await editor.getByRole("textbox", { name: "Title" }).inputValue()).toBe("Groceries");
  });

  it("the props editor re-renders a panel with the props given", async () => {
    onFail("props-editor");
    const editor = page.getByTestId("panel-editor");
    await editor.locator("summary", { hasText: "props" }).click();
    const props = editor.getByRole("textbox", { name: "props of editor" });
    // Panel props are the UI's own state (not judged as fabricated ids): the panel itself answers an unknown note.
    await props.fill('{ "note_id": "no-such-note" }');
    await editor.getByRole("button", { name: "Render" }).click();
    await editor.getByText("This note no longer exists.").waitFor();
    await props.fill("{}");
    await editor.getByRole("button", { name: "Render" }).click();
    await editor.locator('[data-node="header"]').getByText("New note").waitFor();
  });

  it("the user switcher acts as another user (its own notes, its own transcript)", async () => {
    onFail("user-switch");
    await page.getByTestId("user-switcher").selectOption("bob");
    await page.getByTestId("panel-sidebar").getByText("Notes (0)").waitFor();
    await page.getByTestId("user-switcher").selectOption("dev");
    await page.getByTestId("panel-sidebar").getByText("Groceries").waitFor();
  });

  it("an item action asks in the UI first, then the kernel's confirmation runs it", async () => {
    onFail("confirm");
    const items = page.getByTestId("panel-items");
    const row = items.locator('[data-node="listItem"]').filter({ hasText: "From the form" });
    // Cancel in the UI: nothing is called.
    await row.getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("ui-confirm-cancel").click();
    expect(await page.getByTestId("confirm-accept").count()).toBe(0);
    await row.getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("ui-confirm-accept").click();
    const pending = page.getByTestId("turn").filter({ has: page.getByTestId("confirm-accept") });
    await expect.poll(() => pending.getAttribute("data-outcome")).toBe("needs_confirmation");
    await shot("confirmation");
    await pending.getByTestId("confirm-accept").click();
    await page.getByTestId("turn").filter({ hasText: "Permanently deleted" }).waitFor();
    await expect.poll(() => items.getByText("From the form").count(), { timeout: 5_000 }).toBe(0);
  });

  it("send posts a chat turn; open opens the link in a new tab without an opener", async () => {
    onFail("send-open");
    const items = page.getByTestId("panel-items");
    await items.getByRole("button", { name: "Ask in chat" }).click();
    const turn = page.getByTestId("turn").filter({ hasText: "you › list my notes" });
    await expect.poll(() => turn.getAttribute("data-outcome")).toBe("completed");
    await page
      .context()
      .route("https://docs.example.com/**", (r) => r.fulfill({ body: "docs", contentType: "text/plain" }));
    const [popup] = await Promise.all([page.waitForEvent("popup"), items.getByRole("link", { name: /Docs/ }).click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe("https://docs.example.com/notes");
    expect(await popup.evaluate("window.opener")).toBeNull();
    await popup.close();
  });

  it("a tool form calls the tool directly and shows the raw request and response", async () => {
    onFail("tools");
    await view("tools");
    const form = page.getByTestId("tool-form-create_note");
    await form.getByRole("textbox", { name: /^title/ }).fill("Via tool form");
    await form.getByTestId("tool-submit").click();
    await expect.poll(() => form.getByTestId("tool-outcome").textContent()).toBe("completed");
    const response = JSON.parse((await form.getByTestId("tool-response").textContent()) ?? "{}");
    expect(response.results[0].data.title).toBe("Via tool form");
    expect(JSON.parse((await form.getByTestId("tool-request").textContent()) ?? "{}")).toEqual({
      args: { title: "Via tool form", body: "", tags: [] },
    });
    await shot("tools");
  });

  it("a tool form covers enums with defaults, nested objects and arrays of objects", async () => {
    onFail("tools-nested");
    const form = page.getByTestId("tool-form-echo_shape");
    expect(await form.locator('select[name="mode"]').inputValue()).toBe("slow");
    expect(await form.locator('input[name="x"]').inputValue()).toBe("1");
    await form.locator('select[name="mode"]').selectOption("fast");
    await form.locator('input[name="y"]').fill("2.5");
    await form.getByRole("button", { name: "add items" }).click();
    await form.locator('input[name="name"]').fill("first");
    await form.getByTestId("tool-submit").click();
    await expect.poll(() => form.getByTestId("tool-outcome").textContent()).toBe("completed");
    const response = JSON.parse((await form.getByTestId("tool-response").textContent()) ?? "{}");
    expect(response.results[0].data.echo).toEqual({
      mode: "fast",
      point: { x: 1, y: 2.5 },
      items: [{ name: "first" }],
    });
  });

  it("the skeleton view shows the exact block the classifier sees; audit and events list rows", async () => {
    onFail("skeleton");
    await view("skeleton");
    const block = page.getByTestId("skeleton-block");
    await block.waitFor();
    // Byte for byte what GET /v1/skeleton renders, up to the age of each line ("cached ~Ns ago" ticks).
    const age = (t: string | null) => (t ?? "").replace(/\(cached ~\d+[smh] ago\)/g, "(cached ~ ago)");
    const fromApi = async () => {
      const r = await fetch(`${dev.ready.url}/v1/skeleton`, { headers: { authorization: `Bearer ${token()}` } });
      return age(((await r.json()) as { block: string }).block);
    };
    await view("audit");
    await view("skeleton"); // re-read after the writes above
    await expect.poll(async () => age(await block.textContent()) === (await fromApi())).toBe(true);
    expect(await block.textContent()).toMatch(/^\[Skeleton: cached per-user snapshot/);
    const head = page.locator(".skeleton h4").first();
    const before = await head.textContent();
    await head.getByRole("button", { name: "refresh now" }).click();
    await expect.poll(() => head.textContent()).not.toBe(before);
    await shot("skeleton");
    await view("audit");
    await page.getByTestId("audit-row").filter({ hasText: "delete_note" }).first().waitFor();
    // The items panel's root autoAction ran once, for all the re-renders since.
    expect(
      await page.getByTestId("audit-row").filter({ hasText: "list_notes" }).filter({ hasText: '"limit":1' }).count(),
    ).toBe(1);
    await shot("audit");
    await view("events");
    const all = await page.getByTestId("event-row").count();
    await page.getByTestId("event-filter").fill("confirmation");
    const rows = page.getByTestId("event-row");
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    expect(texts.length).toBeLessThan(all);
    expect(texts.every((t) => t.toLowerCase().includes("confirmation"))).toBe(true);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-type")))).toContain("confirmation");
    await shot("events");
    await view("facts");
    await page.getByTestId("fact-row").filter({ hasText: "create_note" }).first().waitFor();
    await shot("facts");
    await view("health");
    await page.getByText('"uptime_s"').waitFor();
    await shot("health");
    await view("workspace");
  });

  it("breaking the source flips build-status to error with file:line; fixing it flips it back", async () => {
    onFail("build");
    const file = path.join(dir, "src", "fixture.ts");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good + "\nexport const broken = ;\n");
    const status = page.getByTestId("build-status");
    await expect.poll(() => status.getAttribute("data-state"), { timeout: 15_000 }).toBe("error");
    expect(await status.textContent()).toMatch(/src\/fixture\.ts:\d+/);
    await shot("build-error");
    writeFileSync(file, good);
    await expect.poll(() => status.getAttribute("data-state"), { timeout: 15_000 }).toBe("ok");
    expect(consoleErrors).toEqual([]);
  });

  it("refuses a foreign Host or Origin with 403 and serves the app with a strict CSP", async () => {
    const port = Number(dev.ready.port);
    const get = (headers: Record<string, string>, p = "/") =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = http.get({ host: "127.0.0.1", port, path: p, headers }, (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on("error", reject);
      });
    const host = await get({ host: `evil.example:${port}` });
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body).error.code).toBe("FORBIDDEN_HOST");
    const origin = await get({ host: `127.0.0.1:${port}`, origin: "http://evil.example" }, "/v1/health");
    expect(origin.status).toBe(403);
    expect(JSON.parse(origin.body).error).toMatchObject({ code: "FORBIDDEN_ORIGIN" });
    const ok = await get({ host: `localhost:${port}` });
    expect(ok.status).toBe(200);
    expect(ok.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(ok.headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(ok.body).not.toMatch(/<script>|<style>|style=/);
  });

  function token(): string {
    return (JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")) as { token: string }).token;
  }
});
