"""Schemathesis hooks for the ingest API (loaded through SCHEMATHESIS_HOOKS).

Generated consultations almost never pass the contract's cross-field rules (NHS number check digit,
the API key's own pharmacy, dates), so without help the fuzzer rarely reaches the 202 answer. Here
a share of the generated submissions is replaced by a valid consultation (from the shared fixtures,
written by fuzz-ingest.ts to FIRSTSYNC_VALID_CONSULTATIONS), with a fresh id or a re-used one, so
acceptance, idempotent replays and 409 conflicts are checked against the documented schema too.

Another share is hostile input an OpenAPI document cannot describe (issue 18): duplicate JSON keys
and bytes that are not UTF-8, as raw bodies, and valid consultations with hostile text (zero-width
only, NUL, ESC, DEL, C1, lone surrogates, U+FFFD, noncharacters) in one text field. Such a request
carries the answer it must get in a header, and the `hostile_input_refused` check holds ingest to
it; `accepted_text_is_strict` checks that no consultation answered 202 carries such text.
"""
import copy
import json
import os
import random
import unicodedata
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


# The answer a hostile request must get, sent along with it (ingest ignores unknown headers).
EXPECT_HEADER = "X-Fuzz-Expect"

SINGLE_LINE_FIELDS = [("pharmacy", "name"), ("clinician", "name", "family"), ("patient", "name", "family"), ("patient", "registeredPractice", "name")]
MULTI_LINE_FIELDS = [("notes", "clinicalSummary"), ("notes", "history")]
HOSTILE_TEXT = [
    "\u200b\u200c\u200d",  # zero-width only: blank
    "\u200b\u2060\ufeff \u00ad",
    "Sore throat\u0000",  # NUL
    "\u001b[2JSore throat",  # ESC sequence
    "Sore\u007f throat",  # DEL
    "Sore\u0085throat",  # C1
    "Sore throat\ud800",  # lone surrogate (sent as the escape \ud800)
    "\udc00Sore throat",
    "Sore \ufffd throat",  # U+FFFD
    "Sore throat\ufffe",  # noncharacter
]
INVALID_UTF8 = [b"\xff", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82"]


def _set(body: dict, path: tuple, value) -> None:
    for key in path[:-1]:
        body = body[key]
    body[path[-1]] = value


def _fresh_valid() -> dict:
    """A valid consultation with a new id, not remembered for re-submission (it is about to be spoiled)."""
    body = copy.deepcopy(random.choice(VALID))
    body["consultationId"] = str(uuid.uuid4())
    return body


def _hostile_text_consultation() -> dict:
    body = _fresh_valid()
    _set(body, random.choice(SINGLE_LINE_FIELDS + MULTI_LINE_FIELDS), random.choice(HOSTILE_TEXT))
    return body


def _raw_hostile_body(wrap_in_batch: bool) -> bytes:
    body = _fresh_valid()
    text = json.dumps({"consultations": [body]} if wrap_in_batch else body, separators=(",", ":"))
    roll = random.random()
    if roll < 0.35:  # the probe's pair: another pharmacy first, the key's own last
        own = f'"odsCode":"{body["pharmacy"]["odsCode"]}"'
        return text.replace(own, '"odsCode":"FXB02",' + own, 1).encode()
    if roll < 0.6:  # consent false, then true
        return text.replace('"consentToShareWithGp":', '"consentToShareWithGp":false,"consentToShareWithGp":', 1).encode()
    encoded = text.encode()
    at = random.randrange(len(encoded))
    return encoded[:at] + random.choice(INVALID_UTF8) + encoded[at:]


def _make_hostile(case):
    # Always raw bytes: schemathesis itself cannot re-validate a body holding a lone surrogate, and
    # json.dumps writes one as the escape \ud800, which is exactly what a client would send. The
    # generated case may carry any Content-Type (negative cases): a hostile body is sent as JSON.
    batch = case.path == "/v1/consultations/batch"
    case.headers = {name: value for name, value in (case.headers or {}).items() if name.lower() != "content-type"}
    case.headers["Content-Type"] = "application/json"
    if random.random() < 0.5:
        case.body = _raw_hostile_body(batch)
        case.headers = {**(case.headers or {}), EXPECT_HEADER: "400"}
    elif batch:
        items = [_fresh_valid() for _ in range(random.randint(0, 2))]
        index = random.randint(0, len(items))
        items.insert(index, _hostile_text_consultation())
        case.body = json.dumps({"consultations": items}).encode()
        case.headers = {**(case.headers or {}), EXPECT_HEADER: f"207 item {index} 400"}
    else:
        case.body = json.dumps(_hostile_text_consultation()).encode()
        case.headers = {**(case.headers or {}), EXPECT_HEADER: "400"}
    case.media_type = "application/json"
    return case


@schemathesis.hook
def map_case(context, case):
    if case.method.upper() != "POST" or case.path not in ("/v1/consultations", "/v1/consultations/batch"):
        return case
    roll = random.random()
    if roll < 0.2:
        return _make_hostile(case)
    if roll > 0.5:
        return case
    if case.path == "/v1/consultations":
        case.body = _valid_consultation()
    else:
        case.body = {"consultations": [_valid_consultation() for _ in range(random.randint(1, 3))]}
    return case


@schemathesis.check
def hostile_input_refused(ctx, response, case):
    """A hostile request gets exactly the answer its header names (aside from 401 when the fuzzer dropped
    the key, and rate-limited or unavailable answers, which come before the body is judged)."""
    expected = (case.headers or {}).get(EXPECT_HEADER)
    if expected is None or response.status_code in (401, 429, 503):
        return None
    if expected == "400":
        if response.status_code != 400:
            raise AssertionError(f"hostile input answered {response.status_code}, expected 400")
        return True
    _, _, index, status = expected.split(" ")
    if response.status_code != 207:
        raise AssertionError(f"batch with a hostile item answered {response.status_code}, expected 207")
    result = next((r for r in response.json()["results"] if r["index"] == int(index)), None)
    if result is None or (result["status"] != int(status) and result["status"] not in (429, 503)):
        raise AssertionError(f"hostile batch item {index} answered {result and result['status']}, expected {status}")
    return True


MULTI_LINE = {"clinicalSummary", "history", "redFlags", "adviceGiven", "plan", "signposting", "dosageText", "patientInstruction"}


def _breach(text: str, multi_line: bool):
    for char in text:
        point = ord(char)
        if 0xD800 <= point <= 0xDFFF:
            return "unpaired surrogate"
        if (point < 0x20 and not (multi_line and char in "\t\n\r")) or 0x7F <= point <= 0x9F or (not multi_line and point in (0x2028, 0x2029)):
            return "control character"
        if point == 0xFFFD or 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE:
            return "U+FFFD or noncharacter"
    if all(char.isspace() or unicodedata.category(char) == "Cf" for char in text):
        return "blank"
    return None


def _breaches(value, name=""):
    if isinstance(value, str):
        found = _breach(value, name in MULTI_LINE)
        return [f"{name}: {found}"] if found else []
    if isinstance(value, list):
        return [b for item in value for b in _breaches(item, name)]
    if isinstance(value, dict):
        return [b for key, item in value.items() for b in _breaches(item, key)]
    return []


@schemathesis.check
def accepted_text_is_strict(ctx, response, case):
    """No consultation answered 202 carries text a transport cannot carry or that shows nothing."""
    body = case.body
    if isinstance(body, bytes):
        try:
            body = json.loads(body)
        except ValueError:
            return None
    if not isinstance(body, dict):
        return None
    if response.status_code == 202 and case.path == "/v1/consultations":
        accepted = [body]
    elif response.status_code == 207 and isinstance(body.get("consultations"), list):
        items = body["consultations"]
        accepted = [items[r["index"]] for r in response.json()["results"] if r["status"] == 202 and r["index"] < len(items)]
    else:
        return None
    found = [b for item in accepted for b in _breaches(item)]
    if found:
        raise AssertionError(f"accepted a consultation with text that breaks the strict rules: {found[:5]}")
    return True
