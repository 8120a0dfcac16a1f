"""Changing the web channel's data: readers' feedback, event registrations, its documents."""

import hashlib
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Collection, Page

from website.accounts.types import AnyUser, User
from website.core.exceptions import Refused
from website.core.text import plain_text

from .models import EventPage, EventRegistration, PageFeedback
from .models.feedback import COMMENT_MAX_LENGTH

# Editors' document rights live on this collection, not on the root, so that
# they never reach the learning materials' collection (resources migration 0003).
WEB_CHANNEL_COLLECTION = "Canale web"


def web_channel_collection() -> Collection:
    """The Wagtail collection that holds the web channel's documents."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=WEB_CHANNEL_COLLECTION).first()
    return existing or root.add_child(name=WEB_CHANNEL_COLLECTION)


def reader_key_for(token: str) -> str:
    """What is stored for an anonymous reader: a hash of the random token in their session."""
    return hashlib.sha256(token.encode()).hexdigest()


def feedback_submit(
    *, page: Page, user: AnyUser, reader_token: str = "", useful: bool, comment: str = ""
) -> tuple[PageFeedback, bool]:
    """Record a reader's answer about ``page``; a second one replaces the first.

    It replaces a 1–5 score the same reader gave before, too. The comment is kept as plain
    text (``website.core.text.plain_text``). Returns ``(feedback, created)``.
    """
    lookup: dict[str, Any]  # keyword arguments of the lookup
    if user.is_authenticated:
        lookup = {"page": page, "user": user}
    else:
        if not reader_token:
            raise ValueError("an anonymous answer needs the reader's token")
        lookup = {"page": page, "user": None, "reader_key": reader_key_for(reader_token)}
    with transaction.atomic():
        return PageFeedback.objects.update_or_create(
            **lookup,
            defaults={
                "useful": useful,
                "score": None,
                "comment": plain_text(comment)[:COMMENT_MAX_LENGTH],
                "updated_at": timezone.now(),
            },
        )


def registration_refusal(
    event: EventPage, *, count: int, registered: bool, today: date | None = None
) -> str | None:
    """Why a place at the event cannot be taken now, or None (no query)."""
    today = today or timezone.localdate()
    if not event.takes_registrations:
        return _("Per questo evento non ci si iscrive sul portale.")
    if registered:
        return _("Sei già iscritto a questo evento.")
    if event.date <= today:
        return _("Le iscrizioni a questo evento sono chiuse: l'evento è già iniziato.")
    if not event.registration_open:
        return _("Le iscrizioni a questo evento sono chiuse.")
    if count >= event.capacity:
        return _("I posti per questo evento sono esauriti.")
    return None


def event_registration_create(*, event: EventPage, user: User) -> EventRegistration:
    """Give ``user`` a place at ``event``, or raise Refused saying why."""
    with transaction.atomic():
        # The event's row is the lock: concurrent requests for the last place queue here.
        event = EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
        registrations = EventRegistration.objects.filter(event=event)
        refusal = registration_refusal(
            event,
            count=registrations.count(),
            registered=registrations.filter(user=user).exists(),
        )
        if refusal:
            raise Refused(refusal)
        return EventRegistration.objects.create(event=event, user=user)


def event_registration_cancel(*, event: EventPage, user: User) -> bool:
    """Give the place back; only before the event starts. Returns whether there was one."""
    if event.date <= timezone.localdate():
        raise Refused(_("L'evento è già iniziato: l'iscrizione non si può più annullare."))
    with transaction.atomic():
        deleted, _rows = EventRegistration.objects.filter(event=event, user=user).delete()
    return bool(deleted)
