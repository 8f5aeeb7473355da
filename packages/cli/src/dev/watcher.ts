import { watch, type FSWatcher } from "chokidar";
import path from "node:path";

/** Options for {@link watchSource}. */
export interface WatchOptions {
  /** Quiet period after the last event before `onChange` fires (ms). */
  debounceMs?: number;
  /** A file counts as written when its size has not changed for this long (chokidar awaitWriteFinish). */
  stabilityMs?: number;
  /** Extra ignore predicate (absolute path). */
  ignore?: (absPath: string) => boolean;
  /** Called on the first raw fs event of a relevant file, before the write is known to be finished. */
  onActivity?: (absPath: string) => void;
}

/** Directories and files the dev loop never reacts to: build output, state, dependencies, and files it writes itself. */
const IGNORED_DIRS = new Set(["dist", ".imperal", "node_modules", ".git", "coverage", ".turbo"]);
const IGNORED_FILES = new Set(["imperal.json"]);
const WATCHED_EXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx|json|svg)$/;

/** True when `abs` (inside `root`) must not trigger a rebuild. */
export function isIgnoredPath(root: string, abs: string, isFile?: boolean): boolean {
  const rel = path.relative(root, abs);
  if (rel === "") return false;
  if (rel.startsWith("..")) return true;
  const parts = rel.split(path.sep);
  if (parts.some((p) => IGNORED_DIRS.has(p))) return true;
  if (parts.length === 1 && IGNORED_FILES.has(parts[0]!)) return true;
  const base = parts[parts.length - 1]!;
  if (base.endsWith("~") || base.startsWith(".#") || /\.(swp|swx|tmp)$/.test(base)) return true;
  if (isFile && !WATCHED_EXT.test(base)) return true;
  return false;
}

/** A running source watcher; `ready` resolves after the initial scan. */
export interface SourceWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Watch an extension's sources and call `onChange` once per burst of edits with the changed files (relative paths). */
export function watchSource(root: string, onChange: (files: string[]) => void, opts: WatchOptions = {}): SourceWatcher {
  const debounceMs = opts.debounceMs ?? 5;
  const stabilityMs = opts.stabilityMs ?? 20;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    ignored: (p: string, stats?: { isFile(): boolean }) =>
      isIgnoredPath(root, p, stats?.isFile()) || !!opts.ignore?.(p),
    awaitWriteFinish: { stabilityThreshold: stabilityMs, pollInterval: Math.max(5, Math.floor(stabilityMs / 3)) },
    persistent: true,
  });
  const fire = () => {
    timer = undefined;
    const files = [...pending].map((f) => path.relative(root, f).split(path.sep).join("/"));
    pending.clear();
    if (files.length) onChange(files);
  };
  const onEvent = (p: string) => {
    pending.add(path.resolve(root, p));
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };
  watcher.on("add", onEvent).on("change", onEvent).on("unlink", onEvent);
  if (opts.onActivity) {
    const onActivity = opts.onActivity;
    watcher.on("raw", (_event: string, evPath: string, details: unknown) => {
      const base = (details as { watchedPath?: string } | undefined)?.watchedPath;
      if (!evPath || !base) return;
      const abs = path.isAbsolute(evPath) ? evPath : path.basename(base) === evPath ? base : path.join(base, evPath);
      if (!isIgnoredPath(root, abs, true) && !opts.ignore?.(abs)) onActivity(abs);
    });
  }
  watcher.on("error", () => {
    /* transient fs errors (a file removed mid-scan) are not fatal for the dev loop */
  });
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
