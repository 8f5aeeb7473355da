// What the read functions return (dataModel) and what the cache holds: the classifier and the kernel's
// data-model check read these.
import { z } from "@imperal/sdk";

const Paging = {
  page_size: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  has_more: z.boolean(),
  next_offset: z.number().int().nullable(),
  total_count: z.number().int(),
};

export const NoteRow = z.object({
  note_id: z.string(),
  title: z.string(),
  word_count: z.number().int(),
  is_pinned: z.boolean(),
  is_archived: z.boolean(),
  tags: z.array(z.string()),
  folder_id: z.string().nullable(),
});
export const NoteList = z.object({ notes: z.array(NoteRow), ...Paging });

export const NoteDetail = z.object({
  note_id: z.string(),
  title: z.string(),
  content: z.string(),
  tags: z.array(z.string()),
  is_pinned: z.boolean(),
  is_archived: z.boolean(),
  word_count: z.number().int(),
  folder_id: z.string().nullable(),
});

export const SearchResults = z.object({
  results: z.array(
    z.object({ note_id: z.string(), title: z.string(), excerpt: z.string().max(200), is_archived: z.boolean() }),
  ),
  query: z.string(),
  ...Paging,
});

export const FolderRef = z.object({ folder_id: z.string(), name: z.string() });
export const FolderList = z.object({ folders: z.array(FolderRef), total: z.number().int() });

export const FolderMatch = z.object({
  folder_id: z.string().nullable(),
  name: z.string().nullable(),
  match_quality: z.enum(["exact", "prefix", "contains", "none"]),
  candidates: z.array(FolderRef).optional(),
});

export const TrashList = z.object({
  notes: z.array(
    z.object({ note_id: z.string(), title: z.string(), word_count: z.number().int(), tags: z.array(z.string()) }),
  ),
  total: z.number().int(),
});

export const MarkdownExport = z.object({ title: z.string(), markdown: z.string(), ui: z.unknown() });

/** Cached folder list (`folders:<uid>`). */
export const CachedFolders = z.array(FolderRef);
/** Cached per-folder counts of the main list (`stats:<uid>`), with `__all__` and `__unfiled__`. */
export const CachedStats = z.record(z.string(), z.number().int());
/** Cached distinct tags (`tags:<uid>`). */
export const CachedTags = z.array(z.string());
