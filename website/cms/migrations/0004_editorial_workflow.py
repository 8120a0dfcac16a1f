"""The editorial office: editors submit, the editor-in-chief approves and publishes.

Wagtail's own "Moderators" group and its "Moderators approval" workflow become
the editors-in-chief (*Caporedattori*) and their approval step, keeping the
page permissions Wagtail gave them; editors (*Redattori*) may add and edit
pages but not publish, so what they write reaches readers only through the
workflow. Both manage the vocabularies and read the rating and visit reports;
training managers read the reports too.
"""

from django.db import migrations

from website.accounts.migration_utils import grant, model_perms

EDITORS = "Redattori"
CHIEFS = "Caporedattori"
TRAINING_MANAGERS = "Gestori della formazione"
WORKFLOW_NAME = "Caporedazione"
TASK_NAME = "Approvazione del caporedattore"
REPORTS = ["cms.view_rating_report", "analytics.view_visit_report"]


def set_up(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")

    moderators = Group.objects.filter(name="Moderators").first()
    if moderators and not Group.objects.filter(name=CHIEFS).exists():
        moderators.name = CHIEFS
        moderators.save(update_fields=["name"])
    chiefs, _ = Group.objects.get_or_create(name=CHIEFS)

    vocabularies = model_perms("cms", "thematicarea") + model_perms("cms", "contentkind")
    grant(apps, CHIEFS, ["wagtailadmin.access_admin", *vocabularies, *REPORTS])
    grant(
        apps,
        EDITORS,
        [
            *model_perms("cms", "thematicarea", ("add", "change", "view")),
            *model_perms("cms", "contentkind", ("add", "change", "view")),
            *REPORTS,
        ],
    )
    grant(apps, TRAINING_MANAGERS, REPORTS)

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            GroupPagePermission.objects.get_or_create(
                group=chiefs,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )

    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME,
            active=True,
            content_type=ContentType.objects.get_for_model(GroupApprovalTask),
        )
    else:
        task.name = TASK_NAME
        task.save(update_fields=["name"])
    task.groups.set([chiefs])

    workflow = Workflow.objects.filter(name="Moderators approval").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    else:
        workflow.name = WORKFLOW_NAME
        workflow.active = True
        workflow.save(update_fields=["name", "active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def tear_down(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=CHIEFS).update(name="Moderators")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW_NAME).update(name="Moderators approval")
    Task = apps.get_model("wagtailcore", "Task")
    Task.objects.filter(name=TASK_NAME).update(name="Moderators approval")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_channel_pages"),
        ("analytics", "0001_initial"),
        ("accounts", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(set_up, tear_down)]
