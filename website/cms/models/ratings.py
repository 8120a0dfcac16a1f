"""Readers' ratings of pages ("Valuta la qualità di questo articolo")."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

MIN_SCORE = 1
MAX_SCORE = 5


class ContentRating(models.Model):
    """One reader's rating of one page: a repeat replaces it.

    A signed-in reader is known by their account; an anonymous one by a random
    token kept in their session (stored here only as a hash), so nothing here
    says who they are.
    """

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("pagina")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona"),
    )
    reader_key = models.CharField(_("lettore anonimo"), max_length=64, blank=True)
    score = models.PositiveSmallIntegerField(
        _("voto"), validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]
    )
    comment = models.TextField(_("commento"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("creata il"), default=timezone.now)
    updated_at = models.DateTimeField(_("aggiornata il"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("valutazione di una pagina")
        verbose_name_plural = _("valutazioni delle pagine")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE) & Q(score__lte=MAX_SCORE),
                name="content_rating_score_range",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(reader_key=""),
                name="content_rating_has_reader",
            ),
            models.UniqueConstraint(
                fields=["page", "user"],
                condition=Q(user__isnull=False),
                name="content_rating_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["page", "reader_key"],
                condition=Q(user__isnull=True),
                name="content_rating_one_per_reader",
            ),
        ]
        permissions = [("view_rating_report", _("Può vedere il rapporto sulle valutazioni"))]

    def __str__(self):
        return f"{self.page_id}: {self.score}"
