"""Issuing in bulk and one by one, runs in the background, revocation, reissue, history."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from attendance.models import AttendanceRecord
from certificates import services
from certificates.models import Certificate, CertificateEvent, IssueRun
from website.core.exceptions import Refused
from website.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_with_people(closed_edition, participant, attend):
    """A closed two-day edition: two people reached the threshold, one did not."""
    edition = closed_edition(days=2)
    full, english, short = (
        participant(edition),
        participant(edition, language="en"),
        participant(edition),
    )
    attend(full, edition, [5, 5])
    attend(english, edition, [5, 4])
    attend(short, edition, [5, "absent"])
    return edition, (full, english, short)


def test_bulk_issue_gives_one_to_each_who_meets_the_rule_and_tells_them(
    edition_with_people, template, training_manager, committed, mailoutbox
):
    edition, (full, english, _short) = edition_with_people
    with committed():
        assert services.certificates_issue_edition(edition=edition, by=training_manager) == (2, 0)
    certificates = Certificate.objects.filter(edition=edition)
    assert set(certificates.values_list("user", flat=True)) == {full.pk, english.pk}
    assert {m.to[0]: m.subject for m in mailoutbox} == {
        full.email: "[Aula] Il tuo attestato di UD1 è pronto",
        english.email: "[Aula] Your UD1 certificate is ready",
    }
    body = next(m.body for m in mailoutbox if m.to == [full.email])
    code = certificates.get(user=full).code
    assert f"http://testserver/attestati/verifica/{code}/" in body
    assert Notification.objects.filter(recipient=full, kind="certificates-certificate-ready")
    assert certificates.get(user=english).language == "en"
    events = CertificateEvent.objects.filter(certificate__edition=edition)
    assert set(events.values_list("kind", "by")) == {("issued", training_manager.pk)}


def test_issuing_again_issues_nothing_twice(
    edition_with_people, template, training_manager, committed, mailoutbox
):
    edition, _people = edition_with_people
    with committed():
        services.certificates_issue_edition(edition=edition, by=training_manager)
    codes = set(Certificate.objects.values_list("code", flat=True))
    mailoutbox.clear()
    with committed():
        assert services.certificates_issue_edition(edition=edition, by=training_manager) == (0, 0)
    assert set(Certificate.objects.values_list("code", flat=True)) == codes
    assert mailoutbox == []


def test_holders_are_told_after_the_batch_commits_and_never_twice(
    edition_with_people, template, training_manager, committed, mailoutbox
):
    edition, (full, english, _short) = edition_with_people
    with committed():
        services.certificates_issue_edition(edition=edition, by=training_manager)
    certificates = Certificate.objects.filter(edition=edition)
    assert not certificates.filter(notice_pending=True).exists()
    ids = list(certificates.values_list("pk", flat=True))
    with committed():
        assert services.holders_tell(certificate_ids=ids) == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted([full.email, english.email])
    assert Notification.objects.filter(kind="certificates-certificate-ready").count() == 2


def test_a_notice_that_fails_mid_batch_is_kept_and_told_once_by_the_next_run(
    edition_with_people, template, training_manager, committed, mailoutbox, monkeypatch
):
    edition, (full, english, _short) = edition_with_people
    tell_holders = services.notices.tell_holders

    def failing_for_english(certificates, event):
        if any(certificate.user_id == english.pk for certificate in certificates):
            raise RuntimeError("the mail template broke")
        tell_holders(certificates, event)

    monkeypatch.setattr(services.notices, "tell_holders", failing_for_english)
    with committed():
        assert services.certificates_issue_edition(edition=edition, by=training_manager) == (2, 0)
    # The batch's task failed half way: the others were told, the failed one waits.
    assert [m.to[0] for m in mailoutbox] == [full.email]
    pending = Certificate.objects.filter(edition=edition, notice_pending=True)
    assert list(pending.values_list("user", flat=True)) == [english.pk]
    assert not Notification.objects.filter(recipient=english).exists()

    monkeypatch.setattr(services.notices, "tell_holders", tell_holders)
    with committed():
        assert services.certificates_issue_edition(edition=edition, by=training_manager) == (0, 0)
    with committed():
        services.certificates_issue_edition(edition=edition, by=training_manager)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([full.email, english.email])
    assert mailoutbox[-1].subject == "[Aula] Your UD1 certificate is ready"
    for person in (full, english):
        assert Notification.objects.filter(recipient=person).count() == 1
    assert not pending.exists()


def test_a_run_that_fails_between_batches_loses_no_notice(
    closed_edition,
    participant,
    attend,
    template,
    training_manager,
    committed,
    mailoutbox,
    monkeypatch,
):
    edition = closed_edition(days=1)
    people = [participant(edition) for _ in range(3)]
    for person in people:
        attend(person, edition, [5])
    monkeypatch.setattr(services, "ISSUE_BATCH", 2)
    store_batch, stored = services._store_batch, []

    def second_batch_breaks(built, *, notify):
        if stored:
            raise RuntimeError("the worker died")
        stored.append(built)
        return store_batch(built, notify=notify)

    monkeypatch.setattr(services, "_store_batch", second_batch_breaks)
    with committed(), pytest.raises(RuntimeError, match="worker died"):
        services.certificates_issue_edition(edition=edition, by=training_manager)
    issued = set(Certificate.objects.values_list("user__email", flat=True))
    assert len(issued) == 2 and sorted(m.to[0] for m in mailoutbox) == sorted(issued)

    monkeypatch.setattr(services, "_store_batch", store_batch)
    with committed():
        assert services.certificates_issue_edition(edition=edition, by=training_manager) == (1, 0)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)


def test_a_corrected_register_lets_the_next_run_issue_to_the_newly_eligible(
    edition_with_people, template, training_manager
):
    edition, (_full, _english, short) = edition_with_people
    services.certificates_issue_edition(edition=edition, by=training_manager, notify=False)
    AttendanceRecord.objects.filter(user=short, hours=0).update(status="present", hours=5)
    assert services.certificates_issue_edition(
        edition=edition, by=training_manager, notify=False
    ) == (1, 0)
    assert Certificate.objects.filter(user=short).count() == 1


def test_single_issue_and_its_refusals(edition_with_people, template, training_manager, make_user):
    edition, (full, _english, short) = edition_with_people
    certificate = services.certificate_issue(
        edition=edition, user=full, by=training_manager, notify=False
    )
    assert certificate.user == full and certificate.issue_run is None
    with pytest.raises(Refused, match="ha già un attestato"):
        services.certificate_issue(edition=edition, user=full, by=training_manager)
    with pytest.raises(Refused, match="non soddisfa la regola"):
        services.certificate_issue(edition=edition, user=short, by=training_manager)
    with pytest.raises(Refused, match="posto confermato"):
        services.certificate_issue(edition=edition, user=make_user(), by=training_manager)
    assert Certificate.objects.count() == 1


def test_a_run_goes_through_the_task_queue_and_records_its_progress(
    edition_with_people, template, training_manager, committed
):
    edition, _people = edition_with_people
    with committed():
        run = services.issue_run_start(edition=edition, by=training_manager)
        assert run.state == IssueRun.State.QUEUED
    run.refresh_from_db()
    assert (run.state, run.total, run.issued, run.skipped, run.percent) == ("done", 2, 2, 0, 100)
    assert run.finished_at is not None
    assert set(Certificate.objects.values_list("issue_run", flat=True)) == {run.pk}


def test_starting_a_run_while_one_is_active_returns_it(
    edition_with_people, template, training_manager
):
    edition, _people = edition_with_people
    first = services.issue_run_start(edition=edition, by=training_manager)  # not committed: queued
    assert services.issue_run_start(edition=edition, by=training_manager) == first
    assert IssueRun.objects.count() == 1


def test_a_run_whose_worker_died_is_marked_and_replaced(
    edition_with_people, template, training_manager
):
    edition, _people = edition_with_people
    stale = IssueRun.objects.create(edition=edition, started_by=training_manager, state="running")
    IssueRun.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    fresh = services.issue_run_start(edition=edition, by=training_manager)
    stale.refresh_from_db()
    assert fresh != stale and stale.state == "failed" and "15 minuti" in stale.error


def test_a_run_that_fails_says_why(edition_with_people, template, training_manager, committed):
    edition, _people = edition_with_people
    run = IssueRun.objects.create(edition=edition, started_by=training_manager)
    template.delete()  # no template any more: the worker refuses
    run = services.issue_run_execute(run_id=run.pk)
    assert run.state == "failed" and "modello" in run.error
    # A finished run is not run again.
    assert services.issue_run_execute(run_id=run.pk).state == "failed"


def test_revocation_needs_a_reason_and_is_recorded(
    edition_with_people, template, training_manager, committed, mailoutbox
):
    edition, (full, *_others) = edition_with_people
    certificate = services.certificate_issue(
        edition=edition, user=full, by=training_manager, notify=False
    )
    with pytest.raises(Refused, match="motivo"):
        services.certificate_revoke(certificate=certificate, by=training_manager, reason="  ")
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    with committed():
        revoked = services.certificate_revoke(
            certificate=certificate, by=training_manager, reason="Registro errato"
        )
    assert (revoked.status, revoked.revoked_by, revoked.revocation_reason) == (
        "revoked",
        training_manager,
        "Registro errato",
    )
    assert list(revoked.events.values_list("kind", "reason")) == [
        ("issued", ""),
        ("revoked", "Registro errato"),
    ]
    assert mailoutbox[-1].subject == "[Aula] Il tuo attestato di UD1 è stato revocato"
    assert "Registro errato" in mailoutbox[-1].body
    with pytest.raises(Refused, match="Solo un attestato valido"):
        services.certificate_revoke(certificate=revoked, by=training_manager, reason="Ancora")
    # A revoked certificate is not issued again by the next bulk run.
    assert services.certificates_issue_edition(
        edition=edition, by=training_manager, notify=False
    ) == (1, 0)
    assert Certificate.objects.filter(user=full).count() == 1


def test_reissue_after_a_correction_keeps_the_earlier_certificates_history(
    edition_with_people, template, training_manager
):
    edition, (_full, english, _short) = edition_with_people
    old = services.certificate_issue(
        edition=edition, user=english, by=training_manager, notify=False
    )
    assert old.attended_hours == Decimal("9")
    AttendanceRecord.objects.filter(user=english, hours=4).update(status="present", hours=5)
    new = services.certificate_reissue(
        certificate=old, by=training_manager, reason="Uscita anticipata registrata per errore"
    )
    old.refresh_from_db()
    assert (old.status, old.replaced_by) == ("superseded", new)
    assert (new.status, new.replaces, new.attended_hours) == ("valid", old, Decimal("10"))
    assert new.code != old.code
    assert list(old.events.values_list("kind", "related")) == [
        ("issued", None),
        ("replaced", new.pk),
    ]
    assert list(new.events.values_list("kind", "related")) == [("reissued", old.pk)]
    with pytest.raises(Refused, match="già stato sostituito"):
        services.certificate_reissue(certificate=old, by=training_manager, reason="Di nuovo")


def test_reissue_is_refused_when_the_register_no_longer_meets_the_rule(
    edition_with_people, template, training_manager
):
    edition, (full, *_others) = edition_with_people
    certificate = services.certificate_issue(
        edition=edition, user=full, by=training_manager, notify=False
    )
    AttendanceRecord.objects.filter(user=full).update(status="absent", hours=0)
    with pytest.raises(Refused, match="revoca l'attestato"):
        services.certificate_reissue(certificate=certificate, by=training_manager, reason="Prova")
    certificate.refresh_from_db()
    assert certificate.status == "valid" and Certificate.objects.count() == 1


def test_a_revoked_certificate_can_be_reissued_and_stays_revoked(
    edition_with_people, template, training_manager
):
    edition, (full, *_others) = edition_with_people
    certificate = services.certificate_issue(
        edition=edition, user=full, by=training_manager, notify=False
    )
    services.certificate_revoke(
        certificate=certificate, by=training_manager, reason="Revocato per errore", notify=False
    )
    new = services.certificate_reissue(
        certificate=certificate, by=training_manager, reason="Revoca annullata", notify=False
    )
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.replaced_by == new
    assert new.status == "valid"


def test_an_issued_certificate_is_frozen(edition_with_people, template, training_manager):
    edition, (full, *_others) = edition_with_people
    certificate = services.certificate_issue(
        edition=edition, user=full, by=training_manager, notify=False
    )
    certificate.snapshot["holder"]["name"] = "Qualcun altro"
    with pytest.raises(ValueError, match="frozen"):
        certificate.save()
    with pytest.raises(ValueError, match="frozen"):
        certificate.save(update_fields=["snapshot"])
    with pytest.raises(ValueError, match="revoke"):
        certificate.delete()
    event = certificate.events.get()
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    certificate.refresh_from_db()
    assert certificate.snapshot["holder"]["name"] == full.get_full_name()
