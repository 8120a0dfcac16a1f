"""The people and the forum topic the two-node test works with, made in its fresh database.

Run by the test as ``manage.py shell -c "from tests.deploy.two_nodes_seed import seed; seed()"``
under the nodes' own settings; prints what it made as JSON.
"""

import json

from allauth.account.models import EmailAddress

from forums import services
from forums.models import Forum
from website.accounts.models import Cluster, EmploymentCentre, Region, User
from website.accounts.roles import Role, role_group

PASSWORD = "Password-dei-due-nodi-2026"


def person(email, *, role=None, centre=None, superuser=False):
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        first_name=email.split("@")[0].capitalize(),
        last_name="Prova",
        centre=centre,
        is_superuser=superuser,
        is_staff=superuser,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role is not None:
        user.groups.add(role_group(role))
    return user


def seed():
    region = Region.objects.create(name="Regione dei due nodi", code="due-nodi")
    cluster = Cluster.objects.create(region=region, name="Palermo Città", code="nodi-pa")
    centre = EmploymentCentre.objects.create(
        cluster=cluster, name="CPI Palermo Centro", code="CPI-N-PA01", town="Palermo"
    )
    operator = person("operatore@aula.example.it", role=Role.OPERATOR, centre=centre)
    coach = person("coach@aula.example.it", role=Role.COACH)
    cluster.coaches.add(coach)
    person("admin@aula.example.it", superuser=True)
    topic = services.topic_create(
        forum=Forum.objects.get(cluster=cluster),
        author=operator,
        title="Patto di servizio: come vi organizzate?",
        source="Nel nostro centro la profilazione richiede troppo tempo.",
    )
    services.forum_profile_update(
        user=coach, handle="coach-nodi", email_mode="immediate", auto_subscribe=True
    )
    services.subscription_set(user=coach, topic=topic, active=True)
    print(json.dumps({"topic": topic.pk, "password": PASSWORD}))
