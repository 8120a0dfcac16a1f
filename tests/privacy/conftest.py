"""A person with one record of every kind the copy of their data covers, and a colleague
with the same kinds, so that a test can tell whose data ended up where."""

from datetime import date
from decimal import Decimal

import pytest
from allauth.socialaccount.models import SocialAccount
from wagtail.models import Page

from forums import services as forum_services
from forums.models import Forum, Post, Topic
from records.models import ExternalTraining
from tests.certificates.conftest import (  # noqa: F401  (fixtures)
    _media_in_tmp,
    attend,
    close_register,
    closed_edition,
    issue_certificate,
    participant,
    template,
)
from website.accounts import fiscal_code
from website.accounts.models import AffiliationRequest, User
from website.cms import services as cms_services


@pytest.fixture
def full_person(issue_certificate, org):  # noqa: F811
    """full_person(first_name=..., marker=...) → a person with every kind of record."""

    def make(*, marker):
        certificate = issue_certificate(first_name=f"Nome{marker}", last_name=f"Cognome{marker}")
        person = certificate.user
        AffiliationRequest.objects.create(person=person, centre=org["pa2"])
        community = Forum.objects.get(slug="comunita")
        topic = forum_services.topic_create(
            forum=community,
            author=person,
            title=f"Discussione {marker}",
            source=f"Messaggio scritto da {marker}",
        )
        # A newcomer's first topic waits for a moderator: approved here, as it would be.
        Topic.objects.filter(pk=topic.pk).update(is_approved=True)
        Post.objects.filter(topic=topic).update(is_approved=True)
        page = Page.objects.filter(depth=2).first()
        cms_services.feedback_submit(
            page=page, user=person, useful=True, comment=f"Commento {marker}"
        )
        ExternalTraining.objects.create(
            user=person,
            title=f"Corso esterno {marker}",
            provider="Syllabus",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 2),
            hours=Decimal("6"),
            evidence=ExternalTraining._meta.get_field("evidence").choices[0][0],
        )
        # An institutional login, with the fiscal code its identity provider sent.
        code_base = {"Anna": "RSSMRA80A01H501", "Bruno": "BNCGLI85M41F205"}.get(
            marker, "VRDLCU70C15L219"
        )
        code = code_base + fiscal_code.check_character(code_base)
        User.objects.filter(pk=person.pk).update(fiscal_code=code)
        SocialAccount.objects.create(
            user=person,
            provider="regione",
            uid=f"sub-{marker}",
            extra_data={"userinfo": {"sub": f"sub-{marker}", "fiscal_number": f"TINIT-{code}"}},
        )
        person.refresh_from_db()
        return {"person": person, "certificate": certificate, "topic": topic}

    return make
