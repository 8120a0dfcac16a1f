"""A copy of the operator's data, ready to download from «I miei dati».

Made through the privacy app's services (the background task's own function, run
here directly); the demo keeps it downloadable for a year, not a week, so that it is
still there when someone looks. Running it again changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from website.accounts.models import User
from website.privacy import services
from website.privacy.models import PersonalDataExport

OPERATOR_EMAIL = "operatore@aula.example"


def seed(*, scale, log):
    operator = User.objects.get(email=OPERATOR_EMAIL)
    ready = PersonalDataExport.objects.filter(
        person=operator,
        status=PersonalDataExport.Status.READY,
        expires_at__gt=timezone.now() + timedelta(days=30),
    )
    if ready.exists():
        return
    export = PersonalDataExport.objects.create(person=operator)
    services.export_build(export_id=export.pk)
    PersonalDataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() + timedelta(days=365)
    )
    log(f"A copy of {OPERATOR_EMAIL}'s data, ready in «I miei dati»")
