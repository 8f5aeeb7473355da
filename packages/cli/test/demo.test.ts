// The README's main job (`npx -y pnpm@10 demo`) is part of the test suite, so the quick start cannot silently rot:
// it runs scripts/demo.mjs as a user would and checks the transcript's key moments, not just the exit code.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./templates-helpers.js";

describe("README main job: scripts/demo.mjs", () => {
  it("scaffolds, validates, builds, chats, confirms a delete, hot-reloads and prints the transcript, offline", () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "demo.mjs")], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      timeout: 120_000,
    });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const out = r.stdout;
    expect(out).toContain("✔ no problems");
    expect(out).toMatch(/Built my-notes v0\.1\.0/);
    expect(out).toMatch(/kernel on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('Created note "Groceries"');
    expect(out).toContain('Created note "Weekend plans"');
    expect(out).toMatch(
      /notes: total_notes=2, in_trash=0, recent=\[Weekend plans \(#\w+\), Groceries \(#\w+\)\] \(cached ~\d+s ago\)/,
    );
    expect(out).toContain("authz needs confirmation");
    expect(out).toContain('Permanently deleted "Groceries"');
    expect(out).toContain('Saved note "Hot reload" ✎');
    expect(out).toMatch(/delete_note\s+confirmed/);
    expect(out).toContain("demo complete");
    // the suggested next command must be one that exists: the checkout's root script, not a registry package
    expect(out).toMatch(/Next: npx -y pnpm@10 -s imperal init \S+my-ext --template notes && cd \S+ && npm install/);
    expect(out).not.toMatch(/npx imperal init/);
  }, 150_000);
});
