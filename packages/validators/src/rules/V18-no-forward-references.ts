import { ts, type Node } from "../engine/tsapi.js";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { findLexicalDeclaration, isFunctionLike, stripExpr, Model, type SourceInfo } from "../engine/model.js";
import { regOpt, isReference } from "../engine/rule-helpers.js";

/**
 * V18: params/dataModel schemas have no forward references: every identifier they use (transitively through
 * other module-level schema consts) is declared earlier in module order; no z.lazy; no self reference.
 */
export default defineRule(
  {
    id: "V18",
    severity: "error",
    description:
      "params/dataModel schemas have no forward references: every identifier they use is declared earlier in module order; " +
      "no z.lazy, no self reference.",
    fix: "declare schemas in dependency order (leaves first) and replace z.lazy/recursive schemas with explicit nesting",
  },
  (ctx) => {
    const visitedDecls = new Set<Node>();
    const reported = new Set<Node>();
    const report = (n: Node, msg: string, fix: string): void => {
      if (reported.has(n)) return;
      reported.add(n);
      ctx.report(n, msg, { fix });
    };
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "function" && reg.kind !== "tool") continue;
      for (const opt of ["params", "dataModel"]) {
        const p = regOpt(ctx, reg, opt);
        if (p.kind !== "found") continue;
        // the "use site": the statement that registers (module order position)
        const useStmt = topStatement(p.value);
        scan(ctx, { expr: p.value, file: p.file, ownerStmt: useStmt, ownerDecl: undefined }, visitedDecls, report);
      }
    }
  },
);

function topStatement(n: Node): Node {
  let p: Node = n;
  while (p.parent && !ts.isSourceFile(p.parent)) p = p.parent;
  return p;
}

/** One schema expression to check, with the declaration that owns it (for self and forward references). */
interface Job {
  expr: Node;
  file: SourceInfo;
  ownerStmt: Node;
  ownerDecl: Node | undefined;
}

/**
 * Check a schema and, transitively, the module-level consts it uses. Both the walk over a schema and the chain of
 * consts are explicit work lists: a 5,000-deep expression or a 5,000-long chain of aliases cannot overflow the stack.
 */
function scan(
  ctx: RuleContext,
  first: Job,
  visited: Set<Node>,
  report: (n: Node, msg: string, fix: string) => void,
): void {
  const jobs: Job[] = [first];
  for (let job = jobs.pop(); job; job = jobs.pop()) scanOne(ctx, job, visited, report, jobs);
}

function scanOne(
  ctx: RuleContext,
  job: Job,
  visited: Set<Node>,
  report: (n: Node, msg: string, fix: string) => void,
  jobs: Job[],
): void {
  const model = ctx.model;
  const { file, ownerStmt, ownerDecl } = job;
  const stack: [Node, boolean][] = [[job.expr, false]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [n, inFunction] = item;
    if (ts.isTypeNode(n)) continue;
    if (ts.isCallExpression(n)) {
      const callee = stripExpr(n.expression);
      if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === "lazy" &&
        model.isZodNamespace(stripExpr(callee.expression))
      ) {
        report(
          n,
          "schema uses z.lazy (deferred/recursive schema)",
          "replace z.lazy with an explicit, non-recursive schema declared before its use",
        );
      }
    }
    if (
      !inFunction &&
      (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) &&
      (ts.isPropertyAccessExpression(n) || isReference(n))
    ) {
      // imported schemas (`Other`, `S.Other`): follow into their module and check there
      const base = ts.isPropertyAccessExpression(n) ? stripExpr(n.expression) : n;
      if (ts.isIdentifier(base) && findLexicalDeclaration(base, base.text) === "import") {
        const r = model.resolveExpression(n);
        if (
          r?.kind === "decl" &&
          r.file !== file &&
          ts.isVariableDeclaration(r.decl) &&
          !visited.has(r.decl) &&
          isTopLevel(r.decl)
        ) {
          visited.add(r.decl);
          const init = Model.initializerOf(r.decl);
          if (init) jobs.push({ expr: init, file: r.file, ownerStmt: topStatement(r.decl), ownerDecl: r.decl });
        }
      }
    }
    if (ts.isIdentifier(n) && !inFunction && isReference(n)) {
      const d = findLexicalDeclaration(n, n.text);
      if (d && d !== "import" && (ts.isVariableDeclaration(d) || ts.isClassDeclaration(d)) && isTopLevel(d)) {
        if (ownerDecl && d === ownerDecl) {
          report(
            n,
            `schema "${n.text}" references itself`,
            "remove the self reference (recursive schemas are not supported in manifests)",
          );
        } else if (d.getStart(file.sf) > ownerStmt.getStart(file.sf)) {
          report(
            n,
            `"${n.text}" is used before it is declared (forward reference)`,
            `move the declaration of "${n.text}" above its first use`,
          );
        } else if (ts.isVariableDeclaration(d) && !visited.has(d)) {
          visited.add(d);
          const init = Model.initializerOf(d);
          if (init) jobs.push({ expr: init, file, ownerStmt: topStatement(d), ownerDecl: d });
        }
      }
    }
    const fnInside = inFunction || isFunctionLike(n);
    const kids: Node[] = [];
    ts.forEachChild(n, (c) => {
      kids.push(c);
    });
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, fnInside]);
  }
}

function isTopLevel(d: Node): boolean {
  let p = d.parent;
  if (ts.isVariableDeclaration(d)) p = d.parent?.parent; // list -> statement
  return !!p && !!p.parent && ts.isSourceFile(p.parent);
}
