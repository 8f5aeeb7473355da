// What the inspector's browser tests share: Debian's chromium driven by playwright-core, and a page that records
// console errors and refuses (and records) every request that would leave 127.0.0.1.
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { builtPrerequisites } from "./dev-helpers.js";

/** Debian's chromium (`apt-get install -y chromium`; `.ci/run` installs it when missing). */
export const CHROMIUM = "/usr/bin/chromium";

/** Why the browser tests cannot run here (no chromium, packages not built), or undefined. */
export function browserMissing(): string | undefined {
  return !existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install -y chromium)` : builtPrerequisites();
}

/** Launches chromium with one page; `errors` collects console errors, page errors and requests off loopback. */
export async function openPage(viewport: { width: number; height: number }): Promise<{
  browser: Browser;
  page: Page;
  errors: string[];
}> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  // Nothing leaves 127.0.0.1: any other request is aborted and fails the suite through `errors`.
  await page.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => {
    errors.push(`request left 127.0.0.1: ${route.request().url()}`);
    return route.abort();
  });
  return { browser, page, errors };
}
