"""The admin report of readers' feedback: "Questa pagina ti è stata utile?" page by page.

Yes and no answers, the share of yes, the comments, and (apart) the 1–5 scores some
pages collected before the yes/no question, filtered by the day of the answer and by
section, downloadable as CSV or XLSX.
"""

from datetime import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from website.core.spreadsheets import csv_response, xlsx_response

from . import selectors
from .permissions import can_view_rating_report

REPORT_PAGE_SIZE = 50
EXPORT_FORMATS = ("csv", "xlsx")


class FeedbackFilterForm(forms.Form):
    """The report's filters (GET): a wrong value is named on the page and otherwise ignored."""

    dal = forms.DateField(
        label=gettext_lazy("Dal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    al = forms.DateField(
        label=gettext_lazy("Al"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sezione = forms.TypedChoiceField(
        label=gettext_lazy("Sezione"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, sections: list[selectors.Section]):
        super().__init__(data, auto_id="filter_%s")
        self.sections = {section.pk: section for section in sections}
        section_field = cast(forms.TypedChoiceField, self.fields["sezione"])
        section_field.choices = [("", _("Tutte le sezioni"))] + [
            (section.pk, section.title) for section in sections
        ]

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        since, until = cleaned.get("dal"), cleaned.get("al")
        if since and until and since > until:
            self.add_error("al", _("La data finale viene prima di quella iniziale."))
        return cleaned

    def filters(self) -> selectors.FeedbackFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        section_id = data.get("sezione") if "sezione" not in self.errors else None
        return selectors.FeedbackFilters(
            since=data.get("dal") if "dal" not in self.errors else None,
            until=data.get("al") if "al" not in self.errors else None,
            section=self.sections.get(section_id) if section_id is not None else None,
        )


class RatingReportMixin(WagtailAdminTemplateMixin):
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_rating_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def filter_form(self) -> FeedbackFilterForm:
        return FeedbackFilterForm(
            self.request.GET, sections=selectors.feedback_sections(self.request)
        )

    @cached_property
    def filters(self) -> selectors.FeedbackFilters:
        return self.filter_form.filters()

    def filter_query(self, **extra: str) -> str:
        """The filters of this request as a query string, with ``extra`` parameters."""
        keep = {
            name: self.request.GET[name]
            for name in ("dal", "al", "sezione")
            if self.request.GET.get(name)
        }
        return urlencode({**keep, **extra})


class RatingReportView(RatingReportMixin, TemplateView):
    template_name = "cms/admin/rating_report.html"
    page_title = gettext_lazy("Riscontri dei lettori")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": _("Riscontri dei lettori")},
        ]

    def get(self, request, *args, **kwargs):
        export = request.GET.get("formato")
        if export:
            if export not in EXPORT_FORMATS:
                raise Http404
            return self.export(export)
        return super().get(request, *args, **kwargs)

    def export(self, export: str) -> HttpResponse:
        header = [
            _("Pagina"),
            _("Sì"),
            _("No"),
            _("Sì (%)"),
            _("Commenti"),
            _("Voti da 1 a 5 (prima del sì/no)"),
            _("Media dei voti da 1 a 5"),
            _("Ultimo commento"),
            _("Ultima risposta"),
        ]
        rows = [
            [
                row.title,
                row.counts.yes,
                row.counts.no,
                _rounded(row.counts.yes_share),
                row.counts.comments,
                row.counts.scores,
                _rounded(row.counts.score_average),
                row.latest_comment,
                row.last_answer_at,
            ]
            for row in selectors.feedback_rows(selectors.feedback_by_page(self.filters))
        ]
        filename = f"riscontri-pagine-{timezone.localdate():%Y-%m-%d}.{export}"
        if export == "csv":
            return csv_response(filename, header, ([_csv_text(v) for v in row] for row in rows))
        return xlsx_response(filename, header, rows, title=_("Riscontri"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals, page_count = selectors.feedback_totals(self.filters)
        paginator = CountedPaginator(
            selectors.feedback_by_page(self.filters), REPORT_PAGE_SIZE, count=page_count
        )
        page_obj = paginator.get_page(self.request.GET.get("p"))
        context.update(
            filter_form=self.filter_form,
            totals=totals,
            page_obj=page_obj,
            rows=selectors.feedback_rows(page_obj),
            filter_query=self.filter_query(),
            csv_query=self.filter_query(formato="csv"),
            xlsx_query=self.filter_query(formato="xlsx"),
        )
        return context


class PageRatingsView(RatingReportMixin, TemplateView):
    template_name = "cms/admin/page_ratings.html"

    @cached_property
    def page(self) -> Page:
        """The page, with its answers counted (one query for both)."""
        page = selectors.page_with_feedback_counts(self.kwargs["page_id"], self.filters)
        if page is None:
            raise Http404
        return page

    def get_page_title(self):
        return _("Riscontri su «%(title)s»") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("cms_ratings"), "label": _("Riscontri dei lettori")},
            {"url": "", "label": self.page.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = self.page.feedback_counts
        page_obj = CountedPaginator(
            selectors.page_feedback(self.page, self.filters), REPORT_PAGE_SIZE, count=totals.total
        ).get_page(self.request.GET.get("p"))
        context.update(
            rated_page=self.page,
            filter_form=self.filter_form,
            totals=totals,
            scores=totals.by_score if totals.scores else (),
            page_obj=page_obj,
            answers=list(page_obj),
            filter_query=self.filter_query(),
        )
        return context


class CountedPaginator(Paginator):
    """A paginator told how many items there are (the report counts them with its totals)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def _csv_text(value: Any) -> Any:
    """A CSV cell as an Italian spreadsheet reads it: decimal comma, day/month/year."""
    if isinstance(value, float):
        return number_format(value, 1)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    return "" if value is None else value


def _rounded(value: float | None) -> Any:
    return None if value is None else round(value, 1)
