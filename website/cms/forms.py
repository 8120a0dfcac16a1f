"""The channel's forms: section filters and search (GET), readers' feedback (POST)."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from website.core.forms import PlainTextMixin
from website.core.text import plain_text

from . import selectors, urn
from .models import (
    ContentKind,
    ContentPage,
    DocumentCollectionPage,
    EventPage,
    GoodPracticePage,
    NewsPage,
    PressReviewPage,
    RegulationPage,
    StandardPage,
    ThematicArea,
)
from .models.feedback import COMMENT_MAX_LENGTH


class FilterForm(forms.Form):
    """A GET form of filters: an invalid value is named on the page and otherwise ignored."""

    # The page model whose years fill the "anno" field, if the form has one.
    year_model: type[ContentPage] | None = None

    def __init__(self, *args, index_page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_page = index_page
        if self.year_model is not None:
            years = selectors.section_years(index_page, self.year_model)
            cast(forms.ChoiceField, self.fields["anno"]).choices = [("", _("Tutti gli anni"))] + [
                (year, str(year)) for year in years
            ]

    def cleaned_filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "")}


def _area_field():
    return forms.ModelChoiceField(
        label=_("Area tematica"),
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tutte le aree"),
    )


def _year_field():
    return forms.TypedChoiceField(label=_("Anno"), required=False, coerce=int, empty_value=None)


class NewsFilterForm(FilterForm):
    area = _area_field()
    tipo = forms.ModelChoiceField(
        label=_("Tipo di contenuto"),
        queryset=ContentKind.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tutti i tipi"),
    )
    tag = forms.ChoiceField(label=_("Parola chiave"), required=False)
    anno = _year_field()
    year_model = NewsPage

    def __init__(self, *args, index_page, **kwargs):
        super().__init__(*args, index_page=index_page, **kwargs)
        cast(forms.ChoiceField, self.fields["tag"]).choices = [
            ("", _("Tutte le parole chiave")),
            *selectors.news_tags(index_page),
        ]

    def cleaned_filters(self):
        data = super().cleaned_filters()
        return {
            "area": data.get("area"),
            "kind": data.get("tipo"),
            "tag": data.get("tag", ""),
            "year": data.get("anno"),
        }


class YearFilterForm(FilterForm):
    anno = _year_field()
    year_model = PressReviewPage

    def cleaned_filters(self):
        return {"year": super().cleaned_filters().get("anno")}


class RegulationFilterForm(FilterForm):
    tipo = forms.ChoiceField(
        label=_("Tipo di atto"),
        required=False,
        choices=[("", _("Tutti i tipi")), *urn.ACT_KIND_CHOICES],
    )
    anno = _year_field()
    stato = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[("", _("In vigore, modificati e abrogati")), *RegulationPage.Status.choices],
    )
    area = _area_field()
    ordina = forms.ChoiceField(
        label=_("Ordina per data"),
        required=False,
        choices=[
            (selectors.ActOrder.NEWEST, _("Dalla più recente")),
            (selectors.ActOrder.OLDEST, _("Dalla meno recente")),
        ],
    )
    year_model = RegulationPage

    def cleaned_filters(self):
        data = super().cleaned_filters()
        return {
            "kind": data.get("tipo", ""),
            "year": data.get("anno"),
            "status": data.get("stato", ""),
            "area": data.get("area"),
            "order": data.get("ordina", ""),
        }


class EventFilterForm(FilterForm):
    quando = forms.ChoiceField(
        label=_("Quando"),
        required=False,
        choices=[
            ("", _("Tutti gli eventi")),
            (selectors.EventWhen.UPCOMING, _("In programma")),
            (selectors.EventWhen.PAST, _("Già svolti")),
        ],
    )
    ambito = forms.ChoiceField(
        label=_("Tipo di evento"),
        required=False,
        choices=[("", _("Tutti i tipi")), *EventPage.Scope.choices],
    )
    anno = _year_field()
    year_model = EventPage

    def cleaned_filters(self):
        data = super().cleaned_filters()
        return {
            "when": data.get("quando", ""),
            "scope": data.get("ambito", ""),
            "year": data.get("anno"),
        }


class GoodPracticeFilterForm(FilterForm):
    regione = forms.ChoiceField(
        label=_("Regione"),
        required=False,
        choices=[("", _("Tutte le regioni")), *urn.REGION_CHOICES],
    )
    area = _area_field()

    def cleaned_filters(self):
        data = super().cleaned_filters()
        return {"region": data.get("regione", ""), "area": data.get("area")}


# What readers may look for in search, by the value in the address.
SEARCH_TYPES = {
    "notizie": (NewsPage, _("Notizie")),
    "rassegne": (PressReviewPage, _("Rassegne stampa")),
    "normativa": (RegulationPage, _("Normativa")),
    "documenti": (DocumentCollectionPage, _("Raccolte di documenti")),
    "eventi": (EventPage, _("Eventi")),
    "buone-pratiche": (GoodPracticePage, _("Buone pratiche")),
    "pagine": (StandardPage, _("Pagine informative")),
}


class SearchForm(FilterForm):
    q = forms.CharField(
        label=_("Cerca"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    tipo = forms.ChoiceField(
        label=_("Tipo di pagina"),
        required=False,
        choices=[("", _("Tutti i tipi"))]
        + [(key, label) for key, (_m, label) in SEARCH_TYPES.items()],
    )
    area = _area_field()
    dal = forms.DateField(
        label=_("Dal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    al = forms.DateField(
        label=_("Al"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data is None:  # a base clean() may return None: cleaned_data then stands
            data = self.cleaned_data
        if data.get("dal") and data.get("al") and data["dal"] > data["al"]:
            self.add_error("al", _("La data finale precede quella iniziale."))
        return data

    def search_filters(self):
        data = self.cleaned_filters()
        page_type = SEARCH_TYPES.get(data.get("tipo", ""), (None, ""))[0]
        return selectors.SearchFilters(
            query=(data.get("q") or "").strip(),
            page_type=page_type,
            area=data.get("area"),
            date_from=data.get("dal"),
            date_to=data.get("al"),
        )


class FeedbackForm(PlainTextMixin, forms.Form):
    """ "Questa pagina ti è stata utile?": yes or no, then an optional comment in plain text.

    The page it is about travels beside the form (the view finds it first). ``website``
    is a trap for robots: hidden from people and from assistive technology, a value in it
    means the answer is dropped.
    """

    YES, NO = "si", "no"
    TRAP = "website"
    ANCHOR = "pagina-utile"
    # The page a reader is sent back to after answering says thank you instead of asking
    # again: the same for every reader who comes back, so the page cache may keep it too.
    THANKS = "risposta"

    template_name = "cms/includes/feedback_fields.html"

    useful = forms.ChoiceField(
        label=_("La tua risposta"),
        choices=[(YES, _("Sì")), (NO, _("No"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Rispondi sì o no."),
            "invalid_choice": _("La risposta può essere solo sì o no."),
        },
    )
    comment = forms.CharField(
        label=_("Che cosa possiamo migliorare? (facoltativo)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        help_text=_(
            "Al massimo 1000 caratteri, solo testo. Non scrivere dati personali: "
            "il commento è letto dalla redazione."
        ),
        error_messages={
            "max_length": _(
                "Il commento può avere al massimo %(limit_value)d caratteri (ne ha %(show_value)d)."
            )
        },
    )
    website = forms.CharField(label=_("Non compilare questo campo"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback_%s")
        super().__init__(*args, **kwargs)
        self.fields[self.TRAP].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean_useful(self) -> bool:
        return self.cleaned_data["useful"] == self.YES

    def clean_comment(self) -> str:
        return plain_text(self.cleaned_data["comment"])

    @property
    def is_trapped(self) -> bool:
        return bool(self.data.get(self.TRAP, "").strip())

    def get_context(self):
        context = super().get_context()
        context["fields"] = [(f, e) for f, e in context["fields"] if f.name != self.TRAP]
        context["trap"] = self[self.TRAP]
        return context
