// Per-user lifecycle of the extension (SPEC 7.1): install on first sight, upgrade when a newer build serves,
// enable/disable, uninstall with a full purge. Every hook runs through the platform runner (one audit row each,
// `__lifecycle__on_install` ...); the install state lives in kv (lifecycle/state.ts).
import { platformTool } from "@imperal/sdk/patterns";
import { KernelError } from "../errors.js";
import type { EventBus } from "../events.js";
import type { KernelLog } from "../log.js";
import type { PlatformRunner, PlatformStatus } from "../platform/runner.js";
import type { Db } from "../state/db.js";
import type { KernelUser, UserDirectory } from "../users/users.js";
import type { ReadyInfo } from "../worker/protocol.js";
import { compareVersions, InstallState, type InstallRecord } from "./state.js";
import type { PurgeCounts } from "./uninstall.js";

/** The lifecycle hooks by their reserved-name spelling. */
export type LifecycleHook = "on_install" | "on_uninstall" | "on_enable" | "on_disable" | "on_upgrade";

/** How one hook run went: `not_registered` when the extension has no such hook (nothing ran, no audit row). */
export interface HookReport {
  status: PlatformStatus | "not_registered";
  error?: string;
  audit_id?: string;
}

/** What `POST /v1/users/{id}/install | uninstall | enable | disable` answers. */
export interface LifecycleResult {
  user: string;
  action: "install" | "uninstall" | "enable" | "disable";
  /** False when the user already was in the asked state (no hook ran). */
  changed: boolean;
  installed: boolean;
  enabled: boolean;
  version?: string;
  hook?: HookReport;
  /** Uninstall: rows removed per table, storage dirs removed. */
  purged?: PurgeCounts;
}

/** One user's upgrade at start or after a reload. */
export interface UpgradeReport {
  user: string;
  from: string;
  to: string;
  status: PlatformStatus | "not_registered";
  ran?: string[];
  error?: string;
}

/** What the lifecycle needs (built once by createKernel). */
export interface LifecycleDeps {
  db: Db;
  appId: string;
  platform: Pick<PlatformRunner, "run">;
  users: UserDirectory;
  info: () => ReadyInfo | undefined;
  /** Timeout of one hook run (the call timeout). */
  timeoutMs: number;
  log: KernelLog;
  /** The full per-user purge (lifecycle/uninstall.ts). */
  purge: (userId: string, extraTenants: string[]) => Promise<PurgeCounts>;
}

const HOOK_FLAG: Record<LifecycleHook, "onInstall" | "onUninstall" | "onEnable" | "onDisable" | "onUpgrade"> = {
  on_install: "onInstall",
  on_uninstall: "onUninstall",
  on_enable: "onEnable",
  on_disable: "onDisable",
  on_upgrade: "onUpgrade",
};

/** Install, upgrade, enable/disable and uninstall per user. */
export class Lifecycle {
  readonly state: InstallState;
  /** Per-user queue: lifecycle steps of one user never interleave (an uninstall waits for a running install). */
  private readonly chain = new Map<string, Promise<unknown>>();
  /** A first-sight install in flight: concurrent first calls share it, so onInstall runs once. */
  private readonly installing = new Map<string, Promise<void>>();

  constructor(private readonly d: LifecycleDeps) {
    this.state = new InstallState(d.db, d.appId);
  }

  /**
   * The gate of every call, turn and panel: installs the user on first sight (onInstall; a throw is 503
   * INSTALL_FAILED and the next call tries again), then rejects a disabled user (403 EXTENSION_DISABLED).
   */
  async admit(user: KernelUser): Promise<void> {
    if (!this.state.get(user.id) || this.chain.has(user.id)) await this.ensureInstalled(user);
    if (this.state.get(user.id)?.disabled) throw disabledError(this.d.appId, user.id);
  }

  /** {@link admit} by user id; an unknown id passes (the dispatch path answers UNKNOWN_USER itself). */
  async admitId(userId: string): Promise<void> {
    const user = this.d.users.get(userId);
    if (user) await this.admit(user);
  }

  /**
   * Upgrades the installed users behind the serving version now (each hook bounded by the call timeout), and again
   * after every reload that brings a newer version.
   */
  async start(events: EventBus): Promise<void> {
    events.on((e) => {
      if (e.type === "reload")
        void this.upgradeAll().catch((err: unknown) => this.d.log("error", `upgrade failed: ${String(err)}`));
    });
    await this.upgradeAll();
  }

  /** `POST /v1/users/{id}/install`: runs onInstall unless installed already; a failing hook is 503 INSTALL_FAILED. */
  install(user: KernelUser): Promise<LifecycleResult> {
    return this.serial(user.id, async () => {
      if (this.state.get(user.id)) return this.result(user.id, "install", false);
      const hook = await this.installNow(user);
      if (!succeeded(hook)) throw installError(user.id, hook);
      return this.result(user.id, "install", true, hook);
    });
  }

  /** `POST /v1/users/{id}/uninstall`: onUninstall (a throw is recorded, not fatal), then the full purge. */
  uninstall(user: KernelUser): Promise<LifecycleResult> {
    return this.serial(user.id, async () => {
      const rec = this.state.get(user.id);
      const hook = rec ? await this.runHook(user, "on_uninstall") : undefined;
      if (hook && !succeeded(hook))
        this.d.log("warn", `onUninstall failed for ${user.id} (${hook.status}): ${hook.error ?? ""}; purging anyway`);
      const purged = await this.d.purge(user.id, rec && rec.tenantId !== user.tenantId ? [rec.tenantId] : []);
      this.state.delete(user.id);
      return { ...this.result(user.id, "uninstall", rec !== undefined, hook), purged };
    });
  }

  /** `POST /v1/users/{id}/enable`: clears the disabled flag and runs onEnable (installs first if needed). */
  enable(user: KernelUser): Promise<LifecycleResult> {
    return this.toggle(user, false);
  }

  /** `POST /v1/users/{id}/disable`: runs onDisable and sets the flag (persisted: calls get EXTENSION_DISABLED). */
  disable(user: KernelUser): Promise<LifecycleResult> {
    return this.toggle(user, true);
  }

  /**
   * Runs `on_upgrade { from, to }` for every installed user whose version is below the serving build's (at start
   * and after each reload). A failed upgrade keeps the user's version, so it is tried again at the next start or
   * reload (upgrade hooks should be idempotent).
   */
  async upgradeAll(): Promise<UpgradeReport[]> {
    const to = this.version();
    const behind = this.state.users().filter((id) => {
      const rec = this.state.get(id);
      return rec !== undefined && this.d.users.has(id) && compareVersions(to, rec.version) > 0;
    }); // a user no longer configured is upgraded when it comes back
    // Every user's slot is taken now (their calls wait for their upgrade), the runs go one user after another.
    let previous: Promise<unknown> = Promise.resolve();
    const runs = behind.map((id) => {
      const after = previous;
      const run = this.serial(id, async () => {
        await after.catch(() => undefined);
        return this.upgradeOne(this.d.users.get(id)!, to);
      });
      previous = run;
      return run;
    });
    return (await Promise.all(runs)).filter((r): r is UpgradeReport => r !== undefined);
  }

  private async upgradeOne(user: KernelUser, to: string): Promise<UpgradeReport | undefined> {
    const rec = this.state.get(user.id);
    if (!rec || compareVersions(to, rec.version) <= 0) return undefined;
    const from = rec.version;
    // Only versions in (from, to] run: with none registered there, nothing is run or audited.
    const due = (this.d.info()?.platform?.lifecycle.onUpgrade ?? []).filter(
      (v) => compareVersions(v, from) > 0 && compareVersions(v, to) <= 0,
    );
    const hook: HookReport = due.length
      ? await this.runHook(user, "on_upgrade", { from, to })
      : { status: "not_registered" };
    if (succeeded(hook)) this.state.set(user.id, { ...rec, version: to });
    else this.d.log("warn", `onUpgrade ${from} -> ${to} failed for ${user.id}: ${hook.error ?? hook.status}`);
    const err = hook.error ? { error: hook.error } : {};
    return { user: user.id, from, to, status: hook.status, ...(due.length ? { ran: due } : {}), ...err };
  }

  private toggle(user: KernelUser, disabled: boolean): Promise<LifecycleResult> {
    const action = disabled ? "disable" : "enable";
    return this.serial(user.id, async () => {
      if (!this.state.get(user.id)) {
        const hook = await this.installNow(user);
        if (!succeeded(hook)) throw installError(user.id, hook);
      }
      const rec = this.state.get(user.id)!;
      if (rec.disabled === disabled) return this.result(user.id, action, false);
      // onDisable runs while the user is still enabled, onEnable once it is: each hook sees the state it is about.
      const hook = disabled ? await this.runHook(user, "on_disable") : undefined;
      this.state.set(user.id, { ...rec, disabled });
      const after = disabled ? hook : await this.runHook(user, "on_enable");
      return this.result(user.id, action, true, after);
    });
  }

  private ensureInstalled(user: KernelUser): Promise<void> {
    let p = this.installing.get(user.id);
    if (!p) {
      p = this.serial(user.id, async () => {
        if (this.state.get(user.id)) return;
        const hook = await this.installNow(user);
        if (!succeeded(hook)) throw installError(user.id, hook);
      });
      this.installing.set(user.id, p);
      const clear = () => this.installing.delete(user.id);
      p.then(clear, clear);
    }
    return p;
  }

  /** Runs onInstall; only a successful (or absent) hook records the user as installed. */
  private async installNow(user: KernelUser): Promise<HookReport> {
    const hook = await this.runHook(user, "on_install");
    if (succeeded(hook)) {
      const rec: InstallRecord = {
        version: this.version(),
        installedAt: new Date().toISOString(),
        disabled: false,
        tenantId: user.tenantId,
      };
      this.state.set(user.id, rec);
    }
    return hook;
  }

  private async runHook(user: KernelUser, hook: LifecycleHook, args?: unknown): Promise<HookReport> {
    const flags = this.d.info()?.platform?.lifecycle;
    const flag = flags?.[HOOK_FLAG[hook]];
    if (!flag || (Array.isArray(flag) && flag.length === 0)) return { status: "not_registered" };
    const r = await this.d.platform.run({
      user,
      target: { kind: "lifecycle", hook },
      ...(args !== undefined ? { args } : {}),
      kind: "chat",
      source: "lifecycle",
      timeoutMs: this.d.timeoutMs,
    });
    return { status: r.status, ...(r.error ? { error: r.error } : {}), ...(r.auditId ? { audit_id: r.auditId } : {}) };
  }

  private version(): string {
    const v = this.d.info()?.manifest?.version;
    return typeof v === "string" ? v : "0.0.0";
  }

  private result(userId: string, action: LifecycleResult["action"], changed: boolean, hook?: HookReport) {
    const rec = this.state.get(userId);
    return {
      user: userId,
      action,
      changed,
      installed: rec !== undefined,
      enabled: rec ? !rec.disabled : true,
      ...(rec ? { version: rec.version } : {}),
      ...(hook ? { hook } : {}),
    };
  }

  private serial<T>(userId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chain.get(userId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.chain.set(userId, tail);
    void tail.then(() => {
      if (this.chain.get(userId) === tail) this.chain.delete(userId);
    });
    return next;
  }
}

/** A hook that ran to the end, or that the extension does not have. */
function succeeded(hook: HookReport): boolean {
  return hook.status === "executed" || hook.status === "not_registered";
}

function disabledError(appId: string, userId: string): KernelError {
  return new KernelError(
    "EXTENSION_DISABLED",
    `The extension ${appId} is disabled for ${userId}, so nothing ran.`,
    `Enable it with POST /v1/users/${userId}/enable (kernel.enable("${userId}")).`,
    403,
  );
}

function installError(userId: string, hook: HookReport): KernelError {
  const tool = platformTool({ kind: "lifecycle", hook: "on_install" });
  return new KernelError(
    "INSTALL_FAILED",
    `onInstall failed for ${userId} (${hook.status}): ${hook.error ?? "no reason given"}. Nothing ran; the user is ` +
      "not installed and the next call tries the install again.",
    `Fix the onInstall handler (its audit row ${tool} and the kernel log have the stack), then retry.`,
    503,
  );
}
