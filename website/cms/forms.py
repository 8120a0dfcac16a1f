"""The channel's forms: section filters and search (GET), ratings (POST)."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from website.core.forms import PlainTextMixin

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
from .models.ratings import MAX_SCORE, MIN_SCORE


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


class RatingForm(PlainTextMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("Il tuo voto"),
        choices=[(value, str(value)) for value in range(MIN_SCORE, MAX_SCORE + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Scegli un voto da 1 a 5."),
            "invalid_choice": _("Il voto deve essere un numero intero da 1 a 5."),
        },
    )
    comment = forms.CharField(
        label=_("Commento (facoltativo)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Al massimo 1000 caratteri. Non scrivere dati personali: "
            "il commento è letto dalla redazione."
        ),
    )
