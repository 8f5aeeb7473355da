// The pre-warmed spare worker on the hot-reload path: when its replacement starts, and the dry run it does while it
// waits (worker/thread/rehearsal.ts).
import { describe, expect, it } from "vitest";
import * as sdk from "@imperal/sdk";
import * as guards from "@imperal/sdk/guards";
import { buildFixture, cleanup, loadKernel } from "./helpers.js";

const { createKernel } = await loadKernel();
const { rehearse, REHEARSAL_INFO } =
  (await import("../dist/worker/thread/rehearsal.js")) as typeof import("../src/worker/thread/rehearsal.js");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Host = { hasSpare: boolean; spare?: { worker: { threadId: number } }; current?: { worker: { threadId: number } } };

/** A ctx factory whose clients record any use: the dry run must never reach the kernel. */
function recordingCtx(used: string[]) {
  const client = (name: string) =>
    new Proxy(
      {},
      {
        get:
          (_t, m) =>
          (...args: unknown[]) => (used.push(`${name}.${String(m)}`), Promise.resolve(args)),
      },
    );
  return (kind: "chat" | "panel" | "skeleton" | "system" | "webhook", signal: AbortSignal) =>
    sdk.buildContext(kind, {
      ...REHEARSAL_INFO,
      store: client("store") as never,
      cache: client("cache") as never,
      http: client("http") as never,
      notify: ((m: string) => void used.push(`notify ${m}`)) as never,
      log: (m: string) => void used.push(`log ${m}`),
      progress: () => void used.push("progress"),
      signal,
    });
}

describe("spare worker", () => {
  it("the dry run registers, describes, validates and calls a throwaway extension with the real SDK, using no ctx client", async () => {
    const used: string[] = [];
    expect(await rehearse(sdk, guards, recordingCtx(used))).toBe(true);
    expect(used).toEqual([]);
  });

  it("a dry run that fails reports false and throws nothing (the real load reports real problems)", async () => {
    const broken = {
      ...sdk,
      executeTool: () => {
        throw new Error("boom");
      },
    } as typeof sdk;
    expect(await rehearse(broken, guards, recordingCtx([]))).toBe(false);
    expect(await rehearse({ ...sdk, generateManifest: undefined } as never, guards, recordingCtx([]))).toBe(false);
  });

  it("the next spare starts when the last one is handed a build, not after the swap", async () => {
    const dir = await buildFixture("notes.ts", undefined, { tag: "a" });
    const k = await createKernel({ extensionDir: dir, spareWorker: "eager" });
    const host = k.internal.host as unknown as Host;
    try {
      for (let i = 0; i < 200 && !host.hasSpare; i++) await sleep(10);
      const taken = host.spare!.worker.threadId;
      await buildFixture("notes.ts", dir, { tag: "b" });
      expect((await k.reload()).ok).toBe(true);
      // No timer ran between the swap and this line: a spare that exists now was started during the load.
      expect(host.current!.worker.threadId).toBe(taken);
      expect(host.spare).toBeDefined();
      expect(host.spare!.worker.threadId).not.toBe(taken);
      const r = await k.call("dev", "build_tag", {});
      expect((r.results[0] as { data: { tag: string } }).data.tag).toBe("b");
    } finally {
      await k.close();
      cleanup(dir);
    }
    expect(host.hasSpare).toBe(false);
  });
});
