// Persistent fact ledger: the pure FactLedger (src/facts/) computes each turn's entry (verbatim data, 3 KB cap with a
// truncation marker, ids and entities); this stores the last 5 entries per (user, app) in SQLite so the ledger
// survives reloads and restarts like the rest of the conversation state, and is purged on uninstall.
import type { Db } from "../db/open.js";
import { FACT_LEDGER_TURNS, FACT_LEDGER_TURN_BYTES, FactLedger, type FactCall, type FactTurn } from "../facts/ledger.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS fact_ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL, app_id TEXT NOT NULL, turn_id TEXT NOT NULL, entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_ledger_user ON fact_ledger (user_id, app_id, seq);
`;

/** Per-user fact ledgers in SQLite (table `fact_ledger`). */
export class SqliteFactLedger {
  readonly maxTurns = FACT_LEDGER_TURNS;
  readonly maxBytesPerTurn = FACT_LEDGER_TURN_BYTES;
  private readonly sIns;
  private readonly sList;
  private readonly sTrim;
  private readonly sPurge;
  constructor(db: Db, private readonly appId: () => string) {
    db.exec(SCHEMA);
    this.sIns = db.prepare("INSERT INTO fact_ledger (user_id, app_id, turn_id, entry) VALUES (?,?,?,?)");
    this.sList = db.prepare("SELECT entry FROM fact_ledger WHERE user_id=? AND app_id=? ORDER BY seq DESC LIMIT ?");
    this.sTrim = db.prepare(
      "DELETE FROM fact_ledger WHERE user_id=? AND app_id=? AND seq NOT IN (SELECT seq FROM fact_ledger WHERE user_id=? AND app_id=? ORDER BY seq DESC LIMIT ?)",
    );
    this.sPurge = db.prepare("DELETE FROM fact_ledger WHERE user_id=? AND app_id=?");
  }

  /** Records one turn's successful calls (none -> nothing recorded); keeps the newest 5 turns of the user. */
  add(user: string, calls: FactCall[], turnId: string): FactTurn | undefined {
    const turn = new FactLedger().addTurn(calls, turnId);
    if (!turn) return undefined;
    const app = this.appId();
    this.sIns.run(user, app, turn.turnId, JSON.stringify(turn));
    this.sTrim.run(user, app, user, app, this.maxTurns);
    return turn;
  }

  /** The user's kept turns, oldest first. */
  entries(user: string): FactTurn[] {
    return (this.sList.all(user, this.appId(), this.maxTurns) as Array<{ entry: string }>).map((r) => JSON.parse(r.entry) as FactTurn).reverse();
  }

  /** Forgets the user's ledger (uninstall). */
  purge(user: string): void {
    this.sPurge.run(user, this.appId());
  }
}
