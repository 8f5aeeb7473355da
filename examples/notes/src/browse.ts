// Listing and searching notes from chat: non-trashed notes only, paged with offset / next_offset.
import { ActionResult, z } from "@imperal/sdk";
import { FOLDER_ID, LIMIT, OFFSET, TAGS, withAliases } from "./aliases.js";
import { chat } from "./app.js";
import { CODES, fail, guarded } from "./errors.js";
import { NoteList, SearchResults } from "./models.js";
import { byPinnedThenRecent, C, listOwn, type Doc, type Note, type StoreCtx } from "./store.js";
import { excerpt, stripHtml } from "./text.js";

/** The paging block of a list answer. */
function paging(total: number, offset: number, limit: number, pageSize: number) {
  const hasMore = offset + pageSize < total;
  return {
    page_size: pageSize,
    offset,
    limit,
    has_more: hasMore,
    next_offset: hasMore ? offset + pageSize : null,
    total_count: total,
  };
}

/** "N note(s) on this page of T total; more available (next_offset=k)". */
function pageSummary(pg: ReturnType<typeof paging>, noun = "note(s)"): string {
  const more = pg.has_more ? `; more available (next_offset=${pg.next_offset})` : "";
  return `${pg.page_size} ${noun} on this page of ${pg.total_count} total${more}`;
}

/** The caller's non-trashed notes, pinned first, then most recently updated. */
async function liveNotes(ctx: StoreCtx): Promise<Doc<Note>[]> {
  return (await listOwn<Note>(ctx, C.notes, { is_trashed: false })).sort(byPinnedThenRecent);
}

const ListParams = z.object({
  limit: z.number().int().min(1).max(200).default(50).describe("Page size, 1-200 (also: page_size, per_page)."),
  offset: z.number().int().min(0).default(0).describe("Notes to skip (also: skip)."),
  folder_id: z.string().default("").describe('Only this folder\'s notes; "" = all (also: folder, folderId).'),
  search: z.string().default("").describe("Only notes whose title or text contains this (also: query, q, text)."),
  tags: z.array(z.string()).default([]).describe("Only notes carrying all of these tags (also: labels, tag_list)."),
});
withAliases(
  ListParams,
  { limit: LIMIT, offset: OFFSET, folder_id: FOLDER_ID, search: ["query", "q", "text"], tags: TAGS },
  { lists: ["tags"] },
);

chat.function(
  "list_notes",
  {
    description: "List the user's notes (trash excluded), optionally by folder, text or tags, a page at a time.",
    actionType: "read",
    params: ListParams,
    dataModel: NoteList,
  },
  async (ctx, p) =>
    guarded("list_notes", async () => {
      const q = p.search.trim().toLowerCase();
      const want = p.tags.map((t) => t.toLowerCase());
      const matching = (await liveNotes(ctx)).filter((n) => {
        if (p.folder_id !== "" && n.folder_id !== p.folder_id) return false;
        if (q && !`${n.title} ${stripHtml(n.content_text)}`.toLowerCase().includes(q)) return false;
        const have = n.tags.map((t) => t.toLowerCase());
        return want.every((t) => have.includes(t));
      });
      const page = matching.slice(p.offset, p.offset + p.limit);
      const pg = paging(matching.length, p.offset, p.limit, page.length);
      const notes = page.map((n) => ({
        note_id: n.id,
        title: n.title,
        word_count: n.word_count,
        is_pinned: n.is_pinned,
        is_archived: n.is_archived,
        tags: n.tags,
        folder_id: n.folder_id,
      }));
      return ActionResult.success({ notes, ...pg }, pageSummary(pg));
    }),
);

const SearchParams = z.object({
  query: z.string().default("").describe("Words to find in titles and text (also: q, search, text)."),
  limit: z.number().int().min(1).max(50).default(20).describe("Page size, 1-50 (also: page_size, per_page)."),
  offset: z.number().int().min(0).default(0).describe("Results to skip (also: skip)."),
});
withAliases(SearchParams, { query: ["q", "search", "text"], limit: LIMIT, offset: OFFSET });

chat.function(
  "search_notes",
  {
    description: "Full-text search over the titles and text of the user's notes (trash excluded), paged.",
    actionType: "read",
    params: SearchParams,
    dataModel: SearchResults,
  },
  async (ctx, p) =>
    guarded("search_notes", async () => {
      const query = p.query.trim();
      if (query === "")
        return fail("Search query is required — pass query with the words to look for.", CODES.queryRequired);
      const terms = query.toLowerCase().split(/\s+/);
      const hits = (await liveNotes(ctx)).filter((n) => {
        const hay = `${n.title} ${stripHtml(n.content_text)}`.toLowerCase();
        return terms.every((t) => hay.includes(t));
      });
      const page = hits.slice(p.offset, p.offset + p.limit);
      const pg = paging(hits.length, p.offset, p.limit, page.length);
      const results = page.map((n) => ({
        note_id: n.id,
        title: n.title,
        excerpt: excerpt(n.content_text, terms[0]!),
        is_archived: n.is_archived,
      }));
      return ActionResult.success({ results, query, ...pg }, pageSummary(pg, `result(s) for '${query}'`));
    }),
);
