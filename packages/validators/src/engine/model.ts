/**
 * The extension model, the engine's one public entry for rules: source files, import/export bindings,
 * `Extension`/`ChatExtension` instances created from `@imperal/sdk` (whatever they are called, across files) and
 * their registrations in the three call forms of SPEC 1.1. Purely syntactic: no type checker, the extension is
 * never executed.
 *
 * The work is layered so that each layer only asks the ones below it (no import circles):
 *   module-resolution.ts  files, imports/exports, identifiers to declarations, const bindings to values
 *   constant-eval.ts      static values of expressions, property lookup in option objects
 *   registrations.ts      SDK instances, receivers, registrations and their handlers
 *   model.ts              `Model`: all of the above plus zod recognition; re-exports what rules use
 * with source-index.ts (per-file tables), sdk-bindings.ts (SDK/zod names), scope.ts and syntax.ts beside them.
 */
import type { Node, CallExpression } from "./tsapi.js";
import { RegistrationIndex } from "./registrations.js";
export { isSdkUi } from "./sdk-bindings.js";
import { isZodNamespace, zodRootCall } from "./sdk-bindings.js";

export { SDK_MODULE, indexFile, newSourceInfo, type ImportBinding, type SourceInfo } from "./source-index.js";
export type { Resolved } from "./module-resolution.js";
export type { ObjRef, PropLookup, StaticValue } from "./constant-eval.js";
export type { Instance, RegKind, Registration } from "./registrations.js";
export { stripExpr, isFunctionLike, isModuleScope, memberName, isWithin } from "./syntax.js";
export { topLevelDeclaration, findLexicalDeclaration } from "./scope.js";

/** Everything the rules ask about an extension's sources. */
export class Model extends RegistrationIndex {
  /** `z.object(...)`-rooted chain? Returns the root call of the chain when it is a zod object builder. */
  zodRootCall(expr: Node): { call: CallExpression; builder: string } | undefined {
    return zodRootCall(this, expr);
  }

  /** Is `id` the zod namespace imported into its file (not a local variable that happens to be called `z`)? */
  isZodNamespace(id: Node): boolean {
    return isZodNamespace(this, id);
  }
}
