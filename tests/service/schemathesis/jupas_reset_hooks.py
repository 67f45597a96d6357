"""Schemathesis hooks for the jupas-reset service (loaded through SCHEMATHESIS_HOOKS).

A security code is a CAPTCHA: no schema can say its answer. The server runs with
`--test-reveal-answers`, which writes each answer to <outbox>/challenge-<id>.txt, so:

- schema-valid (positive) reset requests get the right answer, as a person would give it:
  they are accepted, and the stateful phase follows the reset token into the session calls;
- the reset token is the API's credential, so calls on a session carry a real one (the one a
  link passed on, or a fresh session's): Schemathesis then checks that the service refuses
  the same call without it or with a made-up one.

- an enrolment code is a one-time secret too: schema-valid enrolments get a fresh real one
  (`jupas-reset-server workstations add` on the service's database), and the workstation
  routes carry a real credential (the one a link passed on, or a fresh enrolment's).

Negative cases are left as generated.
"""

import json
import os
import pathlib
import subprocess
import threading
import urllib.request

import schemathesis
from schemathesis.generation.modes import GenerationMode

OUTBOX = pathlib.Path(os.environ["JUPAS_OUTBOX"])
BASE_URL = os.environ["JUPAS_URL"].rstrip("/")
_lock = threading.Lock()
_used_challenges: set[str] = set()
_issued_tokens: set[str] = set()
_issued_credentials: set[str] = set()
SERVER = os.environ["JUPAS_SERVER"]
DB = os.environ["JUPAS_DB"]


def _post(path: str, body: dict) -> dict:
    request = urllib.request.Request(
        f"{BASE_URL}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _answer(challenge_id: object) -> str | None:
    """The revealed answer of an unused challenge."""
    if not isinstance(challenge_id, str) or "/" in challenge_id:
        return None
    with _lock:
        if challenge_id in _used_challenges:
            return None
    path = OUTBOX / f"challenge-{challenge_id}.txt"
    return path.read_text() if path.is_file() else None


def _solved_challenge(challenge_id: object) -> tuple[str, str]:
    answer = _answer(challenge_id)
    if answer is None:
        # An id the schema allows but no challenge has (or one already used): a fresh one.
        challenge_id = _post("/v1/challenges", {"kind": "image"})["challenge_id"]
        answer = _answer(challenge_id)
    assert isinstance(challenge_id, str) and answer is not None
    with _lock:
        _used_challenges.add(challenge_id)
    return challenge_id, answer


def _enrolment_code() -> str:
    """A fresh one-time code, as IT gets it: the service's own command on its database."""
    printed = subprocess.run(
        [SERVER, "workstations", "add", "--name", "schemathesis", "--db", DB],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    return next(line for line in printed.splitlines() if len(line) == 19 and line.count("-") == 3)


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if case.method.upper() != "POST":
        return
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return
    if not isinstance(case.body, dict):
        return
    body = dict(case.body)
    if case.operation.path == "/v1/resets":
        body["challenge_id"], body["challenge_answer"] = _solved_challenge(body.get("challenge_id"))
    elif case.operation.path == "/v1/workstations/enroll":
        body["enrolment_code"] = _enrolment_code()
    else:
        return
    case.body = body


@schemathesis.hook
def after_call(ctx, case, response):
    if case.method.upper() == "POST" and case.operation.path == "/v1/resets" and response.status_code == 202:
        token = response.json().get("reset_token")
        if isinstance(token, str):
            with _lock:
                _issued_tokens.add(token)
    if case.method.upper() == "POST" and case.operation.path == "/v1/workstations/enroll" and response.status_code == 200:
        credential = response.json().get("credential")
        if isinstance(credential, str):
            with _lock:
                _issued_credentials.add(credential)


@schemathesis.auth(refresh_interval=None).apply_to(path_regex="^/v1/workstations/current")
class WorkstationCredential:
    """An enrolled workstation's credential: the one a link passed on, else a new one's."""

    def get(self, case, ctx):
        credential = (case.headers or {}).get("X-JUPAS-Workstation", "")
        with _lock:
            if credential in _issued_credentials:
                return credential
        enrolled = _post("/v1/workstations/enroll", {"enrolment_code": _enrolment_code()})
        with _lock:
            _issued_credentials.add(enrolled["credential"])
        return enrolled["credential"]

    def set(self, case, data, ctx):
        case.headers = dict(case.headers or {})
        case.headers["X-JUPAS-Workstation"] = data


@schemathesis.auth(refresh_interval=None).apply_to(path_regex="^/v1/resets/current")
class ResetToken:
    """A session's token: the one a link passed on, else a new session's (details that match
    no account, so no mail is sent and no account is touched)."""

    def get(self, case, ctx):
        header = (case.headers or {}).get("Authorization", "")
        token = header.removeprefix("Bearer ")
        with _lock:
            if token in _issued_tokens:
                return token
        challenge_id, answer = _solved_challenge(None)
        started = _post(
            "/v1/resets",
            {
                "login_name": "schemathesis",
                "date_of_birth": "2008-01-01",
                "email": "schemathesis@example.org",
                "challenge_id": challenge_id,
                "challenge_answer": answer,
            },
        )
        with _lock:
            _issued_tokens.add(started["reset_token"])
        return started["reset_token"]

    def set(self, case, data, ctx):
        case.headers = dict(case.headers or {})
        case.headers["Authorization"] = f"Bearer {data}"
