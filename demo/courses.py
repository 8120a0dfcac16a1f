"""Demo courses: the finished regional plan (exactly the shape of its final report) and an
upcoming plan open for enrolment, so a newcomer can try asking for a place.

The finished plan: 4 teaching units (UD1–UD4) with 6, 6, 4 and 4 classroom editions of
3, 2, 2 and 2 days (18, 12, 8 and 8 classroom days, 5 hours each: 230 hours), spread
over the 12 clusters, with 593 confirmed places held by 593 different people from the
64 centres. Its dates are fixed (autumn 2025 to spring 2026). The upcoming plan's dates
are set from the day of the first seed and then left alone.

Every name, title and text here was written for this demo. People's names are
combinations of common Italian first names and surnames, made deterministically.
"""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from courses.models import Course, Edition, Enrolment, Programme, Session
from courses.scheduling import Recurrence, run_of_dates
from demo import texts
from demo.organisation import CLUSTERS, ensure_user
from website.accounts.models import Cluster, EmploymentCentre, Region, User
from website.accounts.roles import Role, role_group

TEXTS = texts.load("courses")

FINISHED_SLUG = "piano-regionale-cpi-2025-2026"
UPCOMING_SLUG = "piano-aggiornamento-servizi-digitali-2027"
PEOPLE_DOMAIN = "cpi.aula.example"
DAY_START, DAY_END, DAY_HOURS = time(9, 0), time(14, 0), Decimal("5")

FIRST_NAMES = TEXTS.first_names
SURNAMES = TEXTS.surnames
JOB_TITLES = [
    "Operatore dei servizi per l'impiego",
    "Istruttore amministrativo",
    "Orientatore",
    "Funzionario dei servizi per il lavoro",
    "Operatore dell'accoglienza",
    "Mediatore per l'incontro domanda-offerta",
]
TEACHERS = [
    ("docente@aula.example", "Francesca", "Ferrara"),
    ("c.lo.presti@docenti.aula.example", "Claudio", "Lo Presti"),
    ("m.scuderi@docenti.aula.example", "Marina", "Scuderi"),
    ("g.alessi@docenti.aula.example", "Gianluca", "Alessi"),
    ("e.virzi@docenti.aula.example", "Elisa", "Virzì"),
    ("r.bonaccorso@docenti.aula.example", "Riccardo", "Bonaccorso"),
]

COURSES = [
    {
        "code": "UD1",
        "title": "Trasparenza, accesso agli atti e responsabilità del dipendente pubblico",
        "days": 3,
        "first_start": date(2025, 10, 6),
        "cluster_indexes": [0, 1, 2, 3, 4, 5],
        "topics": [
            "Trasparenza amministrativa e obblighi di pubblicazione",
            "Accesso documentale, civico e generalizzato: casi pratici allo sportello",
            "Il regime di responsabilità del dipendente pubblico",
        ],
        "objectives": (
            "<ul><li>Riconoscere quali dati e documenti il centro deve pubblicare e quali deve "
            "proteggere.</li><li>Distinguere le tre forme di accesso e rispondere a una richiesta "
            "nei tempi di legge.</li><li>Conoscere le responsabilità disciplinari, civili e "
            "contabili di chi lavora allo sportello.</li></ul>"
        ),
        "outline": (
            "<ol><li>Trasparenza e protezione dei dati personali: come si bilanciano.</li>"
            "<li>Accesso documentale (legge 241/1990), civico e generalizzato: chi può chiedere "
            "che cosa, e come si risponde.</li><li>Responsabilità del dipendente pubblico: "
            "codice di comportamento, procedimento disciplinare, danno erariale.</li></ol>"
        ),
        "description": (
            "<p>L'unità apre il piano con le regole che valgono per ogni attività del centro: "
            "che cosa si rende pubblico, come si risponde a chi chiede di vedere un atto, quali "
            "responsabilità ricadono su chi firma e su chi istruisce una pratica.</p>"
        ),
    },
    {
        "code": "UD2",
        "title": "I servizi per l'impiego dopo il d.lgs. 150/2015: patto di servizio e profilazione",
        "days": 2,
        "first_start": date(2026, 1, 12),
        "cluster_indexes": [6, 7, 8, 9, 10, 11],
        "topics": [
            "Il patto di servizio personalizzato: contenuti e impegni reciproci",
            "Profilazione qualitativa e presa in carico",
        ],
        "objectives": (
            "<ul><li>Applicare l'articolo 18 del d.lgs. 150/2015: i servizi che ogni centro "
            "deve garantire.</li><li>Costruire con la persona un patto di servizio "
            "personalizzato.</li><li>Usare la profilazione per scegliere il percorso più "
            "adatto.</li></ul>"
        ),
        "outline": (
            "<ol><li>La riforma del 2015 e i livelli essenziali delle prestazioni.</li>"
            "<li>Dalla dichiarazione di immediata disponibilità al patto di servizio.</li>"
            "<li>Profilazione quantitativa e colloquio di approfondimento.</li></ol>"
        ),
        "description": (
            "<p>Un'unità operativa: si lavora su casi reali di presa in carico, dal primo "
            "colloquio alla firma del patto, confrontando le prassi dei centri del cluster.</p>"
        ),
    },
    {
        "code": "UD3",
        "title": "Politiche attive e assegno di ricollocazione",
        "days": 2,
        "first_start": date(2026, 3, 2),
        "cluster_indexes": [0, 3, 6, 9],
        "topics": [
            "L'assegno di ricollocazione: requisiti, procedura e soggetti coinvolti",
            "Condizionalità e misure di politica attiva del territorio",
        ],
        "objectives": (
            "<ul><li>Spiegare alla persona come funziona l'assegno di ricollocazione e chi "
            "può ottenerlo.</li><li>Seguire il servizio di assistenza intensiva con l'ente "
            "scelto.</li><li>Applicare le regole di condizionalità in modo uniforme.</li></ul>"
        ),
        "outline": (
            "<ol><li>Chi ha diritto all'assegno e come si richiede.</li><li>Il ruolo del centro "
            "e dei soggetti accreditati.</li><li>Offerta congrua, condizionalità e "
            "comunicazioni all'ente previdenziale.</li></ol>"
        ),
        "description": (
            "<p>L'unità approfondisce gli strumenti con cui il centro accompagna chi cerca "
            "lavoro verso una nuova occupazione, insieme agli operatori accreditati.</p>"
        ),
    },
    {
        "code": "UD4",
        "title": "Incontro tra domanda e offerta: lavorare con imprese e agenzie per il lavoro",
        "days": 2,
        "first_start": date(2026, 4, 13),
        "cluster_indexes": [2, 5, 8, 11],
        "online_second_day": True,
        "topics": [
            "Servizi alle imprese: raccolta dei fabbisogni e preselezione",
            "Collaborare con le agenzie per il lavoro: esperienze a confronto",
        ],
        "objectives": (
            "<ul><li>Raccogliere una richiesta di personale e tradurla in un profilo.</li>"
            "<li>Organizzare una preselezione trasparente.</li><li>Costruire accordi di "
            "collaborazione con le agenzie per il lavoro del territorio.</li></ul>"
        ),
        "outline": (
            "<ol><li>Il servizio di incontro domanda-offerta e i suoi strumenti.</li>"
            "<li>Preselezione e pubblicazione delle offerte.</li><li>Pubblico e privato: "
            "regole e buone pratiche di cooperazione (giornata online in diretta).</li></ol>"
        ),
        "description": (
            "<p>L'unità chiude il piano guardando alle imprese: la prima giornata è in aula, "
            "la seconda si svolge online in diretta con testimonianze di centri e agenzie.</p>"
        ),
    },
]
AUDIENCE = (
    "Operatrici e operatori, funzionari e responsabili dei Centri per l'Impiego della "
    "Sicilia inseriti nel piano regionale di formazione."
)
DEMO_TEACHER_CLUSTERS = {"pa-citta", "pa-provincia", "ct-citta"}
# 593 places: 13 editions of 30 people and 7 of 29.
EDITION_SIZES = [30] * 13 + [29] * 7


class PeopleFactory:
    """Deterministic staff members: names from the lists above, unique emails."""

    def __init__(self):
        # Carry on where earlier runs stopped, so no name comes back in another plan.
        start = User.objects.filter(email__endswith=f"@{PEOPLE_DOMAIN}").count()
        self.pairs = (
            # 64 first names and 70 surnames: the first 2,240 pairs are all different.
            (FIRST_NAMES[(n * 7) % len(FIRST_NAMES)], SURNAMES[(n * 11) % len(SURNAMES)])
            for n in itertools.count(start)
        )
        self.taken = set(User.objects.values_list("email", flat=True))
        self.serial = itertools.count()

    def make(self, centre):
        first, last = next(self.pairs)
        base = f"{slugify(first)}.{slugify(last).replace('-', '')}"
        email, suffix = f"{base}@{PEOPLE_DOMAIN}", 1
        while email in self.taken:
            suffix += 1
            email = f"{base}{suffix}@{PEOPLE_DOMAIN}"
        self.taken.add(email)
        return User(
            email=email,
            first_name=first,
            last_name=last,
            centre=centre,
            job_title=JOB_TITLES[next(self.serial) % len(JOB_TITLES)],
            password=make_password(None),
        )


def aware(day, at=time(9, 0)):
    return timezone.make_aware(datetime.combine(day, at))


def venue(cluster):
    centre = min(cluster.centres.all(), key=lambda c: c.code)
    province = centre.code.removeprefix("CPI-")[:2]
    return f"Aula formazione – {centre.name}", f"c/o {centre.name}, {centre.town} ({province})"


def ensure_teachers():
    group = role_group(Role.TEACHER)
    teachers = []
    for email, first, last in TEACHERS:
        teacher = ensure_user(
            email=email,
            first_name=first,
            last_name=last,
            job_title="Formatrice esperta" if first.endswith("a") else "Formatore esperto",
        )
        teacher.groups.add(group)
        teachers.append(teacher)
    return teachers


def create_course(programme, order, spec, **fields):
    fields.setdefault("audience", AUDIENCE)
    return Course.objects.create(
        programme=programme,
        code=spec["code"],
        slug=slugify(f"{spec['code']} {spec['title']}")[:150],
        title=spec["title"],
        sort_order=order,
        objectives=spec["objectives"],
        outline=spec["outline"],
        hours_per_day=DAY_HOURS,
        **fields,
    )


def save_operators(people):
    """Save the people not saved yet, in one query, as operators."""
    new_people = User.objects.bulk_create([person for person in people if person.pk is None])
    group = role_group(Role.OPERATOR)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=person.pk, group_id=group.pk) for person in new_people]
    )


def make_sessions(edition, dates, *, online_days=(), meeting_url="", topics=(), teacher=None):
    return [
        Session(
            edition=edition,
            date=day,
            starts_at=DAY_START,
            ends_at=DAY_END,
            hours=DAY_HOURS,
            mode=Session.Mode.ONLINE if index in online_days else Session.Mode.CLASSROOM,
            meeting_url=meeting_url if index in online_days else "",
            topic=topics[index] if index < len(topics) else "",
            teacher=teacher,
        )
        for index, day in enumerate(dates)
    ]


def seed_finished_programme(region, clusters, teachers, log):
    programme = Programme.objects.create(
        slug=FINISHED_SLUG,
        title="Piano regionale di formazione degli operatori dei CPI 2025-2026",
        funder="Fondo sociale europeo Plus – Programma regionale Sicilia 2021-2027",
        region=region,
        starts_on=date(2025, 9, 15),
        ends_on=date(2026, 5, 29),
        description=(
            "<p>Il piano ha accompagnato il personale dei 64 centri per l'impiego della "
            "regione nell'applicazione dei nuovi livelli essenziali dei servizi: quattro "
            "unità didattiche in aula, un'edizione per cluster di centri, e materiali e "
            "forum per proseguire il confronto dopo l'aula.</p>"
        ),
    )
    operator = User.objects.get(email="operatore@aula.example")
    people = PeopleFactory()
    sizes = iter(EDITION_SIZES)
    places = []  # (edition, user) pairs, users unsaved until bulk_create
    sessions = []
    editions = []
    teacher_links = []
    for order, spec in enumerate(COURSES, 1):
        course = create_course(programme, order, spec, description=spec["description"])
        for number, cluster_index in enumerate(spec["cluster_indexes"]):
            cluster = clusters[cluster_index]
            dates = run_of_dates(
                spec["first_start"] + timedelta(weeks=number),
                spec["days"],
                Recurrence.WORKING_DAYS,
            )
            name, address = venue(cluster)
            edition = Edition(
                course=course,
                code=f"{spec['code']}-{cluster.code.upper()}",
                cluster=cluster,
                venue_name=name,
                venue_address=address,
                capacity=30,
                starts_on=dates[0],
                ends_on=dates[-1],
                enrolment_opens_at=aware(date(2025, 9, 15)),
                enrolment_closes_at=aware(dates[0] - timedelta(days=7)),
                status=Edition.Status.CLOSED,
            )
            edition.save()
            editions.append(edition)
            # The demo teacher leads the editions of the Palermo and Catania city clusters.
            others = teachers[1:]
            lead_teacher = (
                teachers[0]
                if cluster.code in DEMO_TEACHER_CLUSTERS
                else others[(order + number) % len(others)]
            )
            co_teacher = others[(order + number + 2) % len(others)]
            for teacher in {lead_teacher, co_teacher}:
                teacher_links.append(
                    Edition.teachers.through(edition_id=edition.pk, user_id=teacher.pk)
                )
            online = {1} if spec.get("online_second_day") else set()
            sessions += make_sessions(
                edition,
                dates,
                online_days=online,
                meeting_url=f"https://videoconferenza.aula.example/{edition.code.lower()}",
                topics=spec["topics"],
                teacher=lead_teacher,
            )
            size = next(sizes)
            centres = list(cluster.centres.all().order_by("code"))
            members = []
            if cluster.code == "pa-citta" and spec["code"] == "UD1":
                members.append(operator)
            while len(members) < size:
                members.append(people.make(centres[len(members) % len(centres)]))
            places += [(edition, person) for person in members]
    Session.objects.bulk_create(sessions)
    Edition.teachers.through.objects.bulk_create(teacher_links)
    save_operators([person for _edition, person in places])
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                user=person,
                edition=edition,
                course_id=edition.course_id,  # bulk_create skips Enrolment.save
                status=Enrolment.Status.APPROVED,
                source=Enrolment.Source.IMPORT,
                decided_at=aware(edition.starts_on - timedelta(days=10), time(12, 0)),
            )
            for edition, person in places
        ]
    )
    for edition in editions:
        Enrolment.objects.filter(edition=edition).update(
            requested_at=aware(edition.starts_on - timedelta(days=10), time(11, 0))
        )
    log(
        f"Courses: {programme.title}: {len(COURSES)} courses, {len(editions)} editions, "
        f"{len(sessions)} classroom days, {len(places)} participants"
    )


UPCOMING_COURSES = TEXTS.upcoming_courses


def seed_upcoming_programme(region, clusters_by_code, teachers, log):
    today = timezone.localdate()
    programme = Programme.objects.create(
        slug=UPCOMING_SLUG,
        title="Piano di aggiornamento 2027: servizi digitali e inclusione",
        funder="Fondo sociale europeo Plus – Programma regionale Sicilia 2021-2027",
        region=region,
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=120),
        description=(
            "<p>Due unità brevi per aggiornare il personale sui servizi digitali e sul lavoro "
            "con le persone più lontane dal mercato del lavoro. Le iscrizioni sono aperte.</p>"
        ),
    )
    operator = User.objects.get(email="operatore@aula.example")
    people = PeopleFactory()
    enrolments, sessions = [], []
    edition_count = 0
    for order, spec in enumerate(UPCOMING_COURSES, 1):
        course = create_course(
            programme,
            order,
            spec,
            audience=AUDIENCE.replace(" inseriti nel piano regionale di formazione", ""),
            approve_automatically=spec["approve_automatically"],
        )
        for number, (cluster_code, starts_in, capacity) in enumerate(spec["editions"]):
            cluster = clusters_by_code.get(cluster_code)
            dates = run_of_dates(
                today + timedelta(days=starts_in), len(spec["topics"]), Recurrence.WORKING_DAYS
            )
            online = cluster is None
            name, address = venue(cluster) if cluster else ("", "")
            code = f"{spec['code']}-{cluster.code.upper() if cluster else 'ONLINE'}"
            edition = Edition.objects.create(
                course=course,
                code=code,
                cluster=cluster,
                venue_name=name,
                venue_address=address,
                capacity=capacity,
                starts_on=dates[0],
                ends_on=dates[-1],
                enrolment_opens_at=aware(today - timedelta(days=7)),
                enrolment_closes_at=aware(dates[0] - timedelta(days=10), time(23, 59)),
                status=Edition.Status.SCHEDULED,
            )
            edition_count += 1
            teacher = (
                teachers[0] if (order, number) in {(1, 0), (2, 1)} else teachers[order + number]
            )
            edition.teachers.add(teacher)
            sessions += make_sessions(
                edition,
                dates,
                online_days=set(range(len(dates))) if online else set(),
                meeting_url=f"https://videoconferenza.aula.example/{code.lower()}",
                topics=spec["topics"],
                teacher=teacher,
            )
            centres = (
                list(cluster.centres.order_by("code"))
                if cluster
                else list(EmploymentCentre.objects.order_by("code")[:12])
            )
            # Some places already taken, some requests waiting for the training manager,
            # and one full edition with a waiting list.
            confirmed = capacity if code == "SD1-CT-CITTA" else capacity // 3
            requested = 0 if spec["approve_automatically"] else 4
            waiting = 2 if code == "SD1-CT-CITTA" else 0
            members = [operator] if code == "SD1-PA-CITTA" else []
            needed = confirmed + requested + waiting
            while len(members) < needed:
                members.append(people.make(centres[len(members) % len(centres)]))
            save_operators(members)
            for index, person in enumerate(members):
                if index < confirmed:
                    status = Enrolment.Status.APPROVED
                elif index < confirmed + requested:
                    status = Enrolment.Status.REQUESTED
                else:
                    status = Enrolment.Status.WAITLISTED
                enrolments.append(
                    Enrolment(
                        user=person,
                        edition=edition,
                        course_id=course.pk,  # bulk_create skips Enrolment.save
                        status=status,
                        source=Enrolment.Source.REQUEST,
                        decided_at=timezone.now() if status != Enrolment.Status.REQUESTED else None,
                        waitlisted_at=timezone.now() + timedelta(seconds=index)
                        if status == Enrolment.Status.WAITLISTED
                        else None,
                    )
                )
    Session.objects.bulk_create(sessions)
    Enrolment.objects.bulk_create(enrolments)
    log(
        f"Courses: {programme.title}: {len(UPCOMING_COURSES)} courses, {edition_count} editions "
        "open for enrolment"
    )


def seed(*, scale, log):
    """The plan's shape is fixed by its report, so ``scale`` does not change it."""
    region = Region.objects.get(code="sicilia")
    clusters_by_code = {cluster.code: cluster for cluster in Cluster.objects.filter(region=region)}
    clusters = [clusters_by_code[code] for code, *_rest in CLUSTERS]
    teachers = ensure_teachers()
    if not Programme.objects.filter(slug=FINISHED_SLUG).exists():
        seed_finished_programme(region, clusters, teachers, log)
    if not Programme.objects.filter(slug=UPCOMING_SLUG).exists():
        seed_upcoming_programme(region, clusters_by_code, teachers, log)
