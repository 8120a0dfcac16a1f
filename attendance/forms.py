"""The register's forms: a whole day at once, the self check-in code, closing and reopening."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.forms import HoursField
from website.core.forms import PlainTextMixin

from .models import AttendanceStatus
from .services import Mark, hours_problem

NOT_MARKED = ("", _("— da segnare —"))
REASON_MAX_LENGTH = 1000


class DayRegisterForm(PlainTextMixin, forms.Form):
    """One status and, for partial days, the hours of each confirmed participant of a day.

    ``rows`` are (enrolment, record or None) pairs, as ``selectors.day_register``
    gives them. A register that is closed asks for the reason of the change.
    """

    reason = forms.CharField(
        label=_("Motivo della modifica"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Il registro è chiuso: il motivo resta nello storico con la modifica."),
    )

    def __init__(self, *args, session, rows, closed, **kwargs):
        super().__init__(*args, **kwargs)
        self.session, self.rows, self.closed = session, rows, closed
        if not closed:
            del self.fields["reason"]
        for enrolment, record in rows:
            person = enrolment.user
            name = f"{person.last_name} {person.first_name}".strip()
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=_("Stato di %(name)s") % {"name": name},
                choices=[NOT_MARKED, *AttendanceStatus.choices],
                required=False,
                initial=record.status if record else "",
            )
            self.fields[f"hours_{person.pk}"] = HoursField(
                label=_("Ore di %(name)s") % {"name": name},
                required=False,
                initial=record.hours if record else None,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "size": 4, "autocomplete": "off"}
                ),
            )

    @property
    def unmarked(self) -> int:
        return sum(record is None for _enrolment, record in self.rows)

    def lines(self):
        """(enrolment, record, status field, hours field) for each row, to lay out a table."""
        for enrolment, record in self.rows:
            yield (
                enrolment,
                record,
                self[f"status_{enrolment.user_id}"],
                self[f"hours_{enrolment.user_id}"],
            )

    def clean(self):
        cleaned = super().clean()
        self.marks = []
        for enrolment, record in self.rows:
            status_name, hours_name = f"status_{enrolment.user_id}", f"hours_{enrolment.user_id}"
            if status_name not in cleaned:
                continue  # the choice itself was refused
            status = cleaned[status_name]
            if not status:
                if record is not None:
                    self.add_error(
                        status_name,
                        _("Una presenza già registrata non si cancella: scegli uno stato."),
                    )
                continue
            hours = cleaned.get(hours_name)
            if hours_name in self.errors:
                continue
            problem = hours_problem(self.session, status, hours)
            if problem:
                self.add_error(hours_name, problem)
                continue
            self.marks.append(Mark(enrolment.user_id, status, hours))
        return cleaned


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Codice mostrato in aula"),
        max_length=12,
        help_text=_("Sei cifre: il codice cambia ogni minuto."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}
        ),
    )


class CloseRegisterForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Nota (facoltativa)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenRegisterForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motivo della riapertura"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Resta nello storico del registro."),
    )
