"""Changing assessments, plans and visits. Each function is one transaction, checks the
rules for every caller (views, the demo, tests) and writes the change to the history."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape, linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.models import Programme
from website.accounts.models import Cluster, EmploymentCentre, User
from website.core.exceptions import Refused
from website.core.links import absolute_url
from website.core.uploads import LIBRARY, POLICIES, check_upload
from website.notifications.notices import tell

from . import permissions, scoring
from .models import (
    Action,
    ActionReminder,
    Assessment,
    CafModel,
    CoachingVisit,
    ConsensusEntry,
    EvidenceFile,
    HistoryEntry,
    ImprovementPlan,
    Indicator,
    IndividualEntry,
    Panel,
    ProgressUpdate,
    SubCriterion,
)

if TYPE_CHECKING:
    from website.cms.models import GoodPracticePage

    from .models import CoachAssignment

TEXT_MAX_LENGTH = 5000
MAX_FILES_PER_ENTRY = 5
# Evidence files follow the library's policy: documents and plain text, read from the bytes.
EVIDENCE_POLICY = POLICIES[LIBRARY]


def _log(
    *,
    by: User,
    verb: str,
    assessment: Assessment | None = None,
    plan: ImprovementPlan | None = None,
    visit: CoachingVisit | None = None,
    centre: EmploymentCentre | None = None,
    **data: Any,
) -> None:
    if centre is None:
        source = assessment or (plan.assessment if plan else None)
        centre_id = visit.centre_id if visit else (source.centre_id if source else None)
    else:
        centre_id = centre.pk
    HistoryEntry.objects.create(
        by=by,
        verb=verb,
        assessment=assessment or (plan.assessment if plan else None),
        plan=plan,
        visit=visit,
        centre_id=centre_id,
        data=data,
    )


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _scope_staff(*, centre: EmploymentCentre | None, cluster: Cluster | None) -> QuerySet[User]:
    if centre is not None:
        return User.objects.filter(centre=centre)
    return User.objects.filter(centre__cluster=cluster)


# ---------------------------------------------------------------- assessments


@transaction.atomic
def assessment_open(
    *,
    by: User,
    title: str,
    panel: str,
    starts_on: date,
    ends_on: date,
    facilitator: User,
    members: Iterable[User],
    centre: EmploymentCentre | None = None,
    cluster: Cluster | None = None,
    programme: Programme | None = None,
) -> Assessment:
    """A new self-assessment of a centre (or of a cluster) with the current CAF model."""
    if (centre is None) == (cluster is None):
        raise Refused(_("Scegli un centro oppure un cluster."))
    if not permissions.can_open_assessment(by, centre=centre, cluster=cluster):
        raise Refused(_("Non puoi aprire un'autovalutazione per questo centro."))
    if panel not in Panel.values:
        raise Refused(_("Scegli la griglia di punteggio."))
    if not title.strip():
        raise Refused(_("Scrivi un titolo."))
    if ends_on < starts_on:
        raise Refused(_("La fine non può precedere l'inizio."))
    members = list(members)
    if not members:
        raise Refused(_("Il gruppo di autovalutazione ha almeno un componente."))
    staff = set(
        _scope_staff(centre=centre, cluster=cluster)
        .filter(pk__in=[m.pk for m in members])
        .values_list("pk", flat=True)
    )
    outsiders = [str(m) for m in members if m.pk not in staff]
    if outsiders:
        raise Refused(
            _("Il gruppo si compone del personale del centro: %(names)s non ne fa parte.")
            % {"names": ", ".join(outsiders)}
        )
    model = CafModel.objects.filter(is_current=True).order_by("-year").first()
    if model is None:
        raise Refused(_("Nessun modello CAF in uso."))
    scope_cluster = centre.cluster if centre is not None else cluster
    if scope_cluster is None:  # not reached: a centre or a cluster is required above
        raise Refused(_("Scegli un centro oppure un cluster."))
    assessment = Assessment.objects.create(
        model=model,
        centre=centre,
        cluster=scope_cluster,
        programme=programme,
        title=title.strip(),
        panel=panel,
        starts_on=starts_on,
        ends_on=ends_on,
        facilitator=facilitator,
        created_by=by,
    )
    assessment.members.set(members)
    _log(
        by=by,
        verb="assessment_opened",
        assessment=assessment,
        panel=panel,
        facilitator=facilitator.pk,
        members=sorted(m.pk for m in members),
        programme=programme.pk if programme is not None else None,
    )
    return assessment


def _text(raw: str | None, label: str | Promise) -> str:
    value = (raw or "").strip()
    if len(value) > TEXT_MAX_LENGTH:
        raise Refused(
            _("%(field)s: al massimo %(max)d caratteri.") % {"field": label, "max": TEXT_MAX_LENGTH}
        )
    return value


def _links(raw: str | None) -> str:
    lines = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    for line in lines:
        if not line.startswith(("https://", "http://")) or len(line) > 500 or " " in line:
            raise Refused(
                _("Collegamenti: «%(link)s» non è un indirizzo web (uno per riga, con https://).")
                % {"link": line[:80]}
            )
    return "\n".join(lines)


def clean_entry(
    assessment: Assessment,
    subcriterion: SubCriterion,
    raw: Mapping[str, Any],
    *,
    required: bool = False,
) -> dict[str, Any]:
    """What to store for one sub-criterion from what was sent, or Refused saying what is wrong."""
    is_enabler = subcriterion.criterion.is_enabler
    scores = {
        name: scoring.parse_score(raw.get(name), scoring.PHASE_LABELS[name])
        for name in scoring.ALL_SCORES
    }
    value = scoring.sub_value(
        assessment.panel, is_enabler=is_enabler, scores=scores, required=required
    )
    cleaned = {
        "strengths": _text(raw.get("strengths"), _("Punti di forza")),
        "improvements": _text(raw.get("improvements"), _("Aree di miglioramento")),
        "ideas": _text(raw.get("ideas"), _("Idee per azioni di miglioramento")),
        **scores,
        "value": value,
    }
    if "evidence" in raw or "links" in raw:
        cleaned["evidence"] = _text(raw.get("evidence"), _("Evidenze"))
        cleaned["links"] = _links(raw.get("links"))
    return cleaned


def _snapshot(entry: IndividualEntry | ConsensusEntry) -> dict[str, Any]:
    data = {name: getattr(entry, name) for name in (*entry.TEXT_NAMES, *entry.SCORE_NAMES)}
    data["value"] = str(entry.value) if entry.value is not None else None
    return data


@transaction.atomic
def individual_save(
    *,
    assessment: Assessment,
    member: User,
    entries: Mapping[int, Mapping[str, Any]],
    files: Mapping[int, list[Any]] | None = None,
) -> int:
    """Save the member's own assessment of the sub-criteria in ``entries`` (by id).

    Everything is checked before anything is written: one refusal and nothing
    changes. Returns how many sub-criteria changed.
    """
    assessment = _locked(assessment)
    if not permissions.can_write_individual(member, assessment):
        raise Refused(_("Le valutazioni individuali di questa autovalutazione sono chiuse."))
    subs = {
        sub.pk: sub
        for sub in SubCriterion.objects.filter(
            criterion__model=assessment.model_id, pk__in=list(entries)
        ).select_related("criterion")
    }
    files = files or {}
    cleaned = {}
    for sub_id, raw in entries.items():
        sub = subs.get(sub_id)
        if sub is None:
            raise Refused(_("Sottocriterio sconosciuto."))
        try:
            cleaned[sub_id] = clean_entry(assessment, sub, {"evidence": "", **raw})
        except Refused as refusal:
            raise Refused(f"{sub.code}: {refusal.message}") from None
    checked = {}
    existing = {
        entry.subcriterion_id: entry
        for entry in IndividualEntry.objects.filter(
            assessment=assessment, member=member
        ).prefetch_related("files")
    }
    for sub_id, uploads in files.items():
        if sub_id not in subs:
            raise Refused(_("Sottocriterio sconosciuto."))
        already = len(existing[sub_id].files.all()) if sub_id in existing else 0
        if already + len(uploads) > MAX_FILES_PER_ENTRY:
            raise Refused(
                _("%(code)s: al massimo %(max)d file per sottocriterio.")
                % {"code": subs[sub_id].code, "max": MAX_FILES_PER_ENTRY}
            )
        try:
            checked[sub_id] = [check_upload(upload, EVIDENCE_POLICY) for upload in uploads]
        except Refused as refusal:
            raise Refused(f"{subs[sub_id].code}: {refusal.message}") from None
    changed = 0
    for sub_id, values in cleaned.items():
        entry = existing.get(sub_id)
        if entry is None:
            if not any(v not in (None, "") for v in values.values()) and sub_id not in checked:
                continue
            entry = IndividualEntry(assessment=assessment, member=member, subcriterion_id=sub_id)
        elif all(getattr(entry, k) == v for k, v in values.items()) and sub_id not in checked:
            continue
        for name, value in values.items():
            setattr(entry, name, value)
        entry.save()
        for upload in checked.get(sub_id, []):
            EvidenceFile.objects.create(
                entry=entry,
                file=upload.file,
                name=upload.name,
                content_type=upload.kind.content_type,
            )
        changed += 1
        _log(
            by=member,
            verb="individual_saved",
            assessment=assessment,
            subcriterion=subs[sub_id].code,
            files=[upload.name for upload in checked.get(sub_id, [])],
            **_snapshot(entry),
        )
    return changed


@transaction.atomic
def consensus_start(*, assessment: Assessment, by: User) -> Assessment:
    """The individual phase ends: the group sees the scores side by side."""
    assessment = _locked(assessment)
    if not permissions.can_start_consensus(by, assessment):
        raise Refused(_("Il consenso si apre solo dopo le valutazioni individuali."))
    if not IndividualEntry.objects.filter(assessment=assessment, value__isnull=False).exists():
        raise Refused(_("Nessun componente ha ancora dato un punteggio."))
    assessment.status = Assessment.Status.CONSENSUS
    assessment.save(update_fields=["status"])
    _log(by=by, verb="consensus_started", assessment=assessment)
    return assessment


@transaction.atomic
def consensus_save(
    *, assessment: Assessment, by: User, subcriterion: SubCriterion, values: Mapping[str, Any]
) -> ConsensusEntry:
    """The group's agreed score and text for one sub-criterion (score required)."""
    assessment = _locked(assessment)
    if not permissions.can_run_consensus(by, assessment):
        raise Refused(_("Il consenso di questa autovalutazione non è aperto."))
    if subcriterion.criterion.model_id != assessment.model_id:
        raise Refused(_("Sottocriterio sconosciuto."))
    cleaned = clean_entry(assessment, subcriterion, values, required=True)
    entry, _created = ConsensusEntry.objects.update_or_create(
        assessment=assessment,
        subcriterion=subcriterion,
        defaults={**cleaned, "agreed_by": by},
    )
    _log(
        by=by,
        verb="consensus_saved",
        assessment=assessment,
        subcriterion=subcriterion.code,
        **_snapshot(entry),
    )
    return entry


@transaction.atomic
def assessment_close(*, assessment: Assessment, by: User) -> Assessment:
    """Close the assessment: every sub-criterion needs its agreed score. Frozen from then on."""
    assessment = _locked(assessment)
    if not permissions.can_run_consensus(by, assessment):
        raise Refused(_("Questa autovalutazione non si può chiudere ora."))
    missing = list(
        SubCriterion.objects.filter(criterion__model=assessment.model_id)
        .exclude(
            pk__in=ConsensusEntry.objects.filter(assessment=assessment, value__isnull=False).values(
                "subcriterion_id"
            )
        )
        .values_list("code", flat=True)
    )
    if missing:
        raise Refused(
            _("Manca il punteggio di consenso per: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    assessment.status = Assessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["status", "closed_at"])
    _log(
        by=by,
        verb="assessment_closed",
        assessment=assessment,
        consensus={
            code: str(value)
            for code, value in ConsensusEntry.objects.filter(assessment=assessment).values_list(
                "subcriterion__code", "value"
            )
        },
    )
    return assessment


# ---------------------------------------------------------------- plans


@transaction.atomic
def plan_create(*, assessment: Assessment, by: User, title: str) -> ImprovementPlan:
    assessment = _locked(assessment)
    if not permissions.can_create_plan(by, assessment):
        raise Refused(_("Il piano si costruisce su un'autovalutazione chiusa."))
    if ImprovementPlan.objects.filter(assessment=assessment).exists():
        raise Refused(_("Questa autovalutazione ha già un piano di miglioramento."))
    if not title.strip():
        raise Refused(_("Scrivi un titolo."))
    plan = ImprovementPlan.objects.create(assessment=assessment, title=title.strip(), created_by=by)
    _log(by=by, verb="plan_created", plan=plan, title=plan.title)
    return plan


def _action_problems(
    *,
    starts_on: date,
    due_on: date,
    impact: int,
    feasibility: int,
    status: str,
    dropped_reason: str,
) -> None:
    if due_on < starts_on:
        raise Refused(_("La scadenza non può precedere l'inizio."))
    for label, value in ((_("Impatto"), impact), (_("Fattibilità"), feasibility)):
        if not 1 <= value <= 5:
            raise Refused(_("%(field)s va da 1 a 5.") % {"field": label})
    if status not in Action.Status.values:
        raise Refused(_("Stato sconosciuto."))
    if status == Action.Status.DROPPED and not dropped_reason.strip():
        raise Refused(_("Un'azione abbandonata ne dice il motivo."))


@transaction.atomic
def action_save(
    *,
    plan: ImprovementPlan,
    by: User,
    title: str,
    goal: str,
    owner: User,
    starts_on: date,
    due_on: date,
    impact: int,
    feasibility: int,
    subcriteria: Iterable[SubCriterion],
    action: Action | None = None,
    status: str = Action.Status.PLANNED,
    dropped_reason: str = "",
) -> Action:
    """Add an action to the plan, or change one of its actions."""
    if not permissions.can_edit_plan(by, plan):
        raise Refused(_("Non puoi modificare questo piano."))
    _action_problems(
        starts_on=starts_on,
        due_on=due_on,
        impact=impact,
        feasibility=feasibility,
        status=status,
        dropped_reason=dropped_reason,
    )
    subcriteria = list(subcriteria)
    if not subcriteria:
        raise Refused(_("Indica almeno un sottocriterio che l'azione affronta."))
    if any(sub.criterion.model_id != plan.assessment.model_id for sub in subcriteria):
        raise Refused(_("Sottocriterio sconosciuto."))
    if action is None:
        action = Action(plan=plan)
    elif action.plan_id != plan.pk:
        raise Refused(_("L'azione non è di questo piano."))
    action.title = title.strip()
    action.goal = goal.strip()
    action.owner = owner
    action.starts_on, action.due_on = starts_on, due_on
    action.impact, action.feasibility = impact, feasibility
    action.status = status
    action.dropped_reason = dropped_reason.strip() if status == Action.Status.DROPPED else ""
    if status == Action.Status.DONE and action.done_on is None:
        action.done_on = timezone.localdate()
    action.save()
    action.subcriteria.set(subcriteria)
    _log(
        by=by,
        verb="action_saved",
        plan=plan,
        action=action.pk,
        title=action.title,
        owner=owner.pk,
        starts_on=str(starts_on),
        due_on=str(due_on),
        impact=impact,
        feasibility=feasibility,
        status=status,
        subcriteria=[sub.code for sub in subcriteria],
    )
    return action


def _decimal(raw: object, label: str | Promise) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise Refused(
            _("%(field)s: scrivi un numero, ad esempio 12,5.") % {"field": label}
        ) from None
    if not value.is_finite() or abs(value) >= Decimal("1e8"):
        raise Refused(_("%(field)s: numero non valido.") % {"field": label})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def indicator_add(
    *, action: Action, by: User, name: str, unit: str, baseline: object, target: object
) -> Indicator:
    if not permissions.can_edit_plan(by, action.plan):
        raise Refused(_("Non puoi modificare questo piano."))
    if not name.strip():
        raise Refused(_("Dai un nome all'indicatore."))
    baseline = _decimal(baseline, _("Valore di partenza"))
    target = _decimal(target, _("Obiettivo"))
    if baseline == target:
        raise Refused(_("L'obiettivo deve essere diverso dal valore di partenza."))
    indicator = Indicator.objects.create(
        action=action, name=name.strip(), unit=unit.strip(), baseline=baseline, target=target
    )
    _log(
        by=by,
        verb="indicator_added",
        plan=action.plan,
        action=action.pk,
        name=indicator.name,
        baseline=str(baseline),
        target=str(target),
    )
    return indicator


@transaction.atomic
def action_update(
    *,
    action: Action,
    by: User,
    text: str,
    status: str,
    dropped_reason: str = "",
    values: Mapping[int, object] | None = None,
) -> ProgressUpdate:
    """A progress update on the action's timeline: what happened, its status, indicator values."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("plan__assessment")
        .get(pk=action.pk)
    )
    if not permissions.can_edit_plan(by, action.plan):
        raise Refused(_("Non puoi modificare questo piano."))
    if not text.strip():
        raise Refused(_("Scrivi cosa è stato fatto."))
    if status not in Action.Status.values:
        raise Refused(_("Stato sconosciuto."))
    if status == Action.Status.DROPPED and not dropped_reason.strip():
        raise Refused(_("Un'azione abbandonata ne dice il motivo."))
    indicators = {indicator.pk: indicator for indicator in action.indicators.all()}
    new_values = {}
    for indicator_id, raw in (values or {}).items():
        if indicator_id not in indicators:
            raise Refused(_("Indicatore sconosciuto."))
        if raw in (None, ""):
            continue
        new_values[indicator_id] = _decimal(raw, indicators[indicator_id].name)
    for indicator_id, value in new_values.items():
        indicator = indicators[indicator_id]
        indicator.current = value
        indicator.save(update_fields=["current"])
    action.status = status
    action.dropped_reason = dropped_reason.strip() if status == Action.Status.DROPPED else ""
    if status == Action.Status.DONE and action.done_on is None:
        action.done_on = timezone.localdate()
    action.save(update_fields=["status", "dropped_reason", "done_on"])
    update = ProgressUpdate.objects.create(
        action=action,
        author=by,
        text=text.strip(),
        status=status,
        values={str(k): str(v) for k, v in new_values.items()},
    )
    _log(
        by=by,
        verb="action_updated",
        plan=action.plan,
        action=action.pk,
        status=status,
        text=update.text,
        values=update.values,
    )
    return update


@transaction.atomic
def action_propose_good_practice(*, action: Action, by: User) -> "GoodPracticePage":
    """A draft good practice in the web channel, pre-filled from a finished action.

    Saved as a draft revision (never published): editors take it through the
    channel's editorial workflow.
    """
    from website.cms.models import GoodPracticeIndexPage, GoodPracticePage
    from website.cms.urn import REGION_NAMES

    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related(
            "plan__assessment__centre__cluster__region", "plan__assessment__cluster__region"
        )
        .get(pk=action.pk)
    )
    if not permissions.can_edit_plan(by, action.plan):
        raise Refused(_("Non puoi modificare questo piano."))
    if action.status != Action.Status.DONE:
        raise Refused(_("Si propone come buona pratica solo un'azione conclusa."))
    if action.good_practice_page_id:
        raise Refused(_("Questa azione è già stata proposta come buona pratica."))
    index = GoodPracticeIndexPage.objects.first()
    if index is None:
        raise Refused(_("Il canale web non ha ancora la sezione delle buone pratiche."))
    assessment = action.plan.assessment
    region = assessment.cluster.region
    region_code = region.code if region.code in REGION_NAMES else ""
    updates = list(action.updates.order_by("at"))
    indicators = list(action.indicators.all())

    def paragraphs(text: str) -> str:
        return linebreaks(escape(text))

    results = "".join(
        f"<p>{escape(i.name)}: {i.baseline:g} → {i.current if i.current is not None else '—'}"
        f" ({_('obiettivo')} {i.target:g} {escape(i.unit)})</p>"
        for i in indicators
    )
    page = GoodPracticePage(
        title=action.title,
        slug=slugify(f"{action.title}-{action.pk}")[:200],
        intro=action.goal[:600],
        live=False,
        region=region_code,
        centre=assessment.centre,
        purpose=paragraphs(action.goal),
        activities="".join(paragraphs(update.text) for update in updates) or "<p></p>",
        beneficiaries="<p></p>",
        results=results or "<p></p>",
        transferability="<p></p>",
        owner=by,
    )
    index.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    action.good_practice_page_id = page.pk
    action.save(update_fields=["good_practice_page_id"])
    _log(by=by, verb="good_practice_proposed", plan=action.plan, action=action.pk, page=page.pk)
    return page


def overdue_reminders_send(*, today: date | None = None) -> int:
    """Tell owners and the centre's managers about overdue actions, once per due date."""
    today = today or timezone.localdate()
    actions = (
        Action.objects.filter(status__in=Action.OPEN_STATUSES, due_on__lt=today)
        .select_related("owner", "plan__assessment__centre")
        .prefetch_related("plan__assessment__centre__managers")
    )
    sent = 0
    for action in actions:
        centre = action.plan.assessment.centre
        people = {action.owner}
        if centre is not None:
            people.update(centre.managers.all())
        for person in people:
            if not person.is_active:
                continue
            with transaction.atomic():
                _reminder, created = ActionReminder.objects.get_or_create(
                    action=action, user=person, due_on=action.due_on
                )
                if not created:
                    continue
                url = reverse("quality:plan", args=[action.plan_id]) + f"#azione-{action.pk}"
                tell(
                    person,
                    "quality/emails/action_overdue",
                    {"action": action, "person": person, "plan_url": absolute_url(url)},
                    kind="quality-action-overdue",
                    url=url,
                )
            sent += 1
    return sent


# ---------------------------------------------------------------- coaching


@transaction.atomic
def coach_assign(*, centre: EmploymentCentre, coach: User, by: User) -> "CoachAssignment":
    from .models import CoachAssignment

    if not permissions.manages_quality(by):
        raise Refused(_("Solo la gestione della formazione assegna i coach."))
    if not coach.has_perm("quality.coach_centres"):
        raise Refused(_("Questa persona non ha il ruolo di coach."))
    assignment, _created = CoachAssignment.objects.get_or_create(centre=centre, coach=coach)
    _log(by=by, verb="coach_assigned", centre=centre, coach=coach.pk)
    return assignment


@transaction.atomic
def visit_record(
    *,
    coach: User,
    centre: EmploymentCentre,
    date: date,
    hours: object,
    topics: str,
    participants: Iterable[User] = (),
    actions: Iterable[Action] = (),
    next_steps: str = "",
    visit: CoachingVisit | None = None,
) -> CoachingVisit:
    """Record (or correct, before confirmation) a coaching visit to a centre."""
    if visit is None and not permissions.can_record_visit(coach, centre):
        raise Refused(_("Non segui questo centro come coach."))
    if visit is not None:
        visit = CoachingVisit.objects.select_for_update().get(pk=visit.pk)
        if not permissions.can_change_visit(coach, visit):
            raise Refused(_("Una visita confermata non si modifica."))
        centre = visit.centre
    hours = _decimal(hours, _("Ore"))
    if not Decimal("0.5") <= hours <= Decimal("12") or hours != hours.quantize(Decimal("0.1")):
        raise Refused(_("Le ore di una visita vanno da 0,5 a 12, con al più un decimale."))
    if date > timezone.localdate() + timedelta(days=365):
        raise Refused(_("La data è troppo lontana."))
    if not topics.strip():
        raise Refused(_("Scrivi i temi trattati."))
    participants = list(participants)
    strangers = [p for p in participants if p.centre_id != centre.pk]
    if strangers:
        raise Refused(_("I partecipanti sono il personale del centro."))
    actions = list(actions)
    if any(a.plan.assessment.centre_id != centre.pk for a in actions):
        raise Refused(_("Le azioni sono del piano di questo centro."))
    if visit is None:
        visit = CoachingVisit(centre=centre, coach=coach)
    visit.date, visit.hours = date, hours
    visit.topics, visit.next_steps = (
        _text(topics, _("Temi")),
        _text(next_steps, _("Prossimi passi")),
    )
    visit.save()
    visit.participants.set(participants)
    visit.actions.set(actions)
    _log(
        by=coach,
        verb="visit_recorded",
        visit=visit,
        date=str(date),
        hours=str(hours),
        participants=[p.pk for p in participants],
        actions=[a.pk for a in actions],
        topics=visit.topics,
        next_steps=visit.next_steps,
    )
    return visit


@transaction.atomic
def visit_confirm(*, visit: CoachingVisit, by: User) -> CoachingVisit:
    visit = (
        CoachingVisit.objects.select_for_update(of=("self",))
        .select_related("centre")
        .get(pk=visit.pk)
    )
    if not permissions.can_confirm_visit(by, visit):
        raise Refused(_("Solo i dirigenti del centro confermano una visita non ancora confermata."))
    visit.confirmed_at = timezone.now()
    visit.confirmed_by = by
    visit.save(update_fields=["confirmed_at", "confirmed_by"])
    _log(by=by, verb="visit_confirmed", visit=visit)
    return visit
