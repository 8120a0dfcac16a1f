"""Moodle XML: read a question bank, and write one.

Read with defusedxml: a file with a DTD, entities or external references is refused
whole (an XML external-entity or "billion laughs" attack reads nothing). Supported
types: multichoice (single and multiple), truefalse, shortanswer, numerical,
matching, essay; ``category`` pseudo-questions set the category of those after them.
Anything else (cloze, calculated, drag and drop…) is reported as not supported.
"""

from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from website.core.sanitize import sanitize_html

from ..models import QuestionType
from .common import (
    MAX_QUESTIONS,
    ParsedChoice,
    ParsedQuestion,
    ParseResult,
    Problem,
    check_question,
    html_from_plain,
    plain_from_html,
)

SUPPORTED = {
    "multichoice": None,  # single or multiple, from <single>
    "truefalse": QuestionType.TRUE_FALSE,
    "shortanswer": QuestionType.SHORT,
    "numerical": QuestionType.NUMERIC,
    "matching": QuestionType.MATCHING,
    "essay": QuestionType.ESSAY,
}
TYPE_NAMES = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT: "shortanswer",
    QuestionType.NUMERIC: "numerical",
    QuestionType.MATCHING: "matching",
    QuestionType.ESSAY: "essay",
}
HUNDRED = Decimal("100")


class _Broken(Exception):
    pass


def _text(element, path: str, default: str = "") -> str:
    found = element.find(path)
    if found is None:
        return default
    inner = found.find("text")
    node = inner if inner is not None else found
    return (node.text or "").strip()


def _rich(element, path: str) -> str:
    """A Moodle text field as sanitised HTML, whatever its declared format."""
    found = element.find(path)
    if found is None:
        return ""
    raw = _text(element, path)
    if found.get("format", "html") in ("html", "moodle_auto_format"):
        return sanitize_html(raw)
    return html_from_plain(raw)


def _plain(element, path: str) -> str:
    return plain_from_html(_text(element, path))


def _decimal(value: str, what: str) -> Decimal:
    try:
        number = Decimal((value or "").strip())
    except InvalidOperation:
        raise _Broken(
            _("%(what)s «%(value)s» non è un numero") % {"what": what, "value": value}
        ) from None
    if not number.is_finite():
        raise _Broken(_("%(what)s «%(value)s» non è un numero") % {"what": what, "value": value})
    return number


def _fraction(answer) -> Decimal:
    return (_decimal(answer.get("fraction", "0"), _("la percentuale")) / HUNDRED).quantize(
        Decimal("0.00001")
    )


def _category_name(path: str) -> str:
    parts = [
        part
        for part in path.split("/")
        if part and part not in ("$course$", "$system$", "$cat1$", "$module$", "top")
    ]
    return " / ".join(parts)


def _question(element, kind_name: str, category: str, where: str) -> ParsedQuestion:
    kind = SUPPORTED[kind_name]
    if kind is None:
        single = _text(element, "single", "true").lower() in ("true", "1")
        kind = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    question = ParsedQuestion(
        type=kind,
        name=_plain(element, "name"),
        text=_rich(element, "questiontext"),
        general_feedback=_rich(element, "generalfeedback"),
        default_mark=_decimal(_text(element, "defaultgrade", "1") or "1", _("il punteggio")),
        category=category,
        where=where,
    )
    if kind == QuestionType.SHORT:
        question.case_sensitive = _text(element, "usecase", "0") in ("1", "true")
    if kind == QuestionType.MATCHING:
        for sub in element.findall("subquestion"):
            question.choices.append(
                ParsedChoice(
                    text=plain_from_html((sub.findtext("text") or "").strip()),
                    match_answer=plain_from_html(_text(sub, "answer")),
                )
            )
        return question
    for answer in element.findall("answer"):
        text = plain_from_html((answer.findtext("text") or "").strip())
        choice = ParsedChoice(
            text=text, fraction=_fraction(answer), feedback=_plain(answer, "feedback")
        )
        if kind == QuestionType.NUMERIC:
            tolerance = answer.findtext("tolerance")
            choice.tolerance = (
                _decimal(tolerance, _("la tolleranza")) if tolerance else Decimal("0")
            )
        if kind == QuestionType.TRUE_FALSE:
            choice.text = _("Vero") if text.lower() in ("true", "vero") else _("Falso")
        question.choices.append(choice)
    if kind == QuestionType.TRUE_FALSE:
        question.choices.sort(key=lambda choice: choice.text != _("Vero"))
    return question


def parse(content: bytes) -> ParseResult:
    result = ParseResult()
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        result.problems.append(
            Problem(_("file"), _("il file dichiara un DTD o entità XML, che non sono ammessi"))
        )
        return result
    except (ElementTree.ParseError, ValueError) as error:
        result.problems.append(
            Problem(_("file"), _("il file non è XML valido (%(error)s)") % {"error": error})
        )
        return result
    if root.tag != "quiz":
        result.problems.append(
            Problem(_("file"), _("il file non è un'esportazione Moodle XML (manca <quiz>)"))
        )
        return result
    category = ""
    number = 0
    for element in root:
        if element.tag != "question":
            continue
        kind_name = element.get("type", "")
        if kind_name == "category":
            category = _category_name(_text(element, "category"))
            continue
        number += 1
        name = _plain(element, "name")
        where = _("domanda %(number)s") % {"number": number} + (f" («{name}»)" if name else "")
        if kind_name not in SUPPORTED:
            result.problems.append(
                Problem(where, _("il tipo «%(type)s» non è supportato") % {"type": kind_name})
            )
            continue
        try:
            question = _question(element, kind_name, category, where)
        except _Broken as error:
            result.problems.append(Problem(where, str(error)))
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
    if not number and not result.problems:
        result.problems.append(Problem(_("file"), _("il file non contiene domande")))
    return result


# --- Export -------------------------------------------------------------------------------


def _add_text(parent, tag: str, value: str, *, html: bool = False):
    element = ElementTree.SubElement(parent, tag)
    if html:
        element.set("format", "html")
    ElementTree.SubElement(element, "text").text = value
    return element


def _percent(fraction: Decimal) -> str:
    return format((fraction * HUNDRED).normalize(), "f")


def export(questions) -> bytes:
    """The questions (with ``category`` and prefetched ``choices``) as a Moodle XML file."""
    root = ElementTree.Element("quiz")
    current = None
    for question in questions:
        if question.category_id != current:
            current = question.category_id
            category = ElementTree.SubElement(root, "question", type="category")
            _add_text(category, "category", f"$course$/top/{question.category.name}")
        element = ElementTree.SubElement(root, "question", type=TYPE_NAMES[question.type])
        _add_text(element, "name", question.name)
        _add_text(element, "questiontext", question.text, html=True)
        _add_text(element, "generalfeedback", question.general_feedback, html=True)
        ElementTree.SubElement(element, "defaultgrade").text = str(question.default_mark)
        choices = list(question.choices.all())
        if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            single = "true" if question.type == QuestionType.SINGLE else "false"
            ElementTree.SubElement(element, "single").text = single
            ElementTree.SubElement(element, "shuffleanswers").text = "true"
        if question.type == QuestionType.SHORT:
            ElementTree.SubElement(element, "usecase").text = (
                "1" if question.case_sensitive else "0"
            )
        if question.type == QuestionType.ESSAY:
            ElementTree.SubElement(element, "responseformat").text = "plain"
        if question.type == QuestionType.MATCHING:
            for choice in choices:
                sub = _add_text(element, "subquestion", choice.text, html=True)
                _add_text(sub, "answer", choice.match_answer)
            continue
        for choice in choices:
            text = choice.text
            if question.type == QuestionType.TRUE_FALSE:
                text = "true" if choice.fraction > 0 else "false"
            answer = _add_text(element, "answer", text, html=question.type != QuestionType.NUMERIC)
            answer.set("fraction", _percent(choice.fraction))
            if question.type == QuestionType.NUMERIC:
                ElementTree.SubElement(answer, "tolerance").text = str(choice.tolerance or 0)
            _add_text(answer, "feedback", choice.feedback, html=True)
    ElementTree.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        root, encoding="utf-8"
    )
