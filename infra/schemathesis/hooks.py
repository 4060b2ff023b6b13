"""Schemathesis hooks for the ingest API (loaded through SCHEMATHESIS_HOOKS).

Generated consultations almost never pass the contract's cross-field rules (NHS number check digit,
the API key's own pharmacy, dates), so without help the fuzzer rarely reaches the 202 answer. Here
a share of the generated submissions is replaced by a valid consultation (from the shared fixtures,
written by fuzz-ingest.ts to FIRSTSYNC_VALID_CONSULTATIONS), with a fresh id or a re-used one, so
acceptance, idempotent replays and 409 conflicts are checked against the documented schema too.
"""
import copy
import json
import os
import random
import uuid

import schemathesis

with open(os.environ["FIRSTSYNC_VALID_CONSULTATIONS"], encoding="utf-8") as handle:
    VALID = json.load(handle)

SENT: list[dict] = []


def _valid_consultation() -> dict:
    roll = random.random()
    if SENT and roll < 0.2:
        return copy.deepcopy(random.choice(SENT))  # identical re-submission: idempotent replay
    body = copy.deepcopy(random.choice(VALID))
    if SENT and roll < 0.3:
        body["consultationId"] = random.choice(SENT)["consultationId"]  # same id, other content: 409
    else:
        body["consultationId"] = str(uuid.uuid4())
    SENT.append(body)
    return body


@schemathesis.hook
def map_case(context, case):
    if case.method.upper() != "POST" or random.random() > 0.3:
        return case
    if case.path == "/v1/consultations":
        case.body = _valid_consultation()
    elif case.path == "/v1/consultations/batch":
        case.body = {"consultations": [_valid_consultation() for _ in range(random.randint(1, 3))]}
    return case
