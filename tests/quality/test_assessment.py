"""The self-assessment from opening to closing: who writes what, refusals, the frozen record."""

from datetime import date

import pytest
from django.urls import reverse

from quality import services
from quality.models import Assessment, ConsensusEntry, HistoryEntry, IndividualEntry, Panel
from website.accounts.roles import Role
from website.core.exceptions import Refused
from website.core.models import AppendOnlyError

from .conftest import agree_all, classical, fill


def login(client, user):
    client.force_login(user)
    return client


def test_only_the_centres_staff_join_the_group(open_assessment, make_user, org):
    outsider = make_user(role=Role.OPERATOR, centre=org["sr1"])
    with pytest.raises(Refused):
        open_assessment(group=[outsider])
    assert not Assessment.objects.exists()


def test_an_operator_cannot_open_an_assessment(operator, coach, org):
    with pytest.raises(Refused):
        services.assessment_open(
            by=operator,
            centre=org["pa1"],
            title="x",
            panel=Panel.CLASSICAL,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 2, 1),
            facilitator=coach,
            members=[operator],
        )


def test_a_coach_opens_one_for_a_centre_they_coach_only(coach, org, make_user):
    staff = make_user(role=Role.OPERATOR, centre=org["sr1"])
    with pytest.raises(Refused):
        services.assessment_open(
            by=coach,
            centre=org["sr1"],
            title="x",
            panel=Panel.CLASSICAL,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 2, 1),
            facilitator=coach,
            members=[staff],
        )


def test_one_wrong_subcriterion_and_nothing_is_saved(assessment, members, subs):
    entries = {sub.pk: classical(50) for sub in subs}
    entries[subs[5].pk] = classical(140)
    with pytest.raises(Refused) as refusal:
        services.individual_save(assessment=assessment, member=members[0], entries=entries)
    assert subs[5].code in refusal.value.message
    assert not IndividualEntry.objects.exists()


def test_the_fine_tuned_panel_refuses_an_incomplete_cycle(open_assessment, members, subs):
    assessment = open_assessment(panel=Panel.FINE_TUNED)
    enabler = next(sub for sub in subs if sub.criterion.is_enabler)
    with pytest.raises(Refused) as refusal:
        services.individual_save(
            assessment=assessment,
            member=members[0],
            entries={enabler.pk: {"phase_plan": "60", "phase_do": "40"}},
        )
    assert "Check" in refusal.value.message
    services.individual_save(
        assessment=assessment,
        member=members[0],
        entries={
            enabler.pk: {
                "phase_plan": "60",
                "phase_do": "40",
                "phase_check": "30",
                "phase_act": "10",
            }
        },
    )
    assert IndividualEntry.objects.get().value == 35


def test_a_non_member_cannot_write(assessment, operator, subs, make_user, org):
    other = make_user(role=Role.OPERATOR, centre=org["pa1"])
    with pytest.raises(Refused):
        services.individual_save(
            assessment=assessment, member=other, entries={subs[0].pk: classical(50)}
        )


def test_a_member_reads_no_one_elses_assessment_before_the_consensus(
    client, assessment, members, coach, subs
):
    fill(assessment, members[1], subs, lambda sub: 70)
    login(client, members[0])
    other = reverse("quality:member_individual", args=[assessment.pk, members[1].pk])
    assert client.get(other).status_code == 404
    assert client.get(reverse("quality:consensus", args=[assessment.pk])).status_code == 404
    own = client.get(reverse("quality:individual", args=[assessment.pk]))
    assert own.status_code == 200
    assert "Forza" not in own.content.decode()  # the other member's text
    services.consensus_start(assessment=assessment, by=coach)
    assert client.get(other).status_code == 200


def test_the_individual_form_saves_and_refuses_with_a_message(client, assessment, members, subs):
    login(client, members[0])
    url = reverse("quality:individual", args=[assessment.pk])
    data = {f"s{sub.pk}-score": "60" for sub in subs}
    data[f"s{subs[0].pk}-score"] = "-5"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "da 0 a 100" in response.content.decode()
    assert not IndividualEntry.objects.exists()
    data[f"s{subs[0].pk}-score"] = "55"
    data[f"s{subs[0].pk}-strengths"] = "Accoglienza su appuntamento"
    response = client.post(url, data)
    assert response.status_code == 302
    assert IndividualEntry.objects.filter(member=members[0]).count() == 28
    assert HistoryEntry.objects.filter(verb="individual_saved").count() == 28


def test_consensus_marks_spread_and_outliers(client, assessment, members, coach, subs):
    for member, score in zip(members, (40, 45, 90), strict=True):
        fill(assessment, member, subs, lambda sub, s=score: s)
    services.consensus_start(assessment=assessment, by=coach)
    login(client, coach)
    page = client.get(reverse("quality:consensus", args=[assessment.pk])).content.decode()
    assert "score-outlier" in page and "da discutere" in page


def test_closing_needs_every_consensus_score(assessment, members, coach, subs):
    fill(assessment, members[0], subs, lambda sub: 50)
    services.consensus_start(assessment=assessment, by=coach)
    agree_all(assessment, coach, subs[:-1], lambda sub: 50)
    with pytest.raises(Refused) as refusal:
        services.assessment_close(assessment=assessment, by=coach)
    assert subs[-1].code in refusal.value.message
    with pytest.raises(Refused):
        services.consensus_save(
            assessment=assessment, by=coach, subcriterion=subs[-1], values={"strengths": "x"}
        )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.CONSENSUS


def test_members_do_not_run_the_consensus(assessment, members, coach, subs):
    fill(assessment, members[0], subs, lambda sub: 50)
    services.consensus_start(assessment=assessment, by=coach)
    with pytest.raises(Refused):
        services.consensus_save(
            assessment=assessment, by=members[0], subcriterion=subs[0], values=classical(50)
        )


def test_a_closed_assessment_cannot_change(closed_assessment, members, coach, subs, client):
    with pytest.raises(Refused):
        fill(closed_assessment, members[0], subs, lambda sub: 99)
    with pytest.raises(Refused):
        services.consensus_save(
            assessment=closed_assessment, by=coach, subcriterion=subs[0], values=classical(99)
        )
    with pytest.raises(Refused):
        services.assessment_close(assessment=closed_assessment, by=coach)
    assert set(ConsensusEntry.objects.values_list("value", flat=True)) == {50}
    entry = HistoryEntry.objects.filter(verb="assessment_closed").get()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    login(client, coach)
    response = client.post(
        reverse("quality:consensus_subcriterion", args=[closed_assessment.pk, subs[0].pk]),
        classical(99),
    )
    assert response.status_code == 404


def test_the_report_is_for_the_centres_staff_once_closed(
    client, assessment, closed_assessment, operator, make_user, org
):
    url = reverse("quality:report", args=[closed_assessment.pk])
    login(client, operator)  # staff of the centre, not in the group
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "Migliorare 1.1" in body
    assert (
        client.get(reverse("quality:report_xlsx", args=[closed_assessment.pk])).status_code == 200
    )
    stranger = make_user(role=Role.OPERATOR, centre=org["sr1"])
    login(client, stranger)
    assert client.get(url).status_code == 404
    assert client.get(reverse("quality:assessment", args=[closed_assessment.pk])).status_code == 404


def test_the_report_compares_with_the_previous_assessment(
    closed_assessment, open_assessment, members, coach, subs, client
):
    later = open_assessment(starts_on=date(2028, 3, 1))
    fill(later, members[0], subs, lambda sub: 70)
    services.consensus_start(assessment=later, by=coach)
    agree_all(later, coach, subs, lambda sub: 70)
    services.assessment_close(assessment=later, by=coach)
    login(client, coach)
    response = client.get(reverse("quality:report", args=[later.pk]))
    assert response.context["report"].previous == closed_assessment
    assert response.context["report"].previous_totals.overall == 50
    assert response.context["report"].totals.overall == 70


def test_the_history_page_is_for_the_facilitator(client, closed_assessment, coach, members):
    url = reverse("quality:history", args=[closed_assessment.pk])
    login(client, members[0])
    assert client.get(url).status_code == 404
    login(client, coach)
    body = client.get(url).content.decode()
    assert "Autovalutazione chiusa" in body and "Consenso salvato" in body


def test_evidence_files_are_checked_and_served_only_to_who_may_read_them(
    client, assessment, members, subs, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("verbale.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(Refused):
        services.individual_save(
            assessment=assessment,
            member=members[0],
            entries={subs[0].pk: classical(50)},
            files={subs[0].pk: [fake]},
        )
    assert not IndividualEntry.objects.exists()
    real = SimpleUploadedFile(
        "verbale.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
    )
    services.individual_save(
        assessment=assessment,
        member=members[0],
        entries={subs[0].pk: classical(50)},
        files={subs[0].pk: [real]},
    )
    evidence = IndividualEntry.objects.get().files.get()
    url = reverse("quality:evidence_file", args=[evidence.pk])
    login(client, members[0])
    assert client.get(url).status_code == 200
    login(client, members[1])
    assert client.get(url).status_code == 404
