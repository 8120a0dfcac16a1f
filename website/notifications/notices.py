"""Telling someone what happened: an email and the same news among their notifications.

    tell(user, "courses/emails/enrolment_approved", context, kind="courses-enrolment-approved",
         url=reverse("courses:dashboard"))

emails ``user`` (``<template>_subject.txt`` and ``<template>_body.txt``, see
email_person) after the transaction commits, and leaves a notification whose
title is the email's subject, both in the person's language.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .emails import email_person
from .services import notification_create

TITLE_MAX_LENGTH = 200


def _one_line(template: str, context: dict) -> str:
    return " ".join(render_to_string(template, context).split())


def tell(
    user, template: str, context: dict, *, kind: str, url: str, body_template: str | None = None
) -> None:
    """Email ``user`` and notify them in the app; ``body_template`` gives the notice a body."""
    email_person(user, template, context)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        title = _one_line(f"{template}_subject.txt", context)
        body = _one_line(body_template, context) if body_template else ""
    notification_create(
        recipient=user, kind=kind, title=title[:TITLE_MAX_LENGTH], body=body, url=url
    )
