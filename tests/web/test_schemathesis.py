"""The server keeps the promises of its OpenAPI document: schemathesis reads the document a
real `queue-server serve` serves, generates requests for every operation (valid ones, invalid
ones, and valid ones aimed at things the server really holds) and sends each twice, with an
admin's token and with a kiosk's. No answer may be a 5xx; every answer's status code and
content type must be documented and its body must match the documented schema.

Bounded and deterministic so CI does not flake: a fixed number of examples per operation,
derandomized (the same requests every run, in the same order), no example database, no
shrinking (a failure is reported as sent, with the curl line to replay it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import bearer
from tests.live_server import LiveServer, always_open_config, provision

# about two minutes on the CI machine: 70-odd operations, each example sent twice
EXAMPLES = int(os.environ.get("LOKET_FUZZ_EXAMPLES", "25"))
# where the document describes every field a request may carry, a request it calls valid
# is never refused as malformed (400); elsewhere a 400 can still be a semantic refusal
# (an unknown agency in an admin form, a date range too long) the schema cannot express
STRICT_TAGS = {"system", "queue", "tickets", "counters", "display", "devices"}


@schemathesis.check
def valid_requests_are_not_malformed(ctx: Any, response: Any, case: Any) -> bool | None:
    tags = set(case.operation.definition.raw.get("tags", ()))
    if case.meta and case.meta.generation.mode.is_positive and tags & STRICT_TAGS \
            and response.status_code == 400:
        raise AssertionError(f"the document says this request is valid, the server says "
                             f"400: {response.text[:300]}")
    return None


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, valid_requests_are_not_malformed]

# Operations that cannot be fuzzed meaningfully against one shared server: aimed at the
# admin whose token the run uses (grounded names are "kepala"), they would deactivate the
# account or replace its password and so revoke that token, and every later request of the
# run would only hear 401.
EXCLUDED = {
    ("PATCH", "/api/v1/admin/users/{name}"),
    ("POST", "/api/v1/admin/users/{name}/reset-password"),
}


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("fuzz")
    server = LiveServer(folder / "data", config=always_open_config(folder / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    with server:
        yield server


def _real_ids(server: LiveServer) -> dict[str, list[str]]:
    """Path parameters that name things the server holds: a generated id almost never does,
    and a run that only ever hears 404 proves little."""
    kiosk = bearer(server.tokens["kiosk"])
    issued = [requests.post(f"{server.url}/api/v1/tickets", headers=kiosk, timeout=10,
                            json={"service_id": service}).json()["ticket"]
              for service in ("ktp-el", "ktp-el", "kartu-keluarga", "pkb-tahunan",
                              "ktp-el", "ikd-kia", "ktp-el", "ktp-el")]
    return {
        "counter_id": ["loket-1", "loket-2", "loket-3", "loket-6"],
        "ticket_id": [t["id"] for t in issued],
        "token": [t["track_url"].rsplit("/", 1)[1] for t in issued],
        # `{id}` of the administration routes, by the collection it is in
        "agencies": ["dukcapil", "samsat"], "services": ["ktp-el", "kartu-keluarga"],
        "counters": ["loket-1", "loket-3"], "zones": ["zona-a", "zona-b"],
        "name": ["kepala"],
    }


def _grounded(operation: Any, real_ids: dict[str, list[str]]) -> st.SearchStrategy | None:
    """Valid requests whose path parameters are real ones (None when none has a real
    counterpart)."""
    names = [p.name for p in operation.path_parameters]
    options: dict[str, list[Any]] = {}
    for name in names:
        key = operation.path.split("/")[4] if name == "id" else name
        if key in real_ids:
            options[name] = real_ids[key]
    if not options or len(options) != len(names):
        return None
    return st.fixed_dictionaries({n: st.sampled_from(v) for n, v in options.items()}).flatmap(
        lambda chosen: operation.as_strategy(GenerationMode.POSITIVE, path_parameters=chosen))


def _fuzz(operation: Any, server: LiveServer, real_ids: dict[str, list[str]],
          failures: list[str]) -> int:
    strategies = [operation.as_strategy(GenerationMode.POSITIVE),
                  operation.as_strategy(GenerationMode.NEGATIVE)]
    grounded = _grounded(operation, real_ids)
    if grounded is not None:
        strategies.append(grounded)
    sent = 0

    @given(case=st.one_of(strategies))
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        nonlocal sent
        for who in ("admin", "kiosk"):
            sent += 1
            try:
                case.call_and_validate(base_url=server.url, checks=CHECKS, timeout=15,
                                       headers=bearer(server.tokens[who]))
            except (AssertionError, BaseExceptionGroup) as failure:  # collected below
                if len(failures) < 40:
                    failures.append(f"{operation.label} as {who}:\n{failure}")

    run()
    return sent


@pytest.mark.timeout(900)  # about two minutes; the suite's 300 s is for ordinary tests
def test_every_answer_is_documented_and_no_request_breaks_the_server(
        fuzzed_server: LiveServer) -> None:
    url = f"{fuzzed_server.url}/api/v1/openapi.json"
    document = requests.get(url, timeout=10).json()
    schema = schemathesis.openapi.from_dict(document)
    real_ids = _real_ids(fuzzed_server)
    failures: list[str] = []
    fuzzed, sent = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in EXCLUDED:
            continue
        sent += _fuzz(operation, fuzzed_server, real_ids, failures)
        fuzzed.append(operation.label)
    print(f"schemathesis: {len(fuzzed)} operations, {sent} requests, "
          f"{len(failures)} failures")
    documented = {f"{method.upper()} {path}" for path, ops in document["paths"].items()
                  for method in ops}
    assert set(fuzzed) == documented - {f"{m} {p}" for m, p in EXCLUDED}
    assert not failures, "\n\n".join(failures)
