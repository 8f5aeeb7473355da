// Building blocks of the kernel, exported for tests, benchmarks and tools (the CLI's dev loop, the eval). Not the
// kernel's API: index.ts is. Each block is usable on its own (the SDK conformance suite runs on the SQLite clients).
export { scopeCovers, hasScope, requiredScopes, authorize } from "./authz/authz.js";
export { needsConfirmation, resolveSettings, type ConfirmationSettings } from "./confirmations/policy.js";
export { SqliteStore } from "./clients/store.js";
export { SqliteCache } from "./clients/cache.js";
export { SqliteSecrets, loadSecretSources, secretEnvName } from "./clients/secrets.js";
export { FileStorage, storageRoot } from "./clients/storage.js";
export { makeHttpClient } from "./clients/http.js";
export { makeAiClient, embeddedComplete } from "./clients/ai.js";
export { openKernelDb } from "./state/db.js";
export { pathSegment, segmentToId } from "./state/paths.js";
export { ConnectionGuard, fdConnectionCap, HTTP_CONNECTION_DEFAULTS } from "./http/connections.js";
export { AuditLedger } from "./state/audit.js";
export { SeenIds, type SeenSource } from "./seen/registry.js";
export * from "./skeleton/index.js";
export * from "./classifier/index.js";
export * from "./facts/index.js";
export * from "./chain/index.js";
export { SkeletonRuntime, sectionsOf, type SkeletonSectionInfo, type SkeletonSectionView } from "./skeleton/runtime.js";
export { SqliteSnapshotStore } from "./skeleton/sqlite-store.js";
export { SqliteFactLedger } from "./facts/sqlite-store.js";
export { ChatTurns } from "./chat/turn.js";
export { buildCatalog } from "./chat/context.js";
export { hasStepRefs, makeChainResolver } from "./chain/resolver.js";
