"""The catalogue's filters: programme, region, cluster, mode, open for enrolment, words."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from website.accounts.models import Cluster, Region

from .models import Session
from .selectors import course_words_filter, visible_editions, visible_programmes


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", label=_("Parole"), max_length=100)
    programme = django_filters.ModelChoiceFilter(
        queryset=None, label=_("Piano formativo"), empty_label=_("Tutti i piani")
    )
    region = django_filters.ModelChoiceFilter(
        field_name="programme__region",
        queryset=Region.objects.all(),
        label=_("Regione"),
        empty_label=_("Tutte le regioni"),
    )
    cluster = django_filters.ModelChoiceFilter(
        queryset=Cluster.objects.all(),
        method="filter_cluster",
        label=_("Cluster"),
        empty_label=_("Tutti i cluster"),
    )
    mode = django_filters.ChoiceFilter(
        choices=Session.Mode.choices,
        method="filter_mode",
        label=_("Modalità delle giornate"),
        empty_label=_("Tutte le modalità"),
    )
    open = django_filters.BooleanFilter(
        method="filter_open",
        label=_("Solo corsi con iscrizioni aperte"),
        widget=forms.CheckboxInput,
    )

    def __init__(self, data=None, *args, request, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["programme"].queryset = visible_programmes(request.user)
        self.editions = visible_editions(request.user)

    def _with_edition(self, queryset, editions):
        return queryset.filter(Exists(editions.filter(course=OuterRef("pk"))))

    def filter_words(self, queryset, name, value):
        return queryset.filter(course_words_filter(value))

    def filter_cluster(self, queryset, name, value):
        return self._with_edition(queryset, self.editions.filter(cluster=value))

    def filter_mode(self, queryset, name, value):
        days = Session.objects.filter(edition=OuterRef("pk"), mode=value)
        return self._with_edition(queryset, self.editions.filter(Exists(days)))

    def filter_open(self, queryset, name, value):
        if not value:
            return queryset
        return self._with_edition(queryset, self.editions.open_for_enrolment())
