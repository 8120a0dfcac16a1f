"""Who may do what with certificates: the one source of truth for views, panels and tests.

Training managers hold the ``certificates.issue`` capability (a data migration
gives it to their role's group); the setup follows the admin's model
permissions on rules and templates; holders see and download their own.
"""

from website.accounts.types import AnyUser

from .models import Certificate


def can_issue_certificates(user: AnyUser) -> bool:
    """Issue (single and in bulk) and reissue certificates; download an edition's ZIP."""
    return user.is_authenticated and user.has_perm("certificates.issue")


def can_revoke_certificate(user: AnyUser, certificate: Certificate) -> bool:
    return user.is_authenticated and user.has_perm("certificates.issue") and certificate.is_valid


def can_reissue_certificate(user: AnyUser, certificate: Certificate) -> bool:
    return (
        can_issue_certificates(user)
        and certificate.status != certificate.Status.SUPERSEDED
        and not hasattr(certificate, "replaced_by")
    )


def can_download_certificate(user: AnyUser, certificate: Certificate) -> bool:
    """The holder while it stands (valid, even expired); training managers always."""
    if not user.is_authenticated:
        return False
    if can_issue_certificates(user):
        return True
    return certificate.user_id == user.pk and certificate.is_valid


def can_download_edition_certificates(user: AnyUser) -> bool:
    return can_issue_certificates(user)


def can_manage_certificate_setup(user: AnyUser) -> bool:
    """Certificate templates and course rules."""
    return user.is_authenticated and user.has_perm("certificates.change_certificaterule")


def can_view_template_images(user: AnyUser) -> bool:
    """The logo and signature of a template: private files, shown only to those who edit it."""
    return user.is_authenticated and user.has_perm("certificates.change_certificatetemplate")
