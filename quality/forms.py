"""Forms of the quality pages. Rules live in services; forms read and show what was sent."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Programme
from website.accounts.models import Cluster, EmploymentCentre, User
from website.core.forms import PlainTextMixin

from .models import Action, Assessment, Panel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AssessmentOpenForm(PlainTextMixin, forms.Form):
    scope = forms.ChoiceField(
        label=_("Centro o cluster"),
        help_text=_("Un cluster intero riunisce nel gruppo il personale di tutti i suoi centri."),
    )
    title = forms.CharField(label=_("Titolo"), max_length=200)
    programme = forms.ModelChoiceField(
        label=_("Piano formativo"),
        queryset=Programme.objects.order_by("-starts_on", "title"),
        required=False,
        help_text=_("Il laboratorio sarà contato nel report di questo piano."),
    )
    panel = forms.ChoiceField(
        label=_("Griglia di punteggio"), choices=Panel.choices, widget=forms.RadioSelect
    )
    starts_on = forms.DateField(label=_("Inizio"), widget=DateInput())
    ends_on = forms.DateField(label=_("Fine prevista"), widget=DateInput())
    facilitator = forms.ModelChoiceField(label=_("Facilitatore"), queryset=User.objects.none())
    members = forms.ModelMultipleChoiceField(
        label=_("Gruppo di autovalutazione"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Il personale del centro (o del cluster) che compila la propria valutazione."),
    )

    def __init__(self, *args, clusters, centres, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.clusters = {cluster.pk: cluster for cluster in clusters}
        self.centres = {centre.pk: centre for centre in centres}
        # Grouped by cluster: the whole cluster first (where one may open it), then its centres.
        groups: dict[int, list[tuple[str, str]]] = {}
        names: dict[int, str] = {}
        for cluster in self.clusters.values():
            names[cluster.pk] = cluster.name
            groups.setdefault(cluster.pk, []).append(
                (f"cluster:{cluster.pk}", _("Tutto il cluster %(name)s") % {"name": cluster.name})
            )
        for centre in self.centres.values():
            names.setdefault(centre.cluster_id, centre.cluster.name)
            groups.setdefault(centre.cluster_id, []).append((f"centre:{centre.pk}", centre.name))
        cast(forms.ChoiceField, self.fields["scope"]).choices = [
            ("", "---------"),
            *(
                (names[pk], choices)
                for pk, choices in sorted(groups.items(), key=lambda g: names[g[0]])
            ),
        ]
        cast(forms.ModelChoiceField, self.fields["facilitator"]).queryset = people
        cast(forms.ModelMultipleChoiceField, self.fields["members"]).queryset = people

    def clean_scope(self) -> EmploymentCentre | Cluster:
        kind, _sep, pk = self.cleaned_data["scope"].partition(":")
        return (self.centres if kind == "centre" else self.clusters)[int(pk)]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La fine non può precedere l'inizio."))
        return cleaned


class PlanForm(PlainTextMixin, forms.Form):
    title = forms.CharField(label=_("Titolo del piano"), max_length=200)


class ActionForm(PlainTextMixin, forms.Form):
    title = forms.CharField(label=_("Azione"), max_length=200)
    goal = forms.CharField(label=_("Obiettivo"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Responsabile"), queryset=User.objects.none())
    starts_on = forms.DateField(label=_("Inizio"), widget=DateInput())
    due_on = forms.DateField(label=_("Scadenza"), widget=DateInput())
    subcriteria = forms.MultipleChoiceField(
        label=_("Sottocriteri affrontati"), widget=forms.CheckboxSelectMultiple
    )
    impact = forms.TypedChoiceField(
        label=_("Impatto (1–5)"), coerce=int, choices=[(i, i) for i in range(1, 6)]
    )
    feasibility = forms.TypedChoiceField(
        label=_("Fattibilità (1–5)"), coerce=int, choices=[(i, i) for i in range(1, 6)]
    )
    status = forms.ChoiceField(label=_("Stato"), choices=Action.Status.choices)
    dropped_reason = forms.CharField(
        label=_("Motivo dell'abbandono"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obbligatorio per un'azione abbandonata."),
    )

    def __init__(self, *args, people, subcriteria, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people
        self.subcriteria_by_pk = {str(sub.pk): sub for sub in subcriteria}
        cast(forms.MultipleChoiceField, self.fields["subcriteria"]).choices = [
            (str(sub.pk), f"{sub.code} {sub.title}") for sub in subcriteria
        ]

    def clean(self):
        cleaned = super().clean()
        starts, due = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", _("La scadenza non può precedere l'inizio."))
        if cleaned.get("status") == Action.Status.DROPPED and not cleaned.get("dropped_reason"):
            self.add_error("dropped_reason", _("Un'azione abbandonata ne dice il motivo."))
        return cleaned

    def chosen_subcriteria(self):
        return [self.subcriteria_by_pk[pk] for pk in self.cleaned_data["subcriteria"]]


class IndicatorForm(PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Indicatore"), max_length=200)
    unit = forms.CharField(label=_("Unità di misura"), max_length=40, required=False)
    baseline = forms.DecimalField(label=_("Valore di partenza"), max_digits=10, decimal_places=2)
    target = forms.DecimalField(label=_("Obiettivo"), max_digits=10, decimal_places=2)


class ProgressForm(PlainTextMixin, forms.Form):
    text = forms.CharField(label=_("Cosa è stato fatto"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Stato dopo l'aggiornamento"), choices=Action.Status.choices)
    dropped_reason = forms.CharField(
        label=_("Motivo dell'abbandono"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=_("Valore attuale di «%(name)s»") % {"name": indicator.name},
                required=False,
                max_digits=10,
                decimal_places=2,
            )

    def indicator_values(self):
        return {
            indicator.pk: self.cleaned_data.get(f"indicator_{indicator.pk}")
            for indicator in self.indicators
        }


class VisitForm(PlainTextMixin, forms.Form):
    centre = forms.ModelChoiceField(
        label=_("Centro per l'impiego"), queryset=EmploymentCentre.objects.none()
    )
    date = forms.DateField(label=_("Data"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Ore"), min_value=0.5, max_value=12, max_digits=4, decimal_places=1
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Chi ha partecipato"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.CharField(label=_("Temi trattati"), widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.ModelMultipleChoiceField(
        label=_("Azioni del piano affrontate"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_steps = forms.CharField(
        label=_("Prossimi passi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["centre"]).queryset = centres
        participants = cast(forms.ModelMultipleChoiceField, self.fields["participants"])
        participants.queryset = User.objects.filter(centre__in=centres, is_active=True).order_by(
            "last_name", "first_name"
        )
        actions = cast(forms.ModelMultipleChoiceField, self.fields["actions"])
        actions.queryset = Action.objects.filter(
            plan__assessment__centre__in=centres, status__in=Action.OPEN_STATUSES
        ).select_related("plan__assessment__centre")
        # Set on this form's own copy of the field, the way Django's documentation shows.
        actions.label_from_instance = lambda a: f"{a.title} ({a.plan.assessment.centre})"  # type: ignore[method-assign, assignment]


ASSESSMENT_STATUS = Assessment.Status
