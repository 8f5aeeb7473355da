// The file layers of ctx.config (SPEC 7.2): `<extensionDir>/.imperal/config.json` = `{ "app": {...}, "users": {...} }`,
// read once at start (or given as createKernel({ config })). The worker resolves them over the extension's
// configDefaults for each call's user, so defaults always follow the serving build.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigFile } from "@imperal/sdk";
import { KernelError } from "../errors.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks the shape of a config object (from the file or the option); throws CONFIG_INVALID naming the problem. */
export function checkConfigFile(value: unknown, where: string): ConfigFile {
  const bad = (why: string): never => {
    throw new KernelError(
      "CONFIG_INVALID",
      `${where}: ${why}`,
      'Use { "app": { "backend": { "url": "..." } }, "users": { "<userId>": { ... } } }.',
      500,
    );
  };
  if (!isObject(value)) return bad("must be an object.");
  for (const k of Object.keys(value)) if (k !== "app" && k !== "users") bad(`unknown key "${k}" (only app and users).`);
  if (value.app !== undefined && !isObject(value.app)) bad('"app" must be an object.');
  if (value.users !== undefined) {
    if (!isObject(value.users)) bad('"users" must be an object of user id -> settings.');
    for (const [id, v] of Object.entries(value.users as Record<string, unknown>))
      if (!isObject(v)) bad(`"users.${id}" must be an object.`);
  }
  return JSON.parse(JSON.stringify(value)) as ConfigFile;
}

/** `<extensionDir>/.imperal/config.json`, checked; undefined when absent. */
export function readConfigFile(extensionDir: string): ConfigFile | undefined {
  const p = join(extensionDir, ".imperal", "config.json");
  if (!existsSync(p)) return undefined;
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(p, "utf8"));
  } catch (e) {
    throw new KernelError(
      "CONFIG_INVALID",
      `${p} is not valid JSON (${(e as Error).message}).`,
      "Fix the JSON in .imperal/config.json.",
      500,
    );
  }
  return checkConfigFile(j, p);
}
