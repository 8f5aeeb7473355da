/** A user of the local kernel as `--user id[:scope,scope]` describes it. */
export interface DevUser {
  id: string;
  tenantId?: string;
  scopes?: string[];
  confirmations?: { enabled: boolean; actions?: string[] };
}

/** The part of `@imperal/local-kernel`'s kernel the dev loop uses (SPEC 4 programmatic API). */
export interface DevKernel {
  url?: string;
  token?: string;
  call(userId: string, tool: string, args: unknown): Promise<unknown>;
  turn(userId: string, message: string): Promise<unknown>;
  reload(): Promise<unknown>;
  close(): Promise<void>;
}

/** Options passed to createKernel. */
export interface DevKernelOptions {
  extensionDir: string;
  stateDir?: string;
  users?: DevUser[];
  port?: number;
  llm?: "embedded" | "openai";
  limits?: { callTimeoutMs?: number; promotionMs?: number };
  /** The dev command writes the discovery file itself (it points at the front, not at the kernel). */
  writeDiscovery?: boolean;
  /** Bearer token (the front publishes it before the kernel boots). */
  token?: string;
  /** Pre-warmed spare worker for fast hot swaps (`eager`: from boot on). */
  spareWorker?: "off" | "lazy" | "eager";
  /** Runs before each swap; an error keeps the old build serving (the dev loop checks the manifest here). */
  checkBuild?: (info: { manifest: Record<string, unknown> | null }) => Promise<{ code: string; message: string; fix: string } | undefined>;
}

/** Import createKernel from @imperal/local-kernel (a clear error when it is not built). */
export async function loadKernelFactory(): Promise<(o: DevKernelOptions) => Promise<DevKernel>> {
  const spec = "@imperal/local-kernel";
  try {
    const mod = (await import(spec)) as { createKernel?: (o: DevKernelOptions) => Promise<DevKernel> };
    if (typeof mod.createKernel !== "function") throw new Error("@imperal/local-kernel exports no createKernel");
    return mod.createKernel;
  } catch (e) {
    throw Object.assign(new Error(`cannot load @imperal/local-kernel: ${(e as Error).message}`), { code: "E_KERNEL_MISSING", fix: "run `pnpm build` at the repository root" });
  }
}

/** Parse `--user id[:scope,scope]` (repeatable); the first user acts in the REPL. */
export function parseUserFlag(value: string): DevUser {
  const i = value.indexOf(":");
  const id = (i < 0 ? value : value.slice(0, i)).trim();
  if (!/^[A-Za-z0-9_.@-]{1,128}$/.test(id)) {
    throw Object.assign(new Error(`invalid user id "${id}" in --user ${value}`), { code: "E_BAD_USER" });
  }
  if (i < 0) return { id };
  const scopes = value
    .slice(i + 1)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return { id, scopes };
}
