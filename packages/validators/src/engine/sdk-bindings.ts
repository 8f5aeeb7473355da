/**
 * Which local names are the SDK's classes or zod's `z`. Extensions rename imports, use namespace imports and
 * re-export the SDK from a local module, so recognition goes by binding, never by spelling.
 */
import { ts, type Node, type CallExpression, type NewExpression } from "./tsapi.js";
import { stripExpr } from "./syntax.js";
import { findLexicalDeclaration } from "./scope.js";
import { SDK_EXPORTS, SDK_MODULE, ZOD_MODULES, type SourceInfo } from "./source-index.js";
import type { ModuleResolver } from "./module-resolution.js";

/**
 * A local module that re-exports the SDK or zod (`export { Extension, z } from "@imperal/sdk"`,
 * `export * from "@imperal/sdk"`, `import { z } from "zod"; export { z }`) makes its importers' bindings SDK/zod
 * bindings too. Propagated to a fixpoint over the files' import tables.
 */
export function propagateSdkReexports(resolver: ModuleResolver): void {
  for (let pass = 0; pass < 6; pass++) {
    let changed = false;
    for (const file of resolver.files) {
      for (const [name, imp] of file.imports) {
        if (imp.spec === SDK_MODULE || ZOD_MODULES.has(imp.spec)) continue;
        if (file.sdkNames.has(name) || file.zodNames.has(name) || file.sdkNamespaces.has(name)) continue;
        if (!imp.spec.startsWith(".") && !resolver.aliases.length && !resolver.baseUrl) continue;
        const t = resolver.resolveModule(file, imp.spec);
        if (!t) continue;
        if (imp.imported === "*") {
          if (t.starExports.includes(SDK_MODULE)) {
            file.sdkNamespaces.add(name);
            changed = true;
          }
          continue;
        }
        const re = t.reexports.get(imp.imported);
        const local = t.exportsLocal.get(imp.imported);
        let sdk: string | undefined;
        let zod = false;
        if (re) {
          if (re.spec === SDK_MODULE && re.imported === "*") {
            file.sdkNamespaces.add(name);
            changed = true;
          }
          if (re.spec === SDK_MODULE && SDK_EXPORTS.includes(re.imported)) sdk = re.imported;
          if (
            ZOD_MODULES.has(re.spec) &&
            (re.imported === "z" || (re.spec !== SDK_MODULE && re.imported === "default"))
          )
            zod = true;
        } else if (local !== undefined && local !== "") {
          sdk = t.sdkNames.get(local);
          zod = t.zodNames.has(local);
        } else if (local === undefined) {
          if (t.starExports.includes(SDK_MODULE) && SDK_EXPORTS.includes(imp.imported)) sdk = imp.imported;
          if (imp.imported === "z" && t.starExports.some((x) => ZOD_MODULES.has(x))) zod = true;
        }
        if (sdk) {
          file.sdkNames.set(name, sdk);
          changed = true;
        }
        if (zod) {
          file.zodNames.add(name);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
}

/** Which SDK class a `new X(...)` instantiates, when X is bound to the SDK's Extension or ChatExtension. */
export function sdkClassOf(
  resolver: Pick<ModuleResolver, "fileOf">,
  n: NewExpression,
): "extension" | "chat" | undefined {
  const file = resolver.fileOf(n);
  if (!file) return undefined;
  const callee = stripExpr(n.expression);
  let imported: string | undefined;
  if (ts.isIdentifier(callee)) {
    imported = file.sdkNames.get(callee.text);
    // a local declaration shadowing the import is not the SDK class
    if (imported && findLexicalDeclaration(callee, callee.text) !== "import") imported = undefined;
  } else if (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    file.sdkNamespaces.has(callee.expression.text)
  ) {
    imported = callee.name.text;
  }
  if (imported === "Extension") return "extension";
  if (imported === "ChatExtension") return "chat";
  return undefined;
}

/** Is `id` the zod namespace imported into its file (not a local variable that happens to be called `z`)? */
export function isZodNamespace(resolver: Pick<ModuleResolver, "fileOf">, id: Node): boolean {
  if (!ts.isIdentifier(id)) return false;
  const file = resolver.fileOf(id);
  if (!file) return false;
  if (file.zodNames.has(id.text)) return findLexicalDeclaration(id, id.text) === "import";
  return false;
}

/** `z.object(...)`-rooted chain? Returns the root call of the chain when it is a zod object builder. */
export function zodRootCall(
  resolver: Pick<ModuleResolver, "fileOf">,
  expr: Node,
): { call: CallExpression; builder: string } | undefined {
  let e = stripExpr(expr);
  for (let i = 0; i < 64; i++) {
    if (ts.isCallExpression(e)) {
      const callee = stripExpr(e.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const obj = stripExpr(callee.expression);
        if (ts.isIdentifier(obj) && isZodNamespace(resolver, obj)) return { call: e, builder: callee.name.text };
        e = obj;
        continue;
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      e = stripExpr(e.expression);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** Is `expr` the SDK's `ui` namespace: `ui` imported from @imperal/sdk (not shadowed), or `sdk.ui` of a namespace import? */
export function isSdkUi(file: SourceInfo, expr: Node): boolean {
  const e = stripExpr(expr);
  if (ts.isIdentifier(e)) return file.sdkNames.get(e.text) === "ui" && findLexicalDeclaration(e, e.text) === "import";
  return (
    ts.isPropertyAccessExpression(e) &&
    e.name.text === "ui" &&
    ts.isIdentifier(e.expression) &&
    file.sdkNamespaces.has(e.expression.text)
  );
}
