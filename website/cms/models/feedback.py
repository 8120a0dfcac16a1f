"""Readers' answers to "Questa pagina ti è stata utile?", on every page of the channel."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

MIN_SCORE = 1
MAX_SCORE = 5
COMMENT_MAX_LENGTH = 1000


class PageFeedback(models.Model):
    """One reader's answer about one page: useful or not, with an optional comment.

    A second answer from the same reader replaces the first. A signed-in reader is
    known by their account; an anonymous one by a random token kept in their session
    (stored here only as a hash), so nothing here says who they are.

    Until issue 18 news, acts and good practices asked for a 1–5 score instead: those
    answers are kept as they were given (``score`` set, ``useful`` empty) rather than
    turned into a yes or a no nobody gave, and the editors' report shows them apart.
    A reader who answers again replaces their old score with a yes or a no.
    """

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("pagina")
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
    useful = models.BooleanField(_("utile"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("voto da 1 a 5"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)],
        help_text=_("Solo le valutazioni date prima della domanda sì/no."),
    )
    comment = models.TextField(_("commento"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("creata il"), default=timezone.now)
    updated_at = models.DateTimeField(_("aggiornata il"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("riscontro su una pagina")
        verbose_name_plural = _("riscontri sulle pagine")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True)
                | (Q(score__gte=MIN_SCORE) & Q(score__lte=MAX_SCORE)),
                name="page_feedback_score_range",
            ),
            models.CheckConstraint(
                condition=Q(useful__isnull=False) | Q(score__isnull=False),
                name="page_feedback_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(reader_key=""),
                name="page_feedback_has_reader",
            ),
            models.UniqueConstraint(
                fields=["page", "user"],
                condition=Q(user__isnull=False),
                name="page_feedback_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["page", "reader_key"],
                condition=Q(user__isnull=True),
                name="page_feedback_one_per_reader",
            ),
        ]
        permissions = [("view_rating_report", _("Può vedere il rapporto sulle valutazioni"))]

    def __str__(self):
        answer = self.score if self.useful is None else ("sì" if self.useful else "no")
        return f"{self.page_id}: {answer}"
