"""An address verified at a trusted e-mail domain may confirm the person's open request;
what the header shows of a person is drawn again when it changes."""

from allauth.account.signals import email_confirmed
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from website.core.generations import bump_people_on_change, user_changed

from .models import Cluster, EmploymentCentre, User
from .services import affiliation_confirm_by_domain


@receiver(email_confirmed, dispatch_uid="accounts_affiliation_trusted_domain")
def confirm_affiliation_by_trusted_domain(sender, request, email_address, **kwargs):
    affiliation_confirm_by_domain(person=email_address.user)


@receiver(post_save, sender=User, dispatch_uid="accounts_header_on_save")
def refresh_header_on_save(sender, instance, **kwargs):
    """The header shows the person's name and, by their rights, the admin link."""
    user_changed(instance.pk)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_header_on_groups")
@receiver(
    m2m_changed, sender=User.user_permissions.through, dispatch_uid="accounts_header_on_perms"
)
def refresh_header_on_rights(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        user_changed(instance.pk)
    else:
        for user_id in pk_set or ():
            user_changed(user_id)


# The clusters someone leads and the centres they manage are cached under their generation
# (website.accounts.relations).
bump_people_on_change(Cluster, "leads")
bump_people_on_change(EmploymentCentre, "managers")
