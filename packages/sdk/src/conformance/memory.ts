import { ImperalError, SDK_ERROR_CODES } from "../errors/index.js";
import { MemoryCacheBackend } from "../testing/cache.js";
import { MemorySecretsBackend } from "../testing/secrets.js";
import { MemoryStoreBackend } from "../testing/store.js";
import type { ConformanceFactory } from "./types.js";

/** Conformance factory over the testing kit's in-memory backends. */
export const memoryConformanceFactory: ConformanceFactory = ({ clock, appId, secrets, users }) => {
  const set = (): never => {
    throw new ImperalError(
      SDK_ERROR_CODES.CLOCK_NOT_SETTABLE,
      "The conformance clock cannot be set.",
      "Move time forward with clock.advance(ms).",
    );
  };
  const c = { now: clock.now, advance: clock.advance, set };
  const store = new MemoryStoreBackend(c);
  const cache = new MemoryCacheBackend(c);
  const vault = new MemorySecretsBackend();
  const make = (u: { tenantId: string; userId: string }) => {
    const scope = { ...u, appId };
    return { store: store.client(scope), cache: cache.client(scope), secrets: vault.client(scope, secrets) };
  };
  return { alice: make(users.alice), bob: make(users.bob), carol: make(users.carol) };
};
