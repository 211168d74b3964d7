#!/usr/bin/env python3
"""Issue 18, the reports at scale: on PostgreSQL with 1,000,000 leads and 3,000,000 follow-ups in
one project, the daily report and the funnel for a month answer in under 500 ms.

Run from the checkout after `cargo build --release` (or name another binary with --bin). Needs
PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and psql. The script
  1. (re)creates the database `anchang_scale`, starts the server on it (migrations run at start),
     creates a project, its manager and a template salesperson over the API, then seeds by SQL one
     project over the twelve months before this one: LEADS leads of 200 salespeople, 3×LEADS
     follow-ups (calls, WeChat, visits: leads' visit/call counts agree), ~5% subscriptions (认筹, 15%
     refunded), ~3% reservations (认购, some cancelled), ~2% deals (签约, 5% cancelled) with their
     payments (回款) and a few unit changes (换房), the leads' status moves, 30 channel partners and
     the monthly channel costs; foreign keys are checked after the load, then VACUUM ANALYZE;
  2. times each report for the month in the middle of the data (2 warm-ups, then --runs, default
     10), as the manager and as a salesperson: the daily report for the month (group_by=day) and
     for one day (date=), the funnel with basis=cohort (default) and basis=event;
  3. with --explain, logs every statement the server sends (ALTER DATABASE … SET
     log_min_duration_statement = 0, read back from the PostgreSQL server log), sums them per
     report and shows EXPLAIN (ANALYZE, BUFFERS) of the costliest ones, prepared with
     plan_cache_mode = force_generic_plan as the server's connections are. A logged duration
     includes the time the server took to read the rows (a debug build reads slowly); the
     server log is found through the postmaster (reading it needs root, or name it: --pg-log).

Usage: analytics_scale.py [--leads N] [--runs N] [--bin PATH] [--port P] [--explain] [--keep]
                          [--reuse] [--month YYYY-MM] [--pg-log PATH]
  --reuse   measure on an `anchang_scale` left by --keep (no seeding; its admin password is the
            one this script sets).
Exit status 0 only when every daily report for the month and every funnel (both bases, manager
and salesperson) has a median under GOAL_MS (default 500).
"""
import http.client, json, math, os, re, signal, socket, subprocess, sys, tempfile, time, urllib.request
from datetime import date, timedelta

args = sys.argv[1:]


def opt(name, default, kind=str):
    return kind(args[args.index(name) + 1]) if name in args else default


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEADS = opt("--leads", 1_000_000, int)
RUNS = opt("--runs", 10, int)
BIN = os.path.abspath(opt("--bin", os.path.join(ROOT, "target/release/anchang")))
PORT = opt("--port", 0, int)
EXPLAIN = "--explain" in args
KEEP = "--keep" in args
REUSE = "--reuse" in args
GOAL_MS = float(os.environ.get("GOAL_MS", "500"))
DB = "anchang_scale"
SALES = 200
PW = "Bench-Passw0rd!"
ADMIN_PW = "Bench-Admin-1!"
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-X"]

# The data: the twelve whole months before this one; the reports read the month in the middle.
_today = date.today().replace(day=1)
END = _today
START = date(END.year - 1, END.month, 1)
if "--month" in args:
    _y, _m = map(int, opt("--month", "").split("-"))
    MONTH = date(_y, _m, 1)
else:
    _m = START.month - 1 + 6
    MONTH = date(START.year + _m // 12, _m % 12 + 1, 1)
MONTH_LAST = (date(MONTH.year + (MONTH.month // 12), MONTH.month % 12 + 1, 1) - timedelta(days=1))
DAYS = (END - START).days
# Midnight of START in the project's zone (Asia/Shanghai, UTC+8), as the UTC the tables keep.
BASE_TS = f"{START - timedelta(days=1)} 16:00:00"
END_TS = f"{END - timedelta(days=1)} 16:00:00"

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉力红鹏飞玉志婷雪梅晨宇浩然子涵欣怡梓轩雨萱思远佳俊嘉懿")


def sql_array(items):
    return "(ARRAY[" + ",".join("'" + i.replace("'", "''") + "'" for i in items) + "])"


def psql(db, sql, at=False):
    """Runs `sql` (any number of statements, one session) and returns its output."""
    cmd = PG + ["-d", db] + (["-At"] if at else []) + ["-f", "-"]
    r = subprocess.run(cmd, input=sql, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"psql failed: {r.stderr[-2000:]}")
    return r.stdout.strip()


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def call(base, method, path, body=None, token=None):
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None,
                                 method=method, headers=h)
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read() or b"null")


class Server:
    def __init__(self, tmp):
        self.tmp = tmp
        self.port = PORT or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self):
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}", ANCHANG_DATA_DIR=self.tmp,
                   ANCHANG_PORT=str(self.port), ANCHANG_ADMIN_PASSWORD=ADMIN_PW, ANCHANG_LOG="warn",
                   ANCHANG_LOGIN_MAX_FAILURES="100000", ANCHANG_RATE_LIMIT_PER_SEC="0", ANCHANG_JOBS="false",
                   ANCHANG_WEBHOOKS_DELIVER="false", ANCHANG_SERVER_TIMING="true",
                   ANCHANG_ACCESS_TOKEN_TTL_SECS="86400", ANCHANG_WORKERS="2")
        env.pop("ANCHANG_DATABASE_URL", None)
        self.proc = subprocess.Popen([BIN, "serve"], env=env, cwd=self.tmp,
                                     stdout=open(os.path.join(self.tmp, "server.log"), "ab"), stderr=subprocess.STDOUT)
        for _ in range(600):
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}); see {self.tmp}/server.log")
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return
            except Exception:
                time.sleep(0.2)
        raise RuntimeError("the server did not answer /healthz")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


# ---------------------------------------------------------------------------------------------
# Seeding

def seed(project, manager, template_hash):
    n = LEADS
    f = 3 * n
    n_sub, n_res, n_deal = round(n * 0.05), round(n * 0.03), round(n * 0.02)
    n_change = max(1, n_deal // 100)
    n_units = n_res + n_change + 500
    P, M = f"'{project}'::uuid", f"'{manager}'::uuid"
    session = ("SET session_replication_role = replica; SET work_mem = '256MB'; "
               "SET maintenance_work_mem = '1GB'; SET synchronize_seqscans = off; SELECT setseed(0.18);\n")
    seeded_tables = ["users", "project_members", "channels", "channel_projects", "channel_costs", "leads",
                     "follow_ups", "subscriptions", "units", "reservations", "deals", "deal_payments",
                     "deal_changes", "lead_status_moves"]
    steps = []

    def step(label, sql):
        t = time.time()
        psql(DB, session + sql)
        steps.append((label, time.time() - t))
        print(f"  {label}: {time.time() - t:.1f} s", flush=True)

    t0 = time.time()
    print(f"seeding {n:,} leads, {f:,} follow-ups ({START} .. {END - timedelta(days=1)}, 200 salespeople)", flush=True)
    # The indexes the load would maintain row by row are dropped and built again afterwards.
    tables_sql = ",".join(f"'{t}'" for t in ["leads", "follow_ups", "lead_status_moves", "subscriptions",
                                               "reservations", "deals", "deal_payments", "units"])
    index_defs = psql(DB, f"""
        SELECT i.indexrelid::regclass || E'\\t' || pg_get_indexdef(i.indexrelid) FROM pg_index i
        WHERE i.indrelid::regclass::text IN ({tables_sql})
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""", at=True).splitlines()
    index_defs = [line.split("\t", 1) for line in index_defs if line]
    step("helpers, users, channels, costs; drop secondary indexes", f"""
        {''.join(f'DROP INDEX {name};' for name, _ in index_defs)}
        CREATE FUNCTION seed_ts(frac float8) RETURNS timestamp LANGUAGE sql IMMUTABLE AS $$
            SELECT TIMESTAMP '{BASE_TS}' + floor(frac * {DAYS}) * interval '1 day' + interval '9 hours'
                   + (frac * {DAYS} - floor(frac * {DAYS})) * interval '12 hours' $$;
        CREATE FUNCTION seed_id(kind int, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
            SELECT ('00000000-0000-7000-' || to_hex(32768 + kind) || '-' || lpad(to_hex(n), 12, '0'))::uuid $$;
        CREATE FUNCTION seed_owner(g bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
            SELECT ('00000000-0000-7000-8001-' || lpad(to_hex((g * 2654435761) % 4294967296 % {SALES} + 1), 12, '0'))::uuid $$;
        INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
            SELECT seed_id(1, s), 'sales' || lpad(s::text, 3, '0'), '销售' || s, 'sales', '{template_hash}',
                   TIMESTAMP '{BASE_TS}', TIMESTAMP '{BASE_TS}' FROM generate_series(1, {SALES}) s;
        INSERT INTO project_members (project_id, user_id, created_at)
            SELECT {P}, seed_id(1, s), TIMESTAMP '{BASE_TS}' FROM generate_series(1, {SALES}) s;
        -- 30 channel partners: 15 agencies and 5 agents (brokers), 10 referral programmes.
        INSERT INTO channels (id, name, kind, status, version, created_by, created_at, updated_at)
            SELECT seed_id(9, k), CASE WHEN k <= 15 THEN '中介' || k || '号' WHEN k <= 20 THEN '经纪人' || k
                                       ELSE '老带新计划' || k END,
                   CASE WHEN k <= 15 THEN 'agency' WHEN k <= 20 THEN 'agent' ELSE 'referral' END, 'active', 1, {M},
                   TIMESTAMP '{BASE_TS}', TIMESTAMP '{BASE_TS}' FROM generate_series(1, 30) k;
        INSERT INTO channel_projects (channel_id, project_id, created_at)
            SELECT seed_id(9, k), {P}, TIMESTAMP '{BASE_TS}' FROM generate_series(1, 30) k;
        INSERT INTO channel_costs (project_id, month, spent_on, source_channel, channel_id, amount_fen, version,
                                   updated_by, updated_at)
            SELECT {P}, m::date, 'source:' || s, s, NULL, (200 + floor(random() * 800))::bigint * 100000, 1, {M}, m
            FROM generate_series(TIMESTAMP '{START}', TIMESTAMP '{END}' - interval '1 day', interval '1 month') m,
                 unnest(ARRAY['online_platform', 'self_media', 'live_stream', 'event', 'cold_call']) s
            UNION ALL
            SELECT {P}, m::date, 'partner:' || seed_id(9, k), NULL, seed_id(9, k),
                   (50 + floor(random() * 300))::bigint * 100000, 1, {M}, m
            FROM generate_series(TIMESTAMP '{START}', TIMESTAMP '{END}' - interval '1 day', interval '1 month') m, generate_series(1, 30) k;
        """)
    # Follow-ups in time order, each on a lead registered a few weeks before (mean 20 days).
    step("plan follow-ups and stages", f"""
        CREATE UNLOGGED TABLE seed_fu AS
        SELECT f, g, seed_ts(p) AS happened_at, ch AS channel,
               CASE WHEN ch = 'visit' THEN 'customer'
                    WHEN ch = 'phone' AND r2 < 0.3 THEN 'customer'
                    WHEN ch <> 'phone' AND r2 < 0.4 THEN 'customer' ELSE 'salesperson' END AS initiated_by
        FROM (SELECT f, p, r2,
                     greatest(1, least({n}, floor((CASE WHEN q >= 0 THEN q ELSE p * r3 END) * {n})::int + 1)) AS g,
                     CASE WHEN r1 < 0.50 THEN 'phone' WHEN r1 < 0.75 THEN 'wechat' WHEN r1 < 0.95 THEN 'visit'
                          WHEN r1 < 0.98 THEN 'show_flat' ELSE 'sms' END AS ch
              FROM (SELECT f, p, p + ln(1 - random()) * 20.0 / {DAYS} AS q, random() AS r1, random() AS r2,
                           random() AS r3
                    FROM (SELECT f, (f - 1 + random()) / {f} AS p FROM generate_series(1, {f}) f) a) b) c;
        CREATE UNLOGGED TABLE seed_agg AS
        SELECT g, count(*) AS n_fu, count(*) FILTER (WHERE channel = 'visit') AS n_visit,
               count(*) FILTER (WHERE channel = 'phone') AS n_call,
               count(*) FILTER (WHERE channel = 'show_flat') AS n_show,
               min(happened_at) AS first_at, min(happened_at) FILTER (WHERE channel = 'visit') AS first_visit_at,
               max(happened_at) AS last_at,
               (ARRAY['phone', 'wechat', 'visit', 'show_flat', 'sms'])[
                   max(f::bigint * 8 + array_position(ARRAY['phone', 'wechat', 'visit', 'show_flat', 'sms'], channel))
                   % 8] AS last_channel
        FROM seed_fu GROUP BY g;
        CREATE UNLOGGED TABLE seed_sub AS
        SELECT g, paid_at, row_number() OVER (ORDER BY paid_at) AS q,
               CASE WHEN random() < 0.15
                    THEN paid_at + random() * least(interval '60 days', TIMESTAMP '{END_TS}' - paid_at) END AS refunded_at
        FROM (SELECT g, first_visit_at + random() * least(interval '30 days', TIMESTAMP '{END_TS}' - first_visit_at) AS paid_at
              FROM seed_agg WHERE n_visit > 0 ORDER BY random() LIMIT {n_sub}) s;
        CREATE UNLOGGED TABLE seed_res AS
        SELECT row_number() OVER (ORDER BY reserved_at) AS u, g, reserved_at, NULL::timestamp AS cancelled_at
        FROM (SELECT g, paid_at + random() * least(interval '40 days', TIMESTAMP '{END_TS}' - paid_at) AS reserved_at
              FROM seed_sub WHERE refunded_at IS NULL ORDER BY random() LIMIT {n_res}) s;
        CREATE UNLOGGED TABLE seed_deal AS
        SELECT row_number() OVER (ORDER BY signed_at) AS d, u, g, signed_at, price_fen,
               CASE WHEN random() < 0.05
                    THEN signed_at + random() * least(interval '90 days', TIMESTAMP '{END_TS}' - signed_at) END AS cancelled_at
        FROM (SELECT u, g, reserved_at + random() * least(interval '20 days', TIMESTAMP '{END_TS}' - reserved_at) AS signed_at,
                     (150 + floor(random() * 350))::bigint * 1000000 AS price_fen
              FROM seed_res ORDER BY random() LIMIT {n_deal}) s;
        UPDATE seed_res r SET cancelled_at = r.reserved_at + random() * least(interval '30 days', TIMESTAMP '{END_TS}' - r.reserved_at)
        WHERE NOT EXISTS (SELECT 1 FROM seed_deal d WHERE d.u = r.u) AND random() < 0.3;
        """)
    step("leads", f"""
        INSERT INTO leads (id, project_id, owner_id, created_by, name, phone, phone_tail, source_channel, channel_id,
                           gender, age_band, purpose, budget_min_fen, budget_max_fen, status, lost_reason, grade,
                           visit_count, call_count, show_flat_visits, decision_maker_visited, last_contact_channel,
                           last_interaction_at, protected_until, next_follow_up_at, next_purpose, completeness,
                           created_at, updated_at, first_visit_at)
        SELECT seed_id(2, g), {P}, seed_owner(g), seed_owner(g), name, phone, right(phone, 4), src,
               CASE WHEN src = 'broker' THEN seed_id(9, 1 + floor(r_ch * 20)::int)
                    WHEN src = 'referral' THEN seed_id(9, 21 + floor(r_ch * 10)::int) END,
               CASE WHEN r_ch < 0.48 THEN 'male' WHEN r_ch < 0.96 THEN 'female' ELSE 'unknown' END,
               (ARRAY['under_25', '25_34', '35_44', '45_54', '55_plus'])[1 + floor(r_grade * 5)::int],
               (ARRAY['self_use', 'upgrade', 'investment', 'school_district', 'elderly_care'])[1 + g % 5],
               budget * 80 / 100, budget, status,
               CASE WHEN status = 'lost' THEN (ARRAY['waiting_price_drop', 'competitor', 'budget', 'location',
                    'financing', 'family_disagreement', 'other'])[1 + g % 7] END,
               CASE WHEN status IN ('subscribed', 'reserved', 'signed') THEN 'A' WHEN n_visit >= 2 THEN 'B'
                    WHEN n_visit = 1 THEN 'C' ELSE 'D' END,
               n_visit, n_call, n_show, n_visit >= 2, last_channel, last_at, last_at + interval '30 days',
               CASE WHEN status NOT IN ('signed', 'lost') THEN last_at + interval '7 days' END,
               CASE WHEN status NOT IN ('signed', 'lost') THEN 'push_progress' END,
               20 + floor(r_grade * 70)::int, created_at,
               CASE WHEN status = 'lost' THEN greatest(last_at, coalesce(deal_cancelled_at, last_at)
                    + random() * least(interval '30 days', TIMESTAMP '{END_TS}' - greatest(last_at, coalesce(deal_cancelled_at, last_at))))
                    ELSE last_at END,
               first_visit_at
        FROM (SELECT x.g, x.created_at, x.r_ch, x.r_grade, x.r_lost,
                     {sql_array(SURNAMES)}[1 + floor(x.r_name * {len(SURNAMES)})::int]
                       || {sql_array(GIVEN)}[1 + (x.g * 7) % {len(GIVEN)}]
                       || CASE WHEN x.g % 3 = 0 THEN '' ELSE {sql_array(GIVEN)}[1 + (x.g * 13) % {len(GIVEN)}] END AS name,
                     '13' || lpad(x.g::text, 9, '0') AS phone,
                     CASE WHEN x.r_src < 0.25 THEN 'walk_in' WHEN x.r_src < 0.45 THEN 'online_platform'
                          WHEN x.r_src < 0.55 THEN 'self_media' WHEN x.r_src < 0.60 THEN 'live_stream'
                          WHEN x.r_src < 0.70 THEN 'referral' WHEN x.r_src < 0.88 THEN 'broker'
                          WHEN x.r_src < 0.93 THEN 'event' WHEN x.r_src < 0.97 THEN 'cold_call' ELSE 'other' END AS src,
                     (100 + floor(x.r_budget * 400))::bigint * 1000000 AS budget,
                     coalesce(a.n_visit, 0) AS n_visit, coalesce(a.n_call, 0) AS n_call, coalesce(a.n_show, 0) AS n_show,
                     a.last_channel, a.first_visit_at, coalesce(a.last_at, x.created_at) AS last_at, d.cancelled_at AS deal_cancelled_at,
                     CASE WHEN d.g IS NOT NULL AND d.cancelled_at IS NULL THEN 'signed'
                          WHEN d.g IS NOT NULL THEN 'lost'
                          WHEN r.g IS NOT NULL AND r.cancelled_at IS NULL THEN 'reserved'
                          WHEN s.g IS NOT NULL AND s.refunded_at IS NULL AND r.g IS NULL THEN 'subscribed'
                          WHEN s.g IS NOT NULL OR x.r_lost < 0.2 THEN 'lost'
                          WHEN a.n_visit > 0 THEN 'visited' WHEN a.n_fu > 0 THEN 'contacted' ELSE 'new' END AS status
              FROM (SELECT g, seed_ts((g - 1)::float8 / {n}) AS created_at, random() AS r_ch, random() AS r_grade,
                           random() AS r_lost, random() AS r_name, random() AS r_src, random() AS r_budget
                    FROM generate_series(1, {n}) g) x
              LEFT JOIN seed_agg a ON a.g = x.g LEFT JOIN seed_sub s ON s.g = x.g
              LEFT JOIN seed_res r ON r.g = x.g LEFT JOIN seed_deal d ON d.g = x.g) l
        ORDER BY g;
        """)
    step("follow-ups", f"""
        INSERT INTO follow_ups (id, lead_id, project_id, author_id, channel, purpose, content, customer_feedback,
                                happened_at, duration_seconds, initiated_by, next_follow_up_at, next_purpose, version,
                                created_at, updated_at, decision_maker_present, source_channel, channel_id)
        SELECT seed_id(3, f), seed_id(2, g), {P}, seed_owner(g), channel,
               (ARRAY['discover_needs', 'deliver_value', 'push_progress', 'resolve_doubts', 'care'])[1 + f % 5],
               CASE channel WHEN 'phone' THEN '电话沟通：客户关注价格和学区，约周末来案场'
                            WHEN 'wechat' THEN '微信发送户型图和样板间视频，客户已读'
                            WHEN 'visit' THEN '到访案场，看了样板间和沙盘，对三居室感兴趣'
                            WHEN 'show_flat' THEN '带看样板间，客户关心得房率和车位'
                            ELSE '短信通知开盘时间' END,
               CASE WHEN f % 3 = 0 THEN '考虑中' END,
               happened_at, CASE WHEN channel = 'phone' THEN 30 + (f::bigint * 7919) % 900 END, initiated_by,
               happened_at + interval '7 days', 'push_progress', 1, happened_at, happened_at,
               channel = 'visit' AND f % 4 = 0, l.source_channel, l.channel_id
        FROM seed_fu JOIN leads l ON l.id = seed_id(2, g);
        """)
    step("subscriptions, units, reservations, deals, payments, changes", f"""
        INSERT INTO subscriptions (id, project_id, lead_id, queue_no, deposit_fen, paid_at, receipt_no, status,
                                   created_by, created_at, refunded_at, refunded_by, refund_reason, owner_id,
                                   source_channel, channel_id)
            SELECT seed_id(4, q), {P}, seed_id(2, g), q, 2000000, paid_at, 'RC' || lpad(q::text, 8, '0'),
                   CASE WHEN refunded_at IS NULL THEN 'active' ELSE 'refunded' END, seed_owner(g), paid_at,
                   refunded_at, CASE WHEN refunded_at IS NOT NULL THEN {M} END,
                   CASE WHEN refunded_at IS NOT NULL THEN '客户放弃购买' END, l.owner_id, l.source_channel, l.channel_id
            FROM seed_sub JOIN leads l ON l.id = seed_id(2, g) ORDER BY q;
        INSERT INTO units (id, project_id, building, unit_no, floor, room, layout, area_sqm, list_price_fen, status,
                           created_at, updated_at)
            SELECT seed_id(8, u), {P}, (1 + (u - 1) / 600) || '号楼', '1单元', 1 + (u - 1) % 600 / 20,
                   ((1 + (u - 1) % 600 / 20) * 100 + 1 + (u - 1) % 20)::text,
                   (ARRAY['2室1厅', '3室2厅', '4室2厅'])[1 + u % 3], 89 + (u % 3) * 30, 300000000 + (u % 50) * 1000000,
                   CASE WHEN d.u IS NOT NULL AND d.cancelled_at IS NULL THEN 'sold'
                        WHEN r.u IS NOT NULL AND d.u IS NULL AND r.cancelled_at IS NULL THEN 'reserved'
                        ELSE 'available' END,
                   TIMESTAMP '{BASE_TS}', TIMESTAMP '{BASE_TS}'
            FROM generate_series(1, {n_units}) u LEFT JOIN seed_res r USING (u) LEFT JOIN seed_deal d USING (u)
            ORDER BY u;
        INSERT INTO reservations (id, project_id, unit_id, lead_id, status, reserved_by, reserved_at, price_fen,
                                  contract_no, signed_at, cancelled_at, cancelled_by, owner_id, source_channel,
                                  channel_id)
            SELECT seed_id(5, r.u), {P}, seed_id(8, r.u), seed_id(2, r.g),
                   CASE WHEN d.u IS NOT NULL THEN 'signed' WHEN r.cancelled_at IS NOT NULL THEN 'cancelled' ELSE 'active' END,
                   seed_owner(r.g), r.reserved_at, d.price_fen, 'HT' || lpad(d.d::text, 8, '0'), d.signed_at,
                   r.cancelled_at, CASE WHEN r.cancelled_at IS NOT NULL THEN seed_owner(r.g) END,
                   l.owner_id, l.source_channel, l.channel_id
            FROM seed_res r LEFT JOIN seed_deal d USING (u) JOIN leads l ON l.id = seed_id(2, r.g) ORDER BY r.u;
        INSERT INTO deals (id, project_id, reservation_id, lead_id, unit_id, owner_id, channel_id, contract_no, price_fen,
                           plan_kind, status, signed_at, signed_by, cancelled_at, cancelled_by, cancel_reason, version,
                           created_at, updated_at, source_channel)
            SELECT seed_id(6, d.d), {P}, seed_id(5, d.u), l.id, seed_id(8, d.u), l.owner_id, l.channel_id,
                   'HT' || lpad(d.d::text, 8, '0'), d.price_fen,
                   CASE WHEN d.d % 10 < 7 THEN 'mortgage' WHEN d.d % 10 < 9 THEN 'full' ELSE 'installments' END,
                   CASE WHEN d.cancelled_at IS NULL THEN 'signed' ELSE 'cancelled' END, d.signed_at, l.owner_id,
                   d.cancelled_at, CASE WHEN d.cancelled_at IS NOT NULL THEN {M} END,
                   CASE WHEN d.cancelled_at IS NOT NULL THEN '客户退房' END, 1, d.signed_at,
                   coalesce(d.cancelled_at, d.signed_at), l.source_channel
            FROM seed_deal d JOIN leads l ON l.id = seed_id(2, d.g) ORDER BY d.d;
        INSERT INTO deal_payments (id, deal_id, project_id, kind, amount_fen, method, paid_at, receipt_no, recorded_by,
                                   created_at)
            SELECT seed_id(7, k), seed_id(6, d), {P}, kind, amount, method, paid_at,
                   CASE WHEN kind = 'payment' THEN 'SK' || lpad(k::text, 9, '0') END, {M}, paid_at
            FROM (SELECT row_number() OVER (ORDER BY paid_at, d) AS k, * FROM (
                    SELECT d, 'payment' AS kind, price_fen * 3 / 10 AS amount, 'bank_transfer' AS method,
                           signed_at AS paid_at FROM seed_deal
                    UNION ALL
                    SELECT d, 'payment', price_fen - price_fen * 3 / 10,
                           CASE WHEN d % 10 < 7 THEN 'mortgage_loan' ELSE 'bank_transfer' END,
                           signed_at + (20 + d % 40) * interval '1 day' FROM seed_deal
                    WHERE cancelled_at IS NULL AND signed_at + (20 + d % 40) * interval '1 day' < TIMESTAMP '{END_TS}'
                    UNION ALL
                    SELECT d, 'refund', price_fen * 3 / 10, 'bank_transfer', cancelled_at FROM seed_deal
                    WHERE cancelled_at IS NOT NULL) p) q;
        INSERT INTO deal_changes (id, deal_id, from_unit_id, to_unit_id, from_price_fen, to_price_fen, reason,
                                  changed_by, changed_at)
            SELECT seed_id(10, k), seed_id(6, d.d), seed_id(8, {n_res} + k), seed_id(8, d.u), d.price_fen - 5000000,
                   d.price_fen, '换到更高楼层', {M},
                   d.signed_at + random() * least(interval '30 days', TIMESTAMP '{END_TS}' - d.signed_at)
            FROM (SELECT row_number() OVER (ORDER BY random()) AS k, * FROM seed_deal WHERE cancelled_at IS NULL) d
            WHERE k <= {n_change};
        """)
    step("lead status moves", f"""
        INSERT INTO lead_status_moves (lead_id, moved_at, to_status, project_id, from_status, lost_reason, owner_id,
                                       source_channel, channel_id, grade)
            SELECT l.id, m.at, m.st, {P}, m.from_st, NULL, l.owner_id, l.source_channel, l.channel_id, l.grade
            FROM (SELECT g, first_at AS at, 'contacted' AS st, 'new' AS from_st FROM seed_agg
                  UNION ALL SELECT g, first_visit_at, 'visited', 'contacted' FROM seed_agg WHERE n_visit > 0
                  UNION ALL SELECT g, paid_at, 'subscribed', 'visited' FROM seed_sub
                  UNION ALL SELECT g, reserved_at, 'reserved', 'subscribed' FROM seed_res
                  UNION ALL SELECT g, signed_at, 'signed', 'reserved' FROM seed_deal) m
            JOIN leads l ON l.id = seed_id(2, m.g)
            UNION ALL
            SELECT id, updated_at, 'lost', {P}, CASE WHEN visit_count > 0 THEN 'visited' ELSE 'contacted' END,
                   lost_reason, owner_id, source_channel, channel_id, grade
            FROM leads WHERE status = 'lost'
            UNION ALL
            SELECT id, created_at, 'new', {P}, NULL, NULL, owner_id, source_channel, channel_id, NULL FROM leads;
        """)
    step("build indexes", "".join(f"{d};\n" for _, d in index_defs))
    step("drop seed tables", """
        DROP TABLE seed_fu, seed_agg, seed_sub, seed_res, seed_deal;
        DROP FUNCTION seed_ts(float8), seed_id(int, bigint), seed_owner(bigint);""")
    # The load ran without foreign-key triggers: every foreign key of the seeded tables is checked.
    t = time.time()
    fks = psql(DB, f"""
        SELECT c.conrelid::regclass, c.confrelid::regclass,
               (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
               (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)
        FROM pg_constraint c WHERE c.contype = 'f'
          AND c.conrelid::regclass::text IN ({','.join(f"'{x}'" for x in seeded_tables)})""", at=True).splitlines()
    checks = []
    for line in fks:
        child, parent, ccols, pcols = line.split("|")
        cc, pc = ccols.split(","), pcols.split(",")
        cond = " AND ".join(f"p.{p} = c.{c}" for c, p in zip(cc, pc))
        notnull = " AND ".join(f"c.{c} IS NOT NULL" for c in cc)
        checks.append(f"SELECT '{child}({ccols}) -> {parent}', count(*) FROM {child} c "
                      f"WHERE {notnull} AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {cond})")
    broken = [row for row in psql(DB, "SET work_mem = '256MB';\n" + "\nUNION ALL\n".join(checks) + ";", at=True).splitlines()
              if not row.endswith("|0")]
    steps.append(("check foreign keys", time.time() - t))
    print(f"  check {len(checks)} foreign keys: {time.time() - t:.1f} s", flush=True)
    if broken:
        raise RuntimeError("foreign keys broken by the seed: " + "; ".join(broken))
    t = time.time()
    subprocess.run(PG + ["-d", DB, "-c", "VACUUM (ANALYZE)"], check=True, capture_output=True)
    print(f"  VACUUM ANALYZE: {time.time() - t:.1f} s", flush=True)
    counts = psql(DB, """SELECT (SELECT count(*) FROM leads) || ' leads, ' || (SELECT count(*) FROM follow_ups)
        || ' follow-ups, ' || (SELECT count(*) FROM subscriptions) || ' subscriptions, '
        || (SELECT count(*) FROM reservations) || ' reservations, ' || (SELECT count(*) FROM deals) || ' deals, '
        || (SELECT count(*) FROM deal_payments) || ' payments, ' || (SELECT count(*) FROM lead_status_moves)
        || ' status moves; ' || pg_size_pretty(pg_database_size(current_database()))""", at=True)
    print(f"seeded in {time.time() - t0:.0f} s: {counts}", flush=True)


# ---------------------------------------------------------------------------------------------
# Timing

def percentile(values, p):
    s = sorted(values)
    return s[max(1, math.ceil(p * len(s))) - 1]


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def get(self, path, token):
        for attempt in (1, 2):
            try:
                t = time.perf_counter()
                self.conn.request("GET", path, headers={"Authorization": "Bearer " + token})
                r = self.conn.getresponse()
                body = r.read()
                ms = (time.perf_counter() - t) * 1000
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
                if attempt == 2:
                    raise
        if r.status != 200:
            raise RuntimeError(f"GET {path}: {r.status} {body[:300]!r}")
        timing = r.getheader("Server-Timing") or ""
        m = re.search(r'(\d+) statements', timing)
        return ms, int(m.group(1)) if m else None, json.loads(body)


def cases(project):
    base = f"/api/v1/projects/{project}"
    month = f"from={MONTH}&to={MONTH_LAST}"
    mid = MONTH + timedelta(days=14)
    return [
        ("daily month", f"{base}/reports/daily?{month}&group_by=day", True),
        ("daily one day", f"{base}/reports/daily?date={mid}", False),
        ("funnel cohort", f"{base}/analytics/funnel?{month}", True),
        ("funnel event", f"{base}/analytics/funnel?{month}&basis=event", True),
    ]


def summary(name, body):
    if "totals" in body:
        t = body["totals"]
        return (f"new {t['new_leads']}, calls in {t['calls_in']}, visits {t['first_visits']}+{t['return_visits']}, "
                f"subs {t['subscriptions']}, res {t['reservations']}, signed {t['signings']}")
    t = body["total"]["stages"]
    return (f"leads {t['leads']}, visited {t['visited']}, subscribed {t['subscribed']}, reserved {t['reserved']}, "
            f"signed {t['signed']}, rows {len(body['rows'])}")


def measure(port, project, tokens):
    client = Client(port)
    results = []
    print(f"\nreports for {MONTH:%Y-%m} ({MONTH} .. {MONTH_LAST}), 2 warm-ups + {RUNS} runs each; ms", flush=True)
    print(f"{'report':<15} {'as':<8} {'p50':>8} {'p95':>8} {'max':>8} {'stmts':>6}  answer")
    for name, path, gated in cases(project):
        for role, token in tokens.items():
            for _ in range(2):
                client.get(path, token)
            times, stmts, body = [], None, None
            for _ in range(RUNS):
                ms, stmts, body = client.get(path, token)
                times.append(ms)
            p50, p95, mx = percentile(times, 0.5), percentile(times, 0.95), max(times)
            results.append((name, role, p50, p95, mx, stmts, gated))
            print(f"{name:<15} {role:<8} {p50:8.0f} {p95:8.0f} {mx:8.0f} {stmts if stmts is not None else '?':>6}  "
                  f"{summary(name, body)}", flush=True)
    return results


# ---------------------------------------------------------------------------------------------
# --explain: the statements each report sends, from the server log

LOG_LINE = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] (\S*)@(\S*) (\w+):  (.*)$")
DURATION = re.compile(r"^duration: ([\d.]+) ms  (?:execute ([^:]+)|statement): (.*)$", re.S)
PARAM = re.compile(r"\$(\d+) = ('(?:[^']|'')*'|NULL)")


def pg_log_path():
    if "--pg-log" in args:
        return opt("--pg-log", "")
    data_dir = psql("postgres", "SHOW data_directory", at=True)
    current = psql("postgres", "SELECT pg_current_logfile()", at=True)
    if current:
        return current if current.startswith("/") else os.path.join(data_dir, current)
    pid = open(os.path.join(data_dir, "postmaster.pid")).readline().strip()
    return os.readlink(f"/proc/{pid}/fd/2")


def read_statements(log, offset):
    """The statements of DB logged after `offset`: (ms, sql, [params])."""
    with open(log, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    entries, last_by_pid, current = [], {}, None
    for line in text.split("\n"):
        m = LOG_LINE.match(line)
        if not m:
            if current is not None and line.startswith("\t"):
                current[1] += "\n" + line[1:]
            continue
        pid, _, db, level, message = m.groups()
        current = None
        if db != DB:
            continue
        if level == "LOG":
            d = DURATION.match(message)
            if d:
                current = [float(d.group(1)), d.group(3), []]
                entries.append(current)
                last_by_pid[pid] = current
        elif level == "DETAIL" and message.startswith("parameters: ") and pid in last_by_pid:
            last_by_pid[pid][2] = [v for _, v in sorted(PARAM.findall(message), key=lambda kv: int(kv[0]))]
            last_by_pid.pop(pid)
    return entries


def explain(sql, params):
    script = ("SET plan_cache_mode = force_generic_plan; SET TIME ZONE 'UTC';\n"
              f"PREPARE bench_q AS {sql};\n"
              f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_q{'(' + ', '.join(params) + ')' if params else ''};\n")
    try:
        return psql(DB, script)
    except RuntimeError as e:
        return f"(could not explain: {e})"


def explain_reports(server, project, tokens):
    log = pg_log_path()
    psql(DB, f"ALTER DATABASE {DB} SET log_min_duration_statement = 0; "
             f"ALTER DATABASE {DB} SET log_parameter_max_length = -1;")
    server.stop()
    server.start()  # new connections take the setting
    try:
        client = Client(server.port)
        print(f"\n--explain: the statements of each report (server log {log})")
        for name, path, _ in cases(project):
            for role, token in tokens.items():
                client.get(path, token)  # warm the new connections
                time.sleep(0.3)
                offset = os.path.getsize(log)
                ms, _, _ = client.get(path, token)
                time.sleep(1.0)
                entries = read_statements(log, offset)
                groups = {}
                for e in entries:
                    g = groups.setdefault(e[1], [0, 0.0, e])
                    g[0] += 1
                    g[1] += e[0]
                    if e[0] > g[2][0]:
                        g[2] = e
                total = sum(e[0] for e in entries)
                print(f"\n=== {name} as {role}: {ms:.0f} ms; {len(entries)} statements, {total:.0f} ms in PostgreSQL")
                ranked = sorted(groups.items(), key=lambda kv: -kv[1][1])
                for sql, (count, sum_ms, slowest) in ranked[:6]:
                    print(f"  {sum_ms:8.1f} ms  {count:4}×  max {slowest[0]:7.1f}  {sql[:220]}")
                if role != "manager":
                    continue
                for sql, (count, sum_ms, slowest) in ranked[:3]:
                    if sum_ms < 5:
                        continue
                    print(f"\n  -- EXPLAIN (ANALYZE, BUFFERS), slowest of {count}× ({slowest[0]:.1f} ms), generic plan:\n"
                          f"  -- {sql}")
                    shown = [p if len(p) < 200 else p[:120] + f"…' ({p.count(',') + 1} items)" for p in slowest[2]]
                    if shown:
                        print(f"  -- params: {', '.join(shown)}")
                    print("  " + explain(sql, slowest[2]).replace("\n", "\n  "))
    finally:
        psql(DB, f"ALTER DATABASE {DB} RESET log_min_duration_statement; "
                 f"ALTER DATABASE {DB} RESET log_parameter_max_length;")


# ---------------------------------------------------------------------------------------------

def main():
    if not os.access(BIN, os.X_OK):
        print(f"no server binary at {BIN} (build it, or name one with --bin)", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="anchang-scale-")
    if not REUSE:
        psql("postgres", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE); CREATE DATABASE {DB};")
    server = Server(tmp)
    ok = False
    try:
        server.start()
        base = server.base
        admin = call(base, "POST", "/api/v1/auth/login", {"username": "admin", "password": ADMIN_PW})["access_token"]
        if REUSE:
            project = psql(DB, "SELECT id FROM projects WHERE name = '规模基准'", at=True)
        else:
            project = call(base, "POST", "/api/v1/projects",
                           {"name": "规模基准", "city": "杭州", "address": "滨江区江南大道 88 号"}, admin)["id"]
            manager = call(base, "POST", "/api/v1/users", {"username": "director", "password": PW, "display_name": "总监",
                                                            "role": "manager", "project_ids": [project]}, admin)["id"]
            tmpl = call(base, "POST", "/api/v1/users", {"username": "template", "password": PW, "display_name": "模板",
                                                         "role": "sales", "project_ids": [project]}, admin)
            pw_hash = psql(DB, f"SELECT password_hash FROM users WHERE id = '{tmpl['id']}'", at=True)
            seed(project, manager, pw_hash)
        tokens = {role: call(base, "POST", "/api/v1/auth/login", {"username": user, "password": PW})["access_token"]
                  for role, user in (("manager", "director"), ("sales", "sales001"))}
        results = measure(server.port, project, tokens)
        if EXPLAIN:
            explain_reports(server, project, tokens)
        failing = [r for r in results if r[6] and r[2] >= GOAL_MS]
        ok = not failing
        print(f"\n{'PASS' if ok else 'FAIL'}: goal p50 < {GOAL_MS:.0f} ms for the daily report (month) and the funnel "
              f"at {LEADS:,} leads" + ("" if ok else "; over: " + ", ".join(f"{n} as {r} {p:.0f} ms"
                                                                            for n, r, p, *_ in failing)))
    finally:
        server.stop()
        if KEEP:
            print(f"kept database {DB} (measure again with --reuse); server files in {tmp}")
        else:
            psql("postgres", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
