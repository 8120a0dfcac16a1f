"""An address verified at a trusted e-mail domain may confirm the person's open request."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import affiliation_confirm_by_domain


@receiver(email_confirmed, dispatch_uid="accounts_affiliation_trusted_domain")
def confirm_affiliation_by_trusted_domain(sender, request, email_address, **kwargs):
    affiliation_confirm_by_domain(person=email_address.user)
