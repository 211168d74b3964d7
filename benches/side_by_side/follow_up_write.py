#!/usr/bin/env python3
"""Side by side, in one run on one PostgreSQL: anchang's POST /api/v1/leads/{id}/follow-ups (a
salesperson records a call on one of their own leads, auth on) against pgbench running the write's
essential transaction: INSERT the follow-up, UPDATE the lead's counters and dates, INSERT an audit row.

    wrk -t2 -c64 -d$SECS      the API, each request a random (salesperson, own lead) of 200
    pgbench -c16 -M prepared   the essential transaction, on the same 200 leads

As `../shared/perf/follow_up_write.py` does: 200 leads, each taking a contact every few tenths of
a second, so a lead's contacts in the grading window grow by hundreds a minute (grading counts
them only as far as its score uses them, so longer runs, `--rounds 6`, hold their rate).

Usage (from the checkout, after `cargo build --release`):
    python3 benches/side_by_side/follow_up_write.py [--leads N] [--secs S] [--rounds R] [--stats]
--stats: where PostgreSQL's time went during the first round, statement by statement (needs
pg_stat_statements in shared_preload_libraries; the warm-up's statements count too).
Defaults: 100,000 leads, 2 rounds of 10 s. The database is settled first (VACUUM ANALYZE,
CHECKPOINT); then each round runs the API, then pgbench, each after the sealer caught up with
the phase before. Short alternating phases see the same machine: on a shared 2-core host its
speed drifts by a fifth within a minute, and one long phase each measured the drift. The ratio
is of the rounds' means. Exit status 0 when the API reached GOAL_RATIO (default 0.4) of the
essential transaction with no non-2xx answer.
"""
import json, os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = sys.argv[1:]
LEADS = int(args[args.index("--leads") + 1]) if "--leads" in args else 100_000
SECS = int(args[args.index("--secs") + 1]) if "--secs" in args else 10
ROUNDS = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 2
P = common.PROJECT


def main():
    server = common.Server("fu")
    try:
        server.seed(LEADS)
        common.psql(server.db, """
         CREATE TABLE bench_pairs AS
           SELECT row_number() OVER (ORDER BY u.username) AS n, u.username, u.id AS owner_id,
                  (SELECT l.id FROM leads l WHERE l.owner_id = u.id LIMIT 1) AS lead_id
           FROM users u WHERE u.username ~ '^sales[0-9]+$' AND substring(u.username from 6)::int <= 200;
         CREATE TABLE bench_audit (seq bigserial PRIMARY KEY, at timestamp, actor uuid, action text, entity uuid, changes text);
         ANALYZE bench_pairs;""")
        pairs = [line.split("|") for line in common.psql(server.db, "SELECT username, lead_id FROM bench_pairs ORDER BY n", at=True).split("\n")]
        tokens = [f"{server.login(user)}|{lead}" for user, lead in pairs]
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
        body = {"channel": "phone", "purpose": "push_progress", "content": "电话回访，约周末看样板间",
                "happened_at": when, "initiated_by": "customer", "duration_seconds": 180}
        token, lead = tokens[0].split("|")
        common.call(server.base, "POST", f"/api/v1/leads/{lead}/follow-ups", body, token)
        lua = common.lua_tokens(server.tmp, tokens, f"""local token, lead = t:match("([^|]+)|(.+)")
  return wrk.format("POST", "/api/v1/leads/" .. lead .. "/follow-ups",
    {{Authorization = "Bearer " .. token, ["Content-Type"] = "application/json"}}, [[{json.dumps(body, ensure_ascii=False)}]])""")
        essential = f"""\\set n random(1, {len(pairs)})
BEGIN;
INSERT INTO follow_ups (id, lead_id, project_id, author_id, channel, purpose, content, happened_at, initiated_by,
                        duration_seconds, source_channel, channel_id, created_at, updated_at)
  SELECT gen_random_uuid(), b.lead_id, '{P}', b.owner_id, 'phone', 'push_progress', '电话回访，约周末看样板间',
         now(), 'customer', 180, l.source_channel, l.channel_id, now(), now()
    FROM bench_pairs b JOIN leads l ON l.id = b.lead_id WHERE b.n = :n;
UPDATE leads SET call_count = call_count + 1, last_interaction_at = now(), last_contact_channel = 'phone',
       protected_until = now() + interval '30 days', updated_at = now(), version = version + 1
  WHERE id = (SELECT lead_id FROM bench_pairs WHERE n = :n);
INSERT INTO bench_audit (at, actor, action, entity, changes)
  SELECT now(), owner_id, 'follow_up.create', lead_id, '{{"channel":"phone"}}' FROM bench_pairs WHERE n = :n;
COMMIT;
"""
        rounds, breakdown, essential_breakdown = [], [], []
        common.settle(server.db)
        for n in range(ROUNDS):
            common.drain(server.db)
            stats = n == 0 and "--stats" in args and common.statement_stats_reset(server.db)
            (rps, p50, p99, bad), split = common.wrk(server.base, lua, SECS, [server.proc.pid])
            breakdown = common.statement_stats(server.db, rps * SECS) if stats else breakdown
            common.drain(server.db)
            stats = stats and common.statement_stats_reset(server.db)
            raw_tps, raw_lat = common.pgbench(server.db, essential, SECS)
            essential_breakdown = common.statement_stats(server.db, raw_tps * SECS, top=6) if stats else essential_breakdown
            rounds.append((rps, p99, bad, raw_tps))
            print(f"round {n + 1}: API {rps:.0f} req/s (p50 {p50} ms, p99 {p99} ms, non-2xx {bad}), "
                  f"raw {raw_tps:.0f} tps (avg {raw_lat} ms): {rps / raw_tps:.2f}×")
            print("  " + common.cores_line(split, rps))
        for title, lines in (("the API's statements", breakdown), ("the essential transaction's", essential_breakdown)):
            if lines:
                print(f"  {title} (PostgreSQL's execution time, round 1):")
                print("\n".join("    " + line for line in lines))
        rps = sum(r[0] for r in rounds) / len(rounds)
        raw_tps = sum(r[3] for r in rounds) / len(rounds)
        p99 = max(r[1] for r in rounds)
        bad = sum(r[2] for r in rounds)
        ratio = rps / raw_tps
        spread = sorted(r[0] / r[3] for r in rounds)
        print(f"API wrk -t2 -c64, raw pgbench -c16 -M prepared (the essential transaction), {SECS} s each per round")
        print(f"follow-up write: {rps:.0f} req/s = {ratio:.2f}× the essential transaction ({raw_tps:.0f} tps), "
              f"mean of {len(rounds)} rounds (each {spread[0]:.2f}–{spread[-1]:.2f}×); worst p99 {p99} ms")
        return 0 if bad == 0 and ratio >= float(os.environ.get("GOAL_RATIO", "0.4")) else 1
    finally:
        server.stop(keep="--keep" in args)


if __name__ == "__main__":
    sys.exit(main())
