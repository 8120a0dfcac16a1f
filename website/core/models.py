from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="site")
class SiteIdentity(BaseGenericSetting):
    """Who runs the platform: shown in the header and the footer, used in emails."""

    owner_name = models.CharField(
        _("ente titolare"),
        max_length=200,
        default="Regione",
        help_text=_("Mostrato nella barra superiore e nel piè di pagina."),
    )
    owner_url = models.URLField(_("sito dell'ente titolare"), blank=True)
    office_name = models.CharField(_("struttura responsabile"), max_length=200, blank=True)
    address = models.CharField(_("indirizzo"), max_length=250, blank=True)
    email = models.EmailField(_("email di contatto"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    phone = models.CharField(_("telefono"), max_length=50, blank=True)
    tax_code = models.CharField(_("codice fiscale"), max_length=20, blank=True)
    accessibility_statement_url = models.URLField(
        _("dichiarazione di accessibilità"),
        blank=True,
        help_text=_("Indirizzo della dichiarazione pubblicata su form.agid.gov.it."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("owner_name"), FieldPanel("owner_url"), FieldPanel("office_name")],
            heading=_("Ente"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("pec"),
                FieldPanel("phone"),
                FieldPanel("tax_code"),
            ],
            heading=_("Contatti"),
        ),
        FieldPanel("accessibility_statement_url"),
    ]

    class Meta:
        verbose_name = _("identità del portale")

    # Every page's header and footer read it: kept in the cache (one row, dropped when saved)
    # so that a page does not ask the database for it on each request.
    CACHE_KEY = "aula:site-identity"

    @classmethod
    def _get_or_create(cls):
        found = cache.get(cls.CACHE_KEY)
        if found is None:
            found = super()._get_or_create()
            cache.set(cls.CACHE_KEY, found, None)
        return found

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        cache.delete(self.CACHE_KEY)
        return super().delete(*args, **kwargs)


class PeriodicJobRun(models.Model):
    """When a periodic job (see website.core.periodic) last started."""

    name = models.CharField(_("lavoro"), max_length=200, unique=True)
    last_run_at = models.DateTimeField(_("ultima esecuzione"), null=True, blank=True)

    class Meta:
        verbose_name = _("esecuzione periodica")
        verbose_name_plural = _("esecuzioni periodiche")

    def __str__(self):
        return self.name


class AppendOnlyError(ValueError):
    """A kept record was about to be edited or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses the bulk edits and deletes that would skip the model's own guard.

    Django's cascades use the plain base manager, so a ``SET_NULL`` from a
    parent still reaches rows that allow it (see the database triggers).
    """

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} is append-only: rows are never edited.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} is append-only: rows are never deleted.")


class AppendOnlyModel(models.Model):
    """A row written once and kept for good: never edited, never deleted.

    On PostgreSQL, triggers refuse the same at the database (migrations
    ``*_append_only_triggers``), whoever connects.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(f"{self._meta.label} is append-only: a row is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} is append-only: a row is never deleted.")


class CounterBatch(models.Model):
    """A batch of buffered counts already written (website.core.counters): never written twice."""

    id = models.CharField(primary_key=True, max_length=64)
    applied_at = models.DateTimeField(_("scritto il"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lotto di conteggi")
        verbose_name_plural = _("lotti di conteggi")

    def __str__(self):
        return self.id
