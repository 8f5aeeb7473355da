// @imperal/sdk/testing — in-memory ctx and invoke(), obeying the same contracts as the kernel.
export { createTestContext, createTestBackends, invoke } from "./context.js";
export type { TestContext, TestContextOptions, TestRecorder, TestBackends, InvokeOptions } from "./context.js";
export { createClock } from "./clock.js";
export type { TestClock } from "./clock.js";
export { MemoryStoreBackend } from "./store.js";
export type { StoreScope } from "./store.js";
export { MemoryCacheBackend, CACHE_LIMITS, checkCacheKey, checkCacheTtl, serializeCacheValue } from "./cache.js";
export { MemorySecretsBackend } from "./secrets.js";
export { MemoryStorageBackend, normaliseStoragePath } from "./storage.js";
export { createTestHttp, HTTP_LIMITS } from "./http.js";
export type { TestHttpHandler, TestHttpRequest, TestHttpReply } from "./http.js";
export { invokeLifecycle, invokeUpgrade, runHealthCheck } from "./lifecycle.js";
export type { LifecycleHook } from "./lifecycle.js";
export { invokeSchedule, invokeWebhook, replyOf } from "./runners.js";
export type { ScheduleRun, TestWebhookRequest } from "./runners.js";
