"""Schemathesis hooks of the conformance gate (loaded through SCHEMATHESIS_HOOKS).

Two runs use this file (see .ci/conformance):

* main run (CONFORMANCE_MODE=main), as the project's manager: path ids, `project_id` and
  `user_id` are drawn half of the time from the seeded data, so operations are exercised on
  objects that exist and not only on random UUIDs (which all answer 404).
* peer run (CONFORMANCE_MODE=peers), as salesperson A on the lead-scoped operations only
  (`/api/v1/leads/{id}…`): `{id}` is always one of A's own leads, and the check
  `lead_hidden_from_other_salesperson` replays every request A got a 2xx for with salesperson B's
  token. The project rule: another salesperson's lead answers 404 — never 2xx, never 403, never
  412/409/422 (those would tell B that the lead exists).

Nothing here skips a check or an operation, or filters a failure.
"""

import ast
import functools
import json
import os
import re
import threading
import uuid

import hypothesis.internal.lambda_sources as _lambda_sources
import schemathesis
from hypothesis import strategies as st

# CPython 3.11's parser is not thread-safe: two workers parsing at once fail with "AST constructor
# recursion depth mismatch" (a Runtime Error of the run, not a finding). Hypothesis parses the
# source of lambdas (schemathesis' own ones too) to describe strategies; one lock serialises that.
_PARSE_LOCK = threading.RLock()


def _serialised(function):
    @functools.wraps(function)
    def locked(*args, **kwargs):
        with _PARSE_LOCK:
            return function(*args, **kwargs)

    return locked


ast.parse = _serialised(ast.parse)
_lambda_sources._lambda_description = _serialised(_lambda_sources._lambda_description)

MODE = os.environ.get("CONFORMANCE_MODE", "main")
SEED = json.load(open(os.environ["CONFORMANCE_SEED_JSON"]))

PROJECT_ID = SEED["PROJECT_ID"]
SALES_IDS = [SEED["SALES_A_ID"], SEED["SALES_B_ID"]]
A_LEADS = SEED["SALES_A_LEADS"].split()
ALL_LEADS = A_LEADS + SEED["SALES_B_LEADS"].split()

LEAD_SCOPED = re.compile(r"^/api/v1/leads/\{id\}")


def _seeded_id(path: str) -> list[str] | None:
    """The seeded ids that fit the `{id}` of this path, if any."""
    if path.startswith("/api/v1/leads/{id}"):
        return A_LEADS if MODE == "peers" else ALL_LEADS
    if path.startswith("/api/v1/projects/{id}"):
        return [PROJECT_ID]
    if path.startswith("/api/v1/users/{id}"):
        return SALES_IDS
    return None


def _sometimes(strategy, name: str, values: list[str], always: bool = False):
    """Replace `name` in the generated mapping by one of `values` (always, or half of the time)."""

    # Named functions, not lambdas: hypothesis describes lambdas by parsing their source, which
    # fails under load ("AST constructor recursion depth mismatch").
    def replace(mapping):
        if not isinstance(mapping, dict) or name not in mapping:
            return st.just(mapping)
        seeded = st.builds(functools.partial(_with, mapping, name), st.sampled_from(values))
        return seeded if always else st.one_of(st.just(mapping), seeded)

    return strategy.flatmap(replace)


def _with(mapping: dict, name: str, value: str) -> dict:
    return {**mapping, name: value}


@schemathesis.hook
def before_generate_path_parameters(context, strategy):
    path = context.operation.path
    ids = _seeded_id(path)
    if ids:
        strategy = _sometimes(strategy, "id", ids, always=MODE == "peers")
    if "{user_id}" in path:
        strategy = _sometimes(strategy, "user_id", SALES_IDS)
    return strategy


@schemathesis.hook
def before_generate_query(context, strategy):
    return _sometimes(strategy, "project_id", [PROJECT_ID])


@schemathesis.hook
def before_generate_body(context, strategy):
    return _sometimes(strategy, "project_id", [PROJECT_ID])


@schemathesis.hook
def map_case(context, case):
    """A valid request carries a new Idempotency-Key, as the README asks of clients.

    Generated keys repeat across different bodies, and the server rightly answers such a reuse
    with 422 (idempotency.key_reused): that is the client's mistake, not a schema-valid request
    refused. Only positive cases are changed; negative ones keep their invalid keys.
    """
    meta = case.meta
    if meta is not None and meta.generation.mode.is_positive and case.headers:
        for name in list(case.headers):
            if name.lower() == "idempotency-key":
                case.headers[name] = "st-" + uuid.uuid4().hex
    return case


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """The same fresh key for the requests of the stateful phase, which map_case does not see:
    there a generated key was seen reused for a different body (a 422 the gate then flagged)."""
    meta = case.meta
    if meta is not None and not meta.generation.mode.is_positive:
        return
    key = "st-" + uuid.uuid4().hex
    # The request may already be built from the case: change both.
    sent = kwargs.get("headers") if isinstance(kwargs, dict) else None
    for headers in (case.headers, sent):
        for name in list(headers or {}):
            if name.lower() == "idempotency-key":
                headers[name] = key


@schemathesis.check
def lead_hidden_from_other_salesperson(ctx, response, case):
    """A lead-scoped request that salesperson A got a 2xx for answers 404 to salesperson B."""
    if MODE != "peers" or not LEAD_SCOPED.match(case.operation.path):
        return None
    if not 200 <= response.status_code < 300:
        return None
    if case.path_parameters.get("id") not in A_LEADS:
        return None
    replay = case.call(headers={"Authorization": "Bearer " + os.environ["SALES_B_TOKEN"]})
    # One line per replay, so the gate can tell that the check ran at all.
    with open(os.environ["CONFORMANCE_REPLAY_LOG"], "a") as log:
        log.write(f"{case.method} {case.formatted_path} A={response.status_code} B={replay.status_code}\n")
    if replay.status_code != 404:
        raise AssertionError(
            f"salesperson B got {replay.status_code} (expected 404) for salesperson A's lead: "
            f"{case.method} {case.formatted_path} (A got {response.status_code}); "
            f"B's body: {replay.text[:300]}"
        )
    return True
