/**
 * Registration discovery: the `Extension`/`ChatExtension` instances created from the SDK (whatever they are
 * called, across files), the receivers registration calls are made on (including function parameters that every
 * call site fills with the same instance), and the registrations in the three call forms of SPEC 1.1 with their
 * handlers (inline, by reference, wrapped, bound, class methods, handler factories).
 */
import { ts, type Node, type Expression, type CallExpression, type NewExpression } from "./tsapi.js";
import { isFunctionLike, isModuleScope, isWithin, stripExpr } from "./syntax.js";
import { SDK_MODULE, type SourceInfo } from "./source-index.js";
import { propagateSdkReexports, sdkClassOf } from "./sdk-bindings.js";
import { ConstantEvaluator, type ObjRef } from "./constant-eval.js";
import {
  CHAT_METHODS,
  CHAT_SHAPES,
  EXT_SHAPES,
  callProblem,
  destructuringProblem,
  methodAccessProblem,
  type RegKind,
  type Unfollowed,
} from "./registration-methods.js";

export type { RegKind, Unfollowed } from "./registration-methods.js";

export interface Instance {
  id: number;
  kind: "extension" | "chat";
  file: SourceInfo;
  node: NewExpression;
  /** owning Extension for a ChatExtension */
  parent?: Instance;
  registrations: Registration[];
}

export interface Registration {
  kind: RegKind;
  instance: Instance;
  /** the Extension the registration belongs to (the chat's parent for chat functions) */
  ext: Instance | undefined;
  file: SourceInfo;
  call: CallExpression;
  form: "call" | "curried" | "decorator";
  /** the method as written (`function`, `onInstall`, ...) */
  method: string;
  nameArg?: Expression;
  /** statically known name */
  name?: string;
  optsArg?: Expression;
  opts?: ObjRef;
  handler?: { file: SourceInfo; node: Node };
  /** the handler as written (absent in the curried form when the returned decorator is stored, not applied) */
  handlerExpr?: Node;
  /** created at module scope (not inside a function, loop or condition) */
  moduleScope: boolean;
}

/** Constant evaluation plus the SDK instances of the extension and everything registered on them. */
export class RegistrationIndex extends ConstantEvaluator {
  readonly instances: Instance[] = [];
  readonly registrations: Registration[] = [];
  readonly unfollowed: Unfollowed[] = [];
  private readonly resolveFn = (e: Node): Instance | undefined => this.resolveInstance(e);
  private readonly instanceByNode = new Map<Node, Instance>();
  private nextId = 1;

  /** The `new Extension(...)` instances (chat extensions excluded). */
  get extensions(): Instance[] {
    return this.instances.filter((i) => i.kind === "extension");
  }

  /** Which SDK class a `new` expression instantiates, if any. */
  isSdkNew(n: NewExpression): "extension" | "chat" | undefined {
    return sdkClassOf(this, n);
  }

  /** The Extension/ChatExtension instance an expression evaluates to, if statically known. */
  resolveInstance(expr: Node, depth = 0): Instance | undefined {
    if (depth > 12) return undefined;
    const e = stripExpr(expr);
    if (ts.isNewExpression(e)) return this.instanceByNode.get(e);
    const r = this.resolveExpression(e);
    if (r?.kind !== "decl") {
      // `app.chat` where `const app = { ext, chat }`: the instance the object literal's property holds
      const obj = ts.isPropertyAccessExpression(e) ? this.resolveObject(e.expression) : undefined;
      const p = obj ? this.getProp(obj, (e as import("ts-morph").ts.PropertyAccessExpression).name.text) : undefined;
      return p?.kind === "found" ? this.resolveInstance(p.value, depth + 1) : undefined;
    }
    if (ts.isParameter(r.decl)) return this.resolveParameterInstance(r.decl, depth);
    if (ts.isVariableDeclaration(r.decl) && !ts.isIdentifier(r.decl.name)) return undefined;
    const init = ConstantEvaluator.initializerOf(r.decl);
    if (!init) return undefined;
    return this.resolveInstance(init, depth + 1);
  }

  /**
   * `function registerAll(c: ChatExtension) { c.function(...) }` called as `registerAll(chat)`: the parameter is
   * the instance every call site passes (all call sites must agree; none or a disagreement means unknown).
   */
  private resolveParameterInstance(param: Node, depth: number): Instance | undefined {
    if (!ts.isParameter(param) || !ts.isIdentifier(param.name) || param.dotDotDotToken) return undefined;
    const fn = param.parent;
    const index = (fn as unknown as { parameters: readonly Node[] }).parameters.indexOf(param);
    // recursive calls inside the function only pass the parameter on: the outside call sites decide
    const calls = this.callSitesOf(fn).filter((c) => !isWithin(c, fn));
    let found: Instance | undefined;
    for (const c of calls) {
      const arg = c.arguments[index];
      const inst = arg ? this.resolveInstance(arg, depth + 1) : undefined;
      if (!inst || (found && found !== inst)) return undefined;
      found = inst;
    }
    return found;
  }

  /** Find the SDK instances and their registrations; run once, after the aliases are set. */
  discover(): void {
    propagateSdkReexports(this);
    for (const file of this.files) {
      for (const n of file.news) {
        const kind = this.isSdkNew(n);
        if (!kind) continue;
        const inst: Instance = { id: this.nextId++, kind, file, node: n, registrations: [] };
        this.instances.push(inst);
        this.instanceByNode.set(n, inst);
      }
    }
    const exts = this.extensions;
    for (const inst of this.instances) {
      if (inst.kind !== "chat") continue;
      const first = inst.node.arguments?.[0];
      const parent = first ? this.resolveInstance(first) : undefined;
      inst.parent = parent?.kind === "extension" ? parent : exts.length === 1 ? exts[0] : undefined;
    }
    for (const file of this.files) {
      for (const call of file.calls) this.tryRegistration(file, call);
      for (const n of file.memberAccesses) this.noteUnfollowed(methodAccessProblem(file, n, this.resolveFn));
      for (const n of file.bindingPatterns) this.noteUnfollowed(destructuringProblem(file, n, this.resolveFn));
    }
  }

  /**
   * `c.function(...)` whose receiver the engine cannot resolve (a helper's parameter no call site fills, a call
   * result, `this.chat`): almost surely a chat registration, so it is reported rather than passed. Only the
   * distinctive chat method names, only in files that import the SDK, and not when the receiver is statically
   * something else (an object literal, a non-SDK `new`, a function or a class).
   */
  private looksLikeLostChat(file: SourceInfo, callee: import("ts-morph").ts.PropertyAccessExpression): boolean {
    if (!Object.prototype.hasOwnProperty.call(CHAT_METHODS, callee.name.text)) return false;
    const importsSdk = [...file.imports.values()].some((b) => b.spec === SDK_MODULE) || file.sdkNames.size > 0;
    if (!importsSdk) return false;
    const v = this.followValue(callee.expression);
    const e = v ? stripExpr(v.expr) : undefined;
    if (!e || ts.isPropertyAccessExpression(e) || ts.isIdentifier(e) || ts.isCallExpression(e)) return true;
    return !(ts.isObjectLiteralExpression(e) || ts.isNewExpression(e) || ts.isClassExpression(e) || isFunctionLike(e));
  }

  private noteUnfollowed(u: Unfollowed | undefined): void {
    if (u) this.unfollowed.push(u);
  }

  private tryRegistration(file: SourceInfo, call: CallExpression): void {
    const callee = stripExpr(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const own = (t: object): boolean => Object.prototype.hasOwnProperty.call(t, method);
    if (!own(EXT_SHAPES) && !own(CHAT_SHAPES)) return;
    const inst = this.resolveInstance(callee.expression);
    if (!inst) {
      if (this.looksLikeLostChat(file, callee)) {
        const reason = "its receiver is not statically a ChatExtension from @imperal/sdk";
        this.unfollowed.push(callProblem(file, call, callee, reason));
      }
      return;
    }
    const shapes = inst.kind === "extension" ? EXT_SHAPES : CHAT_SHAPES;
    if (!own(shapes)) return;
    const shape = shapes[method]!;
    const kind = shape.kind;

    let form: Registration["form"] = "call";
    let handlerExpr: Node | undefined;
    let scopeNode: Node = call;
    let up: Node = call.parent;
    while (ts.isParenthesizedExpression(up)) up = up.parent;
    if (ts.isDecorator(up)) {
      form = "decorator";
      const target = up.parent;
      if (target && (ts.isMethodDeclaration(target) || ts.isPropertyDeclaration(target))) {
        handlerExpr = ts.isMethodDeclaration(target) ? target : target.initializer;
        scopeNode = target.parent; // the class
      }
    } else if (ts.isCallExpression(up) && stripExpr(up.expression) === call) {
      form = "curried";
      handlerExpr = up.arguments[0];
    } else if (shape.handler !== undefined) {
      handlerExpr = call.arguments[shape.handler];
    }
    const nameArg = shape.name !== undefined ? call.arguments[shape.name] : undefined;
    const optsArg = shape.opts !== undefined ? call.arguments[shape.opts] : undefined;
    const unfollowed = (reason: string, scope?: Unfollowed["scope"]): void => {
      this.unfollowed.push(callProblem(file, call, callee, reason, scope));
    };
    if (call.arguments.some((a) => ts.isSpreadElement(a))) {
      // the positions of name, options and handler are unknown: nothing can be checked
      unfollowed("its arguments are spread");
      return;
    }
    const first = nameArg ? stripExpr(nameArg) : undefined;
    if (shape.name === 0 && first && (ts.isObjectLiteralExpression(first) || ts.isArrayLiteralExpression(first))) {
      unfollowed("its first argument is not the name (the call is not name, options, handler)");
      return;
    }
    const opts = this.resolveObject(optsArg);
    // an option object with a spread the evaluator cannot resolve: every option may be overridden at run time
    if (opts && this.getProp(opts, "\0any option").kind === "unknown")
      unfollowed("its options spread an object that is not statically known", "options");
    const nameVal = nameArg ? this.evaluate(nameArg) : undefined;
    const reg: Registration = {
      kind,
      instance: inst,
      ext: inst.kind === "extension" ? inst : inst.parent,
      file,
      call,
      form,
      method,
      nameArg,
      name: nameVal?.known && typeof nameVal.value === "string" ? nameVal.value : undefined,
      optsArg,
      opts,
      handler: handlerExpr ? this.resolveHandler(handlerExpr) : undefined,
      handlerExpr,
      moduleScope: isModuleScope(scopeNode),
    };
    inst.registrations.push(reg);
    this.registrations.push(reg);
  }

  /** The function that runs for a registration, followed through references, wrappers, `bind` and factories. */
  resolveHandler(expr: Node, depth = 0): { file: SourceInfo; node: Node } | undefined {
    if (depth > 6) return undefined;
    if (ts.isMethodDeclaration(expr)) {
      const f = this.fileOf(expr);
      return f ? { file: f, node: expr } : undefined;
    }
    const e = stripExpr(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      const f = this.fileOf(e);
      return f ? { file: f, node: e } : undefined;
    }
    // a wrapper such as withAuth(async (ctx) => ...): the function passed to it is the handler body
    if (ts.isCallExpression(e)) {
      // handlers.list.bind(handlers): the bound method
      const callee = stripExpr(e.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "bind") {
        const h = this.resolveHandler(callee.expression, depth + 1);
        if (h) return h;
      }
      for (const a of e.arguments) {
        const h = this.resolveHandler(a, depth + 1);
        if (h) return h;
      }
      // a handler factory: makeHandler("notes") where makeHandler returns a function it defines
      const fr =
        ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? this.resolveExpression(callee) : undefined;
      const fn =
        fr?.kind === "decl"
          ? ts.isFunctionDeclaration(fr.decl)
            ? fr.decl
            : ConstantEvaluator.initializerOf(fr.decl)
          : undefined;
      const isFn =
        fn &&
        (ts.isFunctionDeclaration(fn) || ts.isArrowFunction(stripExpr(fn)) || ts.isFunctionExpression(stripExpr(fn)));
      const body = isFn ? (stripExpr(fn) as import("ts-morph").ts.FunctionLikeDeclaration).body : undefined;
      if (body && !ts.isBlock(body)) return this.resolveHandler(body, depth + 1);
      if (body && ts.isBlock(body)) {
        for (const st of body.statements) {
          if (ts.isReturnStatement(st) && st.expression) {
            const h = this.resolveHandler(st.expression, depth + 1);
            if (h) return h;
          }
        }
      }
      return undefined;
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const r = this.resolveExpression(e);
      if (r?.kind === "decl") {
        if (ts.isFunctionDeclaration(r.decl)) return { file: r.file, node: r.decl };
        // const { list, get: getOne } = handlers: the member of the object the pattern destructures
        if (
          ts.isVariableDeclaration(r.decl) &&
          ts.isObjectBindingPattern(r.decl.name) &&
          r.decl.initializer &&
          ts.isIdentifier(e)
        ) {
          const el = r.decl.name.elements.find(
            (b) => ts.isIdentifier(b.name) && b.name.text === e.text && !b.dotDotDotToken,
          );
          const named = el?.propertyName;
          const key = el
            ? named
              ? ts.isIdentifier(named) || ts.isStringLiteral(named)
                ? named.text
                : undefined
              : e.text
            : undefined;
          const obj = key !== undefined ? this.resolveObject(r.decl.initializer) : undefined;
          if (!obj || key === undefined) return undefined;
          for (const p of obj.node.properties) {
            if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || p.name.text !== key) continue;
            if (ts.isMethodDeclaration(p)) return { file: obj.file, node: p };
            if (ts.isPropertyAssignment(p)) return this.resolveHandler(p.initializer, depth + 1);
          }
          return undefined;
        }
        const init = ConstantEvaluator.initializerOf(r.decl);
        if (init) return this.resolveHandler(init, depth + 1);
        return undefined;
      }
      // handlers.create where `const handlers = { async create(ctx) {...} }`
      if (ts.isPropertyAccessExpression(e)) {
        // Handlers.create (static method) or h.create where `const h = new Handlers()`
        const cls = this.resolveClass(e.expression);
        if (cls) {
          for (const m of cls.node.members) {
            if (!m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) || m.name.text !== e.name.text)
              continue;
            if (ts.isMethodDeclaration(m)) return { file: cls.file, node: m };
            if (ts.isPropertyDeclaration(m) && m.initializer) return this.resolveHandler(m.initializer, depth + 1);
          }
        }
        const obj = this.resolveObject(e.expression);
        if (!obj) return undefined;
        for (const p of obj.node.properties) {
          if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || p.name.text !== e.name.text)
            continue;
          if (ts.isMethodDeclaration(p)) return { file: obj.file, node: p };
          if (ts.isPropertyAssignment(p)) return this.resolveHandler(p.initializer, depth + 1);
        }
      }
    }
    return undefined;
  }

  /** The class an expression names (`Handlers`) or instantiates (`new Handlers()`, through const bindings). */
  resolveClass(
    expr: Node,
    depth = 0,
  ): { file: SourceInfo; node: import("ts-morph").ts.ClassLikeDeclaration } | undefined {
    if (depth > 8) return undefined;
    const e = stripExpr(expr);
    if (ts.isNewExpression(e)) return this.resolveClass(e.expression, depth + 1);
    if (ts.isClassExpression(e)) {
      const f = this.fileOf(e);
      return f ? { file: f, node: e } : undefined;
    }
    const r = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ? this.resolveExpression(e) : undefined;
    if (r?.kind !== "decl") return undefined;
    if (ts.isClassDeclaration(r.decl)) return { file: r.file, node: r.decl };
    if (ts.isVariableDeclaration(r.decl) && ts.isIdentifier(r.decl.name) && r.decl.initializer)
      return this.resolveClass(r.decl.initializer, depth + 1);
    return undefined;
  }
}
