// The cross-user reads of a system or webhook ctx (SPEC 7.3): `ctx.store.listUsers` and `ctx.store.queryAll`. They
// read the documents of every user of one app, across tenants; nothing here writes.
import type { Db } from "../state/db.js";
import { clientError } from "../errors.js";
import { SYSTEM_USER_ID, WEBHOOK_USER_ID } from "@imperal/sdk/patterns";
import { checkCollection, toDoc, whereSql, type Document, type Row, type Where } from "./store.js";

const MAX_QUERY_ALL = 10_000;
const SYSTEM_USERS = [SYSTEM_USER_ID, WEBHOOK_USER_ID];

/** The cross-user reads of one app. */
export class SystemStore {
  constructor(
    private readonly db: Db,
    private readonly appId: string,
  ) {}

  /** Ids of the users (any tenant) with at least one document in `collection`, in first-write order. */
  listUsers(collection: unknown): string[] {
    const coll = checkCollection(collection);
    const rows = this.db
      .prepare(
        `SELECT user_id, min(seq) AS first FROM documents WHERE app_id=? AND collection=? AND user_id NOT IN (?, ?)
         GROUP BY user_id ORDER BY first`,
      )
      .all(this.appId, coll, ...SYSTEM_USERS) as Array<{ user_id: string }>;
    return rows.map((r) => r.user_id);
  }

  /** Documents of every user in `collection` (optionally filtered by field equality), each with its `userId`. */
  queryAll(collection: unknown, opts: unknown = {}): Array<Document & { userId: string }> {
    const coll = checkCollection(collection);
    const o = (opts ?? {}) as { where?: Where; limit?: unknown };
    const limit = o.limit === undefined ? MAX_QUERY_ALL : Number(o.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_ALL)
      throw clientError(
        "ValidationError",
        "STORE_INVALID_QUERY",
        `queryAll limit must be an integer from 1 to ${MAX_QUERY_ALL}.`,
        "Pass { limit: 100 } or page through listUsers + asUser(id).store.query.",
      );
    const w = whereSql(o.where);
    const rows = this.db
      .prepare(
        `SELECT * FROM documents WHERE app_id=? AND collection=? AND user_id NOT IN (?, ?)${w.sql} ORDER BY seq LIMIT ?`,
      )
      .all(this.appId, coll, ...SYSTEM_USERS, ...w.params, limit) as Array<Row & { user_id: string }>;
    return rows.map((r) => ({ ...toDoc(r), userId: r.user_id }));
  }
}
