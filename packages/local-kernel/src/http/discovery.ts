import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What a client needs to find a running kernel. */
export interface Discovery {
  url: string;
  port: number;
  token: string;
  /** Epoch ms of the kernel's start. */
  started: number;
}

/** Writes `.imperal/dev.json` (mode 0600): where a client finds this kernel and its token. */
export function writeDiscovery(extensionDir: string, d: Discovery): void {
  const dir = join(extensionDir, ".imperal");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p = join(dir, "dev.json");
  const body = {
    url: d.url,
    port: d.port,
    token: d.token,
    pid: process.pid,
    started_at: new Date(d.started).toISOString(),
  };
  writeFileSync(p, JSON.stringify(body, null, 2) + "\n", { mode: 0o600 });
  chmodSync(p, 0o600);
}
