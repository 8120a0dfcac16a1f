"""Forms of the admin (programmes, courses, editions with their days, enrolments)."""

from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from website.accounts.models import EmploymentCentre, User
from website.core.deletion import blocker_kinds, deletion_blockers
from website.core.forms import PlainTextMixin

from .models import SESSION_HOURS_VALIDATORS, TEACHERS_ONLY, Course, Enrolment, Programme, Session
from .scheduling import Recurrence, schedule_problems


class HoursField(forms.DecimalField):
    """Hours of a day, as every hours column stores them: up to 999.9, at most one decimal.

    Django's DecimalField lets ``1e309`` through to code that then fails on it
    (``quantize`` raises), and keeps ``-0``; this field refuses the first as
    too many digits, NaN and infinities as not a number, and turns ``-0`` into 0.
    """

    default_error_messages = {
        "max_digits": _("Troppe cifre: le ore si scrivono come 3,5 (al più un decimale)."),
        "max_decimal_places": _("Le ore si scrivono con al più un decimale, ad esempio 3,5."),
        "max_whole_digits": _("Troppe cifre: le ore si scrivono come 3,5 (al più un decimale)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 4)
        kwargs.setdefault("decimal_places", 1)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        # The widget still shows the value in the reader's language (3,5 in Italian); what is
        # typed is read the same in both languages: hours have no thousands, so a comma and a
        # point are both the decimal separator ("3,5" and "3.5" are three hours and a half,
        # never 35 as English number parsing would read the comma).
        self.localize = False

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        value = super().to_python(value)
        if value is None:
            return None
        if not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value + Decimal(0)  # -0 becomes 0


def teachers_queryset():
    return User.objects.filter(**TEACHERS_ONLY).order_by("last_name", "first_name")


if TYPE_CHECKING:
    # The mixin goes before Wagtail's model form: type-check it as one.
    from wagtail.admin.forms import WagtailAdminModelForm as _MixinBase
else:
    _MixinBase = object


class SlugFromTitleMixin(_MixinBase):
    """The slug may be left empty: it is made from the title (and made unique)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Parte dell'indirizzo della pagina. Se lo lasci vuoto è ricavato dal titolo."
            )

    def slug_base(self):
        return self.cleaned_data.get("title", "")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        base = slugify(self.slug_base())[:100] or "corso"
        model = self._meta.model
        candidate, number = base, 1
        while model.objects.filter(slug=candidate).exclude(pk=self.instance.pk).exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate


class ProgrammeAdminForm(PlainTextMixin, SlugFromTitleMixin, WagtailAdminModelForm):
    class Meta:
        model = Programme
        fields = "__all__"


AUDIENCE_MAX_LENGTH = 2000


class CourseAdminForm(PlainTextMixin, SlugFromTitleMixin, WagtailAdminModelForm):
    class Meta:
        model = Course
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        audience = cast(forms.CharField | None, self.fields.get("audience"))
        if audience is not None:
            audience.max_length = AUDIENCE_MAX_LENGTH
            audience.validators.append(MaxLengthValidator(AUDIENCE_MAX_LENGTH))
            audience.widget.attrs["maxlength"] = str(AUDIENCE_MAX_LENGTH)

    def slug_base(self):
        return f"{self.cleaned_data.get('code', '')} {self.cleaned_data.get('title', '')}"


class EditionAdminForm(PlainTextMixin, WagtailAdminModelForm):
    """An edition with its classroom days, checked together.

    The days are checked against the period the form is about to save (not
    the one in the database) and against each other, with the same rules as
    a run of days added in one step (``scheduling.schedule_problems``).
    """

    def clean(self):
        cleaned = super().clean()
        sessions = self.formsets.get("sessions")
        if sessions is None:
            return cleaned
        valid = sessions.is_valid()
        self._refuse_deleting_kept_days(sessions)
        if not valid:
            return cleaned
        forms_kept = [
            form
            for form in sessions.forms
            if form.has_changed() or form.instance.pk
            if not (sessions.can_delete and sessions._should_delete_form(form))
            if form.cleaned_data
        ]
        days = [_SubmittedDay(form.cleaned_data) for form in forms_kept]
        for problem in schedule_problems(
            starts_on=cleaned.get("starts_on"), ends_on=cleaned.get("ends_on"), days=days
        ):
            forms_kept[problem.index].add_error(problem.field, problem.message)
        if any(form.errors for form in forms_kept):
            self.add_error(None, _("Alcune giornate non sono valide: correggile qui sotto."))
        return cleaned

    def _refuse_deleting_kept_days(self, sessions):
        """A day with marks or history stays: the whole form is refused, nothing is lost."""
        for form in sessions.forms:
            deleted = sessions.can_delete and sessions._should_delete_form(form)
            if not (deleted and form.instance.pk):
                continue
            blockers = deletion_blockers(form.instance)
            if blockers:
                self.add_error(None, _kept_day_message(form.initial.get("date"), blockers))


def _kept_day_message(day, blockers) -> str:
    return _(
        "La giornata del %(date)s non si può eliminare: ha dati da conservare (%(kinds)s). "
        "Non è stato cancellato nulla. Se non si è tenuta, annullala con «Annulla una "
        "giornata»: resterà nel registro con le sue presenze ma non conterà più ore."
    ) % {"date": date_format(day, "SHORT_DATE_FORMAT"), "kinds": blocker_kinds(blockers)}


class SessionCancelForm(forms.Form):
    """A classroom day that was not held: chosen among the edition's days, with the reason."""

    session = forms.ModelChoiceField(
        label=_("Giornata"), queryset=Session.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Motivo dell'annullamento"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Resta nel registro accanto alla giornata, con chi l'ha annullata e quando."),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        days = Session.objects.filter(edition=edition).not_cancelled().order_by("date", "starts_at")
        session = cast(forms.ModelChoiceField, self.fields["session"])
        session.queryset = days
        # Django's documented hook, replaced on the instance; the stubs see a method.
        session.label_from_instance = _day_label  # type: ignore[method-assign, assignment]


def _day_label(session) -> str:
    day = date_format(session.date, "SHORT_DATE_FORMAT")
    return f"{day} {session.starts_at:%H:%M}–{session.ends_at:%H:%M}"


class _SubmittedDay:
    def __init__(self, data):
        self.date = data["date"]
        self.starts_at = data["starts_at"]
        self.ends_at = data["ends_at"]


class SessionRunForm(PlainTextMixin, forms.Form):
    """Several classroom days of one edition in one step."""

    first_date = forms.DateField(
        label=_("Primo giorno"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Se è un sabato, una domenica o un festivo si parte dal primo giorno utile."),
    )
    count = forms.IntegerField(
        label=_("Numero di giornate"),
        min_value=1,
        max_value=60,
        initial=3,
    )
    recurrence = forms.ChoiceField(
        label=_("Cadenza"), choices=Recurrence.choices, initial=Recurrence.WORKING_DAYS
    )
    starts_at = forms.TimeField(
        label=_("Ora di inizio"), initial="09:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Ora di fine"), initial="14:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    hours = Session._meta.get_field("hours").formfield(
        form_class=HoursField, validators=SESSION_HOURS_VALIDATORS
    )
    mode = forms.ChoiceField(
        label=_("Modalità"), choices=Session.Mode.choices, initial=Session.Mode.CLASSROOM
    )
    meeting_url = forms.URLField(
        label=_("Collegamento alla diretta"),
        required=False,
        assume_scheme="https",
        help_text=_("Solo per le giornate online; visibile solo a chi ha un posto."),
    )
    teacher = forms.ModelChoiceField(
        label=_("Docente delle giornate"), queryset=User.objects.none(), required=False
    )
    topic = forms.CharField(label=_("Argomento"), max_length=200, required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].initial = edition.course.hours_per_day
        cast(forms.ModelChoiceField, self.fields["teacher"]).queryset = teachers_queryset()

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("L'ora di fine deve seguire l'ora di inizio."))
        if cleaned.get("mode") != Session.Mode.ONLINE and cleaned.get("meeting_url"):
            self.add_error(
                "meeting_url", _("Il collegamento serve solo per le giornate online in diretta.")
            )
        return cleaned


class EnrolmentDecisionForm(PlainTextMixin, forms.Form):
    """Approve, refuse or cancel several enrolments at once."""

    APPROVE = "approve"
    REFUSE = "refuse"
    CANCEL = "cancel"
    ACTIONS = [
        (APPROVE, _("Approva")),
        (REFUSE, _("Rifiuta")),
        (CANCEL, _("Annulla il posto")),
    ]
    ALLOWED_STATUSES = {
        APPROVE: {Enrolment.Status.REQUESTED},
        REFUSE: {Enrolment.Status.REQUESTED, Enrolment.Status.WAITLISTED},
        CANCEL: {
            Enrolment.Status.APPROVED,
            Enrolment.Status.REQUESTED,
            Enrolment.Status.WAITLISTED,
        },
    }

    enrolments = forms.ModelMultipleChoiceField(
        queryset=Enrolment.objects.none(),
        label=_("Iscrizioni"),
        error_messages={"required": _("Seleziona almeno un'iscrizione.")},
    )
    action = forms.ChoiceField(choices=ACTIONS, label=_("Azione"))
    reason = forms.CharField(
        label=_("Motivazione (per i rifiuti)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm_refusal = forms.BooleanField(
        label=_("Confermo il rifiuto: ogni persona scelta riceve la motivazione per email"),
        required=False,
    )

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["enrolments"]).queryset = enrolments

    def clean(self):
        cleaned = super().clean()
        action, chosen = cleaned.get("action"), cleaned.get("enrolments")
        if action == self.REFUSE:
            if not cleaned.get("reason", "").strip():
                self.add_error(
                    "reason",
                    _("Scrivi la motivazione del rifiuto: la persona la riceve per email."),
                )
            if not cleaned.get("confirm_refusal"):
                self.add_error(
                    "confirm_refusal", _("Per rifiutare, spunta la conferma del rifiuto.")
                )
        if action and chosen:
            wrong = [e for e in chosen if e.status not in self.ALLOWED_STATUSES[action]]
            if wrong:
                self.add_error(
                    "enrolments",
                    _("L'azione scelta non vale per: %(people)s.")
                    % {"people": ", ".join(str(e.user) for e in wrong)},
                )
        return cleaned


class PersonEnrolmentForm(forms.Form):
    """Enrol one person by hand: an existing account, or a new one made from these details."""

    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(
        label=_("Nome"), max_length=150, required=False, help_text=_("Solo per una persona nuova.")
    )
    last_name = forms.CharField(
        label=_("Cognome"),
        max_length=150,
        required=False,
        help_text=_("Solo per una persona nuova."),
    )
    centre = forms.ModelChoiceField(
        label=_("Centro per l'impiego"),
        queryset=EmploymentCentre.objects.select_related("cluster"),
        required=False,
        help_text=_("Solo per una persona nuova."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned is None:  # a base clean() may return None: cleaned_data then stands
            cleaned = self.cleaned_data
        email = cleaned.get("email")
        if email:
            cleaned["email"] = email = email.strip().lower()
            self.person = User.objects.filter(email__iexact=email).first()
            if self.person is None:
                for name in ("first_name", "last_name", "centre"):
                    if not cleaned.get(name):
                        self.add_error(
                            name, _("Nessun account con questa email: serve per crearlo.")
                        )
        return cleaned


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File CSV o XLSX"),
        help_text=_("CSV con codifica UTF-8 oppure XLSX, fino a 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
