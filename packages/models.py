"""SCORM and H5P packages of a course, their versions and SCOs, and each learner's attempts.

A package keeps every version it was given (``PackageVersion``, files unpacked under
``MEDIA_ROOT/packages/<package>/<version>/``, never a public folder). An ``Attempt``
is one learner's run of a package and records the version it ran; ``ScoState`` holds
the run-time data of one SCO in one attempt, keyed by the SCO's identifier so that a
new version keeps the progress of the SCOs it did not change. Resets are kept.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Course
from website.core.models import AppendOnlyModel


class Package(models.Model):  # type: ignore[django-manager-missing]  # reverse relation from Wagtail's untyped Orderable
    class Kind(models.TextChoices):
        SCORM12 = "scorm12", "SCORM 1.2"
        SCORM2004 = "scorm2004", "SCORM 2004"
        H5P = "h5p", "H5P"

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="packages", verbose_name=_("corso")
    )
    title = models.CharField(_("titolo"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices, editable=False)
    current_version = models.ForeignKey(
        "PackageVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versione in uso"),
    )
    passing_score = models.DecimalField(
        _("punteggio minimo per il superamento"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Da 0 a 100. Se vuoto vale la regola del pacchetto (stato «superato» inviato dal "
            "pacchetto o punteggio minimo del manifest)."
        ),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("pacchetto e-learning")
        verbose_name_plural = _("pacchetti e-learning")
        ordering = ["course_id", "title"]
        permissions = [
            ("manage_packages", _("Può caricare pacchetti e-learning e gestirne i tentativi")),
        ]

    def __str__(self):
        return self.title


class PackageVersion(models.Model):
    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="versions", verbose_name=_("pacchetto")
    )
    number = models.PositiveIntegerField(_("numero"))
    schema_version = models.CharField(_("versione dello standard"), max_length=40)
    folder = models.CharField(_("cartella"), max_length=200, editable=False)
    original_name = models.CharField(_("nome del file"), max_length=200)
    size = models.PositiveBigIntegerField(_("dimensione"))
    main_library = models.CharField(_("libreria principale H5P"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("caricata il"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("caricata da"),
    )

    class Meta:
        verbose_name = _("versione del pacchetto")
        verbose_name_plural = _("versioni del pacchetto")
        ordering = ["package_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="package_version_unique")
        ]

    def __str__(self):
        return f"{self.package} v{self.number}"


class Sco(models.Model):
    """An item of the package's table of contents; ``href`` set when it launches a SCO."""

    version = models.ForeignKey(
        PackageVersion, on_delete=models.CASCADE, related_name="scos", verbose_name=_("versione")
    )
    identifier = models.CharField(_("identificativo"), max_length=200)
    title = models.CharField(_("titolo"), max_length=300)
    href = models.CharField(_("avvio"), max_length=1000, blank=True)
    parent_identifier = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(_("ordine"))
    mastery = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    launch_data = models.TextField(blank=True)
    # What the SCO's files were: equal in two versions means the SCO did not change.
    fingerprint = models.CharField(max_length=1100, blank=True)

    class Meta:
        verbose_name = _("voce del pacchetto")
        verbose_name_plural = _("voci del pacchetto")
        ordering = ["version_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "identifier"], name="sco_identifier_unique")
        ]

    def __str__(self):
        return self.title

    @property
    def launchable(self) -> bool:
        return bool(self.href)


class Attempt(models.Model):
    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("pacchetto")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="package_attempts",
        verbose_name=_("persona"),
    )
    number = models.PositiveIntegerField(_("tentativo"))
    version = models.ForeignKey(
        PackageVersion,
        on_delete=models.PROTECT,
        related_name="attempts",
        verbose_name=_("versione"),
    )
    started_at = models.DateTimeField(_("iniziato il"), auto_now_add=True)
    last_access = models.DateTimeField(_("ultimo accesso"), null=True, blank=True)
    # Set when the attempt ends for good: reset by staff, or carried to a new version.
    closed_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)

    class Meta:
        verbose_name = _("tentativo")
        verbose_name_plural = _("tentativi")
        ordering = ["package_id", "user_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "user", "number"], name="package_attempt_unique"
            )
        ]

    def __str__(self):
        return f"{self.package} · {self.user} · {self.number}"


class ScoState(models.Model):
    """The run-time data of one SCO in one attempt (or the H5P activity's state)."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="states", verbose_name=_("tentativo")
    )
    sco_identifier = models.CharField(max_length=200)
    cmi = models.JSONField(default=dict)
    completion = models.CharField(max_length=20, default="not attempted")
    success = models.CharField(max_length=20, default="unknown")
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    exit = models.CharField(max_length=20, blank=True)
    # Time: earlier sessions added up, plus the current session as last reported.
    prior_seconds = models.PositiveIntegerField(default=0)
    session_seconds = models.PositiveIntegerField(default=0)
    session_key = models.CharField(max_length=40, blank=True)
    # Part of prior_seconds brought from the attempt on an earlier version (counted there).
    carried_seconds = models.PositiveIntegerField(default=0)
    # Sessions that called Terminate/LMSFinish: a commit from them is refused.
    terminated_keys = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "sco_identifier"], name="sco_state_unique")
        ]

    def __str__(self):
        return f"{self.attempt_id} · {self.sco_identifier}"

    @property
    def total_seconds(self) -> int:
        return self.prior_seconds + self.session_seconds


class AttemptReset(AppendOnlyModel):
    """Staff closed an attempt so the learner starts again; who, when and why are kept."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.PROTECT, related_name="resets", verbose_name=_("tentativo")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("da"),
    )
    reason = models.TextField(_("motivo"), max_length=1000)
    at = models.DateTimeField(_("il"), auto_now_add=True)

    class Meta:
        verbose_name = _("azzeramento di un tentativo")
        verbose_name_plural = _("azzeramenti dei tentativi")
        ordering = ["-at"]
