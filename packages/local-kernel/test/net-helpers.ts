// Raw-socket tools for the HTTP bound tests: a socket whose bytes, answer and close time are recorded, and a
// kernel in a child process (optionally under a lowered descriptor limit).
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { here } from "./helpers.js";

/** A raw client socket and what happened to it. */
export interface RawConn {
  socket: Socket;
  openedAt: number;
  closedAt?: number;
  /** Everything the server sent. */
  received: string;
  closed: Promise<void>;
}

/** Opens a raw TCP connection to a kernel URL and records its answer and its close. */
export function rawConnect(url: string, first?: string): Promise<RawConn> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    let resolveClosed!: () => void;
    const c: RawConn = {
      socket,
      openedAt: Date.now(),
      received: "",
      closed: new Promise<void>((r) => (resolveClosed = r)),
    };
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => (c.received += d));
    socket.on("error", () => {});
    socket.on("close", () => {
      c.closedAt ??= Date.now();
      resolveClosed();
    });
    const failed = (e: Error) => reject(e);
    socket.once("error", failed);
    socket.once("connect", () => {
      socket.off("error", failed);
      c.openedAt = Date.now();
      if (first) socket.write(first);
      resolve(c);
    });
  });
}

/** Status code of the first answer on a raw socket, or undefined. */
export function rawStatus(c: RawConn): number | undefined {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(c.received);
  return m ? Number(m[1]) : undefined;
}

/** A kernel in its own process. */
export interface ChildKernel {
  url: string;
  token: string;
  pid: number;
  child: ChildProcess;
  stderr(): string;
  alive(): boolean;
  /** Open descriptors of the child (Linux /proc). */
  fds(): number;
  close(): Promise<void>;
}

/** Starts test/fixtures/kernel-child.mjs, with `ulimit -n <fdLimit>` when given. */
export async function startChildKernel(options: Record<string, unknown>, fdLimit?: number): Promise<ChildKernel> {
  const distIndex = pathToFileURL(join(here, "..", "dist", "index.js")).href;
  const script = join(here, "fixtures", "kernel-child.mjs");
  const argv = [process.execPath, script, distIndex, JSON.stringify(options)];
  const child =
    fdLimit === undefined
      ? spawn(argv[0]!, argv.slice(1), { stdio: ["pipe", "pipe", "pipe"] })
      : spawn("bash", ["-c", `ulimit -n ${fdLimit} && exec "$@"`, "bash", ...argv], {
          stdio: ["pipe", "pipe", "pipe"],
        });
  let err = "";
  let exited = false;
  child.stderr!.on("data", (d) => (err += d));
  child.on("exit", () => (exited = true));
  const info = await new Promise<{ url: string; token: string; pid: number }>((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`kernel child did not start: ${err}`)), 30_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const i = out.indexOf("\n");
      if (i >= 0) {
        clearTimeout(t);
        resolve(JSON.parse(out.slice(0, i)));
      }
    });
    child.on("exit", (code) => reject(new Error(`kernel child exited ${code}: ${err}`)));
  });
  return {
    ...info,
    child,
    stderr: () => err,
    alive: () => !exited,
    fds: () => readdirSync(`/proc/${info.pid}/fd`).length,
    close: async () => {
      if (exited) return;
      const done = new Promise((r) => child.once("exit", r));
      child.stdin!.end();
      const t = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await done;
      clearTimeout(t);
    },
  };
}
