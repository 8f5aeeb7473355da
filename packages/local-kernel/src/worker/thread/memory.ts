// Bounds a worker's memory, heap and off-heap together (SPEC 10). `resourceLimits` only bounds the V8 heap:
// Buffers and ArrayBuffers live outside it, so a handler could allocate gigabytes that way. Every JS constructor
// that allocates backing memory is wrapped before the bundle is imported: an allocation that would take the
// worker past its limit throws a RangeError with code MEMORY_LIMIT instead of happening, and the call that made
// it is marked. Allocations the wrappers cannot see (native ones, e.g. inside zlib or fs) are caught by a
// periodic check that asks the kernel to end the worker.
import { AsyncLocalStorage } from "node:async_hooks";

/** The call id running in the current async context (set by the worker around each handler). */
export const currentCall = new AsyncLocalStorage<number>();
/** Calls that hit the memory limit (their outcome becomes MEMORY_LIMIT whatever the handler did with the error). */
export const overLimit = new Set<number>();

/** What an allocation past the limit throws (a RangeError, as V8's own allocation failures are). */
class MemoryLimitError extends RangeError {
  readonly code = "MEMORY_LIMIT";
  readonly fix = "Process the data in smaller pieces (stream or page it).";
  constructor(bytes: number, limit: number) {
    super(
      `Allocating ${Math.round(bytes / 1048576)} MiB would take the extension past its memory limit of ${Math.round(limit / 1048576)} MiB.`,
    );
  }
}

/** Bytes allocated through the wrappers since the last real measurement; measured again past a slack. */
let sinceMeasure = 0;
let lastMeasured = 0;
const SLACK = 16 * 1024 * 1024;

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Throws MEMORY_LIMIT when allocating `bytes` more would pass `limit`; cheap arithmetic unless near it. */
function charge(limit: number, bytes: number): void {
  if (!(bytes > 0)) return;
  if (lastMeasured + sinceMeasure + bytes > limit - SLACK || sinceMeasure > SLACK) {
    lastMeasured = used();
    sinceMeasure = 0;
  }
  if (lastMeasured + bytes > limit) {
    const call = currentCall.getStore();
    if (call !== undefined) overLimit.add(call);
    throw new MemoryLimitError(bytes, limit);
  }
  sinceMeasure += bytes;
}

const TYPED = [
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
] as const;

function lengthOf(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v && typeof v === "object" && !(v instanceof ArrayBuffer) && !(v instanceof SharedArrayBuffer)) {
    const n = (v as { length?: unknown }).length;
    return typeof n === "number" ? n : 0;
  }
  return 0;
}

/** Installs the wrappers and the periodic check in this worker; `report` is told when native memory ran over. */
export function boundMemory(limit: number, report: (bytes: number) => void): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const wrapCtor = (name: string, bytesOf: (args: unknown[]) => number) => {
    const Target = g[name] as (new (...a: unknown[]) => object) | undefined;
    if (typeof Target !== "function") return;
    g[name] = new Proxy(Target, {
      construct(target, args, newTarget) {
        charge(limit, bytesOf(args));
        return Reflect.construct(target, args, newTarget) as object;
      },
    });
  };
  const maxOf = (o: unknown) => Number((o as { maxByteLength?: unknown } | undefined)?.maxByteLength ?? 0) || 0;
  wrapCtor("ArrayBuffer", (a) => Math.max(Number(a[0]) || 0, maxOf(a[1])));
  wrapCtor("SharedArrayBuffer", (a) => Math.max(Number(a[0]) || 0, maxOf(a[1])));
  for (const name of TYPED) {
    const bpe = (g[name] as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    wrapCtor(name, (a) => lengthOf(a[0]) * bpe);
  }
  const B = Buffer as unknown as Record<string, (...a: unknown[]) => unknown>;
  const wrapStatic = (name: string, bytesOf: (args: unknown[]) => number) => {
    const orig = B[name]!;
    B[name] = function (this: unknown, ...args: unknown[]) {
      charge(limit, bytesOf(args));
      return orig.apply(this, args);
    };
  };
  wrapStatic("alloc", (a) => Number(a[0]) || 0);
  wrapStatic("allocUnsafe", (a) => Number(a[0]) || 0);
  wrapStatic("allocUnsafeSlow", (a) => Number(a[0]) || 0);
  wrapStatic("from", (a) => (typeof a[0] === "string" ? a[0].length * 3 : lengthOf(a[0])));
  wrapStatic("concat", (a) =>
    typeof a[1] === "number"
      ? a[1]
      : Array.isArray(a[0])
        ? a[0].reduce((s: number, b: unknown) => s + lengthOf(b), 0)
        : 0,
  );
  const proto = String.prototype as unknown as { repeat: (n: number) => string };
  const repeat = proto.repeat;
  proto.repeat = function (this: string, n: number) {
    charge(limit, String(this).length * (Number(n) || 0) * 2);
    return repeat.call(this, n);
  };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.external > limit) report(m.external); // `external` includes every ArrayBuffer and Buffer
  }, 100);
  timer.unref();
}
