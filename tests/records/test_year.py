"""The year's hours: sources, year boundaries (Italian days), targets, pace."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from records import selectors
from records.models import ExternalTraining, GroupTarget, Kind, YearTarget
from records.sources import SOURCES, local_date, year_span

pytestmark = pytest.mark.django_db


def test_a_classroom_edition_across_the_new_year_counts_its_days_in_each_year(
    dated_edition, attended, operator
):
    edition = dated_edition([date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 4)])
    attended(operator, edition)
    in_2026 = selectors.person_year(operator, 2026, today=date(2026, 12, 31))
    in_2027 = selectors.person_year(operator, 2027, today=date(2027, 1, 4))
    assert [(line.kind, line.hours, line.date) for line in in_2026.lines] == [
        (Kind.CLASSROOM, Decimal("10"), date(2026, 12, 31))
    ]
    assert [(line.hours, line.date) for line in in_2027.lines] == [(Decimal("5"), date(2027, 1, 4))]


def test_cancelled_days_count_nothing(dated_edition, attended, operator, training_manager):
    edition = dated_edition([date(2026, 5, 4), date(2026, 5, 5)])
    attended(operator, edition)
    day = edition.sessions.order_by("date").first()
    day.cancelled_at = datetime(2026, 5, 3, tzinfo=UTC)
    day.cancelled_by = training_manager
    day.cancellation_reason = "Sciopero"
    day.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason"])
    assert selectors.person_year(operator, 2026).hours == Decimal("5")


def test_events_and_external_training_count_in_the_year_of_their_italian_date(
    confirmed_event, external, operator
):
    confirmed_event(operator, date(2026, 12, 31), hours="3")
    confirmed_event(operator, date(2027, 1, 1), hours="4")
    external(operator, date(2026, 12, 31), hours="6", starts_on=date(2026, 12, 1))
    external(operator, date(2027, 1, 1), hours="8", starts_on=date(2026, 12, 28))
    external(operator, date(2026, 6, 1), hours="50", status=ExternalTraining.Status.PENDING)
    record = selectors.person_year(operator, 2026, today=date(2026, 12, 31))
    assert record.hours == Decimal("9")
    assert record.hours_by_kind == {Kind.EVENT: Decimal("3"), Kind.EXTERNAL: Decimal("6")}
    assert (record.pending_count, record.pending_hours) == (1, Decimal("50"))
    assert selectors.person_year(operator, 2027, today=date(2027, 1, 2)).hours == Decimal("12")


def test_an_external_credential_counts_only_when_it_verified(external, operator):
    external(
        operator,
        date(2026, 3, 1),
        hours="10",
        evidence=ExternalTraining.Evidence.CREDENTIAL,
        credential_verdict=ExternalTraining.CredentialVerdict.REVOKED,
    )
    assert selectors.person_year(operator, 2026).hours == 0


def test_the_italian_year_starts_before_utcs():
    start, end = year_span(2027)
    assert start == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    assert end == datetime(2027, 12, 31, 23, 0, tzinfo=UTC)
    assert local_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)
    # Summer time: the Italian day starts at 22:00 UTC.
    assert local_date(datetime(2026, 6, 30, 22, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_the_current_year_is_italys():
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False):
        assert selectors.current_year() == 2027
    with time_machine.travel(datetime(2026, 12, 31, 22, 59, tzinfo=UTC), tick=False):
        assert selectors.current_year() == 2026


def test_default_target_is_forty_hours_and_a_changed_one_applies(external, operator):
    external(operator, date(2026, 4, 1), hours="30")
    record = selectors.person_year(operator, 2026, today=date(2026, 12, 1))
    assert record.target.hours == 40
    assert (record.percent, record.reached, record.missing) == (75, False, Decimal("10"))
    YearTarget.objects.create(year=2026, hours=Decimal("24"))
    record = selectors.person_year(operator, 2026, today=date(2026, 12, 1))
    assert (record.target.hours, record.percent, record.reached) == (24, 100, True)
    # Another year keeps the default.
    assert selectors.person_year(operator, 2025).target.hours == 40


def test_a_group_target_applies_to_its_members_the_lowest_if_several(external, operator, colleague):
    part_time = GroupTarget.objects.create(year=2026, name="Part-time", hours=Decimal("20"))
    half = GroupTarget.objects.create(year=2026, name="Metà orario", hours=Decimal("16"))
    part_time.members.add(operator)
    half.members.add(operator)
    part_time.members.add(colleague)
    records = selectors.year_records([operator.pk, colleague.pk], 2026)
    assert (records[operator.pk].target.hours, records[operator.pk].target.group) == (
        16,
        "Metà orario",
    )
    assert records[colleague.pk].target.hours == 20
    assert selectors.person_year(operator, 2027).target.hours == 40


def test_counted_kinds_limit_what_counts(external, confirmed_event, operator):
    YearTarget.objects.create(year=2026, hours=Decimal("40"), counted_kinds=[Kind.EXTERNAL])
    external(operator, date(2026, 4, 1), hours="6")
    confirmed_event(operator, date(2026, 4, 2), hours="3")
    record = selectors.person_year(operator, 2026)
    assert len(record.lines) == 2
    assert record.hours == Decimal("6")
    assert [line["counts"] for line in record.display_lines] == [True, False]


@pytest.mark.parametrize(
    ("today", "hours", "behind", "per_month"),
    [
        (date(2026, 1, 15), "0", False, Decimal("3.3")),  # nothing expected yet
        (date(2026, 7, 1), "19", True, Decimal("3.5")),  # 20 expected by July
        (date(2026, 7, 1), "20", False, Decimal("3.3")),
        (date(2026, 12, 20), "36", True, Decimal("4")),  # 36.7 expected by December
        (date(2027, 2, 1), "39", True, None),  # the year is over
    ],
)
def test_pace_by_the_months_left(external, operator, today, hours, behind, per_month):
    external(operator, date(2026, 1, 10), hours=hours) if hours != "0" else None
    record = selectors.person_year(operator, 2026, today=today)
    assert record.behind_pace is behind
    assert record.hours_per_month_needed == per_month


def test_sources_are_one_list_of_small_sources():
    assert [source.name for source in SOURCES] == [
        "classroom_lines",
        "event_lines",
        "external_lines",
        "online_lines",
        "scorm_lines",
    ]


def test_targets_read_from_the_cache_follow_every_change(operator, colleague):
    """Targets are cached per year: a target edited or deleted, a member added or taken out
    of a group, a group deleted, each shows at once."""

    def target():
        return selectors.person_year(operator, 2026).target

    assert target().hours == 40
    year_target = YearTarget.objects.create(year=2026, hours=Decimal("30"))
    assert target().hours == 30
    year_target.hours = Decimal("32")
    year_target.save()
    assert target().hours == 32
    group = GroupTarget.objects.create(year=2026, name="Part-time", hours=Decimal("20"))
    assert target().hours == 32
    group.members.add(operator)
    assert (target().hours, target().group) == (20, "Part-time")
    operator.training_target_groups.remove(group)
    assert target().hours == 32
    group.members.add(operator, colleague)
    group.hours = Decimal("18")
    group.save()
    assert target().hours == 18
    group.delete()
    year_target.delete()
    assert target().hours == 40


def test_a_year_of_nobody_is_empty():
    # A team with no staff yet: the reports and reminders ask for no one's year.
    assert selectors.year_records([], 2026, today=date(2026, 6, 1)) == {}
