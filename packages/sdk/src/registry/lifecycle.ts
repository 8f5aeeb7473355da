// Lifecycle hooks and the health check (SPEC 7.1), installed on Extension.prototype so extension.ts stays one thing.
// Each takes the usual call forms: ext.onInstall(handler), ext.onInstall()(handler), @ext.onInstall() on a method.
import { REGISTRY_KEY } from "../brand.js";
import { RegistrationError, SDK_ERROR_CODES } from "../errors/index.js";
import { SEMVER_PATTERN } from "../patterns.js";
import { makeRegistrar } from "./registrar.js";
import type { RegistryData } from "./surface.js";
import type { HealthHandler, LifecycleHandler, Registrar } from "./types.js";

type Hook = "onInstall" | "onUninstall" | "onEnable" | "onDisable";

/** The lifecycle methods every Extension has. */
export interface LifecycleMethods {
  /** Runs once per user: the first time the kernel sees the user, or on POST /v1/users/{id}/install. */
  onInstall(handler: LifecycleHandler): LifecycleHandler;
  onInstall(): Registrar<LifecycleHandler>;
  /** Runs on POST /v1/users/{id}/uninstall, before the kernel purges the user's state. */
  onUninstall(handler: LifecycleHandler): LifecycleHandler;
  onUninstall(): Registrar<LifecycleHandler>;
  /** Runs on POST /v1/users/{id}/enable. */
  onEnable(handler: LifecycleHandler): LifecycleHandler;
  onEnable(): Registrar<LifecycleHandler>;
  /** Runs on POST /v1/users/{id}/disable. */
  onDisable(handler: LifecycleHandler): LifecycleHandler;
  onDisable(): Registrar<LifecycleHandler>;
  /** Runs for each user whose installed version is below `version` when a version >= it is installed. */
  onUpgrade(version: string, handler: LifecycleHandler): LifecycleHandler;
  onUpgrade(version: string): Registrar<LifecycleHandler>;
  /** Reports the extension's health: at start, every 60 s and on GET /v1/health. */
  healthCheck(handler: HealthHandler): HealthHandler;
  healthCheck(): Registrar<HealthHandler>;
}

function registry(self: unknown): RegistryData {
  return (self as { [REGISTRY_KEY]: RegistryData })[REGISTRY_KEY];
}

function once<K extends Hook | "healthCheck">(self: unknown, key: K, handler?: unknown): unknown {
  const where = `ext.${key}()`;
  const r = makeRegistrar<LifecycleHandler>(where, (h) => {
    const life = registry(self).lifecycle;
    if (life[key] !== undefined)
      throw new RegistrationError(
        SDK_ERROR_CODES.DUPLICATE_NAME,
        `${where}: already registered.`,
        `Register one ${key} per extension.`,
      );
    (life as unknown as Record<string, unknown>)[key] = h;
  });
  return handler === undefined ? r : r(handler as LifecycleHandler);
}

/** Compares two semver strings (release part; a pre-release sorts before its release). */
export function compareSemver(a: string, b: string): number {
  const split = (v: string) => {
    const [core, pre] = v.split("-", 2) as [string, string | undefined];
    return { nums: core.split(".").map(Number), pre };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** Adds the lifecycle methods to a class's prototype. */
export function installLifecycle(cls: { prototype: object }): void {
  const methods: Record<string, (this: unknown, ...a: unknown[]) => unknown> = {
    onInstall(h) {
      return once(this, "onInstall", h);
    },
    onUninstall(h) {
      return once(this, "onUninstall", h);
    },
    onEnable(h) {
      return once(this, "onEnable", h);
    },
    onDisable(h) {
      return once(this, "onDisable", h);
    },
    healthCheck(h) {
      return once(this, "healthCheck", h);
    },
    onUpgrade(version, h) {
      const where = `ext.onUpgrade("${String(version)}")`;
      if (typeof version !== "string" || !SEMVER_PATTERN.test(version))
        throw new RegistrationError(
          SDK_ERROR_CODES.INVALID_VERSION,
          `${where}: the version must be semver.`,
          'Use e.g. "2.0.0".',
        );
      const r = makeRegistrar<LifecycleHandler>(where, (handler) => {
        const list = registry(this).lifecycle.onUpgrade;
        if (list.some((u) => u.version === version))
          throw new RegistrationError(
            SDK_ERROR_CODES.DUPLICATE_NAME,
            `${where}: already registered.`,
            "One hook per version.",
          );
        list.push({ version, handler });
        list.sort((a, b) => compareSemver(a.version, b.version));
      });
      return h === undefined ? r : r(h as LifecycleHandler);
    },
  };
  for (const [name, fn] of Object.entries(methods))
    Object.defineProperty(cls.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
