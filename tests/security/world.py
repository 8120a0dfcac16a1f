"""The small world the permission map is walked against: one of each object, people in each role.

Built once per module (see ``test_permission_map.world``) through the apps'
services where they exist, so the objects are in the states real use leaves them.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.users.models import UserProfile

from attendance.models import AttendanceRecord, AttendanceStatus, RegisterClosure
from certificates import services as certificate_services
from certificates.models import CertificateRule, CertificateTemplate, IssueRun
from courses import services as course_services
from courses.models import Course, Edition, Enrolment, Programme
from forums import notify
from forums import services as forum_services
from forums.models import Forum, ModerationAction
from learning.models import Activity, Lesson, Section
from records import services as records_services
from records.models import GroupTarget, YearTarget
from resources.models import Resource
from surveys.models import Response, Survey
from tests.certificates.conftest import png
from tests.cms.factories import area, make_event, make_news
from tests.courses.factories import add_days
from tests.resources.conftest import accepted, pdf_bytes
from tests.surveys.factories import make_questionnaire
from website.accounts import services as affiliation_services
from website.accounts.models import Cluster, EmploymentCentre, Region, User
from website.accounts.roles import Role, role_group
from website.cms.models import ContentKind
from website.core.models import SiteIdentity
from website.notifications.services import notification_create

PASSWORD = "Password-della-mappa-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    people: dict[str, User] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as missing:
            raise AttributeError(name) from missing


def _person(key, *, role=None, centre=None, superuser=False) -> User:
    email = f"{key.replace('_', '.')}@mappa.example.org"
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        centre=centre,
        first_name=key.split("_")[0].title(),
        last_name="Mappa",
        is_superuser=superuser,
        is_staff=superuser,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role is not None:
        user.groups.add(role_group(role))
    return user


def _organisation(world: World) -> None:
    region = Region.objects.create(name="Regione della mappa", code="regione-mappa")
    north = Cluster.objects.create(region=region, name="Cluster Nord", code="mappa-nord")
    south = Cluster.objects.create(region=region, name="Cluster Sud", code="mappa-sud")
    world.objects.update(
        region=region,
        north=north,
        south=south,
        centre=EmploymentCentre.objects.create(
            cluster=north, name="CPI Nord Uno", code="CPI-MAPPA-N1", town="Palermo"
        ),
        other_centre=EmploymentCentre.objects.create(
            cluster=south, name="CPI Sud Uno", code="CPI-MAPPA-S1", town="Siracusa"
        ),
    )


def _people(world: World) -> None:
    centre, other_centre = world.centre, world.other_centre
    people = {
        "operator": _person("operator", role=Role.OPERATOR, centre=centre),
        "operator_other": _person("operator_other", role=Role.OPERATOR, centre=other_centre),
        "centre_manager": _person("centre_manager", role=Role.CENTRE_MANAGER, centre=centre),
        "cluster_lead": _person("cluster_lead", role=Role.CLUSTER_LEAD, centre=centre),
        "coach": _person("coach", role=Role.COACH),
        "teacher": _person("teacher", role=Role.TEACHER),
        "teacher_other": _person("teacher_other", role=Role.TEACHER),
        "editor": _person("editor", role=Role.EDITOR),
        "editor_in_chief": _person("editor_in_chief", role=Role.EDITOR_IN_CHIEF),
        "training_manager": _person("training_manager", role=Role.TRAINING_MANAGER),
        "superuser": _person("superuser", superuser=True),
    }
    for person in people.values():
        # Wagtail makes it on a person's first page otherwise, inside each rolled-back request.
        UserProfile.get_for_user(person)
    centre.managers.add(people["centre_manager"])
    world.north.leads.add(people["cluster_lead"])
    world.north.coaches.add(people["coach"])
    world.people.update(people)
    # Someone who asked to join the operator's centre: its manager and the training office decide.
    newcomer = _person("newcomer")
    world.objects["affiliation"] = affiliation_services.affiliation_request(
        person=newcomer, centre=centre
    )


def _edition(course, code, cluster, *, starts_in, days, **fields) -> Edition:
    start = timezone.localdate() + timedelta(days=starts_in)
    edition = Edition.objects.create(
        course=course,
        code=code,
        cluster=cluster,
        venue_name="Aula della mappa",
        capacity=20,
        starts_on=start,
        ends_on=start + timedelta(days=days - 1),
        **fields,
    )
    add_days(edition, start, days)
    return edition


def _courses(world: World) -> None:
    people = world.people
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Piano della mappa",
        slug="piano-mappa",
        region=world.region,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=200),
    )
    course = Course.objects.create(
        programme=programme, code="UD1", title="Trasparenza", slug="ud1-mappa"
    )
    # Running: the day before yesterday, yesterday and today, with self check-in.
    edition = _edition(
        course,
        "MAPPA-NORD",
        world.north,
        starts_in=-2,
        days=3,
        status=Edition.Status.SCHEDULED,
        self_checkin_enabled=True,
    )
    edition.teachers.add(people["teacher"])
    # Another unit, so that its teacher is no teacher of the first one.
    other_course = Course.objects.create(
        programme=programme, code="UD2", title="Patto di servizio", slug="ud2-mappa"
    )
    other_edition = _edition(
        other_course,
        "MAPPA-SUD",
        world.south,
        starts_in=20,
        days=1,
        status=Edition.Status.SCHEDULED,
    )
    other_edition.teachers.add(people["teacher_other"])
    enrolment = Enrolment.objects.create(
        user=people["operator"], edition=edition, status=Enrolment.Status.APPROVED
    )
    Enrolment.objects.create(
        user=people["operator_other"], edition=other_edition, status=Enrolment.Status.APPROVED
    )
    first_day = edition.sessions.order_by("date").first()
    AttendanceRecord.objects.create(
        session=first_day,
        user=people["operator"],
        status=AttendanceStatus.PRESENT,
        hours=first_day.hours,
    )
    world.objects.update(
        programme=programme,
        course=course,
        edition=edition,
        other_edition=other_edition,
        enrolment=enrolment,
        day=edition.sessions.order_by("date").last(),
        feed=course_services.calendar_feed_for(user=people["operator"]),
    )


def _certificates(world: World) -> None:
    people = world.people
    template = CertificateTemplate.objects.create(
        name="Modello della mappa",
        is_default=True,
        issuer_name="Regione della mappa",
        issuer_office="Servizio formazione",
        issuer_place="Palermo",
        signatory_name="Maria Rossi",
        signatory_role="La dirigente",
        logo=png(name="logo-mappa.png"),
        signature=png("black", (300, 90), "firma-mappa.png"),
    )
    # A finished unit: one place per person and unit, so not the running edition's.
    finished = Course.objects.create(
        programme=world.programme, code="UD0", title="Accoglienza", slug="ud0-mappa"
    )
    rule = CertificateRule.objects.create(course=finished, template=template)
    closed = _edition(
        finished,
        "MAPPA-CHIUSA",
        world.north,
        starts_in=-40,
        days=1,
        status=Edition.Status.CLOSED,
    )
    closed.teachers.add(people["teacher"])
    holder = people["operator"]
    Enrolment.objects.create(user=holder, edition=closed, status=Enrolment.Status.APPROVED)
    for session in closed.sessions.all():
        AttendanceRecord.objects.create(
            session=session, user=holder, status=AttendanceStatus.PRESENT, hours=session.hours
        )
    RegisterClosure.objects.create(edition=closed, closed_by=people["training_manager"])
    certificate = certificate_services.certificate_issue(
        edition=closed, user=holder, by=people["training_manager"], notify=False
    )
    run = IssueRun.objects.create(
        edition=closed, started_by=people["training_manager"], state=IssueRun.State.DONE
    )
    world.objects.update(
        template=template, rule=rule, closed_edition=closed, certificate=certificate, run=run
    )


def _forums(world: World) -> None:
    people = world.people
    cluster_forum = Forum.objects.get(cluster=world.north)
    topic = forum_services.topic_create(
        forum=cluster_forum,
        author=people["operator"],
        title="Profilazione: come vi organizzate?",
        source="Nel nostro centro la profilazione richiede tempo.",
        uploads=[
            forum_services.Upload(
                SimpleUploadedFile("dati.pdf", PDF, content_type="application/pdf"),
                "dati.pdf",
                "application/pdf",
            )
        ],
    )
    post = topic.posts.order_by("pk").first()
    reply = forum_services.post_create(
        topic=topic, author=people["coach"], source="Da noi si lavora per appuntamento."
    )
    forum_services.post_set_hidden(post=reply, actor=people["cluster_lead"], hidden=True)
    forum_services.post_set_hidden(post=reply, actor=people["cluster_lead"], hidden=False)
    edition_forum = Forum.objects.get(edition=world.edition)
    edition_topic = forum_services.topic_create(
        forum=edition_forum,
        author=people["teacher"],
        title="Materiali della prima giornata",
        source="Le slide sono nei materiali del corso.",
    )
    world.objects.update(
        community=Forum.objects.get(slug="comunita"),
        cluster_forum=cluster_forum,
        edition_forum=edition_forum,
        topic=topic,
        post=post,
        attachment=post.attachments.get(),
        edition_topic=edition_topic,
        moderation_action=ModerationAction.objects.order_by("pk").first(),
        unsubscribe_token=notify.unsubscribe_token(people["operator"]),
    )


def _resources(world: World) -> None:
    from resources import services as resource_services

    made = {}
    for audience in Resource.Audience.values:
        title = f"Materiale {audience} della mappa"
        made[audience] = resource_services.resource_create_from_uploads(
            user=world.people["teacher"],
            uploads=accepted(f"{audience}.pdf", pdf_bytes(title=title), title=title),
            kind=Resource.Kind.HANDOUT,
            audience=audience,
            course=world.course,
            process_in_background=False,
        )[0]
    world.objects["resources"] = made


def _packages(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo.package_builder import scorm12_zip
    from packages import services as package_services
    from packages.runtime import current_launch

    package = package_services.upload_package(
        course=world.course,
        uploaded=SimpleUploadedFile("mappa.zip", scorm12_zip()),
        by=world.people["training_manager"],
    )
    operator = world.people["operator"]
    sco = package.current_version.scos.exclude(href="").get()
    state = package_services.commit(
        package=package,
        sco=sco,
        user=operator,
        number=current_launch(package, operator).attempt_number,
        session="mappa",
        values={"cmi.core.lesson_location": "1", "cmi.core.exit": "suspend"},
        terminate=False,
    )
    world.objects.update(package=package, package_sco=sco, package_attempt=state.attempt)


def _channel(world: World) -> None:
    world.objects.update(
        area=area(slug="mappa-area", name="Area della mappa"),
        kind=ContentKind.objects.create(name="Tipo della mappa", slug="tipo-mappa"),
        news=make_news(title="Notizia della mappa"),
        event=make_event(title="Evento della mappa"),
        notification=notification_create(
            recipient=world.people["operator"],
            kind="test",
            title="Iscrizione confermata",
            url="/la-mia-formazione/",
        ),
    )


def _learning(world: World) -> None:
    section = Section.objects.create(course=world.course, title="Prima dell'aula")
    activity = Activity.objects.create(
        section=section, title="Leggi la norma", kind="link", url="https://www.normattiva.it/"
    )
    lesson = Lesson.objects.create(course=world.course, title="Lezione della mappa")
    world.objects.update(
        learning_section=section, learning_activity=activity, learning_lesson=lesson
    )


def _records(world: World) -> None:
    """The operator's pending external training (a PDF), their statement, the year's targets."""
    from website.core.uploads import POLICIES, TRAINING_EVIDENCE, check_upload

    operator = world.people["operator"]
    today = timezone.localdate()
    evidence = check_upload(
        SimpleUploadedFile("attestato.pdf", pdf_bytes(), content_type="application/pdf"),
        POLICIES[TRAINING_EVIDENCE],
    )
    declaration = records_services.declaration_create(
        user=operator,
        title="Formazione esterna della mappa",
        provider="Syllabus",
        starts_on=today - timedelta(days=3),
        ends_on=today - timedelta(days=2),
        hours=6,
        evidence_file=evidence,
    )
    statement = records_services.statement_issue(user=operator, year=today.year)
    group = GroupTarget.objects.create(year=today.year, name="Part-time della mappa", hours=20)
    world.objects.update(
        declaration=declaration,
        statement=statement,
        year=today.year,
        year_target=YearTarget.objects.create(year=today.year, hours=40),
        group_target=group,
    )


def _surveys(world: World) -> None:
    """The finished unit's evaluation: the operator has not answered it yet; five answers
    from earlier participants, so results and exports show."""
    survey = Survey(
        title="Valutazione della mappa",
        questionnaire=make_questionnaire(title="Questionario della mappa"),
        kind=Survey.Kind.EVALUATION,
        edition=world.closed_edition,
    )
    survey.save()
    Response.objects.bulk_create(Response(survey=survey) for _ in range(5))
    world.objects.update(survey=survey, questionnaire=survey.questionnaire)


def _quizzes(world: World) -> None:
    """A published quiz of the running unit with one essay question; the operator's attempt,
    finished and waiting for its teacher's mark."""
    from quizzes import services as quiz_services
    from quizzes.formats.common import ParsedQuestion, html_from_plain
    from quizzes.models import QuestionCategory
    from tests.quizzes.factories import make_quiz

    category = QuestionCategory.objects.create(course=world.course, name="Domande della mappa")
    question = quiz_services.question_create(
        category=category,
        parsed=ParsedQuestion(
            type="essay",
            name="Aperta della mappa",
            text=html_from_plain("Descrivi un caso di accesso civico."),
        ),
    )
    quiz = make_quiz(world.course, [question], title="Verifica della mappa")
    operator = world.people["operator"]
    attempt = quiz_services.attempt_start(quiz=quiz, user=operator)
    quiz_services.attempt_finish(attempt=attempt)
    world.objects.update(
        quiz=quiz,
        quiz_category=category,
        quiz_question=question,
        quiz_attempt=attempt,
        quiz_answer=attempt.answers.get(),
    )


def _quality(world: World) -> None:
    """The operator's centre assessed with the coach facilitating and the operator in the group
    (one evidence file), closed; its plan with one action; a visit the coach recorded and the
    centre's manager has not confirmed yet."""
    from quality import services as quality_services
    from quality.models import Panel, SubCriterion

    people = world.people
    operator, coach = people["operator"], people["coach"]
    today = timezone.localdate()
    assessment = quality_services.assessment_open(
        by=people["training_manager"],
        centre=world.centre,
        title="Autovalutazione della mappa",
        panel=Panel.CLASSICAL,
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=1),
        facilitator=coach,
        members=[operator],
    )
    subs = list(SubCriterion.objects.filter(criterion__model=assessment.model_id))
    quality_services.individual_save(
        assessment=assessment,
        member=operator,
        entries={sub.pk: {"score": "50"} for sub in subs},
        files={
            subs[0].pk: [
                SimpleUploadedFile("evidenza.pdf", pdf_bytes(), content_type="application/pdf")
            ]
        },
    )
    quality_services.consensus_start(assessment=assessment, by=coach)
    for sub in subs:
        quality_services.consensus_save(
            assessment=assessment, by=coach, subcriterion=sub, values={"score": "50"}
        )
    assessment = quality_services.assessment_close(assessment=assessment, by=coach)
    plan = quality_services.plan_create(assessment=assessment, by=coach, title="Piano della mappa")
    action = quality_services.action_save(
        plan=plan,
        by=coach,
        title="Agenda condivisa",
        goal="Appuntamenti senza attese",
        owner=people["centre_manager"],
        starts_on=today,
        due_on=today + timedelta(days=90),
        impact=4,
        feasibility=3,
        subcriteria=subs[:1],
    )
    visit = quality_services.visit_record(
        coach=coach, centre=world.centre, date=today, hours="2", topics="Il piano della mappa"
    )
    world.objects.update(
        assessment=assessment,
        evidence=assessment.entries.get(subcriterion=subs[0]).files.get(),
        subcriterion=subs[0],
        plan=plan,
        action=action,
        visit=visit,
        coach_feed=course_services.calendar_feed_for(user=coach),
        coach_assignment=quality_services.coach_assign(
            centre=world.centre, coach=coach, by=people["training_manager"]
        ),
    )


def _privacy(world):
    """The operator's copy of their data, ready; one entry in the audit log."""
    from website.audit.services import Action, audit_record
    from website.privacy import services as privacy_services
    from website.privacy.models import PersonalDataExport

    operator = world.people["operator"]
    export = PersonalDataExport.objects.create(person=operator)
    privacy_services.export_build(export_id=export.pk)
    world.objects["personal_export"] = export
    world.objects["audit_entry"] = audit_record(
        actor=world.people["training_manager"], action=Action.EXPORT, target="Registro"
    )


def build_world() -> World:
    world = World()
    # Made on first use otherwise, inside each rolled-back request (so every page "writes").
    world.objects["site_identity"] = SiteIdentity.load()
    _organisation(world)
    _people(world)
    _courses(world)
    _learning(world)
    _certificates(world)
    _forums(world)
    _resources(world)
    _packages(world)
    _channel(world)
    _records(world)
    _surveys(world)
    _quizzes(world)
    _quality(world)
    _privacy(world)
    world.objects["image"] = Image.objects.create(
        title="Immagine della mappa", file=png(name="mappa.png")
    )
    return world
