"""Visitor counts without cookies and without personal data.

A visitor is recognised within a day, and within a month, by a keyed hash of
their network address and browser. The keys (``VisitorSalt``) are random,
one per day and one per month, and are deleted as soon as their period ends;
the hashes (``Sighting``) go once their month has been counted. Neither the
address nor the browser string is ever stored, and after the period nobody,
not even whoever runs the site, can tell whose visit a hash was.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class Period(models.TextChoices):
    DAY = "day", _("Giorno")
    MONTH = "month", _("Mese")


class VisitorSalt(models.Model):
    """The secret key of the hashes of one day or one month; deleted when the period ends."""

    period = models.CharField(_("periodo"), max_length=5, choices=Period.choices)
    starts_on = models.DateField(_("inizio"))
    value = models.CharField(_("chiave"), max_length=64)

    class Meta:
        verbose_name = _("chiave del periodo")
        verbose_name_plural = _("chiavi dei periodi")
        constraints = [
            models.UniqueConstraint(fields=["period", "starts_on"], name="visitor_salt_unique")
        ]

    def __str__(self):
        return f"{self.period} {self.starts_on}"


class Sighting(models.Model):
    """A pseudonymous visitor seen on a page on a day; kept only until its month is counted."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("giorno"))
    day_digest = models.CharField(max_length=32)
    month_digest = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("visitatore del giorno")
        verbose_name_plural = _("visitatori del giorno")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "day", "day_digest"], name="sighting_once_per_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="sighting_day_idx")]

    def __str__(self):
        return f"{self.page_id} {self.day}"


class PageViewDay(models.Model):
    """How many times a page was viewed on a day, counted as it happens."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("giorno"))
    views = models.PositiveIntegerField(_("visualizzazioni"), default=0)

    class Meta:
        verbose_name = _("visualizzazioni del giorno")
        verbose_name_plural = _("visualizzazioni per giorno")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="page_view_day_unique")]
        indexes = [models.Index(fields=["day"], name="page_view_day_idx")]

    def __str__(self):
        return f"{self.page_id} {self.day}: {self.views}"


class VisitStats(models.Model):
    """The final count of a closed day or month, for one page or (page empty) the whole site."""

    period = models.CharField(_("periodo"), max_length=5, choices=Period.choices)
    starts_on = models.DateField(_("inizio"))
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    views = models.PositiveIntegerField(_("visualizzazioni"), default=0)
    visitors = models.PositiveIntegerField(_("visitatori unici"), default=0)

    class Meta:
        verbose_name = _("statistica delle visite")
        verbose_name_plural = _("statistiche delle visite")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "starts_on", "page"],
                condition=Q(page__isnull=False),
                name="visit_stats_page_unique",
            ),
            models.UniqueConstraint(
                fields=["period", "starts_on"],
                condition=Q(page__isnull=True),
                name="visit_stats_site_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "starts_on", "-visitors"], name="visit_stats_top_idx")
        ]
        permissions = [("view_visit_report", _("Può vedere il rapporto sulle visite"))]

    def __str__(self):
        return f"{self.period} {self.starts_on} {self.page_id or 'site'}: {self.visitors}"
