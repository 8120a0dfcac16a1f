"""Capacity and the waiting list under parallel requests (real threads on PostgreSQL)."""

import threading

import pytest
from django.db import connections

from courses import services
from courses.models import Enrolment
from website.accounts.roles import Role
from website.core.exceptions import Refused

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_parallel(calls):
    """Run the calls in threads released at the same instant; return results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported to the test, not swallowed
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_simultaneous_requests_never_share_the_last_seat(make_edition, course, make_user, place):
    course.approve_automatically = True
    course.save()
    edition = make_edition(capacity=3)
    place(make_user(), edition)
    place(make_user(), edition)  # one seat left
    people = [make_user(role=Role.OPERATOR) for _ in range(6)]
    results = in_parallel(
        [lambda p=p: services.enrolment_request(user=p, edition=edition) for p in people]
    )
    assert all(isinstance(r, Enrolment) for r in results), results
    assert sorted(r.status for r in results) == ["approved"] + ["waitlisted"] * 5
    assert edition.enrolments.filter(status="approved").count() == 3


def test_two_managers_approving_at_once_fill_one_seat(
    make_edition, make_user, place, training_manager
):
    edition = make_edition(capacity=1)
    requests = [place(make_user(), edition, Enrolment.Status.REQUESTED) for _ in range(2)]
    other_manager = make_user(role=Role.TRAINING_MANAGER)
    results = in_parallel(
        [
            lambda: services.enrolment_approve(enrolment=requests[0], by=training_manager),
            lambda: services.enrolment_approve(enrolment=requests[1], by=other_manager),
        ]
    )
    assert sorted(r.status for r in results) == ["approved", "waitlisted"]


def test_one_person_asking_for_two_editions_at_once_gets_one(make_edition, operator):
    first, second = make_edition(), make_edition()
    results = in_parallel(
        [
            lambda: services.enrolment_request(user=operator, edition=first),
            lambda: services.enrolment_request(user=operator, edition=second),
        ]
    )
    refused = [r for r in results if isinstance(r, Refused)]
    assert len(refused) == 1, results
    assert Enrolment.objects.filter(user=operator).count() == 1


def test_a_withdrawal_and_a_request_at_once_keep_the_count_right(
    make_edition, course, make_user, place
):
    course.approve_automatically = True
    course.save()
    edition = make_edition(capacity=1)
    holder = place(make_user(), edition)
    waiting = place(make_user(), edition, Enrolment.Status.WAITLISTED)
    newcomer = make_user()
    in_parallel(
        [
            lambda: services.enrolment_withdraw(enrolment=holder, by=holder.user),
            lambda: services.enrolment_request(user=newcomer, edition=edition),
        ]
    )
    assert edition.enrolments.filter(status="approved").count() == 1
    waiting.refresh_from_db()
    newcomer_place = edition.enrolments.get(user=newcomer)
    # Whoever came first holds the seat; the other waits. Never both, never neither.
    assert {waiting.status, newcomer_place.status} == {"approved", "waitlisted"}
