from datetime import timedelta

from website.core.periodic import periodic

from . import services


@periodic(every=timedelta(hours=1))
def expire_personal_data_exports():
    services.exports_expire()


@periodic(every=timedelta(days=1))
def purge_after_retention():
    services.retention_purge()
