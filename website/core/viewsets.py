"""The admin's model viewsets, with messages that agree with the model name's gender.

Wagtail's create, edit and delete views report «%(model_name)s '%(object)s'
created.», and a catalogue can give that sentence one gender only: Wagtail's
Italian one writes «creato» for every model, hence «Edizione … creato». Every
viewset of ours says which gender its model's name has (``grammatical_gender``)
and its views get the sentence that agrees: «Edizione «AC1» creata», «Corso
«UD1» creato»; English reads «Edition 'AC1' created.» for both.

Use ``ModelViewSet`` (or ``SnippetViewSet`` for snippets) from here instead of
Wagtail's; tests/core/test_admin_messages.py checks that every viewset of the
project's models does and declares the gender.
"""

import enum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSet as WagtailModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet


class Gender(enum.Enum):
    """The grammatical gender of a model's Italian name."""

    MASCULINE = "masculine"
    FEMININE = "feminine"


MASCULINE = Gender.MASCULINE
FEMININE = Gender.FEMININE

# The one table of the sentences: action → gender → message.
SUCCESS_MESSAGES: dict[str, dict[Gender, Promise]] = {
    "created": {
        MASCULINE: gettext_lazy("%(model_name)s «%(object)s» creato."),
        FEMININE: gettext_lazy("%(model_name)s «%(object)s» creata."),
    },
    "updated": {
        MASCULINE: gettext_lazy("%(model_name)s «%(object)s» aggiornato."),
        FEMININE: gettext_lazy("%(model_name)s «%(object)s» aggiornata."),
    },
    "deleted": {
        MASCULINE: gettext_lazy("%(model_name)s «%(object)s» eliminato."),
        FEMININE: gettext_lazy("%(model_name)s «%(object)s» eliminata."),
    },
}
# When the form has errors (Wagtail's «%(model_name)snon può essere creato»).
ERROR_MESSAGES: dict[str, dict[Gender, Promise]] = {
    "created": {
        MASCULINE: gettext_lazy("%(model_name)s non creato: correggi gli errori segnalati."),
        FEMININE: gettext_lazy("%(model_name)s non creata: correggi gli errori segnalati."),
    },
    "updated": {
        MASCULINE: gettext_lazy("%(model_name)s non salvato: correggi gli errori segnalati."),
        FEMININE: gettext_lazy("%(model_name)s non salvata: correggi gli errori segnalati."),
    },
}


def success_message(gender: Gender, action: str) -> Promise:
    """The sentence for ``action`` ("created", "updated", "deleted") agreeing with ``gender``."""
    return SUCCESS_MESSAGES[action][gender]


class GenderedMessagesMixin:
    """For a Wagtail model viewset: the success messages agree with ``grammatical_gender``."""

    grammatical_gender: Gender | None = None

    def _gendered(self, action: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        gender = self.grammatical_gender
        if gender is None:
            raise TypeError(f"{type(self).__name__} must declare grammatical_gender")
        messages = {"success_message": success_message(gender, action)}
        if action in ERROR_MESSAGES:
            messages["error_message"] = ERROR_MESSAGES[action][gender]
        return {**messages, **kwargs}

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(**self._gendered("created", kwargs))  # type: ignore[misc]

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._gendered("updated", kwargs))  # type: ignore[misc]

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(**self._gendered("deleted", kwargs))  # type: ignore[misc]


class ModelViewSet(GenderedMessagesMixin, WagtailModelViewSet):
    """Wagtail's ModelViewSet with messages in the model name's gender."""


class SnippetViewSet(GenderedMessagesMixin, WagtailSnippetViewSet):
    """Wagtail's SnippetViewSet with messages in the model name's gender."""
