"""Reading a learner's answers from the attempt form, checked against what was shown.

Field names: ``q<position>`` (a choice id, choice ids, or text) and, for matching,
``q<position>-<prompt id>`` (the number of the option chosen, 1-based, in the order
shown). ``shown`` lists the positions the form carried, so an unticked question is
saved as unanswered. Anything that was not offered is refused, changing nothing.
"""

from django.utils.translation import gettext as _

from website.core.exceptions import Refused

from .grading import parse_number
from .models import QuestionType

TEXT_MAX_LENGTH = 20_000
SHORT_MAX_LENGTH = 500


def _ids(values, offered, position) -> list[int]:
    chosen = []
    for value in values:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = None
        if pk is None or pk not in offered:
            raise Refused(
                _("La risposta alla domanda %(number)s non è tra quelle proposte.")
                % {"number": position}
            )
        if pk not in chosen:
            chosen.append(pk)
    return chosen


def response_from_form(answer, data) -> dict:
    """The response to save for one attempt answer, from the POSTed ``data``."""
    kind = answer.question.type
    field = f"q{answer.position}"
    offered = set(answer.choice_order)
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        values = [value for value in data.getlist(field) if value != ""]
        if len(values) > 1:
            raise Refused(
                _("Alla domanda %(number)s si dà una sola risposta.") % {"number": answer.position}
            )
        chosen = _ids(values, offered, answer.position)
        return {"choice": chosen[0]} if chosen else {}
    if kind == QuestionType.MULTIPLE:
        chosen = _ids(data.getlist(field), offered, answer.position)
        return {"choices": chosen} if chosen else {}
    if kind in (QuestionType.SHORT, QuestionType.NUMERIC, QuestionType.ESSAY):
        text = data.get(field, "")
        limit = TEXT_MAX_LENGTH if kind == QuestionType.ESSAY else SHORT_MAX_LENGTH
        if len(text) > limit:
            raise Refused(
                _("La risposta alla domanda %(number)s supera i %(limit)s caratteri.")
                % {"number": answer.position, "limit": limit}
            )
        text = text.strip() if kind != QuestionType.ESSAY else text.replace("\x00", "")
        if kind == QuestionType.NUMERIC and text and parse_number(text) is None:
            raise Refused(
                _("La risposta alla domanda %(number)s deve essere un numero (ad esempio 12,5).")
                % {"number": answer.position}
            )
        return {"text": text} if text.strip() else {}
    if kind == QuestionType.MATCHING:
        pairs = {}
        for prompt_id in answer.choice_order:
            value = data.get(f"{field}-{prompt_id}", "")
            if value == "":
                continue
            try:
                index = int(value)
            except ValueError:
                index = 0
            if not 1 <= index <= len(answer.option_order):
                raise Refused(
                    _("La risposta alla domanda %(number)s non è tra quelle proposte.")
                    % {"number": answer.position}
                )
            pairs[str(prompt_id)] = answer.option_order[index - 1]
        return {"pairs": pairs} if pairs else {}
    return {}


def shown_positions(data, positions: set[int]) -> list[int]:
    """The positions the form says it showed; a position the attempt lacks is refused."""
    shown = []
    for value in data.getlist("shown"):
        try:
            position = int(value)
        except ValueError:
            position = None
        if position not in positions:
            raise Refused(_("Il modulo non corrisponde a questo tentativo: ricarica la pagina."))
        shown.append(position)
    return shown
