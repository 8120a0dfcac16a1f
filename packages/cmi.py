"""The SCORM run-time data models (1.2 and 2004) as the server checks them.

Every value that reaches the server goes through ``check_commit``: element names
must belong to the data model, read-only elements cannot be set, values must have
the element's type and range, array items come in order and their ``id`` first. A
refusal carries the standard's error code (SCORM 1.2 RTE table 3.3.3, SCORM 2004
RTE 3.1.7), the same the runtime in the browser reports for the same call.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SCORM12 = "scorm12"
SCORM2004 = "scorm2004"

RO, RW, WO = "ro", "rw", "wo"


@dataclass(frozen=True)
class Codes:
    undefined: int
    read_only: int
    write_only: int
    type_mismatch: int
    out_of_range: int
    dependency: int
    out_of_order: int
    after_termination: int
    general: int


CODES = {
    SCORM12: Codes(401, 403, 404, 405, 405, 201, 201, 101, 101),
    SCORM2004: Codes(401, 404, 405, 406, 407, 408, 351, 143, 101),
}


class CmiError(Exception):
    """A value the standard does not allow; ``code`` is the standard's error number."""

    def __init__(self, code: int, element: str, message: str) -> None:
        super().__init__(f"{element}: {message}")
        self.code = code
        self.element = element
        self.message = message


# --- types: each returns None when fine, "type" or "range" otherwise ---------------


def _decimal(value: str) -> Decimal | None:
    if not re.fullmatch(r"-?\d+(\.\d+)?|-?\.\d+", value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _number(low=None, high=None, *, blank=False, integer=False):
    def check(value: str) -> str | None:
        if blank and value == "":
            return None
        number: Decimal | None
        if integer:
            if not re.fullmatch(r"-?\d+", value):
                return "type"
            number = Decimal(value)
        else:
            number = _decimal(value)
            if number is None:
                return "type"
        if (low is not None and number < low) or (high is not None and number > high):
            return "range"
        return None

    return check


def _string(max_length: int):
    def check(value: str) -> str | None:
        return "type" if len(value) > max_length else None

    return check


def _vocab(*words: str):
    allowed = frozenset(words)

    def check(value: str) -> str | None:
        return None if value in allowed else "type"

    return check


def _regex(pattern: str):
    compiled = re.compile(pattern)

    def check(value: str) -> str | None:
        return None if compiled.fullmatch(value) else "type"

    return check


_TIMESPAN_12 = r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?"
_TIME_12 = r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?"
_IDENTIFIER_12 = r"[^\s]{1,255}"
_DURATION = r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?"
_TIMESTAMP = (
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?"
    r"(Z|[+-]\d{2}(:\d{2})?)?)?)?)?"
)
_URI = r"[^\s]{1,4000}"

_STATUS_12 = ("passed", "completed", "failed", "incomplete", "browsed")
_SCORE_12 = _number(0, 100, blank=True)
_INTERACTION_TYPES = (
    "true-false",
    "choice",
    "fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
)

# (pattern, access, check); "n"/"m" are array indexes.
_MODEL_12 = [
    ("cmi.core.student_id", RO, None),
    ("cmi.core.student_name", RO, None),
    ("cmi.core.lesson_location", RW, _string(255)),
    ("cmi.core.credit", RO, None),
    ("cmi.core.lesson_status", RW, _vocab(*_STATUS_12)),
    ("cmi.core.entry", RO, None),
    ("cmi.core.score.raw", RW, _SCORE_12),
    ("cmi.core.score.min", RW, _SCORE_12),
    ("cmi.core.score.max", RW, _SCORE_12),
    ("cmi.core.total_time", RO, None),
    ("cmi.core.lesson_mode", RO, None),
    ("cmi.core.exit", WO, _vocab("time-out", "suspend", "logout", "")),
    ("cmi.core.session_time", WO, _regex(_TIMESPAN_12)),
    ("cmi.suspend_data", RW, _string(4096)),
    ("cmi.launch_data", RO, None),
    ("cmi.comments", RW, _string(4096)),
    ("cmi.comments_from_lms", RO, None),
    ("cmi.objectives.n.id", RW, _regex(_IDENTIFIER_12)),
    ("cmi.objectives.n.score.raw", RW, _SCORE_12),
    ("cmi.objectives.n.score.min", RW, _SCORE_12),
    ("cmi.objectives.n.score.max", RW, _SCORE_12),
    ("cmi.objectives.n.status", RW, _vocab(*_STATUS_12, "not attempted")),
    ("cmi.student_data.mastery_score", RO, None),
    ("cmi.student_data.max_time_allowed", RO, None),
    ("cmi.student_data.time_limit_action", RO, None),
    ("cmi.student_preference.audio", RW, _number(-1, 100, integer=True)),
    ("cmi.student_preference.language", RW, _string(255)),
    ("cmi.student_preference.speed", RW, _number(-100, 100, integer=True)),
    ("cmi.student_preference.text", RW, _number(-1, 1, integer=True)),
    ("cmi.interactions.n.id", WO, _regex(_IDENTIFIER_12)),
    ("cmi.interactions.n.objectives.m.id", WO, _regex(_IDENTIFIER_12)),
    ("cmi.interactions.n.time", WO, _regex(_TIME_12)),
    ("cmi.interactions.n.type", WO, _vocab(*_INTERACTION_TYPES)),
    ("cmi.interactions.n.correct_responses.m.pattern", WO, _string(255)),
    ("cmi.interactions.n.weighting", WO, _number()),
    ("cmi.interactions.n.student_response", WO, _string(255)),
    ("cmi.interactions.n.result", WO, _regex(r"correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?")),
    ("cmi.interactions.n.latency", WO, _regex(_TIMESPAN_12)),
]

_REAL = _number()
_MODEL_2004 = [
    ("cmi.completion_status", RW, _vocab("completed", "incomplete", "not attempted", "unknown")),
    ("cmi.success_status", RW, _vocab("passed", "failed", "unknown")),
    ("cmi.score.scaled", RW, _number(-1, 1)),
    ("cmi.score.raw", RW, _REAL),
    ("cmi.score.min", RW, _REAL),
    ("cmi.score.max", RW, _REAL),
    ("cmi.progress_measure", RW, _number(0, 1)),
    ("cmi.location", RW, _string(1000)),
    ("cmi.suspend_data", RW, _string(64000)),
    ("cmi.exit", WO, _vocab("time-out", "suspend", "logout", "normal", "")),
    ("cmi.session_time", WO, _regex(_DURATION)),
    ("cmi.total_time", RO, None),
    ("cmi.entry", RO, None),
    ("cmi.mode", RO, None),
    ("cmi.credit", RO, None),
    ("cmi.learner_id", RO, None),
    ("cmi.learner_name", RO, None),
    ("cmi.launch_data", RO, None),
    ("cmi.completion_threshold", RO, None),
    ("cmi.scaled_passing_score", RO, None),
    ("cmi.max_time_allowed", RO, None),
    ("cmi.time_limit_action", RO, None),
    ("cmi.learner_preference.audio_level", RW, _number(0)),
    ("cmi.learner_preference.language", RW, _string(250)),
    ("cmi.learner_preference.delivery_speed", RW, _number(0)),
    ("cmi.learner_preference.audio_captioning", RW, _vocab("-1", "0", "1")),
    ("cmi.objectives.n.id", RW, _regex(_URI)),
    ("cmi.objectives.n.score.scaled", RW, _number(-1, 1)),
    ("cmi.objectives.n.score.raw", RW, _REAL),
    ("cmi.objectives.n.score.min", RW, _REAL),
    ("cmi.objectives.n.score.max", RW, _REAL),
    ("cmi.objectives.n.success_status", RW, _vocab("passed", "failed", "unknown")),
    (
        "cmi.objectives.n.completion_status",
        RW,
        _vocab("completed", "incomplete", "not attempted", "unknown"),
    ),
    ("cmi.objectives.n.progress_measure", RW, _number(0, 1)),
    ("cmi.objectives.n.description", RW, _string(250)),
    ("cmi.interactions.n.id", RW, _regex(_URI)),
    ("cmi.interactions.n.type", RW, _vocab(*_INTERACTION_TYPES, "long-fill-in", "other")),
    ("cmi.interactions.n.objectives.m.id", RW, _regex(_URI)),
    ("cmi.interactions.n.timestamp", RW, _regex(_TIMESTAMP)),
    ("cmi.interactions.n.correct_responses.m.pattern", RW, _string(4000)),
    ("cmi.interactions.n.weighting", RW, _REAL),
    ("cmi.interactions.n.learner_response", RW, _string(4000)),
    (
        "cmi.interactions.n.result",
        RW,
        _regex(r"correct|incorrect|unanticipated|neutral|-?\d+(\.\d+)?"),
    ),
    ("cmi.interactions.n.latency", RW, _regex(_DURATION)),
    ("cmi.interactions.n.description", RW, _string(250)),
    ("cmi.comments_from_learner.n.comment", RW, _string(4000)),
    ("cmi.comments_from_learner.n.location", RW, _string(250)),
    ("cmi.comments_from_learner.n.timestamp", RW, _regex(_TIMESTAMP)),
    ("cmi.comments_from_lms.n.comment", RO, None),
    ("cmi.comments_from_lms.n.location", RO, None),
    ("cmi.comments_from_lms.n.timestamp", RO, None),
    (
        "adl.nav.request",
        RW,
        _regex(
            r"continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_"
            r"|\{target=[^\s{}]{1,4000}\}(choice|jump)"
        ),
    ),
]


def _compile(model):
    compiled = []
    for pattern, access, check in model:
        regex = re.escape(pattern).replace(r"\.n\.", r"\.(\d+)\.").replace(r"\.m\.", r"\.(\d+)\.")
        compiled.append((re.compile(regex), pattern, access, check))
    return compiled


MODELS = {SCORM12: _compile(_MODEL_12), SCORM2004: _compile(_MODEL_2004)}
# Elements the server itself sets (read-only to the SCO); the runtime's commit carries them
# back and the page leaves them out before sending (see player.js).
_KEYWORDS = re.compile(r"(^|\.)(_children|_count|_version)$")


def element(version: str, name: str):
    """(pattern, access, check, indexes) of the element called ``name``, or None."""
    for regex, pattern, access, check in MODELS[version]:
        match = regex.fullmatch(name)
        if match:
            return pattern, access, check, tuple(int(i) for i in match.groups())
    return None


def writable_patterns(version: str) -> list[str]:
    """Regular expressions (JavaScript syntax too) of the elements a SCO may set."""
    return [regex.pattern for regex, _, access, _ in MODELS[version] if access != RO]


def check_get(version: str, name: str) -> None:
    """Raise CmiError if ``name`` may not be read (unknown, or write-only)."""
    codes = CODES[version]
    found = element(version, name) if not _KEYWORDS.search(name) else ("", RO, None, ())
    if found is None:
        raise CmiError(codes.undefined, name, "not an element of the data model")
    if found[1] == WO:
        raise CmiError(codes.write_only, name, "write-only")


def _array_key(name: str) -> str | None:
    """'cmi.interactions.3' for 'cmi.interactions.3.type' (the item a sub-element belongs to)."""
    match = re.match(r"^((?:cmi\.(?:interactions|objectives|comments_from_learner))\.\d+)", name)
    return match.group(1) if match else None


def check_commit(version: str, values: dict, stored: dict) -> dict[str, str]:
    """The values (all strings) checked against the data model, or CmiError for the first fault.

    ``stored`` holds what earlier commits of the attempt stored, for array order and
    the dependency of an item's sub-elements on its ``id``.
    """
    codes = CODES[version]
    checked: dict[str, str] = {}
    for name, raw in values.items():
        if (
            not isinstance(name, str)
            or not isinstance(raw, str | int | float)
            or isinstance(raw, bool)
        ):
            raise CmiError(codes.type_mismatch, str(name), "values must be strings")
        value = str(raw)
        found = element(version, name)
        if found is None:
            raise CmiError(codes.undefined, name, "not an element of the data model")
        _, access, check, _ = found
        if access == RO:
            raise CmiError(codes.read_only, name, "read-only")
        fault = check(value)
        if fault == "type":
            raise CmiError(codes.type_mismatch, name, "wrong type or vocabulary")
        if fault == "range":
            raise CmiError(codes.out_of_range, name, "out of range")
        checked[name] = value
    everything = {**stored, **checked}
    for name in checked:
        _check_array(codes, name, everything)
    return checked


def _check_array(codes: Codes, name: str, everything: dict) -> None:
    parts = name.split(".")
    for position, part in enumerate(parts):
        if not part.isdigit():
            continue
        index = int(part)
        prefix = ".".join(parts[:position])
        if index > 0 and not any(key.startswith(f"{prefix}.{index - 1}.") for key in everything):
            raise CmiError(codes.out_of_order, name, "array index out of order")
        item = f"{prefix}.{index}"
        rest = parts[position + 1 :]
        if (
            rest
            and rest[0] not in ("id", "comment")
            and f"{item}.id" not in everything
            and prefix.endswith(("interactions", "objectives"))
        ):
            raise CmiError(codes.dependency, name, "the item's id must be set first")


# --- reading what a commit means -----------------------------------------------------


def timespan_seconds(version: str, value: str) -> int:
    """Whole seconds of a SCORM 1.2 timespan or a SCORM 2004 duration (0 when empty)."""
    if not value:
        return 0
    if version == SCORM12:
        hours, minutes, seconds = value.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + int(float(seconds))
    match = re.fullmatch(_DURATION, value)
    if not match:
        return 0
    numbers = re.findall(r"(\d+(?:\.\d+)?)([YMDHS])", value.split("T")[0])
    total = 0
    for number, unit in numbers:
        total += int(float(number)) * {"Y": 365 * 86400, "M": 30 * 86400, "D": 86400}[unit]
    if "T" in value:
        for number, unit in re.findall(r"(\d+(?:\.\d+)?)([HMS])", value.split("T")[1]):
            total += int(float(number)) * {"H": 3600, "M": 60, "S": 1}[unit]
    return total


def format_total_time(version: str, seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if version == SCORM12:
        return f"{hours:04d}:{minutes:02d}:{secs:02d}"
    return f"PT{hours}H{minutes}M{secs}S"
