"""Automatic grading: pure functions from a question and a response to a fraction.

A response is what the attempt page saved (see ``responses.py``); the fraction is
between 0 and 1 of the question's mark. Essays return ``None``: a teacher grades them.
"""

import fnmatch
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .models import QuestionType

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
_SPACES = re.compile(r"\s+")


def clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def normalise_text(text: str, *, case_sensitive: bool) -> str:
    text = _SPACES.sub(" ", text or "").strip()
    return text if case_sensitive else text.casefold()


def parse_number(text: str) -> Decimal | None:
    """A number as people type it: "3,5", "3.5", "1.234,5" and "1 234,5" all read right."""
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def short_answer_matches(accepted: str, given: str, *, case_sensitive: bool) -> bool:
    """Moodle's rule: ``*`` in an accepted answer matches any characters."""
    accepted = normalise_text(accepted, case_sensitive=case_sensitive)
    given = normalise_text(given, case_sensitive=case_sensitive)
    if "*" in accepted:
        pattern = fnmatch.translate(accepted.replace("[", "[[]").replace("?", "[?]"))
        return re.match(pattern, given, flags=re.DOTALL) is not None
    return accepted == given


def matching_choice(question, choices, response: dict):
    """The choice a short or numeric response meets (the first, in the bank's order)."""
    given = response.get("text", "")
    if question.type == QuestionType.SHORT:
        for choice in choices:
            if short_answer_matches(choice.text, given, case_sensitive=question.case_sensitive):
                return choice
        return None
    value = parse_number(given)
    if value is None:
        return None
    for choice in choices:
        if choice.text.strip() == "*":
            return choice
        target = parse_number(choice.text)
        if target is not None and abs(value - target) <= (choice.tolerance or ZERO):
            return choice
    return None


def grade_response(question, choices, response: dict) -> Decimal | None:
    """The fraction (0–1) the response earns, or None for an essay (graded by hand)."""
    kind = question.type
    by_id = {choice.pk: choice for choice in choices}
    if kind == QuestionType.ESSAY:
        return None
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        choice = by_id.get(response.get("choice"))
        return clamp(choice.fraction) if choice else ZERO
    if kind == QuestionType.MULTIPLE:
        chosen = {pk for pk in response.get("choices", []) if pk in by_id}
        return clamp(sum((by_id[pk].fraction for pk in chosen), ZERO))
    if kind in (QuestionType.SHORT, QuestionType.NUMERIC):
        choice = matching_choice(question, choices, response)
        return clamp(choice.fraction) if choice else ZERO
    if kind == QuestionType.MATCHING:
        prompts = [choice for choice in choices if choice.text.strip()]
        if not prompts:
            return ZERO
        pairs = response.get("pairs", {})
        right = sum(1 for prompt in prompts if pairs.get(str(prompt.pk)) == prompt.match_answer)
        return Decimal(right) / Decimal(len(prompts))
    return ZERO


def right_answer_choices(question, choices) -> list:
    """The choices that make up a fully right answer, for the review page."""
    if question.type == QuestionType.MULTIPLE:
        return [choice for choice in choices if choice.fraction > 0]
    if question.type == QuestionType.MATCHING:
        return [choice for choice in choices if choice.text.strip()]
    best = max((choice.fraction for choice in choices), default=ZERO)
    return [choice for choice in choices if choice.fraction == best and best > 0][:1]


def chosen_feedback(question, choices, response: dict) -> list[str]:
    """The feedback of the answers the learner gave."""
    by_id = {choice.pk: choice for choice in choices}
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        chosen = [by_id.get(response.get("choice"))]
    elif kind == QuestionType.MULTIPLE:
        chosen = [by_id.get(pk) for pk in response.get("choices", [])]
    elif kind in (QuestionType.SHORT, QuestionType.NUMERIC):
        chosen = [matching_choice(question, choices, response)]
    else:
        chosen = []
    return [choice.feedback for choice in chosen if choice is not None and choice.feedback]


def mark_for(fraction: Decimal, max_mark: Decimal) -> Decimal:
    return (fraction * max_mark).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percentage(score: Decimal, max_score: Decimal) -> Decimal:
    if not max_score:
        return ZERO
    return (score * HUNDRED / max_score).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
