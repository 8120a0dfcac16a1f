"""The quality pages: assessments, consensus, report, plans, visits, benchlearning."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from courses.models import CalendarFeed
from courses.services import calendar_feed_for
from website.accounts.models import Cluster, EmploymentCentre, User
from website.accounts.relations import coached_cluster_ids
from website.core.exceptions import Refused
from website.core.files import protected_content_response, protected_file_response
from website.core.links import absolute_url
from website.core.navigation import Crumb, trail
from website.core.spreadsheets import xlsx_response

from . import calendars, pdf, permissions, scoring, selectors, services
from .charts import score_chart
from .forms import (
    ActionForm,
    AssessmentOpenForm,
    IndicatorForm,
    PlanForm,
    ProgressForm,
    VisitForm,
)
from .models import (
    Action,
    Assessment,
    CoachingVisit,
    EvidenceFile,
    ImprovementPlan,
    IndividualEntry,
    Panel,
    SubCriterion,
)
from .relations import coached_centres


def _assessment(request, pk, check=permissions.can_view_assessment) -> Assessment:
    assessment = get_object_or_404(selectors.assessment_queryset(), pk=pk)
    selectors.with_member_ids(assessment)
    if not check(request.user, assessment):
        raise Http404
    return assessment


def _quality_trail(current: str | None = None, assessment=None) -> list[Crumb]:
    """The quality section, the assessment (if any), then ``current`` (the section if None)."""
    if current is None:
        return trail(Crumb(_("Qualità dei centri")))
    return trail(
        (_("Qualità dei centri"), reverse("quality:index")),
        (assessment.title, reverse("quality:assessment", args=[assessment.pk]))
        if assessment is not None
        else None,
        Crumb(current),
    )


@login_required
def index(request):
    user = request.user
    visible = selectors.visible_assessments(user)  # built once: its filter is costly to build
    assessments = visible.order_by("-starts_on", "-pk")[:50]
    plans = (
        ImprovementPlan.objects.filter(assessment__in=visible)
        .select_related("assessment", "assessment__centre")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "quality/index.html",
        {
            "breadcrumbs": _quality_trail(),
            "assessments": assessments,
            "plans": plans,
            "watched": selectors.watched_actions(user),
            "may_open": permissions.manages_quality(user) or permissions.is_coach(user),
            "shows_visits": permissions.is_coach(user)
            or permissions.manages_quality(user)
            or user.managed_centres.exists(),
        },
    )


def _open_scope(user) -> tuple[QuerySet[Cluster], QuerySet[EmploymentCentre]]:
    """The clusters and the centres for which ``user`` may open a self-assessment."""
    if permissions.manages_quality(user):
        return Cluster.objects.all(), EmploymentCentre.objects.all()
    if permissions.is_coach(user):
        return Cluster.objects.filter(pk__in=coached_cluster_ids(user)), coached_centres(user)
    return Cluster.objects.none(), EmploymentCentre.objects.none()


@login_required
def assessment_open(request):
    user = request.user
    cluster_scope, centre_scope = _open_scope(user)
    clusters = list(cluster_scope.order_by("name"))
    centres = list(centre_scope.select_related("cluster").order_by("name"))
    if not centres and not clusters:
        raise Http404
    people = User.objects.filter(
        Q(centre__in=[c.pk for c in centres]) | Q(centre__cluster__in=[c.pk for c in clusters]),
        is_active=True,
    ).order_by("last_name", "first_name")
    if request.method == "POST":
        # The facilitator may be a coach or a training manager working outside the centre.
        form = AssessmentOpenForm(
            request.POST,
            clusters=clusters,
            centres=centres,
            people=User.objects.filter(is_active=True),
        )
        cast(forms.ModelMultipleChoiceField, form.fields["members"]).queryset = people
    else:
        form = AssessmentOpenForm(
            clusters=clusters,
            centres=centres,
            people=people,
            initial={"panel": Panel.CLASSICAL, "facilitator": user},
        )
        cast(forms.ModelChoiceField, form.fields["facilitator"]).queryset = (
            people | User.objects.filter(pk=user.pk)
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = data["scope"]
        try:
            assessment = services.assessment_open(
                by=user,
                centre=scope if isinstance(scope, EmploymentCentre) else None,
                cluster=scope if isinstance(scope, Cluster) else None,
                programme=data["programme"],
                title=data["title"],
                panel=data["panel"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                facilitator=data["facilitator"],
                members=data["members"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Autovalutazione aperta."))
            return redirect("quality:assessment", pk=assessment.pk)
    return render(
        request,
        "quality/assessment_open.html",
        {"form": form, "breadcrumbs": _quality_trail(_("Apri un'autovalutazione"))},
    )


@login_required
def assessment(request, pk):
    assessment = _assessment(request, pk)
    user = request.user
    criteria_count = SubCriterion.objects.filter(criterion__model=assessment.model_id).count()
    progress = selectors.member_progress(assessment)
    members = [(m, progress.get(m.pk, 0)) for m in assessment.members.all()]
    plan = ImprovementPlan.objects.filter(assessment=assessment).first()
    return render(
        request,
        "quality/assessment.html",
        {
            "breadcrumbs": _quality_trail(assessment.title),
            "assessment": assessment,
            "members": members,
            "criteria_count": criteria_count,
            "plan": plan,
            "may_write": permissions.can_write_individual(user, assessment),
            "may_start_consensus": permissions.can_start_consensus(user, assessment),
            "may_see_consensus": permissions.can_see_consensus(user, assessment),
            "may_read_report": permissions.can_read_report(user, assessment),
            "may_create_plan": plan is None and permissions.can_create_plan(user, assessment),
            "plan_form": PlanForm(
                initial={
                    "title": _("Piano di miglioramento – %(title)s") % {"title": assessment.title}
                }
            ),
            "runs_consensus": permissions.runs_consensus(user, assessment),
        },
    )


def _posted_entries(request, subs):
    entries, files = {}, {}
    for sub in subs:
        prefix = f"s{sub.pk}-"
        entries[sub.pk] = {
            name: request.POST.get(prefix + name, "")
            for name in (
                "strengths",
                "improvements",
                "ideas",
                "evidence",
                "links",
                *scoring.ALL_SCORES,
            )
            if prefix + name in request.POST
        }
        uploads = request.FILES.getlist(prefix + "files")
        if uploads:
            files[sub.pk] = uploads
    return entries, files


def _sections(criteria, assessment, values, errors):
    sections = []
    for criterion in criteria:
        subs = []
        for sub in criterion.subcriteria.all():
            sub.criterion = criterion
            fields = scoring.fields_for(assessment.panel, is_enabler=criterion.is_enabler)
            subs.append(
                {
                    "sub": sub,
                    "values": values.get(sub.pk, {}),
                    "error": errors.get(sub.pk),
                    "score_fields": [(name, scoring.PHASE_LABELS[name]) for name in fields],
                }
            )
        sections.append((criterion, subs))
    return sections


@login_required
def individual(request, pk):
    """The member's own assessment: all 28 sub-criteria on one page."""
    assessment = _assessment(request, pk, check=permissions.is_member)
    may_write = permissions.can_write_individual(request.user, assessment)
    criteria = selectors.criteria_of(assessment.model_id)
    entries = selectors.member_entries(assessment, request.user.pk)
    errors = {}
    if request.method == "POST":
        if not may_write:
            raise Http404
        subs = [sub for c in criteria for sub in c.subcriteria.all()]
        for sub in subs:
            sub.criterion = next(c for c in criteria if c.pk == sub.criterion_id)
        posted, files = _posted_entries(request, subs)
        for sub in subs:
            try:
                services.clean_entry(assessment, sub, {"evidence": "", **posted[sub.pk]})
            except Refused as refusal:
                errors[sub.pk] = refusal.message
        if not errors:
            try:
                changed = services.individual_save(
                    assessment=assessment, member=request.user, entries=posted, files=files
                )
            except Refused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Valutazione salvata: %(count)d sottocriterio modificato.",
                        "Valutazione salvata: %(count)d sottocriteri modificati.",
                        changed,
                    )
                    % {"count": changed},
                )
                return redirect("quality:individual", pk=assessment.pk)
        else:
            messages.error(
                request,
                _("Nulla è stato salvato: correggi i sottocriteri segnalati (%(count)d).")
                % {"count": len(errors)},
            )
        values = posted
    else:
        values = _entry_values(entries)
    return _individual_page(
        request,
        assessment,
        member=request.user,
        criteria=criteria,
        entries=entries,
        values=values,
        errors=errors,
        may_write=may_write,
    )


@login_required
def member_individual(request, pk, member_id):
    """Another member's individual assessment: only from the consensus on."""
    assessment = _assessment(request, pk)
    member = next((m for m in assessment.members.all() if m.pk == member_id), None)
    if member is None or not permissions.can_read_individual(request.user, assessment, member_id):
        raise Http404
    criteria = selectors.criteria_of(assessment.model_id)
    entries = selectors.member_entries(assessment, member_id)
    return _individual_page(
        request,
        assessment,
        member=member,
        criteria=criteria,
        entries=entries,
        values=_entry_values(entries),
        errors={},
        may_write=False,
    )


def _entry_values(entries: dict[int, IndividualEntry]) -> dict[int, dict]:
    """What the form shows of each saved entry, keyed by sub-criterion."""
    return {
        sub_id: {
            **{name: getattr(entry, name) for name in (*entry.TEXT_NAMES, *entry.SCORE_NAMES)},
            "evidence": entry.evidence,
            "links": entry.links,
            "value": entry.value,
            "files": list(entry.files.all()),
        }
        for sub_id, entry in entries.items()
    }


def _individual_page(
    request, assessment, *, member, criteria, entries, values, errors, may_write
) -> HttpResponse:
    """One member's individual assessment: their own to fill in, or another's to read."""
    return render(
        request,
        "quality/individual.html",
        {
            "breadcrumbs": _quality_trail(_("Valutazione individuale"), assessment),
            "assessment": assessment,
            "sections": _sections(criteria, assessment, values, errors),
            "may_write": may_write,
            "member": member,
            "scored": sum(1 for entry in entries.values() if entry.value is not None),
            "total": sum(len(c.subcriteria.all()) for c in criteria),
            "bands": scoring.BANDS,
        },
    )


@login_required
def evidence_file(request, pk):
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("entry", "entry__assessment"), pk=pk
    )
    assessment = evidence.entry.assessment
    if not permissions.can_read_individual(request.user, assessment, evidence.entry.member_id):
        raise Http404
    return protected_file_response(
        request,
        evidence.file,
        content_type=evidence.content_type,
        filename=evidence.name,
        as_attachment=True,
    )


@login_required
@require_POST
def consensus_start(request, pk):
    assessment = _assessment(request, pk)
    try:
        services.consensus_start(assessment=assessment, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("quality:assessment", pk=pk)
    messages.success(request, _("Consenso aperto: le valutazioni individuali sono chiuse."))
    return redirect("quality:consensus", pk=pk)


@login_required
def consensus(request, pk):
    assessment = _assessment(request, pk, check=permissions.can_see_consensus)
    criteria = selectors.criteria_of(assessment.model_id)
    grouped = selectors.consensus_rows(assessment, criteria)
    agreed = [row.consensus for _c, rows in grouped for row in rows if row.consensus]
    return render(
        request,
        "quality/consensus.html",
        {
            "breadcrumbs": _quality_trail(_("Consenso"), assessment),
            "assessment": assessment,
            "grouped": grouped,
            "members": list(assessment.members.all()),
            "may_run": permissions.can_run_consensus(request.user, assessment),
            "agreed_count": len(agreed),
            "total": sum(len(rows) for _c, rows in grouped),
            "outlier_distance": selectors.OUTLIER_DISTANCE,
        },
    )


@login_required
def consensus_subcriterion(request, pk, sub_pk):
    assessment = _assessment(request, pk, check=permissions.can_see_consensus)
    sub = get_object_or_404(
        SubCriterion.objects.select_related("criterion"),
        pk=sub_pk,
        criterion__model=assessment.model_id,
    )
    may_run = permissions.can_run_consensus(request.user, assessment)
    criterion = sub.criterion
    rows = selectors.consensus_rows_for(assessment, sub)
    error = None
    consensus = rows.consensus
    values = (
        {name: getattr(consensus, name) for name in (*consensus.TEXT_NAMES, *consensus.SCORE_NAMES)}
        if consensus
        else {}
    )
    if request.method == "POST":
        if not may_run:
            raise Http404
        values = {
            name: request.POST.get(name, "")
            for name in ("strengths", "improvements", "ideas", *scoring.ALL_SCORES)
            if name in request.POST
        }
        try:
            services.consensus_save(
                assessment=assessment, by=request.user, subcriterion=sub, values=values
            )
        except Refused as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Consenso su %(code)s salvato.") % {"code": sub.code})
            return redirect(reverse("quality:consensus", args=[pk]) + f"#sc-{sub.pk}")
    fields = scoring.fields_for(assessment.panel, is_enabler=criterion.is_enabler)
    return render(
        request,
        "quality/consensus_subcriterion.html",
        {
            "breadcrumbs": _quality_trail(_("Consenso"), assessment),
            "assessment": assessment,
            "sub": sub,
            "row": rows,
            "values": values,
            "error": error,
            "may_run": may_run,
            "score_fields": [(name, scoring.PHASE_LABELS[name]) for name in fields],
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def assessment_close(request, pk):
    assessment = _assessment(request, pk, check=permissions.can_see_consensus)
    try:
        services.assessment_close(assessment=assessment, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("quality:consensus", pk=pk)
    messages.success(request, _("Autovalutazione chiusa: il rapporto è pronto."))
    return redirect("quality:report", pk=pk)


def _report_context(assessment):
    result = selectors.report(assessment)
    previous_by_number = {}
    if result.previous_totals:
        previous_by_number = {s.criterion.number: s.value for s in result.previous_totals.criteria}
    rows = [
        (
            f"{s.criterion.number}. {s.criterion.title}",
            s.value,
            previous_by_number.get(s.criterion.number),
        )
        for s in result.totals.criteria
    ]
    chart = score_chart(
        title=_("Punteggi di consenso per criterio (0–100)"),
        description=_("Barre orizzontali, una per criterio; i valori sono nella tabella accanto."),
        rows=rows,
    )
    return {
        "assessment": assessment,
        "report": result,
        "chart": chart,
        "rows": rows,
        "criteria_scores": list(zip(result.totals.criteria, rows, strict=True)),
    }


@login_required
def report(request, pk):
    assessment = _assessment(request, pk, check=permissions.can_read_report)
    context = _report_context(assessment)
    context["plan"] = ImprovementPlan.objects.filter(assessment=assessment).first()
    context["breadcrumbs"] = _quality_trail(_("Rapporto"), assessment)
    return render(request, "quality/report.html", context)


@login_required
def report_xlsx(request, pk):
    assessment = _assessment(request, pk, check=permissions.can_read_report)
    result = selectors.report(assessment)
    header = [
        _("Criterio"),
        _("Sottocriterio"),
        _("Titolo"),
        _("Punteggio"),
        _("Punti di forza"),
        _("Aree di miglioramento"),
        _("Idee per azioni di miglioramento"),
        _("Punteggio precedente"),
    ]
    rows = []
    for score in result.totals.criteria:
        criterion = score.criterion
        rows.append([criterion.number, "", criterion.title, score.value, "", "", "", ""])
        for sub in criterion.subcriteria.all():
            entry = result.entries.get(sub.pk)
            previous = None
            if result.previous:
                previous_entry = next(
                    (e for e in result.previous_entries.values() if e.subcriterion_id == sub.pk),
                    None,
                )
                previous = previous_entry.value if previous_entry else None
            rows.append(
                [
                    criterion.number,
                    sub.code,
                    sub.title,
                    entry.value if entry else None,
                    entry.strengths if entry else "",
                    entry.improvements if entry else "",
                    entry.ideas if entry else "",
                    previous,
                ]
            )
    rows.append(["", "", _("Punteggio complessivo (media dei criteri)"), result.totals.overall])
    rows.append(["", "", _("Totale (somma dei criteri, su 900)"), result.totals.total])
    return xlsx_response(
        f"autovalutazione-{assessment.pk}.xlsx", header, rows, title=_("Rapporto CAF")
    )


VERBS = {
    "assessment_opened": _lazy("Autovalutazione aperta"),
    "individual_saved": _lazy("Valutazione individuale salvata"),
    "consensus_started": _lazy("Consenso aperto"),
    "consensus_saved": _lazy("Consenso salvato"),
    "assessment_closed": _lazy("Autovalutazione chiusa"),
    "plan_created": _lazy("Piano creato"),
    "action_saved": _lazy("Azione salvata"),
    "indicator_added": _lazy("Indicatore aggiunto"),
    "action_updated": _lazy("Avanzamento registrato"),
    "good_practice_proposed": _lazy("Proposta come buona pratica"),
}


@login_required
def history(request, pk):
    """Every change to the assessment and its plan: for the facilitator and training managers."""
    assessment = _assessment(request, pk, check=permissions.runs_consensus)
    entries = assessment.history.select_related("by").order_by("-at", "-pk")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.verb_label = VERBS.get(entry.verb, entry.verb)
        entry.subject = entry.data.get("subcriterion") or entry.data.get("title") or ""
    return render(
        request,
        "quality/history.html",
        {
            "assessment": assessment,
            "page_obj": page,
            "breadcrumbs": _quality_trail(_("Storico"), assessment),
        },
    )


@login_required
def report_pdf(request, pk):
    assessment = _assessment(request, pk, check=permissions.can_read_report)
    content = pdf.report_pdf(assessment, selectors.report(assessment))
    return protected_content_response(
        content,
        content_type="application/pdf",
        filename=f"autovalutazione-{assessment.pk}.pdf",
        as_attachment=False,
        sandbox=False,
    )


# ---------------------------------------------------------------- plans


def _plan(request, pk, check=permissions.can_view_plan) -> ImprovementPlan:
    plan = get_object_or_404(
        ImprovementPlan.objects.select_related(
            "assessment", "assessment__centre", "assessment__cluster", "assessment__model"
        ).prefetch_related(Prefetch("assessment__members")),
        pk=pk,
    )
    selectors.with_member_ids(plan.assessment)
    if not check(request.user, plan):
        raise Http404
    return plan


@login_required
@require_POST
def plan_create(request, pk):
    assessment = _assessment(request, pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scrivi un titolo."))
        return redirect("quality:assessment", pk=pk)
    try:
        plan = services.plan_create(
            assessment=assessment, by=request.user, title=form.cleaned_data["title"]
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("quality:assessment", pk=pk)
    return redirect("quality:plan", pk=plan.pk)


def _plan_people(plan):
    assessment = plan.assessment
    if assessment.centre_id:
        return User.objects.filter(centre_id=assessment.centre_id, is_active=True)
    return User.objects.filter(centre__cluster_id=assessment.cluster_id, is_active=True)


def _subcriteria(plan):
    return list(
        SubCriterion.objects.filter(criterion__model=plan.assessment.model_id).select_related(
            "criterion"
        )
    )


@login_required
def plan(request, pk):
    plan = _plan(request, pk)
    actions = selectors.plan_actions(plan)
    today = timezone.localdate()
    for action in actions:
        # Attributes of these instances for the template.
        action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
        for indicator in action.indicators.all():
            indicator.off_track = selectors.off_track(indicator, action, today)  # type: ignore[attr-defined]
    may_edit = permissions.can_edit_plan(request.user, plan)
    return render(
        request,
        "quality/plan.html",
        {
            "breadcrumbs": _quality_trail(plan.title, plan.assessment),
            "plan": plan,
            "actions": actions,
            "may_edit": may_edit,
            "today": today,
        },
    )


@login_required
def action_edit(request, pk, action_pk=None):
    plan = _plan(request, pk, check=permissions.can_edit_plan)
    action = None
    if action_pk is not None:
        action = get_object_or_404(Action, pk=action_pk, plan=plan)
    subs = _subcriteria(plan)
    initial = {}
    if action is not None:
        initial = {
            "title": action.title,
            "goal": action.goal,
            "owner": action.owner_id,
            "starts_on": action.starts_on,
            "due_on": action.due_on,
            "impact": action.impact,
            "feasibility": action.feasibility,
            "status": action.status,
            "dropped_reason": action.dropped_reason,
            "subcriteria": [str(s.pk) for s in action.subcriteria.all()],
        }
    form = ActionForm(
        request.POST or None, initial=initial, people=_plan_people(plan), subcriteria=subs
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_save(
                plan=plan,
                by=request.user,
                action=action,
                title=data["title"],
                goal=data["goal"],
                owner=data["owner"],
                starts_on=data["starts_on"],
                due_on=data["due_on"],
                impact=data["impact"],
                feasibility=data["feasibility"],
                status=data["status"],
                dropped_reason=data["dropped_reason"],
                subcriteria=form.chosen_subcriteria(),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Azione salvata."))
            return redirect(reverse("quality:plan", args=[plan.pk]) + f"#azione-{action.pk}")
    return render(
        request,
        "quality/action_form.html",
        {
            "plan": plan,
            "action": action,
            "form": form,
            "breadcrumbs": _quality_trail(_("Azione")),
        },
    )


def _plan_action(request, action_pk, check=permissions.can_edit_plan):
    action = get_object_or_404(Action.objects.select_related("plan"), pk=action_pk)
    plan = _plan(request, action.plan_id, check=check)
    action.plan = plan
    return action


@login_required
def action_progress(request, action_pk):
    action = _plan_action(request, action_pk)
    indicators = list(action.indicators.all())
    form = ProgressForm(
        request.POST or None, indicators=indicators, initial={"status": action.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                by=request.user,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                dropped_reason=form.cleaned_data["dropped_reason"],
                values=form.indicator_values(),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Aggiornamento registrato."))
            return redirect(reverse("quality:plan", args=[action.plan_id]) + f"#azione-{action.pk}")
    indicator_form = IndicatorForm(prefix="ind")
    return render(
        request,
        "quality/action_progress.html",
        {
            "action": action,
            "form": form,
            "indicator_form": indicator_form,
            "breadcrumbs": _quality_trail(_("Avanzamento")),
        },
    )


@login_required
@require_POST
def indicator_add(request, action_pk):
    action = _plan_action(request, action_pk)
    form = IndicatorForm(request.POST, prefix="ind")
    if form.is_valid():
        try:
            services.indicator_add(action=action, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Indicatore aggiunto."))
    else:
        messages.error(
            request,
            _("Indicatore non aggiunto: servono il nome, il valore di partenza e l'obiettivo."),
        )
    return redirect("quality:action_progress", action_pk=action.pk)


@login_required
@require_POST
def action_good_practice(request, action_pk):
    action = _plan_action(request, action_pk)
    try:
        services.action_propose_good_practice(action=action, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Bozza di buona pratica creata: la redazione la rivede e la pubblica."),
        )
    return redirect(reverse("quality:plan", args=[action.plan_id]) + f"#azione-{action.pk}")


def _indicator_text(indicator) -> str:
    current = indicator.current if indicator.current is not None else "—"
    return f"{indicator.name}: {indicator.baseline:g} → {current} / {indicator.target:g}"


@login_required
def plan_xlsx(request, pk):
    plan = _plan(request, pk)
    header = [
        _("Azione"),
        _("Obiettivo"),
        _("Responsabile"),
        _("Inizio"),
        _("Scadenza"),
        _("Sottocriteri"),
        _("Impatto"),
        _("Fattibilità"),
        _("Priorità"),
        _("Stato"),
        _("Motivo dell'abbandono"),
        _("Indicatori"),
    ]
    rows = [
        [
            a.title,
            a.goal,
            str(a.owner),
            a.starts_on,
            a.due_on,
            ", ".join(s.code for s in a.subcriteria.all()),
            a.impact,
            a.feasibility,
            a.priority,
            a.get_status_display(),
            a.dropped_reason,
            "; ".join(_indicator_text(i) for i in a.indicators.all()),
        ]
        for a in selectors.plan_actions(plan)
    ]
    return xlsx_response(f"piano-{plan.pk}.xlsx", header, rows, title=_("Piano"))


# ---------------------------------------------------------------- coaching


@login_required
def visits(request):
    user = request.user
    if not (
        permissions.is_coach(user)
        or permissions.manages_quality(user)
        or user.managed_centres.exists()
    ):
        raise Http404
    visits = selectors.visits_for(user)[:200]
    feed_url = None
    if permissions.is_coach(user):
        feed = calendar_feed_for(user=user)
        feed_url = absolute_url("quality:coach_calendar", token=feed.token)
    hours = selectors.coaching_hours(user)
    return render(
        request,
        "quality/visits.html",
        {
            "breadcrumbs": _quality_trail(_("Visite di coaching")),
            "visits": visits,
            "may_record": permissions.is_coach(user) and coached_centres(user).exists(),
            "feed_url": feed_url,
            "hours": hours,
            "user_id": user.pk,
        },
    )


@login_required
def visit_edit(request, pk=None):
    user = request.user
    visit = None
    if pk is not None:
        visit = get_object_or_404(CoachingVisit.objects.select_related("centre"), pk=pk)
        if not permissions.can_change_visit(user, visit):
            raise Http404
    centres = (
        coached_centres(user) if permissions.is_coach(user) else EmploymentCentre.objects.none()
    )
    if not centres.exists():
        raise Http404
    initial = {}
    if visit is not None:
        initial = {
            "centre": visit.centre_id,
            "date": visit.date,
            "hours": visit.hours,
            "topics": visit.topics,
            "next_steps": visit.next_steps,
            "participants": list(visit.participants.all()),
            "actions": list(visit.actions.all()),
        }
    form = VisitForm(request.POST or None, initial=initial, centres=centres)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_record(
                coach=user,
                centre=data["centre"],
                date=data["date"],
                hours=data["hours"],
                topics=data["topics"],
                participants=data["participants"],
                actions=data["actions"],
                next_steps=data["next_steps"],
                visit=visit,
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Visita registrata: il dirigente del centro la conferma."))
            return redirect("quality:visit", pk=visit.pk)
    return render(
        request,
        "quality/visit_form.html",
        {"form": form, "visit": visit, "breadcrumbs": _quality_trail(_("Visita di coaching"))},
    )


@login_required
def visit(request, pk):
    visit = get_object_or_404(
        CoachingVisit.objects.select_related("centre", "coach", "confirmed_by").prefetch_related(
            "participants", "actions"
        ),
        pk=pk,
    )
    if not permissions.can_view_visit(request.user, visit):
        raise Http404
    return render(
        request,
        "quality/visit.html",
        {
            "breadcrumbs": _quality_trail(_("Visita di coaching")),
            "visit": visit,
            "may_confirm": permissions.can_confirm_visit(request.user, visit),
            "may_change": permissions.can_change_visit(request.user, visit),
        },
    )


@login_required
@require_POST
def visit_confirm(request, pk):
    visit = get_object_or_404(CoachingVisit.objects.select_related("centre"), pk=pk)
    if not permissions.can_view_visit(request.user, visit):
        raise Http404
    try:
        services.visit_confirm(visit=visit, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Visita confermata."))
    return redirect("quality:visit", pk=pk)


def coach_calendar(request, token):
    """The coach's visits, for calendar apps: the secret address of their personal calendar."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = feed.user
    if not user.is_active or not permissions.is_coach(user):
        raise Http404
    with translation.override(user.language):
        visits = CoachingVisit.objects.filter(coach=user).select_related("centre")
        content = calendars.visits_calendar(name=_("Aula – visite di coaching"), visits=visits)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="visite-di-coaching.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# ---------------------------------------------------------------- benchlearning


@login_required
def benchlearning(request):
    if not permissions.can_view_benchlearning(request.user):
        raise Http404
    criteria, rows = selectors.benchlearning(request.user)
    return render(
        request,
        "quality/benchlearning.html",
        {
            "criteria": criteria,
            "rows": rows,
            "numbers": [c.number for c in criteria],
            "breadcrumbs": _quality_trail(_("Benchlearning")),
        },
    )
