import { appendFileSync } from "node:fs";
import { join } from "node:path";

/** Kernel log sink; never receives secret values. */
export type KernelLog = (
  level: "debug" | "info" | "warn" | "error",
  message: string,
  detail?: Record<string, unknown>,
) => void;

/** The kernel log: JSON lines in `<stateDir>/kernel.log` (mode 0600), mirrored to an optional extra sink. */
export function createKernelLog(stateDir: string, extra?: KernelLog): KernelLog {
  const path = join(stateDir, "kernel.log");
  return (level, message, detail) => {
    try {
      const line = JSON.stringify({ ts: new Date().toISOString(), level, message, ...(detail ?? {}) });
      appendFileSync(path, line + "\n", { mode: 0o600 });
    } catch {
      /* logging never breaks a call */
    }
    extra?.(level, message, detail);
  };
}
