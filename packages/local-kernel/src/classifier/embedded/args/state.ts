// The shared state of one argument extraction. Extraction runs in a fixed order of passes (ids, numbers, dates,
// enums, ..., free text); each pass marks the tokens it consumed so later passes only see what is left.
import { CUES } from "../../lexicon.js";
import type { StepAnalysis, VerbHit } from "../analysis.js";
import type { EntityHit } from "../entities.js";
import type { StepContext } from "../steps.js";
import type { Tok } from "../tokens.js";
import type { ParamInfo, ToolInfo } from "../tools.js";

export interface ArgRun {
  tool: ToolInfo;
  a: StepAnalysis;
  hits: EntityHit[];
  ctx: StepContext;
  /** the step's tokens (same array as `a.toks`) */
  toks: Tok[];
  /** the step's first verb */
  primary: VerbHit | undefined;
  args: Record<string, unknown>;
  /** quotes already taken as an item reference (not a value) */
  usedQuotes: Set<number>;
  /** params that take free text: strings and label lists without enum, id, date or time zone meaning */
  textParams: ParamInfo[];
  /** per text param: the words that introduce its value ("titled", "saying", its own name words) */
  cueSets: Map<string, Set<string>>;
}

function roleCue(p: ParamInfo, tool: ToolInfo): Set<string> {
  const cues = new Set<string>([...p.nameWords, ...p.descStems.filter((s) => !tool.nouns.has(s))]);
  const r =
    p.role === "label"
      ? "label"
      : p.role === "title" || p.role === "body" || p.role === "query" || p.role === "name"
        ? p.role
        : undefined;
  if (r) for (const c of CUES[r]) cues.add(c);
  // 'a card "X" with the note "Y"': where notes are no kind of item, a note is text attached to one.
  if (r === "body" && !tool.nouns.has("note")) for (const c of ["note", "notes"]) cues.add(c);
  return cues;
}

/** Starts an extraction of `tool`'s args from step `a`. */
export function startArgRun(tool: ToolInfo, a: StepAnalysis, hits: EntityHit[], ctx: StepContext): ArgRun {
  const textParams = tool.params.filter(
    (p) =>
      (p.type === "string" || p.role === "label") &&
      !p.isId &&
      !p.enumVals &&
      p.role !== "date" &&
      p.role !== "timezone" &&
      // A host name is never free text ("check a domain's SSL" names no domain), nor is a cron schedule.
      p.role !== "domain" &&
      !(/(?:^|_)(?:cron|schedule)(?:$|_)/.test(p.name) || /\bcron\b/i.test(p.schema.description ?? "")),
  );
  const cueSets = new Map(textParams.map((p) => [p.name, roleCue(p, tool)]));
  return {
    tool,
    a,
    hits,
    ctx,
    toks: a.toks,
    primary: a.classes[0],
    args: {},
    usedQuotes: new Set(),
    textParams,
    cueSets,
  };
}

/** Marks every token inside [start, end) as consumed. */
export function markSpan(a: StepAnalysis, start: number, end: number): void {
  for (const t of a.toks) if (t.start >= start && t.end <= end) t.used = true;
}

/** The number if the param's type and bounds accept it, else undefined (the value is then left to other passes). */
export function coerceNumber(p: ParamInfo, n: number): number | undefined {
  if (p.type === "integer" && !Number.isInteger(n)) return undefined;
  if (typeof p.schema.minimum === "number" && n < p.schema.minimum) return undefined;
  if (typeof p.schema.maximum === "number" && n > p.schema.maximum) return undefined;
  return n;
}

const ROLE_ORDER: Record<string, number> = { title: 0, name: 1, query: 2, body: 3, other: 4, label: 5 };
/** Which free-text param an unattributed value goes to first: required before optional, then title, name, query, body. */
export function paramOrder(p: ParamInfo): number {
  return (p.required ? 0 : 10) + (ROLE_ORDER[p.role] ?? 6);
}
