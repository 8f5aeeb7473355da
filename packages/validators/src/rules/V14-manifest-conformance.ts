import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { ts, type Node } from "../engine/tsapi.js";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { stripExpr } from "../engine/model.js";
import { jsonPointerOffsets } from "../engine/json-locate.js";
import { computeLineStarts, offsetToLoc } from "../engine/suppress.js";
import { readInsideRoot } from "../engine/files.js";
import { extOpt, regOpt, withValue } from "../engine/rule-helpers.js";

import {
  TOOL_NAME_PATTERN,
  APP_ID_PATTERN as APP_ID_RE,
  SEMVER_PATTERN as SEMVER_RE,
  CAPABILITY_PATTERN as SCOPE_RE,
  IDENTIFIER_PATTERN as IDENT_RE,
  SECTION_PATTERN,
  SECRET_NAME_PATTERN,
  EVENT_NAME_PATTERN,
} from "../patterns.js";

/**
 * V14: manifest v3 conformance of what the source states literally (app id, version, capabilities, function
 * and tool names, skeleton sections, chat tool name, tool scopes, secret and event names) and of a
 * committed imperal.json (ajv against @imperal/sdk/manifest.schema.json). An invalid function/tool name is also a
 * V26 finding (both SPEC rows cover it); panel names and uniqueness are V26 only.
 */
export default defineRule(
  {
    id: "V14",
    severity: "error",
    description:
      "Manifest v3 conformance: literal app id, version, capabilities and identifiers obey the manifest schema; " +
      "a committed imperal.json validates against manifest.schema.json.",
    fix: "make the value match the manifest schema (app id ^[a-z0-9][a-z0-9-]*[a-z0-9]$, semver version, scope:pattern capabilities)",
  },
  (ctx) => {
    for (const inst of ctx.model.extensions) {
      const appArg = inst.node.arguments?.[0];
      if (!appArg) {
        ctx.report(inst.node, "new Extension() has no app id", {
          fix: 'pass the app id first: new Extension("my-app", { ... })',
        });
      } else {
        const v = ctx.model.evaluate(appArg);
        if (!v.known) ctx.cannotVerify(appArg, "the app id");
        else if (typeof v.value !== "string" || !APP_ID_RE.test(v.value))
          ctx.report(appArg, `app id ${JSON.stringify(v.value)} does not match ^[a-z0-9][a-z0-9-]*[a-z0-9]$`, {
            fix: `use lowercase letters, digits and hyphens, e.g. "${suggestAppId(String(v.value))}"`,
          });
      }
      if (appArg && !inst.node.arguments?.[1]) {
        ctx.report(inst.node, "new Extension() has no options (version is required)", {
          fix: 'pass options: new Extension("my-app", { version: "1.0.0", ... })',
        });
        continue;
      }
      withValue(
        ctx,
        extOpt(ctx, inst, "version"),
        "the version",
        (val, node) => {
          if (typeof val !== "string" || !SEMVER_RE.test(val))
            ctx.report(node, `version ${JSON.stringify(val)} is not a semantic version`, {
              fix: 'use MAJOR.MINOR.PATCH, e.g. "1.0.0"',
            });
        },
        () =>
          ctx.report(inst.node, "Extension has no version", { fix: 'add version: "1.0.0" to the Extension options' }),
      );
      const caps = extOpt(ctx, inst, "capabilities");
      if (caps.kind === "found") {
        checkScopeList(ctx, caps.value, "capability", 0);
      }
    }
    for (const inst of ctx.model.instances) {
      if (inst.kind !== "chat") continue;
      const optsArg = inst.node.arguments?.[1];
      if (!optsArg) continue;
      const obj = ctx.model.resolveObject(optsArg);
      if (!obj) continue;
      withValue(ctx, ctx.model.getProp(obj, "toolName"), "the chat toolName", (val, node) => {
        if (typeof val !== "string" || !IDENT_RE.test(val))
          ctx.report(node, `chat toolName ${JSON.stringify(val)} is not an identifier ^[a-z][a-z0-9_]*$`, {
            fix: 'use lowercase snake_case, e.g. "notes"',
          });
      });
    }
    for (const reg of ctx.model.registrations) {
      if (reg.kind === "skeleton" && reg.nameArg) {
        if (reg.name === undefined) ctx.cannotVerify(reg.nameArg, "the skeleton section name");
        else if (!SECTION_PATTERN.test(reg.name))
          ctx.report(reg.nameArg, `skeleton section "${reg.name}" is not an identifier ^[a-z][a-z0-9_]*$`, {
            fix: "use lowercase snake_case section names",
          });
      }
      if (
        (reg.kind === "tool" || reg.kind === "function") &&
        reg.nameArg &&
        reg.name !== undefined &&
        !TOOL_NAME_PATTERN.test(reg.name)
      ) {
        // SPEC 2: V14 covers "function/tool identifiers obey the manifest schema" (tools[].name); V26 reports the
        // same name as a naming problem too (its row lists function, tool and panel names).
        const what = reg.kind === "function" ? "chat function" : "tool";
        ctx.report(
          reg.nameArg,
          `${what} name "${reg.name}" does not match the manifest schema (tools[].name ^[a-z][a-z0-9_]*$)`,
          {
            fix: "use lowercase snake_case: letters, digits and _ , starting with a letter",
          },
        );
      }
      if (reg.kind === "tool" || reg.kind === "function") {
        const scopes = regOpt(ctx, reg, "scopes");
        if (scopes.kind === "found") checkScopeList(ctx, scopes.value, "scope", 0);
      }
      // schedules[].cron is V34's (SPEC 7.11), checked there with the SDK's own cron parser
      if (reg.kind === "secret" && reg.nameArg) {
        if (reg.name === undefined) ctx.cannotVerify(reg.nameArg, "the secret name");
        else if (!SECRET_NAME_PATTERN.test(reg.name))
          ctx.report(reg.nameArg, `secret name "${reg.name}" does not match ^[a-z][a-z0-9_]{0,62}$`, {
            fix: "use lowercase snake_case secret names",
          });
      }
      if (reg.kind === "function") {
        withValue(ctx, regOpt(ctx, reg, "event"), "the event name", (val, node) => {
          if (val !== undefined && (typeof val !== "string" || !EVENT_NAME_PATTERN.test(val)))
            ctx.report(node, `event ${JSON.stringify(val)} does not match ^[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*$`, {
              fix: 'use dotted lowercase names, e.g. "notes.created"',
            });
        });
      }
    }
    checkCommittedManifest(ctx);
  },
);

/** Check every scope of an array (capabilities, tool scopes), following consts and `...SHARED` spreads to where each is written. */
function checkScopeList(ctx: RuleContext, expr: Node, what: "capability" | "scope", depth: number): void {
  const f = ctx.model.followValue(expr);
  const arr = f ? stripExpr(f.expr) : stripExpr(expr);
  if (!ts.isArrayLiteralExpression(arr)) {
    if (depth > 0 || what === "scope") ctx.cannotVerify(expr, what === "scope" ? "the scopes" : "the capabilities");
    return;
  }
  for (const el of arr.elements) {
    if (ts.isSpreadElement(el)) {
      if (depth < 4) checkScopeList(ctx, el.expression, what, depth + 1);
      else ctx.cannotVerify(el, `a ${what}`);
      continue;
    }
    const v = ctx.model.evaluate(el);
    if (!v.known) ctx.cannotVerify(el, `a ${what}`);
    else if (typeof v.value !== "string" || !SCOPE_RE.test(v.value))
      ctx.report(el, `${what} ${JSON.stringify(v.value)} does not match the scope pattern`, {
        fix: 'use "resource:action", e.g. "notes:read"',
      });
  }
}

function suggestAppId(s: string): string {
  const t = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return t.length >= 2 ? t : "my-app";
}

let cachedSchema: { schema: object | null; error?: string } | undefined;

/** Load @imperal/sdk/manifest.schema.json from the built SDK package (null when it is not built/installed). */
export function loadManifestSchema(): { schema: object | null; error?: string } {
  if (cachedSchema && cachedSchema.schema) return cachedSchema;
  try {
    const req = createRequire(import.meta.url);
    const p = req.resolve("@imperal/sdk/manifest.schema.json");
    cachedSchema = { schema: JSON.parse(fs.readFileSync(p, "utf8")) as object };
  } catch (err) {
    cachedSchema = { schema: null, error: (err as Error).message.split("\n")[0] };
  }
  return cachedSchema;
}

type AjvError = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };
const validatorCache = new WeakMap<object, (data: unknown) => { ok: boolean; errors: AjvError[] }>();

function compile(schema: object) {
  let v = validatorCache.get(schema);
  if (v) return v;
  const req = createRequire(import.meta.url);
  const s = schema as { $schema?: string };
  const mod = /2020-12/.test(s.$schema ?? "")
    ? req("ajv/dist/2020")
    : /2019-09/.test(s.$schema ?? "")
      ? req("ajv/dist/2019")
      : req("ajv");
  const AjvClass = (mod.default ?? mod) as new (opts: object) => {
    compile(schema: object): ((d: unknown) => boolean) & { errors?: unknown[] | null };
  };
  const ajv = new AjvClass({ allErrors: true, strict: false, validateFormats: false, logger: false });
  const fn = ajv.compile(schema);
  v = (data: unknown) => {
    const ok = fn(data) as boolean;
    return { ok, errors: (fn.errors ?? []) as AjvError[] };
  };
  validatorCache.set(schema, v);
  return v;
}

function checkCommittedManifest(ctx: RuleContext): void {
  const p = path.join(ctx.root, "imperal.json");
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch {
    return;
  }
  const at = (line: number, column: number) => ({ file: "imperal.json", line, column });
  if (!st.isFile()) {
    ctx.reportAt(at(1, 1), "imperal.json is not a regular file", {
      fix: "commit the manifest generated by `imperal build`",
    });
    return;
  }
  if (st.size > 5 * 1024 * 1024) {
    ctx.reportAt(at(1, 1), `imperal.json is ${st.size} bytes (over 5 MiB)`, {
      fix: "regenerate it with `imperal build`",
    });
    return;
  }
  let text: string;
  try {
    // opened without following a link and re-checked against the root: swapped since the lstat, it is not read
    text = readInsideRoot(fs.realpathSync(ctx.root), p, 5 * 1024 * 1024);
  } catch (err) {
    ctx.reportAt(at(1, 1), `imperal.json cannot be read: ${(err as Error).message}`, {
      fix: "regenerate it with `imperal build`",
    });
    return;
  }
  const lineStarts = computeLineStarts(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const lc = offsetToLoc(lineStarts, m ? Number(m[1]) : 0);
    ctx.reportAt(at(lc.line, lc.column), `imperal.json is not valid JSON: ${(err as Error).message}`, {
      fix: "regenerate it with `imperal build`",
    });
    return;
  }
  const schema = ctx.manifestSchema === undefined ? loadManifestSchema().schema : ctx.manifestSchema;
  if (!schema) {
    ctx.reportAt(at(1, 1), "cannot verify imperal.json: @imperal/sdk/manifest.schema.json is not available", {
      severity: "warn",
      fix: "install/build @imperal/sdk so the manifest schema can be loaded",
    });
    return;
  }
  let res;
  try {
    res = compile(schema)(data);
  } catch (err) {
    ctx.reportAt(
      at(1, 1),
      `cannot verify imperal.json: the manifest schema does not compile (${(err as Error).message})`,
      {
        severity: "warn",
        fix: "update @imperal/sdk",
      },
    );
    return;
  }
  if (res.ok) return;
  const offsets = jsonPointerOffsets(text);
  const seen = new Set<string>();
  for (const e of res.errors.slice(0, 50)) {
    let ptr = e.instancePath;
    let what = ptr || "(root)";
    if (e.keyword === "additionalProperties" && typeof e.params.additionalProperty === "string") {
      const key = `${ptr}/${String(e.params.additionalProperty).replace(/~/g, "~0").replace(/\//g, "~1")}`;
      what = key;
      ptr = offsets.has(key + "#key") ? key + "#key" : ptr;
    }
    const msg = `imperal.json ${what}: ${e.message ?? e.keyword}${e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : ""}`;
    if (seen.has(msg)) continue;
    seen.add(msg);
    const off = offsets.get(ptr) ?? 0;
    const lc = offsetToLoc(lineStarts, off);
    ctx.reportAt(at(lc.line, lc.column), msg, {
      fix: "regenerate imperal.json with `imperal build` (do not edit it by hand)",
    });
  }
}
