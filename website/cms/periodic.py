from datetime import timedelta

from django.core.management import call_command

from website.core.periodic import periodic


@periodic(every=timedelta(minutes=1))
def publish_scheduled_pages():
    """Publish the pages whose go-live time has come and unpublish the expired ones."""
    call_command("publish_scheduled", verbosity=0)
