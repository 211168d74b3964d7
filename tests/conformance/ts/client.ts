// A TypeScript client of anchang, typed from openapi/openapi.json (openapi-typescript) and
// calling through openapi-fetch, as the phone app and the WeChat mini-program would. Compiled
// with `tsc --strict` and run with node against the live server by .ci/conformance:
//
//   ANCHANG_BASE_URL=http://127.0.0.1:PORT SALES_USERNAME=… SALES_PASSWORD=… PROJECT_ID=… node out/client.js
//
// Everything is written against the wire format (snake_case enum values such as "walk_in").
// The mini-program edit is the spec's `update_lead_via_post`: POST /api/v1/leads/{id} with the
// required header `X-HTTP-Method-Override: PATCH`.

import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const baseUrl = need("ANCHANG_BASE_URL");
const username = need("SALES_USERNAME");
const password = need("SALES_PASSWORD");
const projectId = need("PROJECT_ID");

let failures = 0;

function need(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`missing environment variable ${name}`);
    process.exit(2);
  }
  return value;
}

function check(ok: boolean, what: string, detail?: unknown): void {
  if (ok) {
    console.log(`ok   ${what}`);
  } else {
    failures += 1;
    console.log(`FAIL ${what}${detail === undefined ? "" : `: ${JSON.stringify(detail).slice(0, 600)}`}`);
  }
}

/** Stop here: later steps need what this one should have produced. */
function fatal(what: string, detail: unknown): never {
  check(false, what, detail);
  console.log(`${failures} failed (stopped early)`);
  process.exit(1);
}

function idempotencyKey(): string {
  return `ts-client-${randomUUID()}`;
}

async function main(): Promise<void> {
  const anonymous = createClient<paths>({ baseUrl });

  // Sign in.
  const login = await anonymous.POST("/api/v1/auth/login", {
    body: { username, password },
    headers: { "Idempotency-Key": idempotencyKey() },
  });
  if (!login.data) fatal("sign in answers 200 with tokens", { status: login.response.status, error: login.error });
  check(login.response.status === 200, "sign in answers 200", login.response.status);
  check(login.data.token_type === "Bearer", "token_type is Bearer", login.data.token_type);
  check(login.data.expires_in > 0, "expires_in is positive", login.data.expires_in);

  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${login.data.access_token}` } });

  const me = await api.GET("/api/v1/me");
  if (!me.data) fatal("GET /me answers 200", { status: me.response.status, error: me.error });
  check(me.data.role === "sales", "the signed-in user is a salesperson", me.data.role);
  check(
    me.data.projects.some((p) => p.id === projectId),
    "the salesperson works in the seeded project",
    me.data.projects,
  );

  // Register a lead; a retry with the same Idempotency-Key gets the first answer back.
  const key = idempotencyKey();
  const phone = `137${String(Date.now() % 100_000_000).padStart(8, "0")}`;
  const body = {
    project_id: projectId,
    name: "赵先生",
    phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
    source_channel: "walk_in" as const,
    budget_max_fen: 500_000_000,
    intended_layouts: ["3房"],
    tags: ["改善"],
    marketing_consent: { granted: true, channel: "wechat" },
  };
  const created = await api.POST("/api/v1/leads", { params: { header: { "Idempotency-Key": key } }, body });
  if (!created.data) fatal("POST /leads answers 201", { status: created.response.status, error: created.error });
  const lead = created.data;
  check(created.response.status === 201, "POST /leads answers 201", created.response.status);
  check(
    created.response.headers.get("location") === `/api/v1/leads/${lead.id}`,
    "POST /leads sets Location to the new lead",
    created.response.headers.get("location"),
  );
  check(lead.phone === phone, "the phone is stored as 11 digits", lead.phone);
  check(lead.status === "new", "a new lead has status new", lead.status);
  check(lead.source_channel === "walk_in", "source_channel comes back as walk_in", lead.source_channel);
  check(lead.version === 1, "a new lead has version 1", lead.version);

  const replay = await api.POST("/api/v1/leads", { params: { header: { "Idempotency-Key": key } }, body });
  check(replay.response.status === 201, "the retry with the same Idempotency-Key answers 201", replay.response.status);
  check(replay.data?.id === lead.id, "the retry returns the first lead, creating nothing", replay.data?.id);
  check(
    replay.response.headers.get("idempotent-replayed") === "true",
    "the retry is marked Idempotent-Replayed: true",
    replay.response.headers.get("idempotent-replayed"),
  );

  // List with a cursor: the seed registered two leads for this salesperson, so limit=1 pages.
  const first = await api.GET("/api/v1/leads", { params: { query: { project_id: projectId, limit: 1 } } });
  if (!first.data) fatal("GET /leads?limit=1 answers 200", { status: first.response.status, error: first.error });
  check(first.data.items.length === 1, "limit=1 gives one item", first.data.items.length);
  const cursor = first.data.next_cursor;
  if (!cursor) fatal("the first page has a next_cursor", first.data);
  const second = await api.GET("/api/v1/leads", { params: { query: { project_id: projectId, limit: 1, cursor } } });
  if (!second.data) fatal("GET /leads?cursor=… answers 200", { status: second.response.status, error: second.error });
  check(second.data.items.length === 1, "the second page has one item", second.data.items.length);
  check(
    second.data.items[0]?.id !== first.data.items[0]?.id,
    "the second page holds another lead than the first",
    [first.data.items[0]?.id, second.data.items[0]?.id],
  );

  // Edit the mini-program way: POST + X-HTTP-Method-Override: PATCH, with the version read.
  const edited = await api.POST("/api/v1/leads/{id}", {
    params: { path: { id: lead.id }, header: { "X-HTTP-Method-Override": "PATCH" } },
    headers: { "Idempotency-Key": idempotencyKey() },
    body: { version: lead.version, status: "contacted", occupation: "教师" },
  });
  if (!edited.data) fatal("POST /leads/{id} with the PATCH override answers 200", {
    status: edited.response.status,
    error: edited.error,
  });
  check(edited.response.status === 200, "the override edit answers 200", edited.response.status);
  check(edited.data.status === "contacted", "the status is now contacted", edited.data.status);
  check(edited.data.occupation === "教师", "the occupation is saved", edited.data.occupation);
  check(edited.data.version === lead.version + 1, "the version moved on by one", edited.data.version);

  const stale = await api.POST("/api/v1/leads/{id}", {
    params: { path: { id: lead.id }, header: { "X-HTTP-Method-Override": "PATCH" } },
    headers: { "Idempotency-Key": idempotencyKey() },
    body: { version: lead.version, occupation: "医生" },
  });
  check(stale.response.status === 412, "an edit with the stale version answers 412", stale.response.status);
  check(
    stale.response.headers.get("content-type")?.startsWith("application/problem+json") === true,
    "the 412 is problem+json",
    stale.response.headers.get("content-type"),
  );

  // Record a visit; the answer carries the lead's new state.
  const nextFollowUp = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
  const followUp = await api.POST("/api/v1/leads/{id}/follow-ups", {
    params: { path: { id: lead.id }, header: { "Idempotency-Key": idempotencyKey() } },
    body: {
      channel: "visit",
      purpose: "resolve_doubts",
      content: "带看样板间，关心学区",
      customer_feedback: "觉得价格偏高",
      happened_at: new Date(Date.now() - 3600 * 1000).toISOString(),
      initiated_by: "customer",
      next_follow_up_at: nextFollowUp,
      next_purpose: "push_progress",
    },
  });
  if (!followUp.data) fatal("POST /leads/{id}/follow-ups answers 201", {
    status: followUp.response.status,
    error: followUp.error,
  });
  check(followUp.response.status === 201, "recording a follow-up answers 201", followUp.response.status);
  check(followUp.data.lead_id === lead.id, "the follow-up belongs to the lead", followUp.data.lead_id);
  check(followUp.data.channel === "visit", "the follow-up's channel is visit", followUp.data.channel);
  check(followUp.data.lead?.status === "visited", "a visit moves the lead to visited", followUp.data.lead);
  check(followUp.data.lead?.visit_count === 1, "the lead's visit_count is 1", followUp.data.lead?.visit_count);

  // The agenda: the lead is due in 3 days, so it is among the upcoming ones.
  const agenda = await api.GET("/api/v1/me/agenda");
  if (!agenda.data) fatal("GET /me/agenda answers 200", { status: agenda.response.status, error: agenda.error });
  const upcoming = agenda.data.upcoming.find((item) => item.lead_id === lead.id);
  check(upcoming !== undefined, "the lead is on the agenda's upcoming list", agenda.data);
  check(upcoming?.next_purpose === "push_progress", "its next purpose is push_progress", upcoming?.next_purpose);
  check(upcoming?.last_contact_channel === "visit", "its last contact was a visit", upcoming?.last_contact_channel);
  check(
    agenda.data.counts.upcoming >= agenda.data.upcoming.length,
    "counts.upcoming covers the upcoming list",
    agenda.data.counts,
  );

  // Something nobody may see answers 404 with a problem document.
  const missing = await api.GET("/api/v1/leads/{id}", { params: { path: { id: randomUUID() } } });
  check(missing.response.status === 404, "an unknown lead answers 404", missing.response.status);
  check(typeof missing.error?.code === "string", "the 404 carries a problem code", missing.error);

  console.log(failures === 0 ? "ts client: all checks passed" : `ts client: ${failures} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error("ts client crashed:", e);
  process.exit(1);
});
