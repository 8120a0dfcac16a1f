"""Demo quality: two pilot centres with a closed CAF self-assessment, their improvement
plans and three months of coaching, and a third centre with an assessment in progress.

Everything goes through ``quality.services``, like a real group would: eight members
each score the 28 sub-criteria alone (one of them far from the others on a few), the
coach facilitates the consensus and closes it, the plan gets its actions, indicators
and progress updates, the coach records visits and the centre's manager confirms them,
and the first finished action of Palermo Centro is proposed as a good practice.

Idempotent: a centre that already has its demo assessment is left as it is.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone

from courses.models import Programme
from demo import texts
from quality import services
from quality.models import Assessment, Panel, SubCriterion
from quality.relations import coaches_centre
from website.accounts.models import EmploymentCentre, User
from website.accounts.roles import Role, role_group

TEXTS = texts.load("quality")
TRAINING_MANAGER = "gestore@aula.example"
COACH = "coach@aula.example"
DEMO_OPERATOR = "operatore@aula.example"
DEMO_MANAGER = "dirigente@aula.example"
GROUP_SIZE = 8


def _person(email, first_name, last_name, centre, role=Role.OPERATOR):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "centre": centre,
            "job_title": "Operatore dei servizi per l'impiego",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        user.groups.add(role_group(role))
    return user


def _group(centre, size):
    people = []
    if centre.code == "CPI-PA01":
        people.append(User.objects.get(email=DEMO_OPERATOR))
    for index, (first, last) in enumerate(TEXTS.members):
        if len(people) == size:
            break
        email = f"caf.{centre.code.lower()}.{index + 1}@aula.example"
        people.append(_person(email, first, last, centre))
    return people


def _manager(centre):
    if centre.managers.exists():
        return centre.managers.first()
    manager = _person(
        f"dirigente.{centre.code.lower()}@aula.example",
        "Maria Grazia",
        "Cusumano",
        centre,
        role=Role.CENTRE_MANAGER,
    )
    centre.managers.add(manager)
    return manager


def _clamp(value):
    return max(0, min(100, value))


def _scores(panel, sub, score):
    """The fields of ``panel`` whose computed score is ``score``."""
    if panel == Panel.CLASSICAL:
        return {"score": str(_clamp(score))}
    if sub.criterion.is_enabler:
        phases = ("phase_plan", "phase_do", "phase_check", "phase_act")
        return {
            name: str(_clamp(score + d)) for name, d in zip(phases, (8, 2, -4, -6), strict=True)
        }
    return {"trends": str(_clamp(score + 5)), "targets": str(_clamp(score - 5))}


def _programme(centre, starts_on):
    """The demo plan under way when the workshop starts, in the centre's region: it counts it."""
    return (
        Programme.objects.filter(starts_on__lte=starts_on)
        .filter(Q(region=centre.cluster.region_id) | Q(region__isnull=True))
        .order_by("-starts_on")
        .first()
    )


def _closed_assessment(centre, title, panel, months_ago, shift, *, manager, coach, subs):
    today = timezone.localdate()
    starts_on = today - timedelta(days=30 * months_ago)
    members = _group(centre, GROUP_SIZE)
    assessment = services.assessment_open(
        by=manager,
        programme=_programme(centre, starts_on),
        centre=centre,
        title=title,
        panel=panel,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=45),
        facilitator=coach,
        members=members,
    )
    consensus = {code: (score + shift, s, i) for code, score, s, i in TEXTS.consensus}
    for number, member in enumerate(members):
        entries = {}
        for position, sub in enumerate(subs):
            base, strengths, improvements = consensus[sub.code]
            score = base + ((number * 7 + position * 3) % 11) - 5
            if sub.code in TEXTS.disagreements and number == 2:
                score = base + 35
            entry = _scores(panel, sub, score)
            if number < 3:
                entry.update(strengths=strengths, improvements=improvements)
            entries[sub.pk] = entry
        services.individual_save(assessment=assessment, member=member, entries=entries)
    services.consensus_start(assessment=assessment, by=coach)
    for sub in subs:
        score, strengths, improvements = consensus[sub.code]
        services.consensus_save(
            assessment=assessment,
            by=coach,
            subcriterion=sub,
            values={
                **_scores(panel, sub, score),
                "strengths": strengths,
                "improvements": improvements,
            },
        )
    services.assessment_close(assessment=assessment, by=coach)
    closed_at = timezone.now() - timedelta(days=30 * months_ago - 50)
    Assessment.objects.filter(pk=assessment.pk).update(closed_at=closed_at)
    assessment.refresh_from_db()
    return assessment, members


def _plan(assessment, members, *, coach, manager, subs_by_code):
    today = timezone.localdate()
    start = today - timedelta(days=100)
    plan = services.plan_create(
        assessment=assessment, by=coach, title=f"Piano di miglioramento – {assessment.centre.name}"
    )
    actions = []
    for index, row in enumerate(TEXTS.actions):
        (
            title,
            goal,
            codes,
            impact,
            feasibility,
            starts,
            due,
            status,
            reason,
            indicators,
            notes,
        ) = row
        action = services.action_save(
            plan=plan,
            by=coach,
            title=title,
            goal=goal,
            owner=members[index % len(members)],
            starts_on=start + timedelta(days=30 * starts),
            due_on=start + timedelta(days=30 * due),
            impact=impact,
            feasibility=feasibility,
            subcriteria=[subs_by_code[code] for code in codes],
        )
        made = [
            (
                services.indicator_add(
                    action=action, by=coach, name=name, unit=unit, baseline=baseline, target=target
                ),
                current,
            )
            for name, unit, baseline, target, current in indicators
        ]
        for number, note in enumerate(notes):
            last = number == len(notes) - 1
            services.action_update(
                action=action,
                by=manager if number % 2 else coach,
                text=note,
                status=status if last else "in_progress",
                dropped_reason=reason if last else "",
                values={i.pk: current for i, current in made if last and current is not None},
            )
        actions.append(action)
    return plan, actions


def _visits(centre, actions, *, coach, manager):
    start = timezone.localdate() - timedelta(days=100)
    staff = list(User.objects.filter(centre=centre).order_by("pk")[:4])
    for days, hours, topics, next_steps, worked_on, confirmed in TEXTS.visits:
        open_actions = [
            actions[i] for i in worked_on if actions[i].status in ("planned", "in_progress")
        ]
        visit = services.visit_record(
            coach=coach,
            centre=centre,
            date=start + timedelta(days=days),
            hours=str(hours),
            topics=topics,
            next_steps=next_steps,
            participants=staff,
            actions=open_actions or [],
        )
        if confirmed:
            services.visit_confirm(visit=visit, by=manager)


def seed(*, scale, log):
    """The pilots follow the issue's story, so ``scale`` does not change them."""
    try:
        coach = User.objects.get(email=COACH)
        training_manager = User.objects.get(email=TRAINING_MANAGER)
    except User.DoesNotExist:
        log("Quality: no demo accounts yet, skipped")
        return
    subs = list(
        SubCriterion.objects.filter(criterion__model__code="caf2020")
        .select_related("criterion")
        .order_by("criterion__number", "position")
    )
    subs_by_code = {sub.code: sub for sub in subs}
    made = 0
    for code, title, panel, months_ago, shift in TEXTS.pilots:
        centre = EmploymentCentre.objects.filter(code=code).first()
        if centre is None or Assessment.objects.filter(centre=centre, title=title).exists():
            continue
        if not coaches_centre(coach, centre.pk):
            services.coach_assign(centre=centre, coach=coach, by=training_manager)
        manager = _manager(centre)
        assessment, members = _closed_assessment(
            centre,
            title,
            panel,
            months_ago,
            shift,
            manager=training_manager,
            coach=coach,
            subs=subs,
        )
        _plan_obj, actions = _plan(
            assessment, members, coach=coach, manager=manager, subs_by_code=subs_by_code
        )
        _visits(centre, actions, coach=coach, manager=manager)
        if code == "CPI-PA01":
            services.action_propose_good_practice(action=actions[0], by=coach)
        made += 1
    code, title, panel = TEXTS.in_progress
    centre = EmploymentCentre.objects.filter(code=code).first()
    if centre is not None and not Assessment.objects.filter(centre=centre, title=title).exists():
        today = timezone.localdate()
        members = _group(centre, 5)
        assessment = services.assessment_open(
            by=training_manager,
            programme=_programme(centre, today - timedelta(days=10)),
            centre=centre,
            title=title,
            panel=panel,
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=35),
            facilitator=coach,
            members=members,
        )
        consensus = {row[0]: row[1] for row in TEXTS.consensus}
        for number, member in enumerate(members[:3]):
            services.individual_save(
                assessment=assessment,
                member=member,
                entries={
                    sub.pk: _scores(panel, sub, consensus[sub.code] + 5 - number * 4)
                    for sub in subs[: 10 + 6 * number]
                },
            )
        made += 1
    log(f"Quality: {Assessment.objects.count()} self-assessments ({made} new)")
