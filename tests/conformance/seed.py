#!/usr/bin/env python3
"""Seed a fresh anchang server for the conformance gate (Python standard library only).

As the first admin: create a project, a manager and two salespeople in it; as each salesperson,
register two leads. Write everything the later steps need as shell assignments to the output
file (sourced by .ci/conformance) and as JSON beside it (same name, .json).

usage: seed.py BASE_URL ADMIN_PASSWORD OUT_FILE
       BASE_URL is the server root, e.g. http://127.0.0.1:18080
"""

import json
import shlex
import sys
import urllib.error
import urllib.request
import uuid

PASSWORD = "conformance-pass-123"


def call(base, method, path, token=None, body=None, expect=(200, 201)):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + "/api/v1" + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    if method == "POST":
        req.add_header("Idempotency-Key", "seed-" + str(uuid.uuid4()))
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, text = resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    if status not in expect:
        sys.exit(f"seed: {method} {path} answered {status}, expected {expect}: {text[:500]}")
    return json.loads(text) if text else None


def login(base, username, password):
    return call(base, "POST", "/auth/login", body={"username": username, "password": password})


def main():
    base, admin_password, out = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    admin = login(base, "admin", admin_password)["access_token"]
    project = call(base, "POST", "/projects", admin,
                   {"name": "一致性测试楼盘", "city": "杭州", "address": "滨江区江南大道 88 号"}, expect=(201,))
    pid = project["id"]
    users = {}
    for username, display, role in [
        ("conf.manager", "周经理", "manager"),
        ("conf.sales.a", "王丽", "sales"),
        ("conf.sales.b", "李娜", "sales"),
    ]:
        user = call(base, "POST", "/users", admin,
                    {"username": username, "display_name": display, "role": role,
                     "password": PASSWORD, "project_ids": [pid]}, expect=(201,))
        tokens = login(base, username, PASSWORD)
        users[username] = {"id": user["id"], "token": tokens["access_token"],
                           "refresh": tokens["refresh_token"]}
    leads = {}
    phones = {"conf.sales.a": ["13800138001", "13800138002"], "conf.sales.b": ["13900139001", "13900139002"]}
    for username, numbers in phones.items():
        leads[username] = []
        for i, phone in enumerate(numbers):
            lead = call(base, "POST", "/leads", users[username]["token"],
                        {"project_id": pid, "name": f"客户{username[-1].upper()}{i + 1}", "phone": phone,
                         "source_channel": "walk_in", "intended_layouts": ["3房"], "tags": ["多孩家庭"],
                         "marketing_consent": {"granted": True, "channel": "wechat"}}, expect=(201,))
            leads[username].append(lead["id"])
    env = {
        "PROJECT_ID": pid,
        "MANAGER_ID": users["conf.manager"]["id"],
        "MANAGER_TOKEN": users["conf.manager"]["token"],
        "SALES_A_ID": users["conf.sales.a"]["id"],
        "SALES_A_TOKEN": users["conf.sales.a"]["token"],
        "SALES_A_USERNAME": "conf.sales.a",
        "SALES_B_ID": users["conf.sales.b"]["id"],
        "SALES_B_TOKEN": users["conf.sales.b"]["token"],
        "SALES_B_USERNAME": "conf.sales.b",
        "SALES_PASSWORD": PASSWORD,
        "SALES_A_LEADS": " ".join(leads["conf.sales.a"]),
        "SALES_B_LEADS": " ".join(leads["conf.sales.b"]),
    }
    with open(out, "w") as f:
        for key, value in env.items():
            f.write(f"export {key}={shlex.quote(value)}\n")
    with open(out + ".json", "w") as f:
        json.dump(env, f, indent=1)
    print(f"seed: project {pid}, manager + 2 salespeople, {sum(len(v) for v in leads.values())} leads")


if __name__ == "__main__":
    main()
