import { fsync, fsyncSync, openSync, closeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Group commit for the kernel database: SQLite runs WAL + synchronous=NORMAL (a commit is a write() into the WAL,
 * no fsync), and before a reply is sent the kernel awaits `flush()`, which fsyncs the WAL file once for every
 * commit made so far. Concurrent replies share one fsync, and the fsync runs on libuv's thread pool, so the event
 * loop never blocks on the disk. Net effect: every acknowledged write and audit row is on stable storage (like
 * synchronous=FULL) at close to NORMAL's throughput.
 */
export class WalSyncer {
  private fd: number | undefined;
  private waiting: Array<() => void> = [];
  private running = false;
  private closed = false;

  constructor(
    private readonly walPath: string,
    private readonly enabled: boolean,
  ) {}

  /** Resolves once everything committed before this call is durable. */
  flush(): Promise<void> {
    if (!this.enabled || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.kick();
    });
  }

  private kick(): void {
    if (this.running || this.waiting.length === 0) return;
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.walPath, "r");
        // Once: make the WAL file's directory entry durable too.
        try {
          const d = openSync(dirname(this.walPath), "r");
          try {
            fsyncSync(d);
          } finally {
            closeSync(d);
          }
        } catch {
          /* not supported on this platform */
        }
      } catch {
        // No WAL file: nothing was written since the last checkpoint (which SQLite syncs itself).
        const batch = this.waiting;
        this.waiting = [];
        for (const r of batch) r();
        return;
      }
    }
    const batch = this.waiting;
    this.waiting = [];
    this.running = true;
    fsync(this.fd, () => {
      this.running = false;
      for (const r of batch) r();
      this.kick();
    });
  }

  /** Closes the WAL descriptor. */
  close(): void {
    this.closed = true;
    for (const r of this.waiting) r();
    this.waiting = [];
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = undefined;
    }
  }
}
