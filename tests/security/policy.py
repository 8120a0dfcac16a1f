"""The permission map: for every URL of the platform, what each kind of person gets.

ONE declared table, read by ``test_permission_map.py``, which requests every
entry as every persona against the world of ``world.py``:

- "own" objects are the operator's (their enrolment, notification,
  certificate, post), in the northern cluster, at the operator's centre, in
  the edition the teacher teaches; everyone else is a stranger to them in the
  way their persona says;
- every URL that names an object is also requested naming one that does not
  exist: whoever is refused the real one must get the same answer
  (``when_missing``), so no answer tells a stranger that an object exists.

The rule for anything protected: anonymous people are sent to the login page
(whether or not the object exists); signed-in people without rights get 404
(whether or not it exists). The Wagtail admin keeps Wagtail's own answers:
people without admin access go to its login page, admin users without the
right to an area go back to the dashboard with a message (``FORBIDDEN``);
neither looks at the object first.

Keys are URL names with their namespaces (``"forums:topic"``), unnamed
patterns as ``"route:<pattern>"``; ``"name@variant"`` is the same URL on
another object (``"resources:detail@staff"``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# --- Outcomes -----------------------------------------------------------------------------------

OK = "OK"  # 2xx
REDIRECT = "REDIRECT"  # 3xx somewhere other than a login page (done, or "go there")
LOGIN = "LOGIN"  # 3xx to a login page
NOT_FOUND = "NOT_FOUND"  # 404
FORBIDDEN = "FORBIDDEN"  # 403, or the Wagtail admin's redirect to its dashboard
METHOD = "METHOD"  # 405: the method is not one the URL takes
BAD = "BAD"  # 400: a form's errors (an empty POST)
CONFLICT = "CONFLICT"  # 409: the action does not apply to the object as it is
LIMITED = "LIMITED"  # 429
UNAUTHORIZED = "UNAUTHORIZED"  # 401: allauth's page for a failed institutional login
ERROR = "ERROR"  # an exception: never expected

REFUSALS = frozenset({LOGIN, NOT_FOUND, FORBIDDEN, METHOD})

# --- Personas -----------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
OPERATOR = "operator"  # at a centre of the northern cluster, a place in the edition, a certificate
OPERATOR_OTHER = "operator_other"  # at a centre of the southern cluster
CENTRE_MANAGER = "centre_manager"  # manages the operator's centre
CLUSTER_LEAD = "cluster_lead"  # leads the northern cluster
COACH = "coach"  # coaches the northern cluster
TEACHER = "teacher"  # teaches the edition
TEACHER_OTHER = "teacher_other"  # teaches another unit's edition in the southern cluster
EDITOR = "editor"
EDITOR_IN_CHIEF = "editor_in_chief"
TRAINING_MANAGER = "training_manager"
SUPERUSER = "superuser"

PERSONAS = (
    ANONYMOUS,
    OPERATOR,
    OPERATOR_OTHER,
    CENTRE_MANAGER,
    CLUSTER_LEAD,
    COACH,
    TEACHER,
    TEACHER_OTHER,
    EDITOR,
    EDITOR_IN_CHIEF,
    TRAINING_MANAGER,
    SUPERUSER,
)
SIGNED_IN = PERSONAS[1:]
ADMIN_USERS = (EDITOR, EDITOR_IN_CHIEF, TRAINING_MANAGER, SUPERUSER)
MANAGERS = (TRAINING_MANAGER, SUPERUSER)
STAFF = (COACH, TEACHER, TEACHER_OTHER, TRAINING_MANAGER, SUPERUSER)  # roles.STAFF_ROLES
# Readers of the northern cluster's forum: its centres' staff, leads, coaches, the
# teachers of its editions, and those who read every forum.
NORTH_FORUM = (OPERATOR, CENTRE_MANAGER, CLUSTER_LEAD, COACH, TEACHER, *MANAGERS)
NORTH_MODERATORS = (CLUSTER_LEAD, *MANAGERS)
# Who moderates some forum: leads (their cluster's), teachers (their editions'), managers.
SOME_MODERATORS = (CLUSTER_LEAD, TEACHER, TEACHER_OTHER, *MANAGERS)


@dataclass(frozen=True)
class Rule:
    get: Mapping[str, str]
    # For endpoints that take POST: what an empty POST gets (a refused one must change nothing).
    post: Mapping[str, str] | None = None
    # Whom the test asks (everyone, unless the answer cannot depend on the persona).
    asked_of: frozenset[str] = frozenset(PERSONAS)


def outcomes(default: str, anonymous: str | None = None, **by_persona: str) -> dict[str, str]:
    table = dict.fromkeys(PERSONAS, default)
    if anonymous is not None:
        table[ANONYMOUS] = anonymous
    table.update(by_persona)
    return table


def granted(allowed: Iterable[str], *, ok=OK, others=NOT_FOUND, anonymous=LOGIN) -> dict:
    """A protected page: ``allowed`` get ``ok``, the rest of the signed-in ``others``."""
    allowed = set(allowed)
    table = {who: (ok if who in allowed else others) for who in SIGNED_IN}
    return {ANONYMOUS: anonymous, **table}


def public(ok=OK) -> Rule:
    return Rule(get=outcomes(ok))


def signed_in(ok=OK) -> Rule:
    return Rule(get=outcomes(ok, anonymous=LOGIN))


def only(*allowed: str, ok=OK) -> Rule:
    """Owner-or-staff shapes: the people named, 404 to every other signed-in person."""
    return Rule(get=granted(allowed, ok=ok))


def post_only(*allowed: str, done=REDIRECT, login=True) -> Rule:
    """A POST endpoint: GET is refused; an empty POST by ``allowed`` does its work (``done``),
    anyone else signed in gets 404."""
    anonymous = LOGIN if login else METHOD
    return Rule(
        get=outcomes(METHOD, anonymous=anonymous),
        post=granted(allowed, ok=done, anonymous=anonymous),
    )


def get_and_post(*allowed: str, ok=OK, done=REDIRECT) -> Rule:
    """A form page: GET shows it, an empty POST answers (``done``) to ``allowed`` alone."""
    return Rule(get=granted(allowed, ok=ok), post=granted(allowed, ok=done))


# Wagtail's gate (``require_admin_access``) reads one permission and nothing of the object or
# of the person's relations, so one anonymous and one signed-in person without it stand for
# everyone without admin access.
ADMIN_ASKED = frozenset({ANONYMOUS, OPERATOR, *ADMIN_USERS})


def admin(*allowed: str, ok=OK) -> Rule:
    """A Wagtail admin page: Wagtail's login page for everyone without admin access, its
    dashboard (with a message) for admin users outside ``allowed``."""
    allowed = set(allowed)
    table = {
        who: (ok if who in allowed else FORBIDDEN if who in ADMIN_USERS else LOGIN)
        for who in PERSONAS
    }
    return Rule(get=table, asked_of=ADMIN_ASKED)


def admin_post(*allowed: str, done=REDIRECT) -> Rule:
    """An admin action taking POST only: a GET gets 405 from every admin user."""
    return Rule(
        get=admin(*ADMIN_USERS, ok=METHOD).get,
        post=admin(*allowed, ok=done).get,
        asked_of=ADMIN_ASKED,
    )


def when_missing(expected: str) -> str:
    """The same URL naming an object that does not exist: refusals stay as they were (so they
    tell nothing), and whoever would have had the object gets 404."""
    return expected if expected in REFUSALS else NOT_FOUND


# --- The table ----------------------------------------------------------------------------------

PROJECT = {
    "healthz": public(),
    "sitemap_page": public(),
    "sitemap": public(),
    "robots_txt": public(),
    # Django's set_language replacement: POST only, for everyone.
    "set_language": Rule(get=outcomes(METHOD), post=outcomes(REDIRECT)),
    "accounts:profile": signed_in(),
    # Requests to join a centre: its managers and the training office decide, nobody else sees
    # them; anyone may withdraw their own (an empty POST with none open changes nothing).
    "accounts:affiliation_requests": only(CENTRE_MANAGER, TRAINING_MANAGER, SUPERUSER),
    "accounts:affiliation_decide": Rule(
        get=outcomes(METHOD, anonymous=LOGIN),
        post=granted((CENTRE_MANAGER, TRAINING_MANAGER, SUPERUSER), ok=OK),
    ),
    "accounts:affiliation_withdraw": post_only(*SIGNED_IN),
    # Public images only (website/core/media.py); every other upload is served by a view that
    # checks, so a private file under MEDIA_ROOT is not found here, whoever asks.
    "public_media": public(),
    "public_media@private": Rule(get=outcomes(NOT_FOUND)),
}

NOTIFICATIONS = {
    "notifications:list": signed_in(),
    "notifications:open": post_only(OPERATOR),
    "notifications:mark_all_read": post_only(*SIGNED_IN),
}

ACCOUNTS = {
    # allauth: the forms are for anonymous people; signed-in people are sent on.
    "account_login": Rule(get=outcomes(REDIRECT, anonymous=OK)),
    "account_signup": Rule(get=outcomes(REDIRECT, anonymous=OK)),
    "account_reset_password": public(),
    "account_reset_password_done": public(),
    "account_reset_password_from_key_done": public(),
    "account_reset_password_from_key": public(),
    # No code was asked for: back to the login page, or on for signed-in people.
    "account_confirm_login_code": Rule(get=outcomes(REDIRECT, anonymous=LOGIN)),
    "account_confirm_email": public(),
    "account_email_verification_sent": public(),
    "account_logout": Rule(get=outcomes(OK, anonymous=REDIRECT)),
    "account_inactive": public(),
    "account_reauthenticate": signed_in(),
    "account_email": signed_in(),
    "account_change_password": signed_in(),
    "account_set_password": Rule(get=outcomes(REDIRECT, anonymous=LOGIN)),
    # allauth's two factors: the overview is one's own; activating asks for the password
    # again (a redirect); pages about an app or codes one does not have are not found.
    "mfa_index": signed_in(),
    "mfa_authenticate": Rule(get=outcomes(REDIRECT, anonymous=LOGIN)),
    "mfa_reauthenticate": Rule(get=outcomes(REDIRECT, anonymous=LOGIN)),
    "mfa_activate_totp": Rule(get=outcomes(REDIRECT, anonymous=LOGIN)),
    "mfa_deactivate_totp": Rule(get=outcomes(NOT_FOUND, anonymous=LOGIN)),
    "mfa_generate_recovery_codes": Rule(get=outcomes(REDIRECT, anonymous=LOGIN)),
    "mfa_download_recovery_codes": Rule(get=outcomes(NOT_FOUND, anonymous=LOGIN)),
    "mfa_view_recovery_codes": Rule(get=outcomes(NOT_FOUND, anonymous=LOGIN)),
    # Institutional login (allauth's social accounts): the table's world configures no
    # provider, so every provider's address is not found, whoever asks. The SAML ACS takes
    # any POST from the identity provider's page and hands it to the finishing view (the
    # guarded one, before allauth's), which finds no provider. Connections are one's own; a
    # sign-up with no institutional login pending goes back to the login page.
    "openid_connect_login": Rule(get=outcomes(NOT_FOUND)),
    "openid_connect_callback": Rule(get=outcomes(NOT_FOUND)),
    "saml_login": Rule(get=outcomes(NOT_FOUND)),
    "saml_acs": Rule(get=outcomes(REDIRECT), post=outcomes(REDIRECT)),
    "saml_finish_acs": Rule(get=outcomes(NOT_FOUND)),
    "saml_finish_acs_guarded": Rule(get=outcomes(NOT_FOUND)),
    "saml_sls": Rule(get=outcomes(NOT_FOUND)),
    "saml_metadata": Rule(get=outcomes(NOT_FOUND)),
    "socialaccount_connections": signed_in(),
    "socialaccount_login_cancelled": public(),
    "socialaccount_login_error": Rule(get=outcomes(UNAUTHORIZED)),
    "socialaccount_signup": Rule(get=outcomes(LOGIN)),
    # allauth's older addresses of the same pages, which send on to them.
    "route:account/social/connections/": public(REDIRECT),
    "route:account/social/login/cancelled/": public(REDIRECT),
    "route:account/social/login/error/": public(REDIRECT),
    "route:account/social/signup/": public(REDIRECT),
}

COURSES = {
    "courses:index": public(),
    "courses:course": public(),
    "courses:edition_calendar": public(),
    "courses:edition_request": post_only(*SIGNED_IN),
    "courses:dashboard": signed_in(),
    "courses:my_calendar": signed_in(),
    # The operator's place: the edition has started, so withdrawing sends back with a message.
    "courses:withdraw": get_and_post(OPERATOR, ok=REDIRECT),
    "courses:calendar_reset": post_only(*SIGNED_IN),
    # The secret address is the key: no login, anyone holding it.
    "courses:personal_calendar": public(),
    "courses:teaching": only(TEACHER, TEACHER_OTHER, *MANAGERS),
    "courses:teaching_edition": only(TEACHER, *MANAGERS),
    "courses:participants_csv": only(TEACHER, *MANAGERS),
    "courses:staff_training": only(CENTRE_MANAGER, CLUSTER_LEAD),
    "courses:centre_training": only(CENTRE_MANAGER, *MANAGERS),
    "courses:cluster_training": only(CLUSTER_LEAD, *MANAGERS),
}

ATTENDANCE = {
    "attendance:registers": only(TEACHER, TEACHER_OTHER, *MANAGERS),
    "attendance:register": only(TEACHER, *MANAGERS),
    "attendance:history": only(TEACHER, *MANAGERS),
    "attendance:day": get_and_post(TEACHER, *MANAGERS, done=OK),
    "attendance:day_all_present": post_only(TEACHER, *MANAGERS),
    "attendance:checkin_code": only(TEACHER, *MANAGERS),
    "attendance:checkin_code_json": only(TEACHER, *MANAGERS),
    # Self check-in: people with a confirmed place in the edition.
    "attendance:check_in": get_and_post(OPERATOR, done=OK),
}

REPORTS = {
    "reports:index": signed_in(),
    "reports:programme": only(*MANAGERS),
    "reports:clusters": only(CLUSTER_LEAD, *MANAGERS),
    "reports:centres": only(CENTRE_MANAGER, CLUSTER_LEAD, *MANAGERS),
    "reports:centre_staff": only(CENTRE_MANAGER, *MANAGERS),
    # A coach's page of what they coach (the superuser holds every permission, a coach's too).
    "reports:coaching": only(COACH, SUPERUSER),
    "reports:training_record": only(OPERATOR, CENTRE_MANAGER, *MANAGERS),
    "reports:edition_register": only(TEACHER, CLUSTER_LEAD, *MANAGERS),
    "reports:edition_register_csv": only(TEACHER, CLUSTER_LEAD, *MANAGERS),
    "reports:edition_register_xlsx": only(TEACHER, CLUSTER_LEAD, *MANAGERS),
}

CERTIFICATES = {
    "certificates:index": public(),
    "certificates:verify_code": public(),
    "certificates:issuer": public(),
    "certificates:status_list": public(),
    "certificates_wellknown:jwks": public(),
    # The holder while it is valid, training managers always.
    "certificates:download": only(OPERATOR, *MANAGERS),
    "certificates:credential": only(OPERATOR, *MANAGERS),
}

# The yearly training record: the person, their centre's managers and training managers see
# a person's declarations and statements; nobody decides their own.
RECORD_READERS = (OPERATOR, CENTRE_MANAGER, *MANAGERS)
RECORDS = {
    "records:declare": get_and_post(*SIGNED_IN, done=BAD),
    "records:declaration": only(*RECORD_READERS),
    "records:declaration_evidence": only(*RECORD_READERS),
    # Only its author, while it waits: an empty form is refused with its errors.
    "records:declaration_change": get_and_post(OPERATOR, done=BAD),
    "records:declaration_withdraw": post_only(OPERATOR),
    # Deciders: the operator's centre manager and training managers (without an action the
    # page says what is missing and changes nothing).
    "records:declaration_decide": post_only(CENTRE_MANAGER, *MANAGERS),
    "records:approvals": only(CENTRE_MANAGER, *MANAGERS),
    "records:centre": only(CENTRE_MANAGER, *MANAGERS),
    "records:centre_csv": only(CENTRE_MANAGER, *MANAGERS),
    "records:centre_xlsx": only(CENTRE_MANAGER, *MANAGERS),
    "records:overview": only(CENTRE_MANAGER, CLUSTER_LEAD, COACH, *MANAGERS),
    "records:statement_issue": post_only(*SIGNED_IN),
    "records:statement_pdf": only(*RECORD_READERS),
    "records:verify": public(),
    "records:verify_code": public(),
    "records:reminders": post_only(*SIGNED_IN),
    "records:events": only(*MANAGERS),
    "records:event_attendance": get_and_post(*MANAGERS, done=BAD),
}

FORUMS = {
    # Anonymous people get a page that explains the forums and asks them to sign in.
    "forums:index": public(),
    "forums:search": signed_in(),
    "forums:preferences": get_and_post(*SIGNED_IN, done=OK),
    "forums:mark_all_read": post_only(*SIGNED_IN),
    "forums:moderation": only(*SOME_MODERATORS),
    # The signed link is the credential: no login.
    "forums:unsubscribe": Rule(get=outcomes(OK), post=outcomes(OK)),
    "forums:forum": only(*NORTH_FORUM),
    "forums:forum@community": signed_in(),
    "forums:forum@edition": only(OPERATOR, TEACHER, *MANAGERS),
    "forums:topic_create": get_and_post(*NORTH_FORUM, done=OK),
    "forums:forum_follow": post_only(*NORTH_FORUM),
    "forums:forum_mark_read": post_only(*NORTH_FORUM),
    "forums:topic": only(*NORTH_FORUM),
    "forums:topic@edition": only(OPERATOR, TEACHER, *MANAGERS),
    "forums:first_unread": only(*NORTH_FORUM, ok=REDIRECT),
    "forums:reply": get_and_post(*NORTH_FORUM, done=OK),
    "forums:topic_follow": post_only(*NORTH_FORUM),
    "forums:topic_moderate": post_only(*NORTH_MODERATORS),
    "forums:topic_move": get_and_post(*NORTH_MODERATORS, done=OK),
    # The editors' script: a preview (an empty text renders nothing) and @mention suggestions
    # (no name typed, nobody suggested), for those who may write in and read the topic.
    "forums:topic_preview": post_only(*NORTH_FORUM, done=OK),
    "forums:topic_mentions": only(*NORTH_FORUM),
    "forums:forum_preview": post_only(*NORTH_FORUM, done=OK),
    "forums:forum_mentions": only(*NORTH_FORUM),
    # The post is the operator's own, opening the topic.
    "forums:post": only(*NORTH_FORUM, ok=REDIRECT),
    "forums:post_fragment": Rule(get=granted(NORTH_FORUM), post=outcomes(METHOD, LOGIN)),
    "forums:post_edit": get_and_post(OPERATOR, *NORTH_MODERATORS, done=OK),
    # The first post of a topic with replies cannot be withdrawn: the author is told so.
    "forums:post_delete": get_and_post(OPERATOR, done=CONFLICT),
    # An empty POST names no reaction: readers are sent back with a message.
    "forums:post_react": post_only(*NORTH_FORUM),
    "forums:post_report": get_and_post(*set(NORTH_FORUM) - {OPERATOR}, done=OK),
    "forums:post_revisions": only(OPERATOR, *NORTH_MODERATORS),
    "forums:post_moderate": post_only(*NORTH_MODERATORS),
    "forums:attachment": only(*NORTH_FORUM),
}

RESOURCES = {
    "resources:index": public(),
    # Teachers (for their units) and training managers upload.
    "resources:upload": get_and_post(TEACHER, TEACHER_OTHER, *MANAGERS, done=OK),
    "resources:detail@public": public(),
    "resources:detail@registered": signed_in(),
    "resources:detail@enrolled": only(OPERATOR, *STAFF),
    "resources:detail@staff": only(*STAFF),
    # The unit's teachers and training managers manage its materials.
    "resources:edit": get_and_post(TEACHER, *MANAGERS, done=OK),
    "resources:delete": get_and_post(TEACHER, *MANAGERS, done=REDIRECT),
    "resources:version_add": get_and_post(TEACHER, *MANAGERS, done=OK),
    "resources:preview": only(OPERATOR, *STAFF),
    # Wagtail's document URLs serve a resource's file only to whoever may download it.
    "wagtaildocs_serve": only(OPERATOR, *STAFF),
    "wagtaildocs_serve@staff": only(*STAFF),
    "wagtaildocs_serve@public": public(),
    # No such restriction exists in the world: the form answers 404 to everyone.
    "wagtaildocs_authenticate_with_password": Rule(get=outcomes(NOT_FOUND)),
}

SURVEYS = {
    # The finished unit's evaluation: the operator holds a place and has not answered yet;
    # an empty answer is a form's errors.
    "surveys:survey": get_and_post(OPERATOR, done=BAD),
    "surveys:thanks": only(OPERATOR, ok=REDIRECT),
    # Its teacher and the training managers read the results (five answers: shown).
    "surveys:results": only(TEACHER, *MANAGERS),
    "surveys:results_export": only(TEACHER, *MANAGERS),
    "surveys:questionnaire_results": only(*MANAGERS),
}

CHANNEL = {
    "cms:search": public(),
    # "Questa pagina ti è stata utile?": POST only, anonymous readers too; an empty one names
    # no page (400).
    "cms:page_feedback": Rule(get=outcomes(METHOD), post=outcomes(BAD)),
    "cms:news_rss": public(),
    "cms:news_atom": public(),
    "cms:regulations_rss": public(),
    "cms:regulations_atom": public(),
    "cms:area_rss": public(),
    "cms:area_atom": public(),
    "wagtail_serve": public(),
    "wagtail_serve@news": public(),
    "wagtail_serve@event_register": Rule(
        get=outcomes(METHOD), post=outcomes(REDIRECT, anonymous=LOGIN)
    ),
    "wagtail_serve@event_unregister": Rule(
        get=outcomes(METHOD), post=outcomes(REDIRECT, anonymous=LOGIN)
    ),
    # Private pages' password form and login: none in the world, so 404; the login is public.
    "wagtailcore_authenticate_with_password": Rule(get=outcomes(NOT_FOUND)),
    "wagtailcore_login": public(),
}

# Who reads what in the admin (website/accounts/migrations/0002_roles.py and the viewsets).
EDITORS = (EDITOR, EDITOR_IN_CHIEF, SUPERUSER)
ADMIN = {
    # Wagtail's page for trying its 404 template: it answers 200 to admin users.
    "route:admin/test404/": admin(*ADMIN_USERS),
    "route:admin/^.*/$": admin(*ADMIN_USERS, ok=NOT_FOUND),
    "cms_ratings": admin(*EDITORS, TRAINING_MANAGER),
    "cms_page_ratings": admin(*EDITORS, TRAINING_MANAGER),
    "analytics_visits": admin(*EDITORS, TRAINING_MANAGER),
    "analytics_page_visits": admin(*EDITORS, TRAINING_MANAGER),
}


def _viewset(namespace: str, *allowed: str, copy=True, extra=(), listing="index") -> dict:
    names = [listing, f"{listing}_results", "add", "edit", "delete", "history"]
    names += ["history_results", "usage", *(["copy"] if copy else []), *extra]
    return {f"{namespace}:{name}": admin(*allowed) for name in names}


# The world's plan, units, editions, region, clusters, forum and certificate template all have
# records that must be kept (marks, certificates, the moderation log): their delete page sends
# the admin back with a message and deletes nothing.
KEPT = {"ok": REDIRECT}

ADMIN_ORGANISATION = {
    **_viewset("regions", *MANAGERS),
    **_viewset("clusters", *MANAGERS),
    **_viewset("centres", *MANAGERS),
    "regions:delete": admin(*MANAGERS, **KEPT),
    "clusters:delete": admin(*MANAGERS, **KEPT),
    # The operator's centre has an assessment and a coaching visit: kept.
    "centres:delete": admin(*MANAGERS, **KEPT),
}

ADMIN_COURSES = {
    **_viewset("programmes", *MANAGERS, copy=False),
    **_viewset("teaching_units", *MANAGERS, copy=False),
    **_viewset(
        "editions",
        *MANAGERS,
        copy=False,
        extra=("enrolments", "enrol_person", "add_session_run", "cancel_session"),
    ),
    "programmes:delete": admin(*MANAGERS, **KEPT),
    "teaching_units:delete": admin(*MANAGERS, **KEPT),
    "editions:delete": admin(*MANAGERS, **KEPT),
    "enrolments:index": admin(*MANAGERS),
    "enrolments:decide": admin_post(*MANAGERS),
    "enrolments:import": admin(*MANAGERS),
    "enrolments:import_template": admin(*MANAGERS),
}

ADMIN_ATTENDANCE = {
    "attendance_registers:index": admin(*MANAGERS),
    "attendance_registers:register": admin(*MANAGERS),
    "attendance_registers:history": admin(*MANAGERS),
    "attendance_registers:day": admin(*MANAGERS),
    "attendance_registers:close": admin_post(*MANAGERS),
    "attendance_registers:reopen": admin_post(*MANAGERS),
}

ADMIN_CERTIFICATES = {
    "certificate_issue:start": admin_post(*MANAGERS),
    "certificate_issue:issue_person": admin_post(*MANAGERS),
    **{
        f"certificate_issue:{name}": admin(*MANAGERS)
        for name in (
            "index",
            "edition",
            "zip",
            "run",
            "run_status",
            "list",
            "certificate",
            "revoke",
            "reissue",
        )
    },
    **_viewset("certificate_templates", *MANAGERS, copy=False),
    "certificate_templates:delete": admin(*MANAGERS, **KEPT),
    # The logo and signature are private files: shown on the template's form to those who may
    # change it; other admin users get 404, as for a template or a field that does not exist.
    "certificate_templates:image": Rule(
        get={**admin(*MANAGERS).get, EDITOR: NOT_FOUND, EDITOR_IN_CHIEF: NOT_FOUND},
        asked_of=ADMIN_ASKED,
    ),
    **_viewset("certificate_rules", *MANAGERS, copy=False),
}

ADMIN_RECORDS = {
    **_viewset("records_year_targets", *MANAGERS),
    **_viewset("records_group_targets", *MANAGERS),
}

ADMIN_REPORTS = {
    f"reports_admin:{name}": admin(*MANAGERS)
    for name in ("index", "programme", "clusters", "centres")
}

ADMIN_FORUMS = {
    **_viewset("forum", *MANAGERS, copy=False),
    "forum:delete": admin(*MANAGERS, **KEPT),
    # The moderation log is append-only: read and inspected, never added to, changed or deleted.
    **_viewset("moderationaction", copy=False),
    **{f"moderationaction:{name}": admin(*MANAGERS) for name in ("index", "index_results")},
    "moderationaction:inspect": admin(*MANAGERS),
}

ADMIN_RESOURCES = _viewset("resource_admin", *MANAGERS, copy=False)

ADMIN_LEARNING = {
    **_viewset("learning_sections", *MANAGERS, copy=False),
    **_viewset("learning_lessons", *MANAGERS, copy=False),
}

# The online part of a course: the learner with a place opens its activities and records
# their own completion (an empty POST is a malformed one: 400, nothing changes); the course's
# teachers and training managers preview them and record nothing; the completion matrix is
# for the edition's teachers and the training managers.
LEARNING = {
    "learning:activity": only(OPERATOR, TEACHER, *MANAGERS),
    "learning:completion": post_only(OPERATOR, done=BAD),
    "learning:matrix": only(TEACHER, *MANAGERS),
    "learning:matrix_export": only(TEACHER, *MANAGERS),
}

ADMIN_SURVEYS = {
    **_viewset("questionnaires", *MANAGERS),
    # The world's questionnaire is given in a survey: kept.
    "questionnaires:delete": admin(*MANAGERS, **KEPT),
    **_viewset("surveys_admin", *MANAGERS, copy=False),
}


def _snippet(model: str, *allowed: str) -> dict:
    viewset = f"wagtailsnippets_cms_{model}"
    chooser = f"wagtailsnippetchoosers_cms_{model}"
    names = ("list", "list_results", "add", "edit", "delete", "usage", "history")
    names += ("history_results", "copy")
    choosers = ("choose", "choose_results", "chosen", "chosen_multiple", "create")
    return {
        **{f"{viewset}:{name}": admin(*allowed) for name in names},
        # Vocabularies are deleted by editors-in-chief only.
        f"{viewset}:delete": admin(EDITOR_IN_CHIEF, SUPERUSER),
        # Training managers choose areas for the learning materials (but add none).
        **{f"{chooser}:{name}": admin(*allowed, TRAINING_MANAGER) for name in choosers},
        f"{chooser}:create": admin(*allowed),
    }


ADMIN_SNIPPETS = {
    **_snippet("thematicarea", *EDITORS),
    **_snippet("contentkind", *EDITORS),
}

# Wagtail's own admin: the entry points people use, each classified. The rest of Wagtail's
# admin patterns follow ``WAGTAIL_PREFIXES`` below.
WAGTAIL_ADMIN = {
    "wagtailadmin_home": admin(*ADMIN_USERS),
    "wagtailadmin_explore_root": admin(*EDITORS),
    "wagtailadmin_explore": admin(*EDITORS),
    "wagtailadmin_pages:edit": admin(*EDITORS),
    "wagtaildocs:index": admin(*EDITORS),
    "wagtailimages:index": admin(*EDITORS),
    "wagtailusers_users:index": admin(*MANAGERS),
    "wagtailusers_users:edit": admin(*MANAGERS),
    "wagtailusers_groups:index": admin(SUPERUSER),
    "wagtailsettings:edit": admin(SUPERUSER),
    # Public by nature: the admin's login (admin users are sent on to the dashboard), password
    # reset, and its static helpers.
    "wagtailadmin_login": Rule(
        get=outcomes(OK, **dict.fromkeys(ADMIN_USERS, REDIRECT)),
        asked_of=ADMIN_ASKED,
    ),
    "wagtailadmin_password_reset": public(),
    "wagtailadmin_password_reset_done": public(),
    "wagtailadmin_password_reset_confirm": public(),
    "wagtailadmin_password_reset_complete": public(),
    "wagtailadmin_javascript_catalog": public(),
    "wagtailadmin_sprite": public(),
}

# E-learning packages: learners with a place in an edition of the course, the teachers of its
# editions and training managers open them; the staff pages are the teachers' and managers'.
PACKAGE_OPENERS = (OPERATOR, TEACHER, *MANAGERS)
PACKAGES = {
    "packages:list": only(TEACHER, TEACHER_OTHER, *MANAGERS),
    "packages:upload": get_and_post(TEACHER, TEACHER_OTHER, *MANAGERS, done=OK),
    "packages:package": only(*PACKAGE_OPENERS),
    "packages:file": only(*PACKAGE_OPENERS),
    # The runtime's commits: POST only, whoever asks; an empty body is malformed (400).
    "packages:commit": Rule(
        get=outcomes(METHOD),
        post=granted(PACKAGE_OPENERS, ok=BAD),
    ),
    "packages:attempts": only(TEACHER, *MANAGERS),
    "packages:version": get_and_post(TEACHER, *MANAGERS, done=OK),
    # An empty POST has no reason: nothing is reset, the page says why.
    "packages:reset": post_only(TEACHER, *MANAGERS),
    # H5P's state and xAPI endpoints answer only a request carrying the learner's launch token.
    "packages:h5p_state": Rule(
        get=granted((), others=NOT_FOUND), post=granted((), others=NOT_FOUND)
    ),
    "packages:h5p_xapi": Rule(get=outcomes(METHOD), post=granted((), others=NOT_FOUND)),
}

# Quizzes (quizzes/permissions.py): learners with a place in an edition of the quiz's course
# take its published quizzes, and see their own attempts only (the world's is finished, so its
# page sends on to the review; an empty POST to a finished attempt is refused back to it);
# training managers (``quizzes.manage_quizzes``) preview every quiz (a start is a preview);
# teachers grade and read the grades of the learners of the editions they teach.
QUIZ_TAKERS = (OPERATOR, *MANAGERS)
QUIZZES = {
    "quizzes:quiz": only(*QUIZ_TAKERS),
    "quizzes:start": post_only(*QUIZ_TAKERS),
    "quizzes:attempt": Rule(
        get=granted((OPERATOR,), ok=REDIRECT), post=granted((OPERATOR,), ok=REDIRECT)
    ),
    "quizzes:review": only(OPERATOR),
    "quizzes:grading_queue": only(TEACHER, TEACHER_OTHER, *MANAGERS),
    # The operator's essay: an empty mark is a form's errors, shown again.
    "quizzes:grade_answer": get_and_post(TEACHER, *MANAGERS, done=OK),
    "quizzes:grade_table": only(TEACHER, *MANAGERS),
    "quizzes:analysis": only(TEACHER, *MANAGERS),
}

ADMIN_QUIZZES = {
    **_viewset("quiz_categories", *MANAGERS, copy=False),
    **_viewset("quiz_questions", *MANAGERS),
    **_viewset("quiz_settings", *MANAGERS),
    # The world's category holds a question, and the question is in a quiz: both kept.
    "quiz_categories:delete": admin(*MANAGERS, **KEPT),
    "quiz_questions:delete": admin(*MANAGERS, **KEPT),
    # Import and export of banks (the world's category, as Moodle XML): the capability's
    # holders; other admin users get 403.
    **{f"quizzes_admin:{name}": admin(*MANAGERS) for name in ("index", "import", "export")},
}

# Quality (quality/permissions.py). The world's assessment is of the operator's centre, the
# operator its one member, the coach its facilitator, and it is closed: its report is read by
# the centre's staff (operator, manager, cluster lead), its managers, coaches and cluster leads;
# individual assessments and the consensus only by the group and whoever runs the consensus;
# nothing of it can be written any more (refused back to its page). Its plan is edited by the
# centre's managers and coaches, the facilitator and training managers. The coach's visit,
# unconfirmed: seen by the coach, the centre's managers and training managers, changed by the
# coach alone.
QUALITY_READERS = (OPERATOR, CENTRE_MANAGER, CLUSTER_LEAD, COACH, *MANAGERS)
QUALITY_GROUP = (OPERATOR, COACH, *MANAGERS)  # the members and those who run the consensus
PLAN_EDITORS = (CENTRE_MANAGER, COACH, *MANAGERS)
VISIT_READERS = (CENTRE_MANAGER, COACH, *MANAGERS)
QUALITY = {
    "quality:index": signed_in(),
    "quality:assessment_open": get_and_post(COACH, *MANAGERS, done=OK),
    "quality:assessment": only(*QUALITY_READERS),
    # The member's own page; closed, so a POST is refused.
    "quality:individual": Rule(get=granted((OPERATOR,)), post=granted(())),
    "quality:member_individual": only(*QUALITY_GROUP),
    "quality:evidence_file": only(*QUALITY_GROUP),
    "quality:consensus_start": post_only(*QUALITY_READERS),
    "quality:consensus": only(*QUALITY_GROUP),
    "quality:consensus_subcriterion": Rule(get=granted(QUALITY_GROUP), post=granted(())),
    "quality:assessment_close": post_only(*QUALITY_GROUP),
    "quality:report": only(*QUALITY_READERS),
    "quality:report_xlsx": only(*QUALITY_READERS),
    "quality:report_pdf": only(*QUALITY_READERS),
    "quality:history": only(COACH, *MANAGERS),
    # It has its plan already: refused back to the assessment.
    "quality:plan_create": post_only(*QUALITY_READERS),
    "quality:plan": only(*QUALITY_READERS),
    "quality:plan_xlsx": only(*QUALITY_READERS),
    "quality:action_add": get_and_post(*PLAN_EDITORS, done=OK),
    "quality:action_edit": get_and_post(*PLAN_EDITORS, done=OK),
    "quality:action_progress": get_and_post(*PLAN_EDITORS, done=OK),
    "quality:indicator_add": post_only(*PLAN_EDITORS),
    "quality:action_good_practice": post_only(*PLAN_EDITORS),
    "quality:visits": only(*VISIT_READERS),
    # Visits are recorded by coaches, to the centres they coach.
    "quality:visit_add": get_and_post(COACH, done=OK),
    "quality:visit": only(*VISIT_READERS),
    "quality:visit_edit": get_and_post(COACH, done=OK),
    "quality:visit_confirm": post_only(*VISIT_READERS),
    # The coach's calendar: the secret address is the key.
    "quality:coach_calendar": public(),
    # Anyone at a centre, cluster leads, coaches, training managers.
    "quality:benchlearning": only(
        OPERATOR, OPERATOR_OTHER, CENTRE_MANAGER, CLUSTER_LEAD, COACH, *MANAGERS
    ),
}

ADMIN_QUALITY = _viewset("coach_assignment_admin", *MANAGERS, copy=False)

# A person's own data: only they download their copy; erasure is theirs alone (the empty form
# comes back with its errors). The audit log is read by managers and edited by nobody.
PRIVACY = {
    "privacy:my_data": signed_in(),
    "privacy:export_request": post_only(*SIGNED_IN),
    "privacy:export_download": only(OPERATOR),
    "privacy:erasure": Rule(get=outcomes(OK, anonymous=LOGIN), post=outcomes(OK, anonymous=LOGIN)),
}

ADMIN_AUDIT = {
    **_viewset("audit", copy=False),
    **{f"audit:{name}": admin(*MANAGERS) for name in ("index", "index_results", "inspect")},
}

POLICY: dict[str, Rule] = {
    **PROJECT,
    **NOTIFICATIONS,
    **ACCOUNTS,
    **COURSES,
    **ATTENDANCE,
    **REPORTS,
    **CERTIFICATES,
    **RECORDS,
    **FORUMS,
    **RESOURCES,
    **LEARNING,
    **PACKAGES,
    **SURVEYS,
    **QUIZZES,
    **QUALITY,
    **CHANNEL,
    **ADMIN,
    **ADMIN_ORGANISATION,
    **ADMIN_COURSES,
    **ADMIN_ATTENDANCE,
    **ADMIN_CERTIFICATES,
    **ADMIN_REPORTS,
    **ADMIN_RECORDS,
    **ADMIN_FORUMS,
    **ADMIN_RESOURCES,
    **ADMIN_LEARNING,
    **ADMIN_SURVEYS,
    **ADMIN_QUIZZES,
    **ADMIN_QUALITY,
    **PRIVACY,
    **ADMIN_AUDIT,
    **ADMIN_SNIPPETS,
    **WAGTAIL_ADMIN,
}

# Every other URL of Wagtail's own admin (pages, workflows, collections, documents, images,
# users, sites, redirects, forms, embeds, reports, choosers, the admin API): Wagtail checks
# its own permissions per view (and its suite tests them), so the map only pins the door:
# nobody without admin access gets past its login page, whatever the object. Only names of
# Wagtail's own namespaces fall under these prefixes; a view this project registers needs a
# name of its own in the table above.
WAGTAIL_PREFIXES = (
    "wagtailadmin_",
    "wagtail_bulk_action",
    "wagtailforms:",
    "wagtailredirects:",
    "wagtailsettings:",
    "wagtailembeds:",
    "wagtailsnippets:",
    "wagtaildocs:",
    "wagtailimages:",
    "wagtailsites:",
    "wagtailusers_users:",
    "wagtailusers_groups:",
    "wagtaildocs_chooser:",
    "wagtailimages_chooser:",
)
WAGTAIL_DOOR = Rule(get=admin().get, asked_of=frozenset({ANONYMOUS, OPERATOR}))


def wagtail_own(key: str) -> str | None:
    """The prefix of Wagtail's own admin a URL name falls under, if any."""
    return next((prefix for prefix in WAGTAIL_PREFIXES if key.startswith(prefix)), None)


def rule_for(key: str) -> Rule | None:
    """The rule of a URL name (its first variant's when the table only has variants)."""
    if key in POLICY:
        return POLICY[key]
    variant = next((rule for name, rule in POLICY.items() if name.startswith(f"{key}@")), None)
    if variant is not None:
        return variant
    if wagtail_own(key):
        return WAGTAIL_DOOR
    return None


# --- Websocket routes (website/routing.py): who may open each -----------------------------------

WEBSOCKETS: dict[str, dict[str, str]] = {
    # The person's own notification channel: any signed-in person, never anonymous.
    "ws/notifiche/": {ANONYMOUS: "refused", OPERATOR: "open", OPERATOR_OTHER: "open"},
    # The live topic channel: signed-in people connect; a topic is followed only by its readers.
    "ws/forum/": {ANONYMOUS: "refused", OPERATOR: "following", OPERATOR_OTHER: "refused topic"},
}
