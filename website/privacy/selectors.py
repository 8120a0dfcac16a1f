from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from website.accounts.models import User

from .models import PersonalDataExport


def exports_of(person: User) -> QuerySet[PersonalDataExport]:
    return PersonalDataExport.objects.filter(person=person)


def downloadable_export(person: User, pk: int) -> PersonalDataExport:
    """The person's own ready copy within its download period; 404 for anything else."""
    export = (
        exports_of(person)
        .filter(pk=pk, status=PersonalDataExport.Status.READY, expires_at__gt=timezone.now())
        .first()
    )
    if export is None or not export.file:
        raise Http404
    return export
