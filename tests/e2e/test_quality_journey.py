"""The CAF self-assessment in a real browser: two members score alone, the facilitator agrees
and closes, the plan gets an action and an update, the coach records a visit and the centre's
manager confirms it. axe-core checks every page; the consensus and the confirmation are done
with the keyboard alone."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from quality import services
from quality.models import (
    Action,
    Assessment,
    CoachingVisit,
    ConsensusEntry,
    IndividualEntry,
    Panel,
    ProgressUpdate,
    SubCriterion,
)
from tests.conftest import PASSWORD
from website.accounts.roles import Role

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def caf(live_url, org, coach, training_manager, centre_manager, make_user):
    members = [
        make_user(role=Role.OPERATOR, centre=org["pa1"], first_name="Lia", last_name=name)
        for name in ("Amato", "Bruno")
    ]
    assessment = services.assessment_open(
        by=training_manager,
        centre=org["pa1"],
        title="CAF 2026 Palermo Centro",
        panel=Panel.CLASSICAL,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 4, 30),
        facilitator=coach,
        members=members,
    )
    subs = list(
        SubCriterion.objects.filter(criterion__model__code="caf2020").order_by(
            "criterion__number", "position"
        )
    )
    return {"assessment": assessment, "members": members, "subs": subs}


def _fill_scores(page, subs, score):
    for sub in subs:
        page.locator(f"#s{sub.pk}-score").fill(str(score))


def test_self_assessment_consensus_plan_and_coaching(new_page, caf, coach, centre_manager, org):
    assessment, subs = caf["assessment"], caf["subs"]
    amato, bruno = caf["members"]
    form_url = f"/qualita/autovalutazioni/{assessment.pk}/la-mia-valutazione/"

    # Each member alone: Amato scores everything 60 and writes a strength.
    page = new_page()
    login(page, amato.email, PASSWORD)
    page.goto(form_url)
    assert_accessible(page)
    page.get_by_label("Punti di forza").first.fill("Carta dei servizi condivisa")
    _fill_scores(page, subs, 60)
    page.get_by_role("button", name="Salva la valutazione").click()
    assert "sottocriteri modificati" in page.inner_text("main")
    assert IndividualEntry.objects.filter(member=amato, value=60).count() == 28
    # Bruno's page is not Amato's to read before the consensus.
    response = page.goto(f"/qualita/autovalutazioni/{assessment.pk}/valutazioni/{bruno.pk}/")
    assert response.status == 404

    # Bruno tries a score out of range: refused with a message, nothing saved; then fixes it.
    page = new_page()
    login(page, bruno.email, PASSWORD)
    page.goto(form_url)
    _fill_scores(page, subs, 30)
    page.locator(f"#s{subs[0].pk}-score").fill("120")
    page.get_by_role("button", name="Salva la valutazione").click()
    assert "Nulla è stato salvato" in page.inner_text("main")
    assert "da 0 a 100" in page.inner_text(f"#sc-{subs[0].pk}")
    assert not IndividualEntry.objects.filter(member=bruno).exists()
    assert_accessible(page)
    page.locator(f"#s{subs[0].pk}-score").fill("90")
    page.get_by_role("button", name="Salva la valutazione").click()
    assert IndividualEntry.objects.filter(member=bruno).count() == 28

    # The facilitator opens the consensus and sees the scores side by side.
    page = new_page()
    login(page, coach.email, PASSWORD)
    page.goto(f"/qualita/autovalutazioni/{assessment.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Apri il consenso").click()
    assert "da discutere" in page.inner_text("main")  # 60 against 30 on most rows
    assert_accessible(page)
    fresh = Assessment.objects.get(pk=assessment.pk)
    for sub in subs[1:]:
        services.consensus_save(
            assessment=fresh, by=coach, subcriterion=sub, values={"score": "45"}
        )

    # The last one with the keyboard alone: focus the score, type, Tab to the button, Enter.
    page.goto(f"/qualita/autovalutazioni/{assessment.pk}/consenso/{subs[0].pk}/")
    assert_accessible(page)
    page.get_by_label("Aree di miglioramento").focus()
    page.keyboard.type("Obiettivi dei singoli uffici")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("70")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert ConsensusEntry.objects.get(assessment=assessment, subcriterion=subs[0]).value == 70
    page.get_by_role("button", name="Chiudi l'autovalutazione").click()
    assert "Autovalutazione chiusa" in page.inner_text("main")
    assert page.locator("svg[role=img]").count() == 1
    assert_accessible(page)

    # The plan, one action, one update.
    page.goto(f"/qualita/autovalutazioni/{assessment.pk}/")
    page.get_by_role("button", name="Crea il piano").click()
    page.get_by_role("link", name="Aggiungi un'azione").click()
    assert_accessible(page)
    today = timezone.localdate()
    page.locator("#id_title").fill("Agenda unica degli appuntamenti")
    page.locator("#id_goal").fill("Un appuntamento entro sette giorni")
    page.locator("#id_owner").select_option(str(amato.pk))
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_due_on").fill((today + timedelta(days=90)).isoformat())
    page.locator("label[for=id_subcriteria_0]").click()
    page.locator("#id_impact").select_option("4")
    page.locator("#id_feasibility").select_option("3")
    page.get_by_role("button", name="Salva l'azione").click()
    assert "Azione salvata" in page.inner_text("main")
    action = Action.objects.get()
    assert action.priority == 12
    page.get_by_role("link", name="Aggiorna l'avanzamento").click()
    assert_accessible(page)
    page.locator("#id_text").fill("Agenda attivata su due sportelli")
    page.locator("#id_status").select_option("in_progress")
    page.get_by_role("button", name="Registra l'aggiornamento").click()
    assert "Agenda attivata su due sportelli" in page.inner_text("main")
    assert ProgressUpdate.objects.get().author == coach
    assert_accessible(page)

    # The coach records a visit; the centre's manager confirms it with the keyboard.
    page.goto("/qualita/visite/nuova/")
    assert_accessible(page)
    page.locator("#id_centre").select_option(str(org["pa1"].pk))
    page.locator("#id_date").fill(today.isoformat())
    page.locator("#id_hours").fill("3.5")
    page.locator("#id_topics").fill("Avvio dell'agenda unica")
    page.locator("label[for=id_actions_0]").click()
    page.get_by_role("button", name="Salva la visita").click()
    assert "Visita registrata" in page.inner_text("main")
    visit = CoachingVisit.objects.get()
    assert str(visit.hours) == "3.5" and list(visit.actions.all()) == [action]

    page = new_page()
    login(page, centre_manager.email, PASSWORD)
    page.goto(f"/qualita/visite/{visit.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Conferma la visita").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Visita confermata" in page.inner_text("main")
    visit.refresh_from_db()
    assert visit.confirmed_by == centre_manager
    page.goto(f"/qualita/piani/{action.plan_id}/")
    assert_accessible(page)
    page.goto("/qualita/benchlearning/")
    assert_accessible(page)
    assert page.javascript_errors == []
