// @imperal/sdk/conformance — one contract suite for store, cache and secrets, run by the testing kit and by the
// kernel's SQLite clients. The caller passes vitest's { describe, it, expect }, so the SDK never imports vitest.
import { runCacheConformance } from "./cache.js";
import { runSecretsConformance } from "./secrets.js";
import { runStoreConformance } from "./store.js";
import type { ConformanceFactory, ConformanceTestApi } from "./types.js";

export { runStoreConformance, runCacheConformance, runSecretsConformance };
export { CONFORMANCE_SECRETS } from "./harness.js";
export type * from "./types.js";

/** Runs the store, cache and secrets suites. */
export function runConformance(t: ConformanceTestApi, factory: ConformanceFactory): void {
  runStoreConformance(t, factory);
  runCacheConformance(t, factory);
  runSecretsConformance(t, factory);
}

/** Factory for the testing kit's in-memory clients (what `createTestContext` uses). */
export { memoryConformanceFactory } from "./memory.js";
