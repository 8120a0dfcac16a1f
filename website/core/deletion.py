"""What a deletion would take with it, and admin delete views that refuse to lose kept records.

Records funders audit (the register, its history, certificates, the
moderation log) are linked with ``PROTECT``: deleting what they hang on
raises ``ProtectedError``. These helpers ask first, so the admin explains
instead of failing.
"""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.db import router, transaction
from django.db.models import Model
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views import generic

if TYPE_CHECKING:
    # The mixin goes before Wagtail's delete view: type-check it as one.
    from wagtail.admin.views.generic import DeleteView as _DeleteViewBase
else:
    _DeleteViewBase = object


def deletion_blockers(obj: Model) -> list[Model]:
    """The kept records that stop ``obj`` from being deleted; empty when it may go."""
    collector = Collector(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    try:
        collector.collect([obj])
    except ProtectedError as error:
        return list(error.protected_objects)
    except RestrictedError as error:
        return list(error.restricted_objects)
    return []


def blocker_kinds(blockers: list[Model]) -> str:
    """``presenze, storico del registro``: what kinds of kept records there are, once each."""
    names = dict.fromkeys(str(blocker._meta.verbose_name_plural) for blocker in blockers)
    return ", ".join(names)


def refusal_message(obj: Model, blockers: list[Model]) -> str:
    return _(
        "«%(object)s» (%(model)s) non si può eliminare: vi sono collegati dati da "
        "conservare (%(kinds)s). Non è stato cancellato nulla."
    ) % {
        "model": obj._meta.verbose_name,
        "object": obj,
        "kinds": blocker_kinds(blockers),
    }


class KeepsHistoryDeleteMixin(_DeleteViewBase):
    """For Wagtail delete views: what kept records protect is refused with a message.

    The check runs after the view's permission check (in ``get``/``post``);
    a deletion that races a new record is still refused, never a 500.
    """

    def get(self, request, *args, **kwargs):
        return self._refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refusal() or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            return self._refusal() or redirect(self.refusal_url())

    def _refusal(self):
        blockers = deletion_blockers(self.object)
        if not blockers:
            return None
        messages.error(self.request, self.refusal_message(blockers))
        return redirect(self.refusal_url())

    def refusal_message(self, blockers):
        return refusal_message(self.object, blockers)

    def refusal_url(self):
        if getattr(self, "edit_url_name", None):
            return reverse(self.edit_url_name, args=[self.object.pk])
        return reverse(self.index_url_name)


class DeleteView(KeepsHistoryDeleteMixin, generic.DeleteView):
    """Wagtail's generic delete view for ModelViewSets (``delete_view_class``)."""
