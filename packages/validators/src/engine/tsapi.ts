/**
 * Lazy access to the TypeScript compiler API bundled with ts-morph. Importing ts-morph costs a few hundred
 * milliseconds, so nothing imports it at module load: `loadTs()` is awaited once by the engine.
 */
import type { ts as TsNamespace, Project as ProjectClass } from "ts-morph";

// eslint-disable-next-line import/no-mutable-exports
export let ts: typeof TsNamespace = undefined as unknown as typeof TsNamespace;
let ProjectCtor: typeof ProjectClass | undefined;

export async function loadTs(): Promise<void> {
  if (ProjectCtor) return;
  const mod = await import("ts-morph");
  ts = mod.ts;
  ProjectCtor = mod.Project;
}

/**
 * A ts-morph Project tuned for syntax-only work: no tsconfig, no dependency resolution, no lib files,
 * no type checker. Files are added from text we read ourselves.
 */
export function createProject(): ProjectClass {
  if (!ProjectCtor) throw new Error("loadTs() must be awaited first");
  return new ProjectCtor({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { noLib: true, allowJs: true, noResolve: true, types: [], target: 99 /* ESNext */, jsx: 1 /* preserve */ },
  });
}

export type Node = TsNamespace.Node;
export type SourceFile = TsNamespace.SourceFile;
export type Expression = TsNamespace.Expression;
export type CallExpression = TsNamespace.CallExpression;
export type NewExpression = TsNamespace.NewExpression;
export type ObjectLiteralExpression = TsNamespace.ObjectLiteralExpression;
export type Identifier = TsNamespace.Identifier;
export type FunctionLike = TsNamespace.SignatureDeclaration;
