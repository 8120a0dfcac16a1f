"""The quality of the centres: the CAF model, self-assessments, improvement plans, coaching.

The CAF model is reference data (``CafModel`` → ``Criterion`` → ``SubCriterion``),
loaded by a data migration with its texts in Italian and English side by side;
a later version of the model is a new ``CafModel`` row with its own criteria,
so an assessment keeps pointing at the version it was made with.

A self-assessment (``Assessment``) belongs to a centre or to a whole cluster.
Its members each write an ``IndividualEntry`` per sub-criterion; the
facilitator agrees one ``ConsensusEntry`` per sub-criterion and closes it.
Every change leaves a ``HistoryEntry`` (append-only; on PostgreSQL triggers
refuse UPDATE and DELETE, and a closed assessment's entries refuse both too).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from courses.models import Programme
from website.accounts.models import Cluster, EmploymentCentre
from website.core.models import AppendOnlyModel

SCORE_MIN = 0
SCORE_MAX = 100
SCORE_VALIDATORS = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]


def localized(obj, field: str) -> str:
    """``obj.<field>_<language>`` in the active language, Italian when that one is empty."""
    language = (translation.get_language() or "it")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_it")


class CafModel(models.Model):
    """One version of the Common Assessment Framework (CAF 2020 today)."""

    code = models.SlugField(_("codice"), max_length=20, unique=True)
    name = models.CharField(_("nome"), max_length=100)
    year = models.PositiveSmallIntegerField(_("anno"))
    is_current = models.BooleanField(
        _("in uso"), default=True, help_text=_("Le nuove autovalutazioni usano questa versione.")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("modello CAF")
        verbose_name_plural = _("modelli CAF")

    def __str__(self):
        return self.name


class Criterion(models.Model):
    class Kind(models.TextChoices):
        ENABLER = "enabler", _("Fattore abilitante")
        RESULT = "result", _("Risultato")

    model = models.ForeignKey(
        CafModel, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("modello")
    )
    number = models.PositiveSmallIntegerField(_("numero"))
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    title_it = models.CharField(_("titolo (italiano)"), max_length=200)
    title_en = models.CharField(_("titolo (inglese)"), max_length=200)

    class Meta:
        ordering = ["model", "number"]
        verbose_name = _("criterio")
        verbose_name_plural = _("criteri")
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="quality_criterion_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_enabler(self) -> bool:
        return self.kind == self.Kind.ENABLER


class SubCriterion(models.Model):
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="subcriteria",
        verbose_name=_("criterio"),
    )
    code = models.CharField(_("codice"), max_length=5)
    position = models.PositiveSmallIntegerField(_("posizione"))
    title_it = models.CharField(_("titolo (italiano)"), max_length=250)
    title_en = models.CharField(_("titolo (inglese)"), max_length=250)
    guidance_it = models.TextField(_("guida (italiano)"))
    guidance_en = models.TextField(_("guida (inglese)"))

    class Meta:
        ordering = ["criterion__model", "criterion__number", "position"]
        verbose_name = _("sottocriterio")
        verbose_name_plural = _("sottocriteri")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "position"], name="quality_subcriterion_position"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def guidance(self) -> str:
        return localized(self, "guidance")


class Panel(models.TextChoices):
    CLASSICAL = "classical", _("Classica (0–100 per fasce)")
    FINE_TUNED = "fine_tuned", _("Fine (PDCA per i fattori, andamenti e obiettivi per i risultati)")


class Assessment(models.Model):
    """A self-assessment of a centre (or of a whole cluster) with one version of the model."""

    class Status(models.TextChoices):
        INDIVIDUAL = "individual", _("Valutazioni individuali")
        CONSENSUS = "consensus", _("Consenso")
        CLOSED = "closed", _("Chiusa")

    model = models.ForeignKey(
        CafModel, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("modello")
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("cluster")
    )
    centre = models.ForeignKey(
        EmploymentCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("centro per l'impiego"),
        help_text=_("Vuoto: l'autovalutazione riguarda tutto il cluster."),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("piano formativo"),
        help_text=_("Il piano che conta questo laboratorio di autovalutazione nel suo report."),
    )
    title = models.CharField(_("titolo"), max_length=200)
    panel = models.CharField(_("griglia di punteggio"), max_length=12, choices=Panel.choices)
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine prevista"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facilitated_assessments",
        verbose_name=_("facilitatore"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="quality_assessments",
        verbose_name=_("gruppo di autovalutazione"),
    )
    status = models.CharField(
        _("fase"), max_length=12, choices=Status.choices, default=Status.INDIVIDUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aperta da"),
    )
    created_at = models.DateTimeField(_("aperta il"), default=timezone.now)
    closed_at = models.DateTimeField(_("chiusa il"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("autovalutazione CAF")
        verbose_name_plural = _("autovalutazioni CAF")
        permissions = [
            ("manage_quality", _("Gestire ogni autovalutazione, piano di miglioramento e visita")),
            ("coach_centres", _("Affiancare i centri come coach")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="quality_assessment_dates_in_order",
                violation_error_message=_("La fine non può precedere l'inizio."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="quality_assessment_closed_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def scope_name(self) -> str:
        return self.centre.name if self.centre is not None else self.cluster.name


class ScoreFields(models.Model):
    """What a member, or the group in consensus, writes about one sub-criterion."""

    strengths = models.TextField(_("punti di forza"), blank=True)
    improvements = models.TextField(_("aree di miglioramento"), blank=True)
    ideas = models.TextField(_("idee per azioni di miglioramento"), blank=True)
    # Classical panel: one score. Fine-tuned: four phases (enablers) or two (results).
    score = models.PositiveSmallIntegerField(
        _("punteggio"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    phase_plan = models.PositiveSmallIntegerField(
        _("Plan"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    phase_do = models.PositiveSmallIntegerField(
        _("Do"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    phase_check = models.PositiveSmallIntegerField(
        _("Check"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    phase_act = models.PositiveSmallIntegerField(
        _("Act"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    trends = models.PositiveSmallIntegerField(
        _("andamenti"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    targets = models.PositiveSmallIntegerField(
        _("obiettivi"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    # The sub-criterion's score as the panel computes it (see quality.scoring), kept
    # so that lists and reports sum and compare without recomputing.
    value = models.DecimalField(
        _("punteggio calcolato"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    SCORE_NAMES = (
        "score",
        "phase_plan",
        "phase_do",
        "phase_check",
        "phase_act",
        "trends",
        "targets",
    )
    TEXT_NAMES = ("strengths", "improvements", "ideas")

    class Meta:
        abstract = True


class IndividualEntry(ScoreFields):
    """One member's own assessment of one sub-criterion."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("autovalutazione"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="quality_entries",
        verbose_name=_("componente"),
    )
    subcriterion = models.ForeignKey(
        SubCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("sottocriterio")
    )
    evidence = models.TextField(_("evidenze"), blank=True)
    links = models.TextField(
        _("collegamenti"), blank=True, help_text=_("Un indirizzo web per riga.")
    )

    class Meta:
        verbose_name = _("valutazione individuale")
        verbose_name_plural = _("valutazioni individuali")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "member", "subcriterion"], name="quality_one_entry_each"
            )
        ]

    def __str__(self):
        return f"{self.assessment_id} · {self.member_id} · {self.subcriterion_id}"


class EvidenceFile(models.Model):
    """A file a member attaches as evidence, checked like the library's uploads."""

    entry = models.ForeignKey(
        IndividualEntry,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("valutazione"),
    )
    file = models.FileField(_("file"), upload_to="quality/evidence/%Y/%m/", max_length=300)
    name = models.CharField(_("nome"), max_length=200)
    content_type = models.CharField(_("tipo"), max_length=120)
    uploaded_at = models.DateTimeField(_("caricato il"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("file di evidenza")
        verbose_name_plural = _("file di evidenza")

    def __str__(self):
        return self.name


class ConsensusEntry(ScoreFields):
    """The group's agreed assessment of one sub-criterion."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="consensus",
        verbose_name=_("autovalutazione"),
    )
    subcriterion = models.ForeignKey(
        SubCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("sottocriterio")
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrata da"),
    )

    class Meta:
        verbose_name = _("valutazione di consenso")
        verbose_name_plural = _("valutazioni di consenso")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "subcriterion"], name="quality_one_consensus_each"
            )
        ]

    def __str__(self):
        return f"{self.assessment_id} · {self.subcriterion_id}"


class ImprovementPlan(models.Model):
    """What a centre will do about its areas for improvement, built from one assessment."""

    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.PROTECT,
        related_name="plan",
        verbose_name=_("autovalutazione"),
    )
    title = models.CharField(_("titolo"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("creato il"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("piano di miglioramento")
        verbose_name_plural = _("piani di miglioramento")

    def __str__(self):
        return self.title


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Pianificata")
        IN_PROGRESS = "in_progress", _("In corso")
        DONE = "done", _("Conclusa")
        DROPPED = "dropped", _("Abbandonata")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("piano")
    )
    title = models.CharField(_("azione"), max_length=200)
    goal = models.TextField(_("obiettivo"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="quality_actions",
        verbose_name=_("responsabile"),
    )
    starts_on = models.DateField(_("inizio"))
    due_on = models.DateField(_("scadenza"))
    subcriteria = models.ManyToManyField(
        SubCriterion, related_name="+", verbose_name=_("sottocriteri affrontati")
    )
    impact = models.PositiveSmallIntegerField(
        _("impatto (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feasibility = models.PositiveSmallIntegerField(
        _("fattibilità (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    status = models.CharField(
        _("stato"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    dropped_reason = models.TextField(_("motivo dell'abbandono"), blank=True)
    done_on = models.DateField(_("conclusa il"), null=True, blank=True)
    good_practice_page_id = models.PositiveIntegerField(
        _("buona pratica proposta"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("azione di miglioramento")
        verbose_name_plural = _("azioni di miglioramento")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")),
                name="quality_action_dates_in_order",
                violation_error_message=_("La scadenza non può precedere l'inizio."),
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="quality_dropped_action_has_reason",
                violation_error_message=_("Un'azione abbandonata ne dice il motivo."),
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5, feasibility__gte=1, feasibility__lte=5),
                name="quality_action_priority_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def priority(self) -> int:
        return self.impact * self.feasibility

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status in self.OPEN_STATUSES and self.due_on < today


class Indicator(models.Model):
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("azione")
    )
    name = models.CharField(_("indicatore"), max_length=200)
    unit = models.CharField(_("unità di misura"), max_length=40, blank=True)
    baseline = models.DecimalField(_("valore di partenza"), max_digits=10, decimal_places=2)
    target = models.DecimalField(_("obiettivo"), max_digits=10, decimal_places=2)
    current = models.DecimalField(
        _("valore attuale"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        constraints = [
            models.CheckConstraint(
                condition=~Q(baseline=models.F("target")),
                name="quality_indicator_target_differs",
                violation_error_message=_(
                    "L'obiettivo deve essere diverso dal valore di partenza."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def progress(self) -> Decimal:
        """Share of the way from the baseline to the target (0 without a current value)."""
        if self.current is None:
            return Decimal(0)
        return (self.current - self.baseline) / (self.target - self.baseline)


class ProgressUpdate(AppendOnlyModel):
    """One entry of an action's timeline: what happened, who wrote it, the status after it."""

    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, related_name="updates", verbose_name=_("azione")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("autore"),
    )
    at = models.DateTimeField(_("il"), default=timezone.now, editable=False)
    text = models.TextField(_("aggiornamento"))
    status = models.CharField(_("stato"), max_length=12, choices=Action.Status.choices)
    values = models.JSONField(_("valori degli indicatori"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("aggiornamento dell'azione")
        verbose_name_plural = _("aggiornamenti delle azioni")


class ActionReminder(models.Model):
    """An overdue action's reminder to one person: at most one per due date."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "user", "due_on"], name="quality_one_reminder_per_due_date"
            )
        ]

    def __str__(self):
        return f"{self.action_id} · {self.user_id} · {self.due_on}"


class CoachAssignment(models.Model):
    """A coach working on the job beside one centre's staff."""

    centre = models.ForeignKey(
        EmploymentCentre,
        on_delete=models.CASCADE,
        related_name="coach_assignments",
        verbose_name=_("centro per l'impiego"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coached_centre_assignments",
        verbose_name=_("coach"),
    )
    starts_on = models.DateField(_("dal"), default=timezone.localdate)

    class Meta:
        verbose_name = _("coach del centro")
        verbose_name_plural = _("coach dei centri")
        constraints = [
            models.UniqueConstraint(fields=["centre", "coach"], name="quality_one_assignment")
        ]

    def __str__(self):
        return f"{self.coach} → {self.centre}"


class CoachingVisit(models.Model):
    centre = models.ForeignKey(
        EmploymentCentre,
        on_delete=models.PROTECT,
        related_name="coaching_visits",
        verbose_name=_("centro per l'impiego"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coaching_visits",
        verbose_name=_("coach"),
    )
    date = models.DateField(_("data"))
    hours = models.DecimalField(
        _("ore"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("partecipanti")
    )
    topics = models.TextField(_("temi trattati"))
    actions = models.ManyToManyField(
        Action, blank=True, related_name="visits", verbose_name=_("azioni del piano affrontate")
    )
    next_steps = models.TextField(_("prossimi passi"), blank=True)
    confirmed_at = models.DateTimeField(_("confermata il"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confermata da"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("visita di coaching")
        verbose_name_plural = _("visite di coaching")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="quality_visit_hours_positive")
        ]

    def __str__(self):
        return f"{self.centre} · {self.date}"


class HistoryEntry(AppendOnlyModel):
    """Every change to assessments, plans and visits, kept for good with who and when."""

    at = models.DateTimeField(_("il"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("da")
    )
    centre = models.ForeignKey(
        EmploymentCentre, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, related_name="history"
    )
    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.PROTECT, null=True, related_name="history"
    )
    visit = models.ForeignKey(
        CoachingVisit, on_delete=models.PROTECT, null=True, related_name="history"
    )
    verb = models.CharField(_("azione"), max_length=40)
    data = models.JSONField(_("dati"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("modifica")
        verbose_name_plural = _("storico della qualità")
        indexes = [models.Index(fields=["assessment", "at"], name="quality_history_assess_idx")]
