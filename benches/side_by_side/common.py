"""What the side-by-side benchmarks share: a throwaway PostgreSQL database, the release server
started on it, a seeded project with realistic Chinese names, wrk and pgbench runs, and the CPU
split between the server, PostgreSQL and wrk.

Needs `cargo build --release`, PostgreSQL on 127.0.0.1:5432 (user postgres, trust), and the
Debian packages `wrk` and `postgresql-client` (pgbench): `apt-get install -y wrk postgresql-client`.

Transport: the server reaches 127.0.0.1 without TLS (its default for a loopback URL without
sslmode) and pgbench with libpq's default (TLS when the server offers it). BENCH_URL_SUFFIX
(e.g. `?sslmode=prefer`) changes the server's URL, BENCH_PGSSLMODE (e.g. `disable`) pgbench's,
to measure either side on the other's transport.
"""
import json, os, re, resource, signal, socket, subprocess, tempfile, time, urllib.request, uuid

OWNERS = 1000
PROJECT = "00000000-0000-7000-8000-000000000001"
MANAGER = "00000000-0000-7000-8002-000000000001"
PW = "Bench-Passw0rd!"
ADMIN_PW = "Bench-Admin-1!"

# The most common surnames with their share of the population in per mille (2020 census,
# rounded), the rest spread over the long tail; given names of one or two common characters.
SURNAMES = ("王71 李70 张66 刘54 陈46 杨31 黄24 赵22 吴20 周19 徐15 孙14 马13 朱12 胡11 郭10 何9 高9 林9 "
            "罗8 郑8 梁8 谢6 宋6 唐6 许5 韩5 冯5 邓5 曹5 彭5 曾5 肖5 田4 董4 袁4 潘4 于4 蒋4 蔡4 余4 杜4 "
            "叶4 程4 苏3 魏3 吕3 丁3 任3 沈3 姚3 卢3 姜3 崔3 钟3 谭3 陆3 汪3 范3 金3 石3 廖3 贾2 夏2 韦2 "
            "付2 方2 白2 邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 闫2 段2 雷2 侯2 龙2 史2 陶2 黎2 贺2 顾2 毛2 郝2 "
            "龚2 邵2 万2 钱2 严2 覃1 武1 戴1 莫1 孔1 向1 汤1 欧阳1 司马1 诸葛1")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉力红鹏飞玉志婷雪梅晨宇浩然子涵欣怡梓轩雨萱思远佳俊嘉懿"


def owner(n):
    return f"00000000-0000-7000-8001-{n:012x}"


def psql(db, sql, at=False):
    cmd = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-q"]
    if at:
        cmd.append("-At")
    r = subprocess.run(cmd + ["-c", sql], capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(r.stderr[-500:])
    return r.stdout.strip()


def drain(db, timeout=60):
    """Waits until the server's background work of the phase before is done (no audit event
    waits to be sealed), so that the next phase does not pay for it."""
    deadline = time.time() + timeout
    while time.time() < deadline and psql(db, "SELECT count(*) FROM audit_pending", at=True) != "0":
        time.sleep(0.2)


def settle(db):
    """Starts the measurement from a steady database: the sealer caught up, the seed's dead rows
    vacuumed and its statistics taken (as autovacuum would have by then), its dirty pages
    written."""
    drain(db)
    psql(db, "VACUUM ANALYZE")
    psql(db, "CHECKPOINT")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def call(base, method, path, body=None, token=None):
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, method=method, headers=h)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"null")


class Server:
    """A fresh database and the release server on it; `stop()` ends both."""

    def __init__(self, prefix, extra_env=None, db=None):
        self.db = db or f"anchang_{prefix}_" + uuid.uuid4().hex[:8]
        if db is None:
            psql("postgres", f"CREATE DATABASE {self.db}")
        self.url = f"postgres://postgres@127.0.0.1:5432/{self.db}" + os.environ.get("BENCH_URL_SUFFIX", "")
        self.tmp = tempfile.mkdtemp(prefix=f"anchang-{prefix}-")
        port = free_port()
        env = dict(os.environ, DATABASE_URL=self.url, ANCHANG_DATA_DIR=self.tmp, ANCHANG_PORT=str(port),
                   ANCHANG_ADMIN_PASSWORD=ADMIN_PW, ANCHANG_LOG="warn", ANCHANG_LOGIN_MAX_FAILURES="100000",
                   **(extra_env or {}))
        # ANCHANG_BENCH_BIN: another build to measure (an A/B run against a copy of the old one).
        binary = os.path.abspath(os.environ.get("ANCHANG_BENCH_BIN", "target/release/anchang"))
        self.proc = subprocess.Popen([binary, "serve"], env=env, cwd=self.tmp,
                                     stdout=open(os.path.join(self.tmp, "server.log"), "wb"), stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        self.admin = call(self.base, "POST", "/api/v1/auth/login", {"username": "admin", "password": ADMIN_PW})["access_token"]

    @classmethod
    def replica_of(cls, other, extra_env):
        """A second server process over `other`'s database (share the secrets through `extra_env`)."""
        return cls("replica", extra_env, db=other.db)

    def seed(self, leads, realistic_names=True):
        """OWNERS salespeople and a manager in one project, `leads` leads spread over the salespeople."""
        tmpl = call(self.base, "POST", "/api/v1/users",
                    {"username": "template", "password": PW, "display_name": "t", "role": "sales"}, self.admin)
        pw_hash = psql(self.db, f"SELECT password_hash FROM users WHERE id = '{tmpl['id']}'", at=True)
        surnames = ", ".join(f"('{s[:-len(w)]}', {w})" for s, w in ((x, re.search(r"\d+$", x).group()) for x in SURNAMES.split()))
        name = (f"(SELECT surname FROM bench_surnames WHERE upto > abs(hashint4(g)) % {1000} ORDER BY upto LIMIT 1)"
                f" || substr('{GIVEN}', 1 + abs(hashint4(g + 1)) % {len(GIVEN)}, 1)"
                f" || CASE WHEN abs(hashint4(g + 2)) % 10 < 7 THEN substr('{GIVEN}', 1 + abs(hashint4(g + 3)) % {len(GIVEN)}, 1) ELSE '' END"
                if realistic_names else "'客户' || g")
        t0 = time.time()
        psql(self.db, f"""
         CREATE TABLE bench_surnames AS
           SELECT surname, (sum(w) OVER (ORDER BY w DESC, surname) * 1000 / sum(w) OVER ())::int AS upto
           FROM (VALUES {surnames}) s (surname, w);
         INSERT INTO projects (id, name, city, created_at, updated_at) VALUES ('{PROJECT}', 'bench', '杭州', now(), now());
         INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
           SELECT ('00000000-0000-7000-8001-' || lpad(to_hex(g), 12, '0'))::uuid, 'sales' || g, '销售' || g,
                  'sales', '{pw_hash}', now(), now() FROM generate_series(1, {OWNERS}) g;
         INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
           VALUES ('{MANAGER}', 'manager', '周经理', 'manager', '{pw_hash}', now(), now());
         INSERT INTO project_members (project_id, user_id, created_at)
           SELECT '{PROJECT}', id, now() FROM users WHERE username LIKE 'sales%' OR username = 'manager';
         INSERT INTO leads (id, project_id, owner_id, created_by, name, phone, phone_tail, source_channel,
                            visit_count, show_flat_visits, call_count, last_contact_channel, budget_max_fen,
                            last_interaction_at, protected_until, created_at, updated_at)
           SELECT gen_random_uuid(), '{PROJECT}', o, o, {name}, '138' || lpad(g::text, 8, '0'),
                  right(lpad(g::text, 8, '0'), 4), 'walk_in', g % 3, g % 2, g % 4,
                  CASE WHEN g % 3 = 0 THEN NULL ELSE 'visit' END, (g % 5) * 100000000,
                  t, t + interval '30 days', t, t
           FROM (SELECT g, ('00000000-0000-7000-8001-' || lpad(to_hex(g % {OWNERS} + 1), 12, '0'))::uuid AS o,
                        (now() - make_interval(secs => g * 5))::timestamp AS t
                 FROM generate_series(1, {leads}) g) s;""")
        psql(self.db, "VACUUM ANALYZE")
        print(f"seeded {leads} leads in {time.time() - t0:.0f} s", flush=True)

    def login(self, username):
        return call(self.base, "POST", "/api/v1/auth/login", {"username": username, "password": PW})["access_token"]

    def peak_rss_mb(self):
        return int(re.search(r"VmHWM:\s+(\d+) kB", open(f"/proc/{self.proc.pid}/status").read()).group(1)) / 1024

    def stop(self, keep=False):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if not keep:
            psql("postgres", f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")


def wrk(base, lua, secs, server_pids, connections=64):
    """Warms up for 3 s, then runs wrk for `secs`: (req/s, p50 ms, p99 ms, non-2xx count) and the
    cores busy per process kind during the measured run (wrk's own from its rusage)."""
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d3s", "-s", lua, base], capture_output=True)
    before, wrk_before = cpu_split(server_pids), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{secs}s", "--latency", "-s", lua, base],
                         capture_output=True, text=True).stdout
    after, wrk_after = cpu_split(server_pids), resource.getrusage(resource.RUSAGE_CHILDREN)
    split = {k: (after[k] - before[k]) / secs for k in after}
    split["wrk"] = (wrk_after.ru_utime + wrk_after.ru_stime - wrk_before.ru_utime - wrk_before.ru_stime) / secs
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        m = re.search(label + r"\s+([\d.]+)(us|ms|s)\b", out)
        if not m:
            return None
        v, u = float(m.group(1)), m.group(2)
        return v / 1000 if u == "us" else v * 1000 if u == "s" else v

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (rps, ms("50%"), ms("99%"), int(non2xx.group(1)) if non2xx else 0), split


def cpu_split(server_pids):
    """CPU seconds used so far by the server processes, by all postgres processes and the machine."""
    tick = os.sysconf("SC_CLK_TCK")

    def proc_cpu(pid):
        try:
            f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(f[11]) + int(f[12])) / tick
        except (OSError, IndexError):
            return 0.0
    pg = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            name = open(f"/proc/{pid}/comm").read().strip()
        except OSError:
            continue
        if name.startswith("postgres"):
            pg += proc_cpu(pid)
    stat = open("/proc/stat").readline().split()
    total = sum(map(int, stat[1:8])) / tick
    idle = int(stat[4]) / tick
    return {"anchang": sum(proc_cpu(p) for p in server_pids), "postgres": pg, "machine": total - idle}


def pgbench(db, script, secs, clients=16):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(script)
    ran = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", str(clients), "-j", "2",
                          "-T", str(secs), "-M", "prepared", "-f", f.name, db], capture_output=True, text=True,
                         env=dict(os.environ, **({"PGSSLMODE": os.environ["BENCH_PGSSLMODE"]} if os.environ.get("BENCH_PGSSLMODE") else {})))
    out = ran.stdout
    if not re.search(r"tps = ([\d.]+)", out):
        raise RuntimeError("pgbench failed: " + ran.stderr[-800:])
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    lat = re.search(r"latency average = ([\d.]+) ms", out)
    return tps, float(lat.group(1)) if lat else None


def lua_tokens(tmp, tokens, request):
    """A wrk script sending `request` (Lua returning wrk.format(…), with `t` a random token)."""
    with open(os.path.join(tmp, "tokens.txt"), "w") as f:
        f.write("\n".join(tokens) + "\n")
    lua = os.path.join(tmp, "bench.lua")
    with open(lua, "w") as f:
        f.write(f"""local tokens = {{}}
for line in io.lines("{tmp}/tokens.txt") do tokens[#tokens + 1] = line end
math.randomseed(os.time() + tonumber(tostring({{}}):match("0x(%x+)"), 16) % 100000)
request = function()
  local t = tokens[math.random(#tokens)]
  {request}
end
""")
    return lua


def cores_line(split, rps):
    return ("cores busy: " + ", ".join(f"{k} {v:.2f}" for k, v in split.items())
            + f"; per request: server {split['anchang'] / max(rps, 1) * 1e6:.0f} µs, postgres {split['postgres'] / max(rps, 1) * 1e6:.0f} µs")


def statement_stats_reset(db):
    """Empties pg_stat_statements when the server preloads it (`shared_preload_libraries`); False
    when it does not, and the breakdown is then skipped."""
    try:
        psql(db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();")
        return True
    except RuntimeError:
        return False


def statement_stats(db, per, top=12):
    """The statements PostgreSQL spent most time executing since the reset, as printable lines:
    total ms, calls, µs per call and per `per` (requests), the statement's start."""
    rows = psql(db, f"""SELECT round(total_exec_time)::bigint, calls, round(mean_exec_time * 1000)::bigint,
                              regexp_replace(left(query, 110), '\\s+', ' ', 'g')
                       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                       ORDER BY total_exec_time DESC LIMIT {top}""", at=True)
    lines = []
    for row in filter(None, rows.split("\n")):
        total, calls, mean_us, query = row.split("|", 3)
        lines.append(f"{int(total):>7} ms {int(calls):>8} calls {int(mean_us):>6} µs/call {int(total) * 1000 / per:>6.0f} µs/req  {query}")
    return lines
