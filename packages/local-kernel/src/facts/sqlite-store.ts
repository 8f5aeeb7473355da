// Persistent fact ledger: the pure FactLedger (ledger.ts) computes each turn's entry (verbatim data, 3 KB cap with a
// truncation marker, ids and entities); this stores the last 5 entries per (user, app) in SQLite so the ledger
// survives reloads and restarts like the rest of the conversation state, and is purged on uninstall.
import type { SeenIds } from "../seen/registry.js";
import type { Db } from "../state/db.js";
import { FACT_LEDGER_TURNS, FACT_LEDGER_TURN_BYTES, FactLedger, type FactCall, type FactTurn } from "./ledger.js";

/** Options of {@link SqliteFactLedger}. */
export interface SqliteFactLedgerOptions {
  db: Db;
  appId: string;
  /** Ids of recorded turns become conversation material for the fabricated-id guard. */
  seen?: SeenIds;
  /** Only turns of these users are recorded (default: any). */
  isUser?: (userId: string) => boolean;
}

/** The calls of a dispatch, as far as the ledger reads them (a call's result is `results[result_index]`). */
interface DispatchedCalls {
  turn_id: string;
  results: unknown[];
  calls: Array<{ tool: string; status: string; result_index?: number }>;
}

/** Per-user fact ledgers in SQLite (table `fact_ledger`). */
export class SqliteFactLedger {
  readonly maxTurns = FACT_LEDGER_TURNS;
  readonly maxBytesPerTurn = FACT_LEDGER_TURN_BYTES;
  private readonly sIns;
  private readonly sList;
  private readonly sTrim;
  private readonly sPurge;
  private readonly appId: string;
  constructor(private readonly opts: SqliteFactLedgerOptions) {
    const db = opts.db;
    this.appId = opts.appId;
    this.sIns = db.prepare("INSERT INTO fact_ledger (user_id, app_id, turn_id, entry) VALUES (?,?,?,?)");
    this.sList = db.prepare("SELECT entry FROM fact_ledger WHERE user_id=? AND app_id=? ORDER BY seq DESC LIMIT ?");
    this.sTrim = db.prepare(
      "DELETE FROM fact_ledger WHERE user_id=? AND app_id=? AND seq NOT IN " +
        "(SELECT seq FROM fact_ledger WHERE user_id=? AND app_id=? ORDER BY seq DESC LIMIT ?)",
    );
    this.sPurge = db.prepare("DELETE FROM fact_ledger WHERE user_id=? AND app_id=?");
  }

  /** Records a dispatch's successful calls (turns and accepted confirmations) and feeds their ids to the seen registry. */
  recordTurn(userId: string, t: DispatchedCalls): void {
    const ok = t.calls
      .filter((c) => c.status === "succeeded")
      .map((c) => {
        const result = c.result_index === undefined ? undefined : t.results[c.result_index];
        return { tool: c.tool, data: (result as { data?: unknown } | undefined)?.data ?? null };
      });
    this.recordCalls(userId, ok, t.turn_id);
  }

  /** Records successful calls of a turn (nothing for none, or for an unknown user). */
  recordCalls(userId: string, calls: FactCall[], turnId: string): void {
    if (!calls.length || (this.opts.isUser && !this.opts.isUser(userId))) return;
    const turn = this.add(userId, calls, turnId);
    if (turn) this.opts.seen?.add(userId, turn.ids, "fact_ledger");
  }

  /** Records one turn's successful calls (none -> nothing recorded); keeps the newest 5 turns of the user. */
  add(user: string, calls: FactCall[], turnId: string): FactTurn | undefined {
    const turn = new FactLedger().addTurn(calls, turnId);
    if (!turn) return undefined;
    const app = this.appId;
    this.sIns.run(user, app, turn.turnId, JSON.stringify(turn));
    this.sTrim.run(user, app, user, app, this.maxTurns);
    return turn;
  }

  /** The user's kept turns, oldest first. */
  entries(user: string): FactTurn[] {
    return (this.sList.all(user, this.appId, this.maxTurns) as Array<{ entry: string }>)
      .map((r) => JSON.parse(r.entry) as FactTurn)
      .reverse();
  }

  /** Forgets the user's ledger (uninstall). */
  purge(user: string): void {
    this.sPurge.run(user, this.appId);
  }
}

/** `GET /v1/fact-ledger` answer. */
export function factLedgerView(facts: SqliteFactLedger, user: string): Record<string, unknown> {
  return {
    user,
    max_turns: facts.maxTurns,
    max_bytes_per_turn: facts.maxBytesPerTurn,
    turns: facts.entries(user).map((t) => ({
      turn_id: t.turnId,
      at: new Date(t.at).toISOString(),
      tools: t.tools,
      text: t.text,
      truncated: t.truncated,
      bytes: Buffer.byteLength(t.text, "utf8"),
      ids: t.ids,
    })),
  };
}
