"""The editorial office: editors submit, the editor-in-chief approves; scheduled pages go live on time."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from website.accounts.roles import Role
from website.cms.models import NewsIndexPage, NewsPage
from website.core.periodic import registered_jobs, run_due_jobs

from .factories import paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user):
    return make_user(role=Role.EDITOR, email="redattrice@example.org")


@pytest.fixture
def chief(make_user):
    return make_user(role=Role.EDITOR_IN_CHIEF, email="caporedattore@example.org")


def draft_news(user, **fields):
    index = NewsIndexPage.objects.get()
    page = NewsPage(
        title=fields.pop("title", "Notizia in bozza"),
        slug=fields.pop("slug", "in-bozza"),
        intro="Sommario.",
        body=json.dumps([paragraph("Testo.")]),
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision(user=user)
    return page


def test_the_roles_of_the_editorial_office():
    assert Group.objects.filter(name="Caporedattori").exists()
    assert not Group.objects.filter(name="Moderators").exists()
    index = NewsIndexPage.objects.get()
    workflow = index.get_workflow()
    assert workflow.name == "Caporedazione"
    [task] = workflow.tasks.all()
    assert list(task.specific.groups.values_list("name", flat=True)) == ["Caporedattori"]


def test_editors_write_but_only_the_editor_in_chief_publishes(editor, chief):
    page = draft_news(editor)
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(chief).can_publish()


def test_a_submitted_page_is_published_when_the_editor_in_chief_approves(editor, chief):
    page = draft_news(editor)
    workflow_state = page.get_workflow().start(page, editor)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor) == []
    assert {name for name, *_rest in task.get_actions(page, chief)} == {"approve", "reject"}
    assert not NewsPage.objects.get(pk=page.pk).live
    task.on_action(task_state, chief, "approve")
    page.refresh_from_db()
    workflow_state.refresh_from_db()
    assert page.live and workflow_state.status == "approved"


def test_a_page_sent_back_stays_a_draft(editor, chief):
    page = draft_news(editor)
    workflow_state = page.get_workflow().start(page, editor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, chief, "reject")
    page.refresh_from_db()
    workflow_state.refresh_from_db()
    assert not page.live and workflow_state.status == "needs_changes"


def test_the_scheduler_publishes_pages_when_their_time_comes(chief):
    assert "website.cms.periodic.publish_scheduled_pages" in registered_jobs()
    go_live = timezone.now() + timedelta(hours=2)
    page = draft_news(chief, go_live_at=go_live)
    page.get_latest_revision().publish(user=chief)
    page.refresh_from_db()
    assert not page.live
    run_due_jobs()
    assert not NewsPage.objects.get(pk=page.pk).live
    with time_machine.travel(go_live + timedelta(minutes=1)):
        run_due_jobs()
    assert NewsPage.objects.get(pk=page.pk).live
