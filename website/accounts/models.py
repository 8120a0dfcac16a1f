from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


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


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who uses the platform; the email address is the login."""

    username = None
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
    language = models.CharField(
        _("lingua preferita"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Lingua dell'interfaccia, delle email e degli attestati."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("persona")
        verbose_name_plural = _("persone")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique")
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()
