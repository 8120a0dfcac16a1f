"""GIFT (Moodle's plain-text question format): a reader.

Questions are separated by blank lines; ``//`` starts a comment line; ``$CATEGORY:``
sets the category of the questions after it. Supported: multiple choice (``=`` right,
``~`` wrong, ``~%50%`` weights: weights make it a multiple-answer question),
true/false (``{T}``, ``{F}``), short answer (only ``=`` answers), numeric
(``{#3.14:0.01}``, ``{#1..5}``, ``{#=3:0 =%50%3:1}``), matching (``=a -> b``), essay
(``{}``), per-answer feedback (``#``), general feedback (``####``), ``::title::`` and
the "missing word" form (text after the answers). ``\\~ \\= \\# \\{ \\} \\:`` escape.
A block with no answers (a description) is reported as not supported.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..grading import parse_number
from ..models import QuestionType
from .common import (
    MAX_QUESTIONS,
    ParsedChoice,
    ParsedQuestion,
    ParseResult,
    Problem,
    check_question,
    html_from_plain,
)

_ESCAPES = {
    "\\\\": "\ue000",
    "\\~": "\ue001",
    "\\=": "\ue002",
    "\\#": "\ue003",
    "\\{": "\ue004",
    "\\}": "\ue005",
    "\\:": "\ue006",
    "\\n": "\ue007",
}
_RESTORE = {
    "\ue000": "\\",
    "\ue001": "~",
    "\ue002": "=",
    "\ue003": "#",
    "\ue004": "{",
    "\ue005": "}",
    "\ue006": ":",
    "\ue007": "\n",
}
_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")
_TITLE = re.compile(r"^::(.*?)::", re.DOTALL)
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TRUE = {"T", "TRUE"}
_FALSE = {"F", "FALSE"}


class _Broken(Exception):
    pass


def _escape(text: str) -> str:
    for raw, placeholder in _ESCAPES.items():
        text = text.replace(raw, placeholder)
    return text


def _restore(text: str) -> str:
    for placeholder, raw in _RESTORE.items():
        text = text.replace(placeholder, raw)
    return text.strip()


def _blocks(text: str):
    """(first line number, lines) of each block between blank lines, comments left out."""
    block: list[str] = []
    start: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("//"):
            continue
        if not line.strip():
            if block:
                yield start, block
            block, start = [], None
            continue
        if start is None:
            start = number
        block.append(line)
    if block:
        yield start, block


def _weight(item: str) -> tuple[Decimal | None, str]:
    match = _WEIGHT.match(item)
    if not match:
        return None, item
    return Decimal(match.group(1).replace(",", ".")) / Decimal(100), item[match.end() :]


def _split_feedback(item: str) -> tuple[str, str]:
    text, _sep, feedback = item.partition("#")
    return text, feedback


def _items(body: str) -> list[tuple[str, str]]:
    """The answers of a block as (marker, text), marker ``=`` or ``~``."""
    items = []
    for match in re.finditer(r"([=~])([^=~]*)", body):
        items.append((match.group(1), match.group(2)))
    if body.strip() and (not items or body.strip()[0] not in "=~"):
        raise _Broken(_("le risposte devono iniziare con «=» o «~»"))
    return items


def _numeric_choice(text: str, fraction: Decimal, feedback: str) -> ParsedChoice:
    text = text.strip()
    if ".." in text:
        low, _sep, high = text.partition("..")
        low_value, high_value = parse_number(low), parse_number(high)
        if low_value is None or high_value is None or high_value < low_value:
            raise _Broken(_("l'intervallo «%(value)s» non è valido") % {"value": _restore(text)})
        middle = (low_value + high_value) / 2
        return ParsedChoice(
            text=format(middle.normalize(), "f"),
            fraction=fraction,
            feedback=feedback,
            tolerance=(high_value - low_value) / 2,
        )
    value, _sep, tolerance = text.partition(":")
    number = parse_number(value)
    if number is None:
        raise _Broken(_("«%(value)s» non è un numero") % {"value": _restore(value)})
    tolerance_value = parse_number(tolerance) if tolerance.strip() else Decimal("0")
    if tolerance_value is None:
        raise _Broken(
            _("la tolleranza «%(value)s» non è un numero") % {"value": _restore(tolerance)}
        )
    return ParsedChoice(
        text=format(number.normalize(), "f"),
        fraction=fraction,
        feedback=feedback,
        tolerance=tolerance_value,
    )


def _answers(body: str, question: ParsedQuestion) -> None:
    body, _sep, general = body.partition("####")
    question.general_feedback = html_from_plain(_restore(general)) if general.strip() else ""
    stripped = body.strip()
    if not stripped:
        question.type = QuestionType.ESSAY
        return
    if stripped.startswith("#"):
        question.type = QuestionType.NUMERIC
        rest = stripped[1:].strip()
        if rest.startswith("="):
            for _marker, item in _items(rest):
                weight, item = _weight(item.strip())
                text, feedback = _split_feedback(item)
                question.choices.append(
                    _numeric_choice(
                        text, Decimal("1") if weight is None else weight, _restore(feedback)
                    )
                )
        else:
            text, feedback = _split_feedback(rest)
            question.choices.append(_numeric_choice(text, Decimal("1"), _restore(feedback)))
        return
    head, _sep, feedback = stripped.partition("#")
    if head.strip().upper() in _TRUE | _FALSE:
        question.type = QuestionType.TRUE_FALSE
        truth = head.strip().upper() in _TRUE
        # "{T#wrong answer feedback#right answer feedback}"
        wrong_feedback, _sep, right_feedback = feedback.partition("#")
        question.choices = [
            ParsedChoice(
                text=_("Vero"),
                fraction=Decimal(truth),
                feedback=_restore(right_feedback if truth else wrong_feedback),
            ),
            ParsedChoice(
                text=_("Falso"),
                fraction=Decimal(not truth),
                feedback=_restore(wrong_feedback if truth else right_feedback),
            ),
        ]
        return
    items = _items(stripped)
    if any("->" in item for marker, item in items if marker == "="):
        question.type = QuestionType.MATCHING
        for marker, item in items:
            prompt, arrow, answer = item.partition("->")
            if marker != "=" or not arrow:
                raise _Broken(
                    _("in una domanda di corrispondenza ogni riga è «=domanda -> risposta»")
                )
            question.choices.append(
                ParsedChoice(text=_restore(prompt), match_answer=_restore(answer))
            )
        return
    has_wrong = any(marker == "~" for marker, _item in items)
    weighted = False
    for marker, item in items:
        weight, item = _weight(item.strip())
        text, feedback = _split_feedback(item)
        if weight is not None:
            weighted = True
            fraction = weight
        else:
            fraction = Decimal("1") if marker == "=" else Decimal("0")
        question.choices.append(
            ParsedChoice(text=_restore(text), fraction=fraction, feedback=_restore(feedback))
        )
    if not has_wrong:
        question.type = QuestionType.SHORT
        return
    right = [choice for choice in question.choices if choice.fraction > 0]
    question.type = (
        QuestionType.MULTIPLE
        if weighted and (len(right) > 1 or any(c.fraction < 0 for c in question.choices))
        else QuestionType.SINGLE
    )


def _question(lines: list[str], category: str, where: str) -> ParsedQuestion:
    text = _escape("\n".join(lines).strip())
    name = ""
    title = _TITLE.match(text)
    if title:
        name = _restore(title.group(1))
        text = text[title.end() :].strip()
    text = _FORMAT.sub("", text, count=1).strip()
    opening = text.find("{")
    closing = text.find("}", opening + 1)
    if opening < 0:
        raise _Broken(
            _("mancano le risposte tra parentesi graffe (le descrizioni non sono supportate)")
        )
    if closing < 0:
        raise _Broken(_("manca la parentesi graffa di chiusura"))
    if "{" in text[closing + 1 :]:
        raise _Broken(_("più gruppi di risposte in una domanda non sono supportati"))
    before, body, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
    stem = _restore(before)
    if after.strip():
        stem = f"{stem} _____ {_restore(after)}"
    question = ParsedQuestion(
        type=QuestionType.SINGLE,
        name=name,
        text=html_from_plain(stem),
        category=category,
        where=where,
    )
    _answers(body, question)
    return question


def parse(content: bytes) -> ParseResult:
    result = ParseResult()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(Problem(_("file"), _("il file non è testo UTF-8")))
        return result
    category = ""
    for start, lines in _blocks(text):
        where = _("riga %(number)s") % {"number": start}
        if lines[0].strip().startswith("$CATEGORY:"):
            category = lines[0].strip()[len("$CATEGORY:") :].strip()
            category = " / ".join(
                part for part in category.split("/") if part and part not in ("$course$", "top")
            )
            lines = lines[1:]
            if not lines:
                continue
        try:
            question = _question(lines, category, where)
        except (_Broken, InvalidOperation) as error:
            message = str(error) if isinstance(error, _Broken) else _("un numero non è valido")
            result.problems.append(Problem(where, message))
            continue
        errors = check_question(question)
        if errors:
            result.problems.append(Problem(where, "; ".join(errors)))
            continue
        result.questions.append(question)
        if len(result.questions) > MAX_QUESTIONS:
            result.problems.append(
                Problem(_("file"), _("il file supera le %(max)s domande") % {"max": MAX_QUESTIONS})
            )
            break
    if not result.questions and not result.problems:
        result.problems.append(Problem(_("file"), _("il file non contiene domande")))
    return result
