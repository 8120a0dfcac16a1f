"""Emails to people, rendered in their language and sent by the background worker.

    email_person(user, "courses/emails/enrolment_approved", {"enrolment": enrolment})

renders ``<prefix>_subject.txt`` and ``<prefix>_body.txt`` (and
``<prefix>_body.html`` when it exists) in the recipient's language and
enqueues the sending after the current transaction commits, so a rolled-back
change never sends mail.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from django_tasks import task

from website.core.links import site_origin


@task()
def send_email(*, to, subject, body, html_body=None, headers=None):
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or {},
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def email_templates(template_prefix):
    """(subject, text body, html body or None) templates: looked up once for many emails."""
    try:
        html_body = get_template(f"{template_prefix}_body.html")
    except TemplateDoesNotExist:
        html_body = None
    return (
        get_template(f"{template_prefix}_subject.txt"),
        get_template(f"{template_prefix}_body.txt"),
        html_body,
    )


def render_email_text(user, template_prefix, context, *, templates=None):
    """(subject on one line, text body, html body or None) in the person's language; the
    subject without the site's prefix, which is also what a notification's title says.
    ``templates`` (``email_templates``) spares the lookup when rendering many."""
    subject_template, body_template, html_template = templates or email_templates(template_prefix)
    context = {"user": user, "site_url": site_origin(), **context}
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        subject: str = subject_template.render(context)
        body = body_template.render(context)
        html_body = html_template.render(context) if html_template else None
    return " ".join(subject.split()), body, html_body


def render_email(user, template_prefix, context):
    """(subject, text body, html body or None) in the person's language."""
    subject, body, html_body = render_email_text(user, template_prefix, context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, html_body


def email_rendered(user, subject, body, html_body=None, *, headers=None):
    """Send an email rendered already (``render_email``) after commit through the task queue."""
    if not user.email:
        return
    transaction.on_commit(
        lambda: send_email.enqueue(
            to=[user.email], subject=subject, body=body, html_body=html_body, headers=headers
        )
    )


def email_person(user, template_prefix, context, *, headers=None):
    """Render now, send after commit through the task queue."""
    if not user.email:
        return
    email_rendered(user, *render_email(user, template_prefix, context), headers=headers)
