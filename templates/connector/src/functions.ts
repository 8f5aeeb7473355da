import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
import { api } from "./client.js";
import { failureResult } from "./errors.js";

/** An issue as the tracker API returns it. */
interface ApiIssue {
  id: number | string;
  title: string;
  state: "open" | "closed";
  body?: string | null;
  url?: string | null;
}

// Module-scope schemas (V17), declared before use (V18).
const IssueId = z.string().min(1).describe("Issue id or number in the tracker");
const Issue = z.object({
  issue_id: z.string(),
  title: z.string(),
  state: z.enum(["open", "closed"]),
  url: z.string().nullable(),
});
const IssueFull = Issue.extend({ body: z.string() });

const NoParams = z.object({});
const Status = z.object({ connected: z.boolean(), account: z.string().nullable() });

const ListIssues = z.object({
  state: z.enum(["open", "closed", "all"]).default("open").describe("Which issues to list"),
  search: z.string().max(200).optional().describe("Text to search for in titles"),
  limit: z.number().int().min(1).max(50).default(20),
});
const IssueList = z.object({ issues: z.array(Issue), count: z.number().int() });

const GetIssue = z.object({ issue_id: IssueId });
const CreateIssue = z.object({
  title: z.string().trim().min(1).max(250).describe("Issue title"),
  body: z.string().max(20_000).default("").describe("Description (Markdown)"),
});
const CloseIssue = z.object({ issue_id: IssueId });

function toIssue(i: ApiIssue): z.infer<typeof Issue> {
  return { issue_id: String(i.id), title: i.title, state: i.state, url: i.url ?? null };
}

chat.function(
  "connection_status",
  {
    description: "Check whether the tracker is connected and which account the API token belongs to.",
    actionType: "read",
    params: NoParams,
    dataModel: Status,
  },
  async (ctx) => {
    const res = await api<{ login: string }>(ctx, "get", "/user");
    if (!res.ok) {
      if (res.failure.kind === "not_connected")
        return ActionResult.success(
          { connected: false, account: null },
          "Not connected: add an API token in the settings",
        );
      return failureResult(res.failure, "The account");
    }
    return ActionResult.success({ connected: true, account: res.data.login }, `Connected as ${res.data.login}`);
  },
);

chat.function(
  "list_issues",
  {
    description: "List issues in the tracker (open by default), optionally searching titles.",
    actionType: "read",
    params: ListIssues,
    dataModel: IssueList,
  },
  async (ctx, p) => {
    const res = await api<ApiIssue[]>(ctx, "get", "/issues", {
      query: { state: p.state, per_page: p.limit, ...(p.search ? { q: p.search } : {}) },
    });
    if (!res.ok) return failureResult(res.failure, "The issue list");
    const issues = res.data.slice(0, p.limit).map(toIssue);
    return ActionResult.success(
      { issues, count: issues.length },
      `${issues.length} ${p.state === "all" ? "" : `${p.state} `}issue(s)`,
    );
  },
);

chat.function(
  "get_issue",
  {
    description: "Read one issue with its full description.",
    actionType: "read",
    params: GetIssue,
    dataModel: IssueFull,
    idProjection: "issue_id",
  },
  async (ctx, p) => {
    const res = await api<ApiIssue>(ctx, "get", `/issues/${encodeURIComponent(p.issue_id)}`);
    if (!res.ok) return failureResult(res.failure, `Issue ${p.issue_id}`);
    const issue = { ...toIssue(res.data), body: res.data.body ?? "" };
    return ActionResult.success(issue, `#${issue.issue_id} ${issue.title}`);
  },
);

chat.function(
  "create_issue",
  {
    description: "Open a new issue in the tracker with a title and an optional description.",
    actionType: "write",
    params: CreateIssue,
    dataModel: Issue,
    event: "issues.created",
    effects: ["create:issue"],
  },
  async (ctx, p) => {
    const res = await api<ApiIssue>(ctx, "post", "/issues", { json: { title: p.title, body: p.body } });
    if (!res.ok) return failureResult(res.failure, "The new issue");
    const issue = toIssue(res.data);
    return ActionResult.success(issue, `Opened #${issue.issue_id} "${issue.title}"`);
  },
);

chat.function(
  "close_issue",
  {
    description: "Close an open issue in the tracker.",
    actionType: "write",
    params: CloseIssue,
    dataModel: Issue,
    event: "issues.closed",
    effects: ["close:issue"],
    idProjection: "issue_id",
  },
  async (ctx, p) => {
    const res = await api<ApiIssue>(ctx, "patch", `/issues/${encodeURIComponent(p.issue_id)}`, {
      json: { state: "closed" },
    });
    if (!res.ok) return failureResult(res.failure, `Issue ${p.issue_id}`);
    const issue = toIssue(res.data);
    return ActionResult.success(issue, `Closed #${issue.issue_id} "${issue.title}"`);
  },
);
