"""What the importers produce: questions read from a file, and what could not be read.

Parsers never touch the database. They return a ``ParseResult``: the questions they
read, checked with ``check_question``, and a problem for every question or line they
could not read. The import service creates questions only from a result without
problems, all in one transaction.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape, linebreaks, strip_tags
from django.utils.translation import gettext as _

from website.core.sanitize import sanitize_html

from ..grading import parse_number
from ..models import QuestionType

MAX_QUESTIONS = 2000


@dataclass
class ParsedChoice:
    text: str
    fraction: Decimal = Decimal("0")
    feedback: str = ""
    tolerance: Decimal | None = None
    match_answer: str = ""


@dataclass
class ParsedQuestion:
    type: str
    name: str
    text: str  # sanitised HTML
    choices: list[ParsedChoice] = field(default_factory=list)
    general_feedback: str = ""  # sanitised HTML
    default_mark: Decimal = Decimal("1")
    case_sensitive: bool = False
    category: str = ""
    where: str = ""  # "riga 12", "domanda 3": for the preview

    @property
    def type_label(self) -> str:
        return str(QuestionType(self.type).label)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.questions) and not self.problems


def html_from_plain(text: str) -> str:
    return sanitize_html(linebreaks(escape(text.strip())))


def plain_from_html(html: str) -> str:
    import html as html_module

    return html_module.unescape(strip_tags(html or "")).strip()


def default_name(text_html: str) -> str:
    text = " ".join(plain_from_html(text_html).split())
    return (text[:60] + "…") if len(text) > 60 else text


def check_question(question: ParsedQuestion) -> list[str]:
    """What is wrong with a question read from a file (an empty list when nothing is)."""
    errors = []
    if not plain_from_html(question.text) and "<img" not in question.text:
        errors.append(_("la domanda non ha testo"))
    if not question.name.strip():
        question.name = default_name(question.text) or _("Domanda senza nome")
    if question.default_mark <= 0:
        errors.append(_("il punteggio deve essere maggiore di zero"))
    kind = question.type
    choices = question.choices
    for choice in choices:
        if not Decimal("-1") <= choice.fraction <= Decimal("1"):
            errors.append(_("una risposta ha una percentuale fuori dall'intervallo da -100 a 100"))
            break
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        if len(choices) < 2:
            errors.append(_("servono almeno due risposte"))
        if any(not choice.text.strip() for choice in choices):
            errors.append(_("una risposta è vuota"))
        if not any(choice.fraction > 0 for choice in choices):
            errors.append(_("nessuna risposta è giusta"))
    elif kind == QuestionType.TRUE_FALSE:
        if len(choices) != 2 or not any(choice.fraction > 0 for choice in choices):
            errors.append(_("una domanda vero/falso ha due risposte, di cui una giusta"))
    elif kind == QuestionType.SHORT:
        if not any(choice.fraction > 0 and choice.text.strip() for choice in choices):
            errors.append(_("manca una risposta accettata"))
    elif kind == QuestionType.NUMERIC:
        if not choices:
            errors.append(_("manca la risposta numerica"))
        for choice in choices:
            if choice.text.strip() != "*" and parse_number(choice.text) is None:
                errors.append(_("«%(value)s» non è un numero") % {"value": choice.text})
            if choice.tolerance is not None and choice.tolerance < 0:
                errors.append(_("la tolleranza non può essere negativa"))
        if not any(choice.fraction > 0 for choice in choices):
            errors.append(_("nessuna risposta è giusta"))
    elif kind == QuestionType.MATCHING:
        prompts = [choice for choice in choices if choice.text.strip()]
        if len(prompts) < 2:
            errors.append(_("servono almeno due coppie da abbinare"))
        if any(not choice.match_answer.strip() for choice in choices):
            errors.append(_("una coppia non ha la risposta"))
    elif kind == QuestionType.ESSAY:
        pass
    else:
        errors.append(_("tipo di domanda non gestito"))
    return errors
