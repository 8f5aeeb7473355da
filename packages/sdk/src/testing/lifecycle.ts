// Running lifecycle hooks and the health check in tests, the way the kernel runs them (SPEC 7.1).
import { getRegistry } from "../registry/surface.js";
import type { HealthReport } from "../registry/types.js";
import { normaliseHealth } from "../dispatch/platform.js";
import { createTestContext, type TestContext } from "./context.js";

/** A lifecycle hook name. */
export type LifecycleHook = "onInstall" | "onUninstall" | "onEnable" | "onDisable";

/** Runs one hook with `ctx` (default: a fresh chat test context); false when the extension has none. */
export async function invokeLifecycle(
  ext: unknown,
  hook: LifecycleHook,
  opts: { ctx?: TestContext } = {},
): Promise<boolean> {
  const h = getRegistry(ext).lifecycle[hook];
  if (!h) return false;
  await h(opts.ctx ?? createTestContext({ ext }));
  return true;
}

/** Runs the onUpgrade hooks for an upgrade from `from` to `to` (versions in (from, to], in semver order). */
export async function invokeUpgrade(
  ext: unknown,
  from: string,
  to: string,
  opts: { ctx?: TestContext } = {},
): Promise<string[]> {
  const { compareSemver } = await import("../registry/lifecycle.js");
  const ran: string[] = [];
  for (const u of getRegistry(ext).lifecycle.onUpgrade) {
    if (compareSemver(u.version, from) > 0 && compareSemver(u.version, to) <= 0) {
      await u.handler(opts.ctx ?? createTestContext({ ext }));
      ran.push(u.version);
    }
  }
  return ran;
}

/** Runs the health check as the kernel does: a throw or a bad answer is `unhealthy` with the reason. */
export async function runHealthCheck(
  ext: unknown,
  opts: { ctx?: TestContext } = {},
): Promise<HealthReport | undefined> {
  const h = getRegistry(ext).lifecycle.healthCheck;
  if (!h) return undefined;
  try {
    return normaliseHealth(await h(opts.ctx ?? createTestContext({ ext })));
  } catch (e) {
    return { status: "unhealthy", message: (e as Error)?.message ?? String(e) };
  }
}
