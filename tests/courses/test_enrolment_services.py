"""Enrolment rules: requests, approvals, capacity, the waiting list, withdrawal, manual places."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses import selectors, services
from courses.models import Edition, Enrolment
from website.accounts.roles import Role
from website.core.exceptions import Refused
from website.notifications.models import Notification


@pytest.fixture
def people(make_user, org):
    return [make_user(role=Role.OPERATOR, centre=org["pa1"]) for _ in range(4)]


def subjects(mailoutbox):
    return [message.subject for message in mailoutbox]


def test_a_request_waits_for_the_training_manager_when_the_course_asks_for_approval(
    edition, operator, mailoutbox
):
    enrolment = services.enrolment_request(user=operator, edition=edition)
    assert enrolment.status == Enrolment.Status.REQUESTED
    assert enrolment.course_id == edition.course_id
    assert enrolment.source == Enrolment.Source.REQUEST
    assert mailoutbox == []
    assert not selectors.has_place_in_edition(operator, edition)


def test_automatic_approval_confirms_then_waitlists_once_full(
    make_edition, course, people, mailoutbox, committed
):
    course.approve_automatically = True
    course.save()
    edition = make_edition(capacity=2)
    with committed():
        outcomes = [services.enrolment_request(user=p, edition=edition).status for p in people[:3]]
    assert outcomes == ["approved", "approved", "waitlisted"]
    assert edition.enrolments.get(status="waitlisted").waitlisted_at is not None
    assert "Iscrizione confermata" in mailoutbox[0].subject
    assert "Lista d'attesa" in mailoutbox[2].subject
    assert Notification.objects.filter(recipient=people[2], kind="courses-enrolment-waitlisted")


def test_one_place_per_course_across_editions(make_edition, operator):
    first, second = make_edition(), make_edition()
    services.enrolment_request(user=operator, edition=first)
    with pytest.raises(Refused, match=first.code):
        services.enrolment_request(user=operator, edition=second)
    assert Enrolment.objects.filter(user=operator).count() == 1


def test_after_withdrawing_a_person_may_ask_again(edition, operator):
    enrolment = services.enrolment_request(user=operator, edition=edition)
    services.enrolment_withdraw(enrolment=enrolment, by=operator)
    again = services.enrolment_request(user=operator, edition=edition)
    assert again.status == Enrolment.Status.REQUESTED
    assert Enrolment.objects.filter(user=operator).count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Edition.Status.CANCELLED}, "annullata"),
        ({"status": Edition.Status.DRAFT}, "non accetta iscrizioni"),
        ({"status": Edition.Status.CLOSED}, "non accetta iscrizioni"),
        ({"starts_on": timezone.localdate()}, "già iniziata"),
        ({"enrolment_opens_at": timezone.now() + timedelta(days=3)}, "si aprono il"),
        ({"enrolment_closes_at": timezone.now() - timedelta(hours=1)}, "sono chiuse"),
    ],
)
def test_requests_outside_the_enrolment_window_are_refused_with_the_reason(
    edition, operator, changes, message
):
    if "enrolment_closes_at" in changes:
        edition.enrolment_opens_at = timezone.now() - timedelta(days=10)
    for field, value in changes.items():
        setattr(edition, field, value)
    edition.save()
    with pytest.raises(Refused, match=message):
        services.enrolment_request(user=operator, edition=edition)
    assert not Enrolment.objects.exists()


def test_unpublished_programme_takes_no_requests(edition, operator, programme):
    programme.is_published = False
    programme.save()
    with pytest.raises(Refused):
        services.enrolment_request(user=operator, edition=edition)


def test_open_condition_and_method_agree(make_edition, programme):
    now = timezone.now()
    cases = [
        make_edition(),
        make_edition(status=Edition.Status.DRAFT),
        make_edition(status=Edition.Status.CANCELLED),
        make_edition(starts_in=0),
        make_edition(starts_in=1),
        make_edition(enrolment_opens_at=now + timedelta(minutes=1)),
        make_edition(enrolment_opens_at=now - timedelta(days=1)),
        make_edition(enrolment_closes_at=now + timedelta(minutes=1)),
        make_edition(
            enrolment_opens_at=now - timedelta(days=2), enrolment_closes_at=now - timedelta(days=1)
        ),
    ]
    open_ids = set(Edition.objects.open_for_enrolment(now).values_list("pk", flat=True))
    assert open_ids == {e.pk for e in cases if e.is_open_for_enrolment(now)}
    assert len(open_ids) == 4
    programme.is_published = False
    programme.save()
    assert not Edition.objects.open_for_enrolment(now).exists()


def test_approval_gives_a_place_emails_and_notifies(
    edition, operator, training_manager, mailoutbox, committed
):
    enrolment = services.enrolment_request(user=operator, edition=edition)
    with committed():
        approved = services.enrolment_approve(enrolment=enrolment, by=training_manager)
    assert approved.status == Enrolment.Status.APPROVED
    assert approved.decided_by == training_manager
    assert selectors.has_place_in_edition(operator, edition)
    assert selectors.is_enrolled_in_course(operator, edition.course)
    assert selectors.enrolled_course_ids(operator) == {edition.course_id}
    (message,) = mailoutbox
    assert message.to == [operator.email]
    assert edition.code in message.subject
    assert "/la-mia-formazione/" in message.body
    notice = Notification.objects.get(recipient=operator)
    assert notice.kind == "courses-enrolment-approved"
    assert notice.url == "/la-mia-formazione/"


def test_approving_into_a_full_edition_puts_on_the_waiting_list(
    make_edition, people, training_manager, place, mailoutbox, committed
):
    edition = make_edition(capacity=1)
    place(people[0], edition)
    request = services.enrolment_request(user=people[1], edition=edition)
    with committed():
        decided = services.enrolment_approve(enrolment=request, by=training_manager)
    assert decided.status == Enrolment.Status.WAITLISTED
    assert subjects(mailoutbox) == [f"[Aula] Lista d'attesa: UD1, edizione {edition.code}"]


def test_a_decided_request_cannot_be_decided_again(edition, operator, training_manager):
    enrolment = services.enrolment_request(user=operator, edition=edition)
    services.enrolment_refuse(enrolment=enrolment, by=training_manager, reason="Fuori area")
    with pytest.raises(Refused, match="non è più in attesa"):
        services.enrolment_approve(enrolment=enrolment, by=training_manager)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REFUSED


@pytest.mark.parametrize("status", [Edition.Status.CLOSED, Edition.Status.CANCELLED])
def test_a_request_in_an_ended_edition_cannot_be_approved(
    edition, operator, training_manager, place, status
):
    request = place(operator, edition, Enrolment.Status.REQUESTED)
    Edition.objects.filter(pk=edition.pk).update(status=status)
    with pytest.raises(Refused, match="non si possono aggiungere"):
        services.enrolment_approve(enrolment=request, by=training_manager)
    request.refresh_from_db()
    assert request.status == Enrolment.Status.REQUESTED


def test_refusal_carries_its_reason_to_the_person(
    edition, operator, training_manager, mailoutbox, committed
):
    enrolment = services.enrolment_request(user=operator, edition=edition)
    with committed():
        services.enrolment_refuse(
            enrolment=enrolment,
            by=training_manager,
            reason="  Posti riservati al cluster di Siracusa. ",
        )
    enrolment.refresh_from_db()
    assert enrolment.reason == "Posti riservati al cluster di Siracusa."
    assert "Posti riservati al cluster di Siracusa." in mailoutbox[0].body
    assert "non accolta" in mailoutbox[0].subject


def test_withdrawal_frees_the_place_for_the_first_on_the_waiting_list(
    make_edition, people, place, mailoutbox, committed
):
    edition = make_edition(capacity=1)
    holder = place(people[0], edition)
    later = place(people[2], edition, Enrolment.Status.WAITLISTED)
    earlier = place(
        people[1],
        edition,
        Enrolment.Status.WAITLISTED,
        waitlisted_at=later.waitlisted_at - timedelta(minutes=5),
    )
    with committed():
        promoted = services.enrolment_withdraw(enrolment=holder, by=people[0])
    assert [e.pk for e in promoted] == [earlier.pk]
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert (earlier.status, later.status) == ("approved", "waitlisted")
    assert [m.to for m in mailoutbox] == [[people[1].email]]
    assert "Si è liberato un posto" in mailoutbox[0].subject


def test_withdrawing_a_request_promotes_nobody(make_edition, people, place):
    edition = make_edition(capacity=1)
    place(people[0], edition)
    waiting = place(people[1], edition, Enrolment.Status.WAITLISTED)
    request = place(people[2], edition, Enrolment.Status.REQUESTED)
    assert services.enrolment_withdraw(enrolment=request, by=people[2]) == []
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.WAITLISTED


def test_a_person_cannot_withdraw_once_the_edition_started_but_a_manager_can(
    make_edition, people, place, training_manager, mailoutbox, committed
):
    edition = make_edition(starts_in=0)
    enrolment = place(people[0], edition)
    with pytest.raises(Refused, match="già iniziata"):
        services.enrolment_withdraw(enrolment=enrolment, by=people[0])
    waiting = place(people[1], edition, Enrolment.Status.WAITLISTED)
    with committed():
        services.enrolment_withdraw(enrolment=enrolment, by=training_manager)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    assert "annullata" in mailoutbox[0].subject
    # The edition has started: nobody is promoted into a course already under way.
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.WAITLISTED


def test_withdrawing_twice_is_refused(edition, operator, place):
    enrolment = place(operator, edition)
    services.enrolment_withdraw(enrolment=enrolment, by=operator)
    with pytest.raises(Refused, match="non è più attiva"):
        services.enrolment_withdraw(enrolment=enrolment, by=operator)


def test_more_places_promote_the_waiting_list(make_edition, people, place):
    edition = make_edition(capacity=1)
    place(people[0], edition)
    waiting = [place(person, edition, Enrolment.Status.WAITLISTED) for person in people[1:]]
    edition.capacity = 3
    edition.save()
    promoted = services.edition_fill_from_waiting_list(edition=edition)
    assert [e.pk for e in promoted] == [waiting[0].pk, waiting[1].pk]
    assert edition.enrolments.filter(status="approved").count() == 3


class TestManagerEnrolment:
    def test_gives_a_confirmed_place_and_tells_the_person(
        self, edition, operator, training_manager, mailoutbox, committed
    ):
        with committed():
            enrolment = services.enrolment_enrol(
                user=operator, edition=edition, by=training_manager
            )
        assert (enrolment.status, enrolment.source) == ("approved", "manager")
        assert enrolment.course_id == edition.course_id
        assert len(mailoutbox) == 1

    def test_confirms_a_pending_request_in_the_same_edition(
        self, edition, operator, training_manager, place
    ):
        request = place(operator, edition, Enrolment.Status.REQUESTED)
        enrolment = services.enrolment_enrol(user=operator, edition=edition, by=training_manager)
        assert enrolment.pk == request.pk
        assert enrolment.status == Enrolment.Status.APPROVED

    def test_refuses_a_full_edition_a_second_place_and_a_closed_edition(
        self, make_edition, people, training_manager, place
    ):
        full = make_edition(capacity=1)
        place(people[0], full)
        with pytest.raises(Refused, match="al completo"):
            services.enrolment_enrol(user=people[1], edition=full, by=training_manager)
        with pytest.raises(Refused, match="ha già un posto in questa"):
            services.enrolment_enrol(user=people[0], edition=full, by=training_manager)
        other = make_edition()
        with pytest.raises(Refused, match=full.code):
            services.enrolment_enrol(user=people[0], edition=other, by=training_manager)
        closed = make_edition(status=Edition.Status.CLOSED)
        with pytest.raises(Refused, match="chiusa"):
            services.enrolment_enrol(user=people[2], edition=closed, by=training_manager)
        assert Enrolment.objects.count() == 1


def test_person_find_or_create_matches_email_in_any_case(operator, org, training_manager):
    found, created = services.person_find_or_create(
        email="OPERATORE@example.org",
        first_name="X",
        last_name="Y",
        centre=org["pa2"],
        by=training_manager,
    )
    assert (found, created) == (operator, False)
    new, created = services.person_find_or_create(
        email="nuova.persona@example.org",
        first_name="Nuova",
        last_name="Persona",
        centre=org["pa2"],
        by=training_manager,
    )
    assert created
    assert not new.has_usable_password()
    assert new.emailaddress_set.get().email == "nuova.persona@example.org"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_refusal_needs_a_reason(edition, operator, training_manager, reason):
    enrolment = services.enrolment_request(user=operator, edition=edition)
    with pytest.raises(Refused, match="motivazione del rifiuto"):
        services.enrolment_refuse(enrolment=enrolment, by=training_manager, reason=reason)
    enrolment.refresh_from_db()
    assert enrolment.status != Enrolment.Status.REFUSED
