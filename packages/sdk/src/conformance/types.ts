import type { CacheClient, SecretsClient, StoreClient } from "../context/types.js";
import type { SecretDeclaration } from "../registry/types.js";

/** The parts of vitest the suite needs; pass `{ describe, it, expect }` from "vitest". */
export interface ConformanceTestApi {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => Promise<void> | void) => void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vitest's expect, passed in so the SDK does not depend on vitest
  expect: any;
}

/** One user's clients. */
export interface ConformanceClientSet {
  store: StoreClient;
  cache: CacheClient;
  secrets: SecretsClient;
}

/** A user identity the factory must bind clients to. */
export interface ConformanceUser {
  tenantId: string;
  userId: string;
}

/** What the suite hands the factory for every test. */
export interface ConformanceFactoryInput {
  /** Clients must read time only through this clock (cache TTLs, document timestamps). */
  clock: { now(): number; advance(ms: number): void };
  appId: string;
  /** Secret declarations the secrets clients must enforce. */
  secrets: SecretDeclaration[];
  /** alice and bob share a tenant; carol is in another tenant. */
  users: { alice: ConformanceUser; bob: ConformanceUser; carol: ConformanceUser };
}

/** Fresh, empty clients for the three users; `close` runs after the test. */
export interface ConformanceClients {
  alice: ConformanceClientSet;
  bob: ConformanceClientSet;
  carol: ConformanceClientSet;
  close?: () => void | Promise<void>;
}

/** Makes fresh clients for one test. */
export type ConformanceFactory = (input: ConformanceFactoryInput) => ConformanceClients | Promise<ConformanceClients>;
