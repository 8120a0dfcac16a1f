"""Data for bench_certificates.py: editions whose participants reached the threshold."""

import io
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image as PillowImage

from attendance.models import AttendanceRecord, AttendanceStatus, RegisterClosure
from certificates import selectors, services
from certificates.models import CertificateTemplate
from courses.models import Course, Edition, Enrolment, Programme, Session
from website.accounts.models import Cluster, EmploymentCentre, Region, User
from website.accounts.roles import Role, role_group


def _image(name, size, colour):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"{name}.png")


def seed_bulk(count, edition_size):
    region = Region.objects.create(name="Regione", code="bench")
    cluster = Cluster.objects.create(region=region, name="Cluster", code="bench-c")
    centre = EmploymentCentre.objects.create(
        cluster=cluster, name="CPI Palermo Centro", code="CPI-B-01", town="Palermo"
    )
    manager = User.objects.create_user(email="gestore@bench.example", password=None)
    manager.groups.add(role_group(Role.TRAINING_MANAGER))
    CertificateTemplate.objects.create(
        name="Bench",
        is_default=True,
        issuer_name="Regione Siciliana",
        issuer_office="Dipartimento del lavoro, dell'impiego e della formazione professionale",
        issuer_place="Palermo",
        signatory_name="Maria Grazia Lo Bue",
        signatory_role="La dirigente del servizio",
        logo=_image("logo", (600, 200), "navy"),
        signature=_image("firma", (600, 160), "black"),
    )
    programme = Programme.objects.create(
        title="Piano regionale di formazione degli operatori dei CPI 2025-2026",
        slug="bench",
        funder="Fondo sociale europeo Plus",
        starts_on=date(2025, 9, 1),
        ends_on=date(2026, 6, 30),
    )
    course = Course.objects.create(
        programme=programme,
        code="UD1",
        title="Trasparenza, accesso agli atti e responsabilità del dipendente pubblico",
        slug="bench-ud1",
    )
    editions, made = [], 0
    while made < count:
        number = len(editions) + 1
        start = date(2025, 10, 6) + timedelta(weeks=number)
        edition = Edition.objects.create(
            course=course,
            code=f"BENCH-{number:02d}",
            cluster=cluster,
            starts_on=start,
            ends_on=start + timedelta(days=2),
            status=Edition.Status.CLOSED,
            capacity=edition_size,
        )
        sessions = Session.objects.bulk_create(
            Session(
                edition=edition,
                date=start + timedelta(days=day),
                starts_at=time(9),
                ends_at=time(14),
                hours=Decimal("5"),
            )
            for day in range(3)
        )
        size = min(edition_size, count - made)
        people = User.objects.bulk_create(
            User(
                email=f"persona{made + index}@bench.example",
                first_name="Giuseppina",
                last_name=f"Lo Presti {made + index}",
                centre=centre,
            )
            for index in range(size)
        )
        Enrolment.objects.bulk_create(
            Enrolment(user=person, edition=edition, course=course, status="approved")
            for person in people
        )
        AttendanceRecord.objects.bulk_create(
            AttendanceRecord(
                session=session, user=person, status=AttendanceStatus.PRESENT, hours=Decimal("5")
            )
            for person in people
            for session in sessions
        )
        RegisterClosure.objects.create(edition=edition, closed_by=manager)
        editions.append(edition)
        made += size

    def sample(prep):
        standing = selectors.edition_standings(prep.edition, rule=prep.rule)[0]
        return services._snapshot(
            standing=standing,
            prep=prep,
            code="7KQ2M9XD4HTR8B3N",
            issued_at=services.timezone.now(),
            expires_on=None,
            language="it",
        )

    return editions, manager, sample
