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

from .emails import email_rendered, email_templates, render_email_text
from .models import Notification
from .services import notification_create, notifications_create

TITLE_MAX_LENGTH = 200


def _one_line(template: str, context: dict) -> str:
    return " ".join(render_to_string(template, context).split())


def tell(
    user, template: str, context: dict, *, kind: str, url: str, body_template: str | None = None
) -> None:
    """Email ``user`` and notify them in the app; ``body_template`` gives the notice a body."""
    # The subject is rendered once: the email's, with the site's prefix, and the title.
    title, email_body, html_body = render_email_text(user, template, context)
    email_rendered(user, settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + title, email_body, html_body)
    body = ""
    if body_template:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            body = _one_line(body_template, context)
    notification_create(
        recipient=user, kind=kind, title=title[:TITLE_MAX_LENGTH], body=body, url=url
    )


def tell_many(told, template: str, *, kind: str, url: str) -> None:
    """``tell`` each (user, context) of ``told`` the same kind of news: the templates looked
    up once, the notifications written in one query (for bulk work)."""
    templates = email_templates(template)
    notifications = []
    for user, context in told:
        title, email_body, html_body = render_email_text(
            user, template, context, templates=templates
        )
        email_rendered(user, settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + title, email_body, html_body)
        notifications.append(
            Notification(recipient=user, kind=kind, title=title[:TITLE_MAX_LENGTH], url=url)
        )
    notifications_create(notifications)
