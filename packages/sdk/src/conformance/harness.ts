import type { SecretDeclaration } from "../registry/types.js";
import type { ConformanceClients, ConformanceFactory, ConformanceFactoryInput } from "./types.js";

/** Secrets every conformance run declares. */
export const CONFORMANCE_SECRETS: SecretDeclaration[] = [
  { name: "api_key", description: "Entered by the user", required: true, writeMode: "user", maxBytes: 4096 },
  { name: "token", description: "Written by the extension", required: false, writeMode: "extension", maxBytes: 16 },
  { name: "shared", description: "Written by either", required: false, writeMode: "both", maxBytes: 4096 },
];

/** Runs `fn` with fresh clients and a manual clock, always closing the clients. */
export async function withClients(
  factory: ConformanceFactory,
  fn: (c: ConformanceClients, input: ConformanceFactoryInput) => Promise<void>,
): Promise<void> {
  let t = Date.UTC(2026, 0, 1);
  const input: ConformanceFactoryInput = {
    clock: {
      now: () => t,
      advance: (ms: number) => {
        t += ms;
      },
    },
    appId: "conformance-app",
    secrets: CONFORMANCE_SECRETS.map((s) => ({ ...s })),
    users: {
      alice: { tenantId: "tenant-a", userId: "alice" },
      bob: { tenantId: "tenant-a", userId: "bob" },
      carol: { tenantId: "tenant-b", userId: "carol" },
    },
  };
  const clients = await factory(input);
  try {
    await fn(clients, input);
  } finally {
    await clients.close?.();
  }
}

/** Turns sync throws into rejections so both client styles are checked alike. */
export function settle<T>(f: () => T | Promise<T>): Promise<T> {
  return (async () => f())();
}
