from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .fiscal_code import validate_fiscal_code
from .roles import Role
from .wagtail_permissions import WagtailPermissionCache

if TYPE_CHECKING:
    from .forms import AffiliationDecisionForm


class Region(models.Model):
    name = models.CharField(_("nome"), max_length=100, unique=True)
    code = models.SlugField(_("codice"), max_length=20, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regione")
        verbose_name_plural = _("regioni")

    def __str__(self):
        return self.name


class Cluster(models.Model):
    """A group of employment centres that trains and networks together."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("regione")
    )
    name = models.CharField(_("nome"), max_length=100)
    code = models.SlugField(_("codice"), max_length=30, unique=True)
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_clusters",
        verbose_name=_("responsabili di cluster"),
    )
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coached_clusters",
        verbose_name=_("coach assegnati"),
    )

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("cluster")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="cluster_unique_name_in_region")
        ]

    def __str__(self):
        return self.name


class EmploymentCentre(models.Model):
    """A Centro per l'Impiego. It belongs to exactly one cluster."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="centres", verbose_name=_("cluster")
    )
    name = models.CharField(_("nome"), max_length=150)
    code = models.SlugField(
        _("codice"),
        max_length=30,
        unique=True,
        help_text=_("Codice breve usato negli elenchi e nelle importazioni, ad esempio CPI-PA01."),
    )
    town = models.CharField(_("comune"), max_length=100)
    address = models.CharField(_("indirizzo"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_centres",
        verbose_name=_("dirigenti e responsabili"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("centro per l'impiego")
        verbose_name_plural = _("centri per l'impiego")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


def person_name(first_name: str, last_name: str, email: str, erased_at: Any) -> str:
    """How the site names a person (``User.__str__``), from the account's fields alone: a page
    that lists many people's posts names them without loading their accounts."""
    if erased_at is not None:
        return str(_("Utente rimosso"))
    return f"{first_name} {last_name}".strip() or email


class User(AbstractUser):
    """A person who uses the platform; the email address is the login."""

    # The email address is the login: AbstractUser's username field is removed, which
    # django-stubs cannot express.
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("indirizzo email"), unique=True)
    centre = models.ForeignKey(
        EmploymentCentre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("centro per l'impiego"),
    )
    job_title = models.CharField(_("qualifica"), max_length=120, blank=True)
    # Sent by the identity provider at an institutional login (SPID, CIE, the Region's).
    fiscal_code = models.CharField(
        _("codice fiscale"),
        max_length=16,
        blank=True,
        default="",
        validators=[validate_fiscal_code],
        help_text=_("Comunicato dal fornitore d'identità all'accesso istituzionale."),
    )
    language = models.CharField(
        _("lingua preferita"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Lingua dell'interfaccia, delle email e degli attestati."),
    )
    # Set when the person asked for erasure: the row stays, without a name, only as the
    # pseudonymous holder of the registers and certificates kept for funders.
    erased_at = models.DateTimeField(_("cancellata il"), null=True, blank=True, editable=False)
    privacy_acknowledged_at = models.DateTimeField(
        _("presa visione dell'informativa privacy"),
        null=True,
        blank=True,
        help_text=_("Quando la persona ha dichiarato, registrandosi, di aver letto l'informativa."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    # Ours finds people by email; django-stubs expects contrib's username-based UserManager.
    objects = UserManager()  # type: ignore[assignment, misc]

    # Where Wagtail keeps the person's page and collection permissions and the root of the
    # pages they may explore for one request: kept in the cache too (wagtail_permissions).
    _page_permission_cache = WagtailPermissionCache()
    _collection_permission_cache = WagtailPermissionCache()
    _explorable_root_page_cache = WagtailPermissionCache()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("persona")
        verbose_name_plural = _("persone")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
            models.UniqueConstraint(
                fields=["fiscal_code"],
                condition=~models.Q(fiscal_code=""),
                name="user_fiscal_code_unique_when_present",
                violation_error_message=_("Un altro account ha già questo codice fiscale."),
            ),
        ]

    def __str__(self):
        return person_name(self.first_name, self.last_name, self.email, self.erased_at)

    def get_full_name(self) -> str:
        if self.erased_at is not None:
            return str(_("Utente rimosso"))
        return f"{self.first_name} {self.last_name}".strip()


class AffiliationRequest(models.Model):
    """A person's request to work in a centre (or to leave theirs), and its outcome.

    ``User.centre`` is the confirmed affiliation and only the services in
    ``website.accounts.services`` change it, each leaving one of these rows:
    a request someone decided, or a change a training manager made directly.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("in attesa")
        APPROVED = "approved", _("confermata")
        REFUSED = "refused", _("respinta")
        WITHDRAWN = "withdrawn", _("ritirata")
        SUPERSEDED = "superseded", _("superata")

    class How(models.TextChoices):
        MANAGER = "manager", _("dirigente del centro")
        TRAINING_MANAGER = "training_manager", _("gestione della formazione")
        TRUSTED_DOMAIN = "trusted_domain", _("dominio email riconosciuto")
        PERSON = "person", _("la persona stessa")
        IDENTITY_PROVIDER = "identity_provider", _("fornitore d'identità")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="affiliation_requests",
        verbose_name=_("persona"),
    )
    centre = models.ForeignKey(
        EmploymentCentre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="affiliation_requests",
        verbose_name=_("centro richiesto"),
        help_text=_("Vuoto: la persona lascia il centro."),
    )
    previous_centre = models.ForeignKey(
        EmploymentCentre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centro precedente"),
    )
    status = models.CharField(
        _("stato"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("richiesta il"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decisa da"),
    )
    decided_how = models.CharField(
        _("modalità della decisione"), max_length=20, choices=How.choices, blank=True
    )
    reason = models.TextField(_("motivazione"), blank=True)

    # Not a column: the page of requests to decide sets each one's form (type checking only).
    form: "AffiliationDecisionForm | None"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("richiesta di appartenenza")
        verbose_name_plural = _("richieste di appartenenza")
        permissions = [
            ("grant_affiliation", _("Decidere ogni appartenenza a un centro")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="affiliation_one_open_request_per_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="pending") | models.Q(centre__isnull=False),
                name="affiliation_pending_names_a_centre",
            ),
        ]
        indexes = [
            models.Index(
                fields=["centre", "created_at"],
                name="affiliation_pending_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.person} → {self.centre or '—'} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class RoleGroup(models.Model):
    """Which role a group stands for. Code reads the code, the admin shows the group's name."""

    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="role",
        verbose_name=_("gruppo"),
    )
    code = models.CharField(_("codice"), max_length=40, unique=True, choices=Role.choices)

    class Meta:
        verbose_name = _("ruolo")
        verbose_name_plural = _("ruoli")

    def __str__(self):
        return f"{self.get_code_display()} ({self.group.name})"
