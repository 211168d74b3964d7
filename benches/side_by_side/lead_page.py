#!/usr/bin/env python3
"""Side by side, in one run on one PostgreSQL: anchang's GET /api/v1/leads (a salesperson's first
page, auth on) against pgbench running the same page query, then a manager's first page and
name searches.

    wrk -t2 -c64 -d$SECS      the API, each request a random one of 200 salespeople's tokens
    pgbench -c16 -M prepared   the page query alone ("raw"), and every statement the request
                               needed before it was folded into one ("db work")
    manager's page              GET /api/v1/leads as the project's manager (all their projects,
                               newest first), one request at a time; median and slowest of 20
    name search                 GET /api/v1/leads?project_id=…&q=… as the project's manager, one
                               request at a time: a common surname, a rarer one, a full name, a
                               rare character; median and slowest of 20 each

Usage (from the checkout, after `cargo build --release`):
    python3 benches/side_by_side/lead_page.py [--leads N] [--secs S] [--keep] [--db NAME]
--keep leaves the seeded database behind and --db NAME measures on one left so (no seeding);
ANCHANG_BENCH_BIN=path measures another build: together they give A/B runs in minutes.
Defaults: 1,000,000 leads over 1,000 salespeople, 20 s per run. Exit status 0 when the page
reached GOAL_RATIO (default 0.4) of the raw query with p99 within GOAL_P99_MS (default 15) and
the manager's page and every name search answered within 50 ms.
"""
import os, statistics, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = sys.argv[1:]
LEADS = int(args[args.index("--leads") + 1]) if "--leads" in args else 1_000_000
SECS = int(args[args.index("--secs") + 1]) if "--secs" in args else 20
REUSE_DB = args[args.index("--db") + 1] if "--db" in args else None
SEARCHES = ["王", "欧阳", "王芳", "李明", "懿"]


def page_query(owner_expr):
    return (f"SELECT * FROM leads WHERE deleted_at IS NULL AND owner_id = {owner_expr} AND project_id IN ('{common.PROJECT}')"
            " ORDER BY created_at DESC, id DESC LIMIT 21;")


def name_searches(server, token):
    """(q, matches on the first page, median ms, slowest ms) per search; q None is the manager's
    first page across their projects, newest first, with no filter."""
    out = []
    for q in [None] + SEARCHES:
        path = ("/api/v1/leads?limit=20" if q is None else
                f"/api/v1/leads?project_id={common.PROJECT}&limit=20&q=" + "".join(f"%{b:02X}" for b in q.encode()))
        times, found = [], 0
        for _ in range(20):
            t0 = time.perf_counter()
            found = len(common.call(server.base, "GET", path, token=token)["items"])
            times.append((time.perf_counter() - t0) * 1000)
        out.append((q, found, statistics.median(times), max(times)))
    return out


def main():
    server = common.Server("perf", db=REUSE_DB)
    try:
        if REUSE_DB is None:
            server.seed(LEADS)
        tokens = [server.login(f"sales{n}") for n in range(1, 201)]
        first = common.call(server.base, "GET", "/api/v1/leads?limit=20", token=tokens[0])
        assert len(first["items"]) == min(20, LEADS // common.OWNERS), len(first["items"])
        lua = common.lua_tokens(server.tmp, tokens,
                                'return wrk.format("GET", "/api/v1/leads?limit=20", {Authorization = "Bearer " .. t})')
        (rps, p50, p99, bad), split = common.wrk(server.base, lua, SECS, [server.proc.pid])
        rss = server.peak_rss_mb()
        owner_expr = "('00000000-0000-7000-8001-' || lpad(to_hex(:n::int), 12, '0'))::uuid"
        raw_tps, raw_lat = common.pgbench(server.db, f"\\set n random(1, 200)\n{page_query(owner_expr)}\n", SECS)
        work_tps, work_lat = common.pgbench(server.db, f"""\\set n random(1, 200)
SELECT username, role, status, token_version FROM users WHERE id = {owner_expr};
SELECT project_id FROM project_members WHERE user_id = {owner_expr};
{page_query(owner_expr)}
SELECT id, display_name FROM users WHERE id IN ({owner_expr});
""", SECS)
        searches = name_searches(server, server.login("manager"))

        print(f"API   : {rps:.0f} req/s, p50 {p50} ms, p99 {p99} ms, non-2xx {bad} (wrk -t2 -c64 {SECS}s)")
        print(common.cores_line(split, rps) + f"; server peak RSS {rss:.0f} MB")
        print(f"raw   : {raw_tps:.0f} tps (pgbench -c16 -M prepared, the page query alone), avg {raw_lat} ms")
        print(f"dbwork: {work_tps:.0f} tps (pgbench, the four statements of before: auth, scope, page, owner names), avg {work_lat} ms")
        for q, found, median, slowest in searches:
            what = "manager's first page" if q is None else f"name search q={q}"
            print(f"{what}: {found} on the first page, median {median:.1f} ms, slowest {slowest:.1f} ms")
        ratio = rps / raw_tps
        print(f"lead page: {rps:.0f} req/s = {ratio:.2f}× raw pgbench ({raw_tps:.0f} tps); p99 {p99} ms; {LEADS} leads")
        goal_ratio = float(os.environ.get("GOAL_RATIO", "0.4"))
        goal_p99 = float(os.environ.get("GOAL_P99_MS", "15"))
        searches_ok = all(slowest < 50 for _, _, _, slowest in searches)
        return 0 if bad == 0 and ratio >= goal_ratio and (p99 or 1e9) <= goal_p99 and searches_ok else 1
    finally:
        server.stop(keep="--keep" in args or REUSE_DB is not None)


if __name__ == "__main__":
    sys.exit(main())
