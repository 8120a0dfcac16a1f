"""The yearly training record of the demo year: targets, external training, a credential.

- the year's target (40 hours) and a part-time group with a lower one;
- the operator at 28 of 40 hours: their classroom hours of the year (from the registers)
  plus one approved external course making up the rest, and one external Open Badges 3.0
  credential issued by the demo provider (demo/issuer.py) and verified for real against
  its keys on the loopback, waiting for the manager's approval;
- the staff of CPI Palermo Centro spread around and below the target.

Everything goes through the records app's services; running it again changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from records import services
from records.models import ExternalTraining, GroupTarget, YearTarget
from records.selectors import person_year
from website.accounts.models import EmploymentCentre, User
from website.core.exceptions import Refused
from website.core.uploads import POLICIES, TRAINING_EVIDENCE, check_upload

from .documents import make_pdf
from .issuer import DemoIssuer
from .texts import load

OPERATOR_EMAIL = "operatore@aula.example"
MANAGER_EMAIL = "dirigente@aula.example"
TRAINING_MANAGER_EMAIL = "gestore@aula.example"
CENTRE_CODE = "CPI-PA01"
OPERATOR_TARGET_HOURS = Decimal("28")


def _evidence(title, name):
    texts = load("records").evidence
    pdf = make_pdf(
        title=texts["title"],
        subtitle=title,
        sections=[(title, [texts["body"]])],
        footer=texts["title"],
        author="Aula demo",
    )
    upload = SimpleUploadedFile(f"{name}.pdf", pdf, content_type="application/pdf")
    return check_upload(upload, POLICIES[TRAINING_EVIDENCE])


def _dates(today, days, back):
    """A run of ``days`` days ending ``back`` days ago, inside the current year."""
    start_of_year = date(today.year, 1, 1)
    ends_on = max(start_of_year, today - timedelta(days=back))
    return max(start_of_year, ends_on - timedelta(days=days - 1)), ends_on


def _approved(person, title, provider, hours, today, back, manager, name, days=2):
    starts_on, ends_on = _dates(today, days, back)
    declaration = services.declaration_create(
        user=person,
        title=title,
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        evidence_file=_evidence(title, name),
        today=today,
    )
    return services.declaration_approve(declaration=declaration, user=manager)


def seed_targets(year):
    YearTarget.objects.get_or_create(year=year, defaults={"hours": Decimal("40")})
    name, hours = load("records").part_time
    group, created = GroupTarget.objects.get_or_create(
        year=year, name=name, defaults={"hours": Decimal(hours)}
    )
    if created:
        staff = User.objects.filter(centre__code=CENTRE_CODE).exclude(
            email__in=[OPERATOR_EMAIL, MANAGER_EMAIL]
        )
        group.members.add(*staff.order_by("-pk")[:2])


def seed_operator(today, manager, log):
    operator = User.objects.get(email=OPERATOR_EMAIL)
    data = load("records")
    title, provider, days = data.operator_course
    if ExternalTraining.objects.filter(user=operator, title=title).exists():
        return
    done = person_year(operator, today.year, today=today).hours
    hours = max(Decimal("1"), OPERATOR_TARGET_HOURS - done)
    _approved(operator, title, provider, hours, today, 20, manager, "syllabus-anticorruzione", days)
    credential_title, credential_hours = data.operator_credential
    starts_on, ends_on = _dates(today, 5, 10)
    with DemoIssuer().serving() as issuer:
        token = issuer.credential(
            title=credential_title,
            hours=credential_hours,
            start=starts_on.isoformat(),
            end=ends_on.isoformat(),
        )
        try:
            services.declaration_create(
                user=operator,
                title=credential_title,
                provider=issuer.name,
                starts_on=starts_on,
                ends_on=ends_on,
                hours=Decimal(credential_hours),
                credential=token,
                today=today,
            )
        except Refused as refusal:  # production settings refuse the loopback issuer
            log(f"Records: the demo credential was not accepted ({refusal})")
    record = person_year(operator, today.year, today=today)
    log(
        f"Records: the operator has {record.hours} of {record.target.hours} hours in "
        f"{today.year} ({record.pending_count} pending)"
    )


def seed_centre_staff(today, manager):
    data = load("records")
    staff = list(
        User.objects.filter(centre__code=CENTRE_CODE, is_active=True)
        .exclude(email__in=[OPERATOR_EMAIL, MANAGER_EMAIL])
        .order_by("pk")
    )
    for index, person in enumerate(staff):
        if ExternalTraining.objects.filter(user=person).exists():
            continue
        title, provider = data.staff_courses[index % len(data.staff_courses)]
        hours = Decimal(data.staff_hours[index % len(data.staff_hours)])
        _approved(person, title, provider, hours, today, 30 + index, manager, f"staff-{index}")


def seed(*, scale, log):
    """``scale`` does not change the record's demo."""
    today = timezone.localdate()
    if not EmploymentCentre.objects.filter(code=CENTRE_CODE).exists():
        return
    manager = User.objects.get(email=MANAGER_EMAIL)
    seed_targets(today.year)
    seed_operator(today, manager, log)
    seed_centre_staff(today, manager)
