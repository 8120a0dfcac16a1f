"""Question bank, quizzes and attempts.

A course owns its question bank (categories of questions). A quiz belongs to a
course and draws its questions from that bank: fixed questions, and/or N random
questions from a category. Each attempt stores the questions it drew, their
order and each question's choice order, so a reload shows the same page, and
every answer as it is saved; the deadline is computed on the server when the
attempt starts.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from courses.models import Course


class QuestionCategory(models.Model):
    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        related_name="question_categories",
        verbose_name=_("corso"),
    )
    name = models.CharField(_("nome"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)

    class Meta:
        ordering = ["course", "name"]
        verbose_name = _("categoria di domande")
        verbose_name_plural = _("categorie di domande")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "name"],
                name="question_category_unique_in_course",
                violation_error_message=_("Questo corso ha già una categoria con questo nome."),
            )
        ]

    def __str__(self):
        return f"{self.course.code} · {self.name}"


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Scelta singola")
    MULTIPLE = "multiple", _("Scelta multipla")
    TRUE_FALSE = "truefalse", _("Vero/falso")
    SHORT = "short", _("Risposta breve")
    NUMERIC = "numeric", _("Numerica")
    MATCHING = "matching", _("Corrispondenza")
    ESSAY = "essay", _("Risposta aperta")


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE}


class Question(ClusterableModel):  # type: ignore[django-manager-missing]  # reverse relations from Wagtail's untyped Orderable
    Type = QuestionType

    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("categoria"),
    )
    type = models.CharField(_("tipo"), max_length=12, choices=QuestionType.choices)
    name = models.CharField(_("nome"), max_length=255)
    text = models.TextField(_("testo della domanda"))
    default_mark = models.DecimalField(
        _("punteggio"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    general_feedback = models.TextField(
        _("commento generale"),
        blank=True,
        help_text=_("Mostrato nel riepilogo dopo il tentativo, se il quiz lo consente."),
    )
    case_sensitive = models.BooleanField(
        _("distingui maiuscole e minuscole"),
        default=False,
        help_text=_("Solo per le risposte brevi."),
    )
    created_at = models.DateTimeField(_("creata il"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["category", "name", "pk"]
        verbose_name = _("domanda")
        verbose_name_plural = _("domande")

    def __str__(self):
        return self.name


class Choice(Orderable):
    """An answer of a question.

    Choice types: an option with the fraction of the mark it earns (negative for a
    penalty in multiple choice). Short answer: an accepted answer (``*`` is a
    wildcard). Numeric: the value in ``text`` with its ``tolerance``. Matching: a
    prompt in ``text`` and its answer in ``match_answer`` (an empty prompt is a
    distractor answer).
    """

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("testo"), blank=True)
    fraction = models.DecimalField(
        _("frazione del punteggio"),
        max_digits=6,
        decimal_places=5,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-1")), MaxValueValidator(Decimal("1"))],
        help_text=_("1 per la risposta giusta, 0 per una sbagliata, 0,5 per metà punteggio."),
    )
    feedback = models.TextField(_("commento alla risposta"), blank=True)
    tolerance = models.DecimalField(
        _("tolleranza"),
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Solo per le domande numeriche."),
    )
    match_answer = models.CharField(
        _("risposta abbinata"),
        max_length=255,
        blank=True,
        help_text=_("Solo per le domande di corrispondenza."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("risposta")
        verbose_name_plural = _("risposte")

    def __str__(self):
        return self.text[:60]


class ReviewWhen(models.TextChoices):
    IMMEDIATELY = "immediately", _("subito dopo il tentativo")
    AFTER_CLOSE = "after_close", _("dopo la chiusura del quiz")
    NEVER = "never", _("mai")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Voto più alto")
    LAST = "last", _("Ultimo tentativo")
    AVERAGE = "average", _("Media dei tentativi")


class Quiz(ClusterableModel):  # type: ignore[django-manager-missing]  # reverse relations from Wagtail's untyped Orderable
    GradingMethod = GradingMethod
    ReviewWhen = ReviewWhen

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("corso")
    )
    title = models.CharField(_("titolo"), max_length=200)
    intro = models.TextField(_("introduzione"), blank=True)
    is_published = models.BooleanField(
        _("pubblicato"), default=False, help_text=_("Solo i quiz pubblicati si possono svolgere.")
    )
    shuffle_questions = models.BooleanField(_("mescola le domande"), default=False)
    shuffle_answers = models.BooleanField(_("mescola le risposte"), default=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("tentativi consentiti"), default=0, help_text=_("0 = illimitati.")
    )
    grading_method = models.CharField(
        _("metodo di valutazione"),
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    pass_mark = models.DecimalField(
        _("soglia di superamento (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("tempo a disposizione (minuti)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Vuoto = senza limite."),
    )
    opens_at = models.DateTimeField(_("apertura"), null=True, blank=True)
    closes_at = models.DateTimeField(_("chiusura"), null=True, blank=True)
    review_score = models.CharField(
        _("il partecipante vede il punteggio"),
        max_length=12,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
    )
    review_answers = models.CharField(
        _("il partecipante vede le risposte giuste"),
        max_length=12,
        choices=ReviewWhen.choices,
        default=ReviewWhen.AFTER_CLOSE,
    )
    review_feedback = models.CharField(
        _("il partecipante vede i commenti alle domande"),
        max_length=12,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
    )
    required_for_certificate = models.BooleanField(
        _("necessario per l'attestato"),
        default=False,
        help_text=_("Se la regola dell'attestato del corso lo chiede, il quiz va superato."),
    )

    class Meta:
        ordering = ["course", "title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quiz")
        permissions = [
            ("manage_quizzes", _("Gestire banche di domande e quiz di ogni corso")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="quiz_closes_after_it_opens",
                violation_error_message=_("La chiusura del quiz deve seguire l'apertura."),
            )
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def is_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closes_at is not None and now >= self.closes_at


class QuizSlot(Orderable):
    """A fixed question of a quiz."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("domanda")
    )
    mark = models.DecimalField(
        _("punteggio"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Vuoto = il punteggio della domanda."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("domanda fissa")
        verbose_name_plural = _("domande fisse")


class QuizRandomRule(Orderable):
    """N questions drawn at random from a category, for each attempt."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="random_rules")
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("categoria")
    )
    count = models.PositiveSmallIntegerField(
        _("numero di domande"), default=1, validators=[MinValueValidator(1)]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("domande casuali")
        verbose_name_plural = _("domande casuali")


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In corso")
        FINISHED = "finished", _("Consegnato")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("numero"))
    state = models.CharField(
        _("stato"), max_length=12, choices=State.choices, default=State.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("iniziato il"), default=timezone.now)
    deadline = models.DateTimeField(_("scadenza"), null=True, blank=True)
    finished_at = models.DateTimeField(_("consegnato il"), null=True, blank=True)
    timed_out = models.BooleanField(_("chiuso allo scadere del tempo"), default=False)
    score = models.DecimalField(_("punti"), max_digits=8, decimal_places=2, null=True)
    max_score = models.DecimalField(_("punti possibili"), max_digits=8, decimal_places=2)
    grade = models.DecimalField(
        _("voto (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        help_text=_("Vuoto finché il tentativo non è consegnato e corretto del tutto."),
    )

    class Meta:
        ordering = ["quiz", "user", "number"]
        verbose_name = _("tentativo")
        verbose_name_plural = _("tentativi")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(state="in_progress"),
                name="one_open_attempt_per_quiz",
            ),
        ]
        indexes = [models.Index(fields=["state", "deadline"], name="attempt_state_deadline")]

    def __str__(self):
        return f"{self.quiz} · {self.user} · {self.number}"

    @property
    def is_finished(self) -> bool:
        return self.state == self.State.FINISHED

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.state == self.State.IN_PROGRESS
            and self.deadline is not None
            and now >= self.deadline
        )


class AttemptAnswer(models.Model):
    """One question of an attempt: its place, the choice order shown, the saved response."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    max_mark = models.DecimalField(max_digits=6, decimal_places=2)
    # Choice ids in the order shown (prompts, for matching); matching options as shown.
    choice_order = models.JSONField(default=list, blank=True)
    option_order = models.JSONField(default=list, blank=True)
    response = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    fraction = models.DecimalField(max_digits=6, decimal_places=5, null=True)
    mark = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    needs_grading = models.BooleanField(default=False)
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    grader_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("risposta al quiz")
        verbose_name_plural = _("risposte al quiz")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="answer_position_unique"),
        ]
        indexes = [models.Index(fields=["needs_grading"], name="answer_needs_grading")]

    def __str__(self):
        return f"{self.attempt} · {self.position}"


class ClosingReminder(models.Model):
    """A learner was told that a quiz closes soon (once per quiz and person)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("promemoria di chiusura")
        verbose_name_plural = _("promemoria di chiusura")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user"], name="closing_reminder_once")
        ]

    def __str__(self):
        return f"{self.quiz} · {self.user}"
