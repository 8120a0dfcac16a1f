"""Who belongs where: a centre is asked for, and only someone entitled confirms it.

Every place that derives rights from a person's centre reads the confirmed
affiliation (``User.centre``): the cluster's forum (read, start a topic,
reply), the centre's staff report and a person's training record for the
centre's managers, the enrolment lists of a centre's managers and of a
cluster's leads. Resources and enrolment take no rights from the centre
(audiences are public, registered, enrolled, staff; editions are open to
everyone who sees them), so there is nothing to walk there.
"""

import re
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from courses.selectors import staff_enrolments
from forums import permissions as forum_permissions
from forums import services as forum_services
from forums.models import Forum, Post, Topic
from reports import permissions as report_permissions
from reports import selectors as report_selectors
from website.accounts import services
from website.accounts.models import AffiliationRequest, User
from website.accounts.roles import Role
from website.core.exceptions import Refused
from website.notifications.models import Notification

SIGNUP_URL = "/account/signup/"
PASSWORD = "Orientamento-2026!"
Status = AffiliationRequest.Status
How = AffiliationRequest.How


def sign_up(client, centre, *, email="nuova.collega@example.org", verify=True):
    """Sign up through the real form, asking for ``centre``; the address verified."""
    response = client.post(
        SIGNUP_URL,
        {
            "first_name": "Nuova",
            "last_name": "Collega",
            "email": email,
            "centre": centre.pk if centre else "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "privacy_acknowledged": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(email=email)
    if verify:
        EmailAddress.objects.filter(user=user).update(verified=True)
    return user


def fresh(user):
    """A new user object: rights are remembered on the object for one request."""
    return User.objects.get(pk=user.pk)


def decide_url(affiliation):
    return reverse("accounts:affiliation_decide", args=[affiliation.pk])


def approve(client, affiliation):
    return client.post(decide_url(affiliation), {f"r{affiliation.pk}-decision": "approve"})


@pytest.fixture
def north_forum(org):
    return Forum.objects.get(cluster=org["north"])


@pytest.fixture
def south_forum(org):
    return Forum.objects.get(cluster=org["south"])


@pytest.fixture
def north_topic(north_forum, operator):
    return forum_services.topic_create(
        forum=north_forum,
        author=operator,
        title="Una persona in carico al centro",
        source="Il signor R., 52 anni, disoccupato da tre anni: proposte?",
    )


@pytest.fixture
def sr_manager(make_user, org):
    user = make_user(role=Role.CENTRE_MANAGER, centre=org["sr1"], email="dirigente.sr@example.org")
    org["sr1"].managers.add(user)
    return user


# --- Sign-up: no rights from the centre until someone confirms -------------------------


def test_signing_up_asks_for_the_centre_and_grants_nothing(client, org):
    user = sign_up(client, org["pa1"])
    assert user.centre is None
    request = user.affiliation_requests.get()
    assert (request.centre, request.status) == (org["pa1"], Status.PENDING)


# Every place that derives a right from the person's centre, as "does it hold?".
# The person signed up asking for CPI Palermo Centro (northern cluster) and has
# a confirmed place in an edition; ``who`` is the person, the centre's manager
# and the northern cluster's lead.


def _page_lists(client, viewer, url, name="Collega") -> bool:
    client.force_login(viewer)
    response = client.get(url)
    return response.status_code == 200 and name in response.content.decode()


def reads_cluster_forum(client, who, org):
    return forum_permissions.can_read_forum(fresh(who.person), who.forum)


def lists_cluster_forum(client, who, org):
    return who.forum in forum_permissions.readable_forums(fresh(who.person))


def opens_cluster_forum_page(client, who, org):
    client.force_login(who.person)
    return client.get(f"/forum/{who.forum.slug}/").status_code == 200


def reads_a_cluster_topic(client, who, org):
    client.force_login(who.person)
    return client.get(f"/forum/discussioni/{who.topic.pk}/").status_code == 200


def starts_a_cluster_topic(client, who, org):
    client.force_login(who.person)
    client.post(
        f"/forum/{who.forum.slug}/nuova-discussione/",
        {"title": "Mi presento", "source": "Sono nuova del centro."},
    )
    return Topic.objects.filter(forum=who.forum, author=who.person).exists()


def replies_in_the_cluster_forum(client, who, org):
    client.force_login(who.person)
    client.post(f"/forum/discussioni/{who.topic.pk}/rispondi/", {"source": "Posso aiutare?"})
    return Post.objects.filter(topic=who.topic, author=who.person).exists()


def record_seen_by_the_centres_manager(client, who, org):
    return report_permissions.can_view_training_record(who.manager, fresh(who.person))


def record_page_for_the_centres_manager(client, who, org):
    url = reverse("reports:training_record", args=[who.person.pk])
    return _page_lists(client, who.manager, url)


def in_the_centre_staff_report(client, who, org):
    return who.person in report_selectors.centre_staff(org["pa1"])


def in_the_centre_staff_report_page(client, who, org):
    url = reverse("reports:centre_staff", args=[org["pa1"].code])
    return _page_lists(client, who.manager, url)


def counted_in_the_centres_participation(client, who, org):
    _rows, total = report_selectors.participation_by_centre(org["north"].centres.all())
    return total.participant_count == 1


def counted_in_the_clusters_participation(client, who, org):
    _rows, total = report_selectors.participation_by_cluster(
        report_selectors.led_clusters(who.lead)
    )
    return total.participant_count == 1


def in_the_centres_enrolments(client, who, org):
    return staff_enrolments(centres=[org["pa1"]]).filter(user=who.person).exists()


def in_the_centres_enrolments_page(client, who, org):
    url = reverse("courses:centre_training", args=[org["pa1"].code])
    return _page_lists(client, who.manager, url)


def in_the_clusters_enrolments(client, who, org):
    return staff_enrolments(clusters=[org["north"]]).filter(user=who.person).exists()


def in_the_clusters_enrolments_page(client, who, org):
    url = reverse("courses:cluster_training", args=[org["north"].code])
    return _page_lists(client, who.lead, url)


CENTRE_RIGHTS = [
    reads_cluster_forum,
    lists_cluster_forum,
    opens_cluster_forum_page,
    reads_a_cluster_topic,
    starts_a_cluster_topic,
    replies_in_the_cluster_forum,
    record_seen_by_the_centres_manager,
    record_page_for_the_centres_manager,
    in_the_centre_staff_report,
    in_the_centre_staff_report_page,
    counted_in_the_centres_participation,
    counted_in_the_clusters_participation,
    in_the_centres_enrolments,
    in_the_centres_enrolments_page,
    in_the_clusters_enrolments,
    in_the_clusters_enrolments_page,
]


@pytest.fixture
def who(client, org, centre_manager, cluster_lead, north_forum, north_topic, make_edition, place):
    person = sign_up(client, org["pa1"])
    place(person, make_edition())
    client.logout()
    return SimpleNamespace(
        person=person,
        manager=centre_manager,
        lead=cluster_lead,
        forum=north_forum,
        topic=north_topic,
    )


@pytest.mark.parametrize("right", CENTRE_RIGHTS, ids=lambda right: right.__name__)
def test_a_pending_person_has_no_right_from_the_centre(client, org, who, right):
    assert not right(client, who, org)


@pytest.mark.parametrize("right", CENTRE_RIGHTS, ids=lambda right: right.__name__)
def test_an_approved_person_has_every_right_from_the_centre(client, org, who, right):
    services.affiliation_approve(request=who.person.affiliation_requests.get(), by=who.manager)
    assert right(client, who, org)


def test_a_pending_person_keeps_the_community_forum(client, org, who):
    assert forum_permissions.can_read_forum(fresh(who.person), Forum.objects.get(slug="comunita"))


def test_once_approved_the_person_has_the_centres_rights(
    client, org, centre_manager, north_forum, make_edition, place, mailoutbox, committed
):
    user = sign_up(client, org["pa1"])
    place(user, make_edition())
    request = user.affiliation_requests.get()
    client.force_login(centre_manager)
    with committed():
        response = approve(client, request)
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decided_how) == (
        Status.APPROVED,
        centre_manager,
        How.MANAGER,
    )
    assert fresh(user).centre == org["pa1"]
    assert forum_permissions.can_read_forum(fresh(user), north_forum)
    assert report_permissions.can_view_training_record(centre_manager, fresh(user))
    assert staff_enrolments(centres=[org["pa1"]]).filter(user=user).exists()
    # The person hears it, by email and among their notifications.
    notice = Notification.objects.get(recipient=user)
    assert notice.kind == "affiliation-approved" and "CPI Palermo Centro" in notice.title
    assert any(
        message.to == [user.email] and "CPI Palermo Centro" in message.subject
        for message in mailoutbox
    )


def test_the_centres_managers_hear_of_a_new_request(
    client, org, centre_manager, mailoutbox, committed
):
    with committed():
        sign_up(client, org["pa1"])
    notice = Notification.objects.get(recipient=centre_manager)
    assert notice.kind == "affiliation-requested"
    assert notice.url == reverse("accounts:affiliation_requests")
    assert any(message.to == [centre_manager.email] for message in mailoutbox)


# --- Profile: a change of centre is a new request ---------------------------------------


def test_moving_keeps_the_old_rights_until_the_new_centre_confirms(
    client, org, operator, sr_manager, north_forum, south_forum
):
    client.force_login(operator)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Giuseppe", "last_name": "Bruno", "centre": org["sr1"].pk, "language": "it"},
    )
    assert response.status_code == 302
    assert fresh(operator).centre == org["pa1"]
    assert forum_permissions.can_read_forum(fresh(operator), north_forum)
    assert not forum_permissions.can_read_forum(fresh(operator), south_forum)
    request = operator.affiliation_requests.get(status=Status.PENDING)
    assert request.previous_centre == org["pa1"]
    client.force_login(sr_manager)
    assert approve(client, request).status_code == 302
    assert fresh(operator).centre == org["sr1"]
    assert forum_permissions.can_read_forum(fresh(operator), south_forum)
    assert not forum_permissions.can_read_forum(fresh(operator), north_forum)


def test_one_open_request_each_a_new_one_replaces_it(client, org, operator):
    client.force_login(operator)
    data = {"first_name": "Giuseppe", "last_name": "Bruno", "language": "it"}
    client.post(reverse("accounts:profile"), {**data, "centre": org["sr1"].pk})
    client.post(reverse("accounts:profile"), {**data, "centre": org["sr2"].pk})
    statuses = dict(operator.affiliation_requests.values_list("centre__code", "status"))
    assert statuses == {"CPI-T-SR01": Status.WITHDRAWN, "CPI-T-SR02": Status.PENDING}
    # Saving the profile again with the requested centre changes nothing.
    client.post(reverse("accounts:profile"), {**data, "centre": org["sr2"].pk})
    assert operator.affiliation_requests.count() == 2
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "CPI Noto" in page and "Ritira la richiesta" in page


def test_withdrawing_the_request(client, org, operator):
    services.affiliation_request(person=operator, centre=org["sr1"])
    client.force_login(operator)
    assert client.get(reverse("accounts:affiliation_withdraw")).status_code == 405
    response = client.post(reverse("accounts:affiliation_withdraw"))
    assert response.status_code == 302
    request = operator.affiliation_requests.get()
    assert (request.status, request.decided_how) == (Status.WITHDRAWN, How.PERSON)
    assert fresh(operator).centre == org["pa1"]


def test_choosing_the_confirmed_centre_again_withdraws_the_open_request(client, org, operator):
    services.affiliation_request(person=operator, centre=org["sr1"])
    client.force_login(operator)
    client.post(
        reverse("accounts:profile"),
        {"first_name": "Giuseppe", "last_name": "Bruno", "centre": org["pa1"].pk, "language": "it"},
    )
    assert operator.affiliation_requests.get().status == Status.WITHDRAWN
    assert fresh(operator).centre == org["pa1"]


def test_leaving_the_centre_needs_no_approval_and_is_recorded(client, org, operator, north_forum):
    client.force_login(operator)
    client.post(
        reverse("accounts:profile"),
        {"first_name": "Giuseppe", "last_name": "Bruno", "centre": "", "language": "it"},
    )
    assert fresh(operator).centre is None
    assert not forum_permissions.can_read_forum(fresh(operator), north_forum)
    record = operator.affiliation_requests.get()
    assert (record.centre, record.previous_centre, record.status, record.decided_how) == (
        None,
        org["pa1"],
        Status.APPROVED,
        How.PERSON,
    )


# --- Who decides ------------------------------------------------------------------------


def test_the_manager_of_another_centre_can_neither_see_nor_decide(
    client, org, operator, sr_manager
):
    request = services.affiliation_request(person=operator, centre=org["pa2"])
    client.force_login(sr_manager)
    page = client.get(reverse("accounts:affiliation_requests")).content.decode()
    assert operator.email not in page
    assert approve(client, request).status_code == 404
    response = client.post(
        decide_url(request),
        {
            f"r{request.pk}-decision": "refuse",
            f"r{request.pk}-reason": "No",
            f"r{request.pk}-confirm_refusal": "on",
        },
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == Status.PENDING
    assert fresh(operator).centre == org["pa1"]


def test_people_who_manage_nothing_get_404(client, operator, make_user, org):
    request = services.affiliation_request(person=make_user(), centre=org["pa1"])
    client.force_login(operator)
    assert client.get(reverse("accounts:affiliation_requests")).status_code == 404
    assert approve(client, request).status_code == 404
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_a_manager_cannot_approve_their_own_request(client, org, sr_manager):
    # The manager of CPI Siracusa asks to join it after working elsewhere.
    sr_manager.centre = org["pa1"]
    sr_manager.save(update_fields=["centre"])
    request = services.affiliation_request(person=sr_manager, centre=org["sr1"])
    client.force_login(sr_manager)
    assert (
        sr_manager.email
        not in client.get(reverse("accounts:affiliation_requests")).content.decode()
    )
    assert approve(client, request).status_code == 404
    with pytest.raises(Refused):
        services.affiliation_approve(request=request, by=sr_manager)
    request.refresh_from_db()
    assert request.status == Status.PENDING
    assert fresh(sr_manager).centre == org["pa1"]


def test_a_training_manager_decides_for_any_centre(client, org, training_manager, make_user):
    person = make_user()
    request = services.affiliation_request(person=person, centre=org["sr2"])
    client.force_login(training_manager)
    assert person.email in client.get(reverse("accounts:affiliation_requests")).content.decode()
    assert approve(client, request).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_how) == (Status.APPROVED, How.TRAINING_MANAGER)
    assert fresh(person).centre == org["sr2"]


def test_refusing_needs_a_reason_which_the_person_receives(
    client, org, centre_manager, make_user, mailoutbox, committed
):
    person = make_user()
    request = services.affiliation_request(person=person, centre=org["pa1"])
    client.force_login(centre_manager)
    response = client.post(decide_url(request), {f"r{request.pk}-decision": "refuse"})
    assert response.status_code == 200
    assert "Scrivi il motivo del rifiuto." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.PENDING
    # A reason without the confirmation changes nothing either.
    response = client.post(
        decide_url(request),
        {f"r{request.pk}-decision": "refuse", f"r{request.pk}-reason": "Non risulta."},
    )
    assert response.status_code == 200
    assert "conferma il rifiuto" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.PENDING
    with committed():
        response = client.post(
            decide_url(request),
            {
                f"r{request.pk}-decision": "refuse",
                f"r{request.pk}-reason": "Non risulta nell'organico del centro.",
                f"r{request.pk}-confirm_refusal": "on",
            },
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.reason) == (
        Status.REFUSED,
        "Non risulta nell'organico del centro.",
    )
    assert fresh(person).centre is None
    refusal = [message for message in mailoutbox if message.to == [person.email]][-1]
    assert "Non risulta nell'organico del centro." in refusal.body
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode().replace("&#x27;", "'")
    assert "Non risulta nell'organico del centro." in page


def test_a_request_is_decided_once(client, org, centre_manager, training_manager, make_user):
    person = make_user()
    request = services.affiliation_request(person=person, centre=org["pa1"])
    services.affiliation_refuse(request=request, by=training_manager, reason="Doppione")
    with pytest.raises(Refused):
        services.affiliation_approve(request=request, by=centre_manager)
    client.force_login(centre_manager)
    response = approve(client, request)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.REFUSED
    assert fresh(person).centre is None


@pytest.mark.parametrize(
    "data",
    [
        {"r{pk}-decision": "forse"},
        {"r{pk}-decision": ""},
        {},
        {"r{pk}-decision": "refuse", "r{pk}-reason": "   "},
        {"r{pk}-decision": "refuse", "r{pk}-reason": "x" * 1001},
    ],
)
def test_a_malformed_decision_is_a_form_error_and_changes_nothing(
    client, org, centre_manager, make_user, data
):
    person = make_user()
    request = services.affiliation_request(person=person, centre=org["pa1"])
    client.force_login(centre_manager)
    posted = {key.format(pk=request.pk): value for key, value in data.items()}
    response = client.post(decide_url(request), posted)
    assert response.status_code == 200
    assert "Il modulo contiene errori" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.PENDING
    assert fresh(person).centre is None


def test_a_non_numeric_request_id_is_not_found(client, centre_manager):
    client.force_login(centre_manager)
    assert client.post("/profilo/richieste-centro/abc/decidi/").status_code == 404
    assert client.post("/profilo/richieste-centro/999999/decidi/").status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [("999999", "Scegli un centro"), ("abc", "Scegli un centro"), ("1; DROP", "Scegli un centro")],
)
def test_a_malformed_centre_in_the_profile_changes_nothing(client, org, operator, value, message):
    client.force_login(operator)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Altro", "last_name": "Nome", "centre": value, "language": "it"},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["centre"])
    operator.refresh_from_db()
    assert (operator.first_name, operator.centre) != ("Altro", None)
    assert operator.centre == org["pa1"] and operator.first_name != "Altro"
    assert not AffiliationRequest.objects.exists()


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_a_malformed_centre_at_sign_up_creates_nothing(client, org, value):
    response = client.post(
        SIGNUP_URL,
        {
            "first_name": "Nuova",
            "last_name": "Collega",
            "email": "nuova.collega@example.org",
            "centre": value,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Scegli un centro per l'impiego dall'elenco." in " ".join(
        response.context["form"].errors["centre"]
    )
    assert not User.objects.filter(email="nuova.collega@example.org").exists()
    assert not AffiliationRequest.objects.exists()


# --- Training managers in the admin -----------------------------------------------------


def admin_edit_data(account, **changes):
    return {
        "email": account.email,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "is_active": "on",
        "centre": account.centre_id or "",
        "job_title": account.job_title,
        "language": account.language,
        "groups": list(account.groups.values_list("pk", flat=True)),
        "password1": "",
        "password2": "",
        **changes,
    }


def test_a_training_managers_admin_edit_grants_and_is_recorded(
    client, org, operator, training_manager
):
    services.affiliation_request(person=operator, centre=org["sr1"])
    client.force_login(training_manager)
    response = client.post(
        f"/admin/users/edit/{operator.pk}/", admin_edit_data(operator, centre=org["sr2"].pk)
    )
    assert response.status_code == 302
    assert fresh(operator).centre == org["sr2"]
    records = dict(operator.affiliation_requests.values_list("centre__code", "status"))
    assert records == {"CPI-T-SR01": Status.SUPERSEDED, "CPI-T-SR02": Status.APPROVED}
    grant = operator.affiliation_requests.get(centre=org["sr2"])
    assert (grant.decided_by, grant.decided_how, grant.previous_centre) == (
        training_manager,
        How.TRAINING_MANAGER,
        org["pa1"],
    )


def test_the_admin_edit_of_the_requested_centre_approves_the_request(
    client, org, operator, training_manager
):
    request = services.affiliation_request(person=operator, centre=org["sr1"])
    client.force_login(training_manager)
    client.post(
        f"/admin/users/edit/{operator.pk}/", admin_edit_data(operator, centre=org["sr1"].pk)
    )
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (Status.APPROVED, training_manager)
    assert operator.affiliation_requests.count() == 1


def test_an_admin_edit_without_a_centre_change_records_nothing(client, operator, training_manager):
    client.force_login(training_manager)
    client.post(
        f"/admin/users/edit/{operator.pk}/", admin_edit_data(operator, job_title="Orientatore")
    )
    assert fresh(operator).job_title == "Orientatore"
    assert not operator.affiliation_requests.exists()


def test_a_training_manager_creating_an_account_with_a_centre_grants_it(
    client, org, training_manager
):
    client.force_login(training_manager)
    data = {
        "email": "nuovo.operatore@example.org",
        "first_name": "Nuovo",
        "last_name": "Operatore",
        "groups": [],
        "password1": "Password-sicura-2026!",
        "password2": "Password-sicura-2026!",
        "centre": org["pa2"].pk,
        "job_title": "",
        "language": "it",
    }
    assert client.post("/admin/users/new/", data).status_code == 302
    created = User.objects.get(email="nuovo.operatore@example.org")
    assert created.centre == org["pa2"]
    grant = created.affiliation_requests.get()
    assert (grant.status, grant.decided_by, grant.decided_how) == (
        Status.APPROVED,
        training_manager,
        How.TRAINING_MANAGER,
    )


def test_the_admin_refuses_an_unknown_centre(client, operator, training_manager):
    client.force_login(training_manager)
    response = client.post(
        f"/admin/users/edit/{operator.pk}/", admin_edit_data(operator, centre="abc")
    )
    assert response.status_code == 200
    assert fresh(operator).centre_id == operator.centre_id
    assert not operator.affiliation_requests.exists()


def test_the_admin_home_lists_pending_requests(client, org, training_manager, make_user):
    person = make_user(email="in.attesa@example.org")
    services.affiliation_request(person=person, centre=org["pa2"])
    client.force_login(training_manager)
    html = client.get("/admin/").content.decode()
    assert "Richieste di appartenenza ai centri da decidere" in html
    assert "in.attesa@example.org" in html


# --- Trusted e-mail domains -------------------------------------------------------------

TRUSTED = {"cpi.example.it": "centre:CPI-T-PA01", "regione.example.it": "region:regione-prova"}


def follow_verification_link(client, mailoutbox, email):
    message = next(m for m in mailoutbox if m.to == [email] and "confirm-email" in m.body)
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", message.body).group(0)
    client.post(link.split("testserver", 1)[1])


def test_a_trusted_domain_confirms_only_after_verification(client, org, settings, mailoutbox):
    settings.AFFILIATION_TRUSTED_DOMAINS = TRUSTED
    user = sign_up(client, org["pa1"], email="nuova@cpi.example.it", verify=False)
    assert fresh(user).centre is None
    assert user.affiliation_requests.get().status == Status.PENDING
    follow_verification_link(client, mailoutbox, "nuova@cpi.example.it")
    assert EmailAddress.objects.get(user=user).verified
    request = user.affiliation_requests.get()
    assert (request.status, request.decided_how, request.decided_by) == (
        Status.APPROVED,
        How.TRUSTED_DOMAIN,
        None,
    )
    assert fresh(user).centre == org["pa1"]


def test_a_trusted_domain_confirms_nothing_outside_its_scope(client, org, settings, mailoutbox):
    settings.AFFILIATION_TRUSTED_DOMAINS = TRUSTED
    user = sign_up(client, org["pa2"], email="nuova@cpi.example.it", verify=False)
    follow_verification_link(client, mailoutbox, "nuova@cpi.example.it")
    assert EmailAddress.objects.get(user=user).verified
    assert user.affiliation_requests.get().status == Status.PENDING
    assert fresh(user).centre is None


def test_an_untrusted_or_look_alike_domain_confirms_nothing(client, org, settings, mailoutbox):
    settings.AFFILIATION_TRUSTED_DOMAINS = TRUSTED
    for email in ("a@example.org", "b@falso-cpi.example.it", "c@x.cpi.example.it"):
        client.logout()
        user = sign_up(client, org["pa1"], email=email, verify=False)
        follow_verification_link(client, mailoutbox, email)
        assert user.affiliation_requests.get().status == Status.PENDING, email
        assert fresh(user).centre is None


def test_a_verified_trusted_address_confirms_a_profile_request_within_its_region(
    client, org, settings, make_user, south_forum
):
    settings.AFFILIATION_TRUSTED_DOMAINS = TRUSTED
    person = make_user(email="funzionaria@regione.example.it", centre=org["pa1"])
    client.force_login(person)
    client.post(
        reverse("accounts:profile"),
        {"first_name": "Anna", "last_name": "Rizzo", "centre": org["sr1"].pk, "language": "it"},
    )
    assert fresh(person).centre == org["sr1"]
    assert person.affiliation_requests.get().decided_how == How.TRUSTED_DOMAIN
    assert forum_permissions.can_read_forum(fresh(person), south_forum)


def test_an_unverified_trusted_address_confirms_nothing(org, settings, make_user):
    settings.AFFILIATION_TRUSTED_DOMAINS = TRUSTED
    person = make_user(email="funzionaria@regione.example.it")
    EmailAddress.objects.filter(user=person).update(verified=False)
    request = services.affiliation_request(person=person, centre=org["sr1"])
    assert request.status == Status.PENDING
    assert fresh(person).centre is None


@pytest.mark.parametrize(
    "value",
    [{"cpi.example.it": "centro:CPI-T-PA01"}, {"cpi.example.it": "region:"}, {"": "region:x"}],
)
def test_a_malformed_trusted_domain_setting_fails_the_system_check(settings, value):
    from website.accounts.checks import trusted_domains_check

    settings.AFFILIATION_TRUSTED_DOMAINS = value
    errors = trusted_domains_check(None)
    assert [error.id for error in errors] == ["accounts.E001"]


# --- Demo -------------------------------------------------------------------------------


def test_the_demo_manager_has_a_request_to_decide_and_the_demo_people_are_confirmed(client, db):
    from demo import organisation

    organisation.seed(scale=1, log=lambda message: None)
    manager = User.objects.get(email="dirigente@aula.example")
    operator = User.objects.get(email="operatore@aula.example")
    assert operator.centre.code == "CPI-PA01"
    client.force_login(manager)
    page = client.get(reverse("accounts:affiliation_requests")).content.decode()
    assert "nuovo.collega@aula.example" in page
    newcomer = User.objects.get(email="nuovo.collega@aula.example")
    assert newcomer.centre is None
    request = newcomer.affiliation_requests.get()
    assert approve(client, request).status_code == 302
    # Seeding again leaves the manager's decision alone.
    organisation.seed(scale=1, log=lambda message: None)
    assert fresh(newcomer).centre.code == "CPI-PA01"
    assert newcomer.affiliation_requests.count() == 1
