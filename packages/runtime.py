"""What the player hands the runtime at launch, computed without writing anything.

A page load is one session of one SCO: the launch token (signed, bound to the person,
the package version, the attempt number and a random session key) travels with every
commit, so the server knows which attempt a commit belongs to and can refuse one from
a session that already terminated.
"""

import secrets
from dataclasses import dataclass

from django.core import signing

from . import cmi
from .models import Attempt, Package, Sco, ScoState

TOKEN_SALT = "packages.runtime"
TOKEN_MAX_AGE = 24 * 60 * 60  # a player left open longer starts a new session on reload


@dataclass
class Launch:
    attempt_number: int
    states: dict[str, ScoState]


def current_launch(package: Package, user) -> Launch:
    """The attempt the person continues (or the number of the one the next commit opens)."""
    attempts = list(Attempt.objects.filter(package=package, user=user).order_by("-number")[:1])
    latest = attempts[0] if attempts else None
    if (
        latest is not None
        and latest.closed_at is None
        and latest.version_id == package.current_version_id
    ):
        states = {state.sco_identifier: state for state in latest.states.all()}
        return Launch(attempt_number=latest.number, states=states)
    return Launch(attempt_number=(latest.number + 1) if latest else 1, states={})


def make_token(*, package: Package, user, attempt_number: int) -> str:
    return signing.dumps(
        {
            "p": package.pk,
            "v": package.current_version_id,
            "u": user.pk,
            "n": attempt_number,
            "k": secrets.token_hex(12),
        },
        salt=TOKEN_SALT,
    )


def read_token(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None
    return data if isinstance(data, dict) else None


def initial_cmi(package: Package, sco: Sco, user, state: ScoState | None) -> dict[str, str]:
    """The flattened CMI the runtime starts from: the learner's stored data and the LMS's values."""
    standard = package.kind
    if state is None:
        entry = "ab-initio"
    elif state.exit == "suspend":
        entry = "resume"
    else:
        entry = ""
    name = user.get_full_name() or user.email
    stored = {}
    for key, value in (state.cmi if state else {}).items():
        try:
            cmi.check_get(standard, key)
        except cmi.CmiError:
            continue  # write-only elements are never read back
        stored[key] = value
    total = cmi.format_total_time(standard, state.total_seconds if state else 0)
    if standard == cmi.SCORM12:
        values = {
            "cmi.core.student_id": str(user.pk),
            "cmi.core.student_name": f"{user.last_name}, {user.first_name}"
            if user.last_name
            else name,
            "cmi.core.credit": "credit",
            "cmi.core.entry": entry,
            "cmi.core.lesson_mode": "normal",
            "cmi.core.total_time": total,
            "cmi.launch_data": sco.launch_data,
        }
        if sco.mastery is not None:
            values["cmi.student_data.mastery_score"] = f"{sco.mastery.normalize():f}"
    else:
        values = {
            "cmi.learner_id": str(user.pk),
            "cmi.learner_name": name,
            "cmi.credit": "credit",
            "cmi.entry": entry,
            "cmi.mode": "normal",
            "cmi.total_time": total,
            "cmi.launch_data": sco.launch_data,
        }
        if sco.mastery is not None:
            values["cmi.scaled_passing_score"] = f"{(sco.mastery / 100).normalize():f}"
    return {**stored, **values}
