"""The permission map, kept mechanically.

Every URL pattern the project resolves is requested as every kind of person,
against objects they do and do not own and against objects that do not exist,
and the answer must be the one ``policy.POLICY`` declares. A URL name missing
from the table fails ``test_every_url_name_is_classified``, so a new view
cannot ship unclassified; an entry naming no URL any more fails too.

The world (``world.py``) is built once for the module inside a transaction
that is rolled back at the end; each request runs in a savepoint that is
rolled back after it, so no request changes what the next one sees.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from . import policy
from .policy import (
    BAD,
    CONFLICT,
    ERROR,
    FORBIDDEN,
    LIMITED,
    LOGIN,
    METHOD,
    NOT_FOUND,
    OK,
    PERSONAS,
    POLICY,
    REDIRECT,
)
from .world import World, build_world

MISSING_INT = 987654
MISSING_TEXT = "non-esiste"


# --- The URL patterns, walked -------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name with its namespaces, or "route:<pattern>" for an unnamed one
    route: str
    kwargs: tuple[str, ...]
    positional: int


def _pattern_arguments(pattern) -> tuple[tuple[str, ...], int]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters), 0
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex
        return tuple(regex.groupindex), regex.groups - len(regex.groupindex)
    return (), 0


def walk(resolver=None, prefix="", namespace="", kwargs=(), positional=0) -> Iterator[Pattern]:
    """Every URL pattern, nested includes and namespaces resolved."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        names, unnamed = _pattern_arguments(entry.pattern)
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, route, inner, kwargs + names, positional + unnamed)
        elif isinstance(entry, URLPattern):
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = f"route:{route}"
            yield Pattern(key, route, kwargs + names, positional + unnamed)


def url_keys() -> set[str]:
    return {pattern.key for pattern in walk()}


# --- Where each URL points, in the world --------------------------------------------------------

Target = Callable[[World], str]


def _url(url_name, /, *args, **kwargs) -> Target:
    """A target whose arguments are read from the world by attribute paths ("edition.code")."""

    def read(world, value):
        if isinstance(value, str) and value.startswith("@"):
            obj = world
            for part in value[1:].split("."):
                obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
            return obj
        return value

    def target(world):
        return reverse(
            url_name,
            args=[read(world, a) for a in args],
            kwargs={k: read(world, v) for k, v in kwargs.items()},
        )

    return target


def _document_url(audience) -> Target:
    def target(world):
        file = world.resources[audience].current_version.files.first()
        return file.document.url

    return target


def _preview_url(world) -> str:
    resource = world.resources["enrolled"]
    file = resource.current_version.files.first()
    return reverse("resources:preview", args=[resource.slug, file.pk])


def _viewset(namespace, obj, *names) -> dict[str, Target]:
    """The pk-taking views of a Wagtail viewset, on one object."""
    return {f"{namespace}:{name}": _url(f"{namespace}:{name}", pk=obj) for name in names}


def _listing(namespace, *names) -> dict[str, Target]:
    return {f"{namespace}:{name}": _url(f"{namespace}:{name}") for name in names}


MODEL_VIEWS = ("edit", "delete", "history", "history_results", "usage")
LISTING_VIEWS = ("index", "index_results", "add")


def _model_viewset(namespace, obj, *, copy=True, extra=()) -> dict[str, Target]:
    return {
        **_listing(namespace, *LISTING_VIEWS),
        **_viewset(namespace, obj, *MODEL_VIEWS, *(("copy",) if copy else ()), *extra),
    }


def _snippet(model) -> dict[str, Target]:
    viewset = f"wagtailsnippets_cms_{model}"
    chooser = f"wagtailsnippetchoosers_cms_{model}"
    obj = "@area.pk" if model == "thematicarea" else "@kind.pk"
    return {
        **{f"{viewset}:{n}": _url(f"{viewset}:{n}") for n in ("list", "list_results", "add")},
        **{
            f"{viewset}:{n}": _url(f"{viewset}:{n}", obj)
            for n in ("edit", "delete", "usage", "history", "history_results", "copy")
        },
        **{
            f"{chooser}:{n}": _url(f"{chooser}:{n}")
            for n in ("choose", "choose_results", "chosen_multiple", "create")
        },
        f"{chooser}:chosen": _url(f"{chooser}:chosen", obj),
    }


TARGETS: dict[str, Target] = {
    # Project-wide
    "healthz": _url("healthz"),
    "wagtaildocs_serve": _document_url("enrolled"),
    "wagtaildocs_serve@staff": _document_url("staff"),
    "wagtaildocs_serve@public": _document_url("public"),
    "wagtaildocs_authenticate_with_password": _url(
        "wagtaildocs_authenticate_with_password", restriction_id=MISSING_INT
    ),
    "accounts:profile": _url("accounts:profile"),
    "notifications:list": _url("notifications:list"),
    "notifications:open": _url("notifications:open", pk="@notification.pk"),
    "notifications:mark_all_read": _url("notifications:mark_all_read"),
    "set_language": _url("set_language"),
    "sitemap_page": _url("sitemap_page"),
    "sitemap": _url("sitemap"),
    "robots_txt": _url("robots_txt"),
    # Courses
    "courses:index": _url("courses:index"),
    "courses:edition_request": _url("courses:edition_request", code="@edition.code"),
    "courses:edition_calendar": _url("courses:edition_calendar", code="@edition.code"),
    "courses:course": _url("courses:course", slug="@course.slug"),
    "courses:dashboard": _url("courses:dashboard"),
    "courses:my_calendar": _url("courses:my_calendar"),
    "courses:withdraw": _url("courses:withdraw", pk="@enrolment.pk"),
    "courses:calendar_reset": _url("courses:calendar_reset"),
    "courses:personal_calendar": _url("courses:personal_calendar", token="@feed.token"),
    "courses:teaching": _url("courses:teaching"),
    "courses:teaching_edition": _url("courses:teaching_edition", code="@edition.code"),
    "courses:participants_csv": _url("courses:participants_csv", code="@edition.code"),
    "courses:staff_training": _url("courses:staff_training"),
    "courses:centre_training": _url("courses:centre_training", code="@centre.code"),
    "courses:cluster_training": _url("courses:cluster_training", code="@north.code"),
    # Attendance
    "attendance:registers": _url("attendance:registers"),
    "attendance:check_in": _url("attendance:check_in", pk="@day.pk"),
    "attendance:register": _url("attendance:register", code="@edition.code"),
    "attendance:history": _url("attendance:history", code="@edition.code"),
    **{
        f"attendance:{name}": _url(f"attendance:{name}", code="@edition.code", pk="@day.pk")
        for name in ("day", "day_all_present", "checkin_code", "checkin_code_json")
    },
    # Reports
    "reports:index": _url("reports:index"),
    "reports:programme": _url("reports:programme", slug="@programme.slug"),
    "reports:clusters": _url("reports:clusters"),
    "reports:centres": _url("reports:centres"),
    "reports:centre_staff": _url("reports:centre_staff", code="@centre.code"),
    "reports:training_record": _url("reports:training_record", pk="@people.operator.pk"),
    **{
        f"reports:{name}": _url(f"reports:{name}", code="@edition.code")
        for name in ("edition_register", "edition_register_csv", "edition_register_xlsx")
    },
    # Online learning
    "learning:activity": _url("learning:activity", pk="@learning_activity.pk"),
    "learning:completion": _url("learning:completion", pk="@learning_activity.pk"),
    "learning:matrix": _url("learning:matrix", code="@edition.code"),
    "learning:matrix_export": _url("learning:matrix_export", code="@edition.code", fmt="csv"),
    # Surveys
    **{
        f"surveys:{name}": _url(f"surveys:{name}", pk="@survey.pk")
        for name in ("survey", "thanks", "results")
    },
    "surveys:results_export": _url("surveys:results_export", pk="@survey.pk", fmt="csv"),
    "surveys:questionnaire_results": _url("surveys:questionnaire_results", pk="@questionnaire.pk"),
    # Certificates
    "certificates:index": _url("certificates:index"),
    "certificates:verify_code": _url("certificates:verify_code", code="@certificate.code"),
    "certificates:download": _url("certificates:download", pk="@certificate.pk"),
    "certificates:credential": _url("certificates:credential", pk="@certificate.pk"),
    "certificates:issuer": _url("certificates:issuer"),
    "certificates:status_list": _url("certificates:status_list", number=1),
    "certificates_wellknown:jwks": _url("certificates_wellknown:jwks"),
    # The yearly training record
    **{
        f"records:{name}": _url(f"records:{name}", pk="@declaration.pk")
        for name in (
            "declaration",
            "declaration_change",
            "declaration_withdraw",
            "declaration_evidence",
            "declaration_decide",
        )
    },
    **{
        f"records:{name}": _url(f"records:{name}", code="@centre.code", year="@year")
        for name in ("centre", "centre_csv", "centre_xlsx")
    },
    "records:declare": _url("records:declare"),
    "records:approvals": _url("records:approvals"),
    "records:overview": _url("records:overview", year="@year"),
    "records:statement_issue": _url("records:statement_issue", year="@year"),
    "records:statement_pdf": _url("records:statement_pdf", code="@statement.code"),
    "records:verify": _url("records:verify"),
    "records:verify_code": _url("records:verify_code", code="@statement.code"),
    "records:reminders": _url("records:reminders"),
    "records:events": _url("records:events"),
    "records:event_attendance": _url("records:event_attendance", page_id="@event.pk"),
    # Quizzes
    "quizzes:quiz": _url("quizzes:quiz", pk="@quiz.pk"),
    "quizzes:start": _url("quizzes:start", pk="@quiz.pk"),
    "quizzes:analysis": _url("quizzes:analysis", pk="@quiz.pk"),
    "quizzes:attempt": _url("quizzes:attempt", pk="@quiz_attempt.pk"),
    "quizzes:review": _url("quizzes:review", pk="@quiz_attempt.pk"),
    "quizzes:grading_queue": _url("quizzes:grading_queue"),
    "quizzes:grade_answer": _url("quizzes:grade_answer", pk="@quiz_answer.pk"),
    "quizzes:grade_table": _url("quizzes:grade_table", code="@edition.code"),
    **_model_viewset("quiz_categories", "@quiz_category.pk", copy=False),
    **_model_viewset("quiz_questions", "@quiz_question.pk"),
    **_model_viewset("quiz_settings", "@quiz.pk"),
    **_listing("quizzes_admin", "index", "import"),
    "quizzes_admin:export": lambda world: (
        reverse("quizzes_admin:export") + f"?category={world.quiz_category.pk}"
    ),
    # Quality
    **{
        f"quality:{name}": _url(f"quality:{name}", pk="@assessment.pk")
        for name in (
            "assessment",
            "individual",
            "consensus_start",
            "consensus",
            "assessment_close",
            "report",
            "report_xlsx",
            "report_pdf",
            "history",
            "plan_create",
        )
    },
    "quality:member_individual": _url(
        "quality:member_individual", pk="@assessment.pk", member_id="@people.operator.pk"
    ),
    "quality:consensus_subcriterion": _url(
        "quality:consensus_subcriterion", pk="@assessment.pk", sub_pk="@subcriterion.pk"
    ),
    "quality:evidence_file": _url("quality:evidence_file", pk="@evidence.pk"),
    "quality:plan": _url("quality:plan", pk="@plan.pk"),
    "quality:plan_xlsx": _url("quality:plan_xlsx", pk="@plan.pk"),
    "quality:action_add": _url("quality:action_add", pk="@plan.pk"),
    "quality:action_edit": _url("quality:action_edit", pk="@plan.pk", action_pk="@action.pk"),
    **{
        f"quality:{name}": _url(f"quality:{name}", action_pk="@action.pk")
        for name in ("action_progress", "indicator_add", "action_good_practice")
    },
    **{
        f"quality:{name}": _url(f"quality:{name}", pk="@visit.pk")
        for name in ("visit", "visit_edit", "visit_confirm")
    },
    "quality:coach_calendar": _url("quality:coach_calendar", token="@coach_feed.token"),
    **_model_viewset("coach_assignment_admin", "@coach_assignment.pk", copy=False),
    **_model_viewset("records_year_targets", "@year_target.pk"),
    **_model_viewset("records_group_targets", "@group_target.pk"),
    # Forums
    **{
        f"forums:{name}": _url(f"forums:{name}")
        for name in ("index", "search", "moderation", "preferences", "mark_all_read")
    },
    "forums:unsubscribe": _url("forums:unsubscribe", token="@unsubscribe_token"),
    **{
        f"forums:{name}": _url(f"forums:{name}", pk="@topic.pk")
        for name in (
            "topic",
            "first_unread",
            "reply",
            "topic_follow",
            "topic_moderate",
            "topic_move",
            "topic_preview",
            "topic_mentions",
        )
    },
    **{
        f"forums:{name}": _url(f"forums:{name}", pk="@post.pk")
        for name in (
            "post",
            "post_fragment",
            "post_edit",
            "post_delete",
            "post_react",
            "post_report",
            "post_revisions",
            "post_moderate",
        )
    },
    "forums:attachment": _url("forums:attachment", pk="@attachment.pk", name="@attachment.name"),
    **{
        f"forums:{name}": _url(f"forums:{name}", slug="@cluster_forum.slug")
        for name in (
            "forum",
            "topic_create",
            "forum_follow",
            "forum_mark_read",
            "forum_preview",
            "forum_mentions",
        )
    },
    "forums:forum@community": _url("forums:forum", slug="@community.slug"),
    "forums:forum@edition": _url("forums:forum", slug="@edition_forum.slug"),
    "forums:topic@edition": _url("forums:topic", pk="@edition_topic.pk"),
    # Resources
    "resources:index": _url("resources:index"),
    "resources:upload": _url("resources:upload"),
    **{
        f"resources:detail@{audience}": _url("resources:detail", slug=f"@resources.{audience}.slug")
        for audience in ("public", "registered", "enrolled", "staff")
    },
    **{
        f"resources:{name}": _url(f"resources:{name}", slug="@resources.enrolled.slug")
        for name in ("edit", "delete", "version_add")
    },
    "resources:preview": _preview_url,
    # E-learning packages
    **{
        f"packages:{name}": _url(f"packages:{name}", pk="@package.pk")
        for name in ("package", "attempts", "version")
    },
    "packages:file": _url("packages:file", pk="@package.pk", version=1, path="modulo/index.html"),
    "packages:commit": _url("packages:commit", pk="@package.pk", sco="@package_sco.pk"),
    "packages:reset": _url("packages:reset", pk="@package_attempt.pk"),
    "packages:h5p_state": _url("packages:h5p_state", pk="@package.pk"),
    "packages:h5p_xapi": _url("packages:h5p_xapi", pk="@package.pk"),
    # The web channel
    "cms:search": _url("cms:search"),
    "cms:page_feedback": _url("cms:page_feedback"),
    **{
        f"cms:{name}": _url(f"cms:{name}")
        for name in ("news_rss", "news_atom", "regulations_rss", "regulations_atom")
    },
    "cms:area_rss": _url("cms:area_rss", slug="@area.slug"),
    "cms:area_atom": _url("cms:area_atom", slug="@area.slug"),
    "wagtail_serve": lambda world: "/",
    "wagtail_serve@news": lambda world: world.news.url,
    "wagtail_serve@event_register": lambda world: world.event.url + "iscrizione/",
    "wagtail_serve@event_unregister": lambda world: world.event.url + "annulla-iscrizione/",
    "wagtailcore_authenticate_with_password": _url(
        "wagtailcore_authenticate_with_password",
        page_view_restriction_id=MISSING_INT,
        page_id="@news.pk",
    ),
    "wagtailcore_login": _url("wagtailcore_login"),
    "public_media": lambda world: settings.MEDIA_URL + world.image.file.name,
    "public_media@private": lambda world: settings.MEDIA_URL + world.template.logo.name,
    # The project's own admin
    "route:admin/test404/": lambda world: "/admin/test404/",
    # allauth's older addresses of its social-account pages.
    "route:account/social/connections/": lambda world: "/account/social/connections/",
    "route:account/social/login/cancelled/": lambda world: "/account/social/login/cancelled/",
    "route:account/social/login/error/": lambda world: "/account/social/login/error/",
    "route:account/social/signup/": lambda world: "/account/social/signup/",
    "route:admin/^.*/$": lambda world: "/admin/non-esiste/",
    "cms_ratings": _url("cms_ratings"),
    "cms_page_ratings": _url("cms_page_ratings", page_id="@news.pk"),
    "analytics_visits": _url("analytics_visits"),
    "analytics_page_visits": _url("analytics_page_visits", page_id="@news.pk"),
    **_model_viewset("regions", "@region.pk"),
    **_model_viewset("clusters", "@north.pk"),
    **_model_viewset("centres", "@centre.pk"),
    "attendance_registers:index": _url("attendance_registers:index"),
    **{
        f"attendance_registers:{name}": _url(f"attendance_registers:{name}", code="@edition.code")
        for name in ("register", "history", "close", "reopen")
    },
    "attendance_registers:day": _url(
        "attendance_registers:day", code="@edition.code", pk="@day.pk"
    ),
    **_listing("certificate_issue", "index", "list"),
    **_viewset(
        "certificate_issue", "@closed_edition.pk", "edition", "start", "issue_person", "zip"
    ),
    **_viewset("certificate_issue", "@run.pk", "run", "run_status"),
    **_viewset("certificate_issue", "@certificate.pk", "certificate", "revoke", "reissue"),
    **_model_viewset("certificate_templates", "@template.pk", copy=False),
    **_model_viewset("certificate_rules", "@rule.pk", copy=False),
    **_listing("reports_admin", "index", "clusters", "centres"),
    "reports_admin:programme": _url("reports_admin:programme", slug="@programme.slug"),
    **_model_viewset("forum", "@cluster_forum.pk", copy=False),
    **_model_viewset("moderationaction", "@moderation_action.pk", copy=False, extra=("inspect",)),
    **_model_viewset("audit", "@audit_entry.pk", copy=False, extra=("inspect",)),
    "privacy:my_data": _url("privacy:my_data"),
    "privacy:export_request": _url("privacy:export_request"),
    "privacy:export_download": _url("privacy:export_download", pk="@personal_export.pk"),
    "privacy:erasure": _url("privacy:erasure"),
    **_model_viewset("resource_admin", "@resources.staff.pk", copy=False),
    **_model_viewset("questionnaires", "@questionnaire.pk"),
    **_model_viewset("surveys_admin", "@survey.pk", copy=False),
    **_model_viewset("programmes", "@programme.pk", copy=False),
    **_model_viewset("learning_sections", "@learning_section.pk", copy=False),
    **_model_viewset("learning_lessons", "@learning_lesson.pk", copy=False),
    **_model_viewset("teaching_units", "@course.pk", copy=False),
    **_model_viewset(
        "editions",
        "@edition.pk",
        copy=False,
        extra=("enrolments", "enrol_person", "add_session_run", "cancel_session"),
    ),
    "certificate_templates:image": _url(
        "certificate_templates:image", pk="@template.pk", field="signature"
    ),
    "accounts:affiliation_requests": _url("accounts:affiliation_requests"),
    "accounts:affiliation_decide": _url("accounts:affiliation_decide", pk="@affiliation.pk"),
    "accounts:affiliation_withdraw": _url("accounts:affiliation_withdraw"),
    **_listing("enrolments", "index", "decide", "import", "import_template"),
    **_snippet("thematicarea"),
    **_snippet("contentkind"),
    # Wagtail's own admin: the representative entry points
    "wagtailadmin_home": _url("wagtailadmin_home"),
    "wagtailadmin_explore_root": _url("wagtailadmin_explore_root"),
    "wagtailadmin_explore": _url("wagtailadmin_explore", "@news.pk"),
    "wagtailadmin_pages:edit": _url("wagtailadmin_pages:edit", "@news.pk"),
    "wagtaildocs:index": _url("wagtaildocs:index"),
    "wagtailimages:index": _url("wagtailimages:index"),
    "wagtailusers_users:index": _url("wagtailusers_users:index"),
    "wagtailusers_users:edit": _url("wagtailusers_users:edit", "@people.operator.pk"),
    "wagtailusers_groups:index": _url("wagtailusers_groups:index"),
    "wagtailsettings:edit": _url(
        "wagtailsettings:edit", "core", "siteidentity", "@site_identity.pk"
    ),
    "wagtailadmin_login": _url("wagtailadmin_login"),
    "wagtailadmin_password_reset": _url("wagtailadmin_password_reset"),
    "wagtailadmin_javascript_catalog": _url("wagtailadmin_javascript_catalog"),
    "wagtailadmin_sprite": _url("wagtailadmin_sprite"),
}


def _generic_target(pattern: Pattern) -> Target:
    """Arguments that reverse, for URLs whose answer does not depend on the object named."""

    def target(world):
        for value in (MISSING_INT, MISSING_TEXT):
            try:
                name = pattern.key
                return reverse(
                    name,
                    args=[value] * pattern.positional,
                    kwargs=dict.fromkeys(pattern.kwargs, value),
                )
            except Exception:
                continue
        raise AssertionError(f"{pattern.key}: no arguments reverse it")

    return target


def target_for(key: str, patterns: dict[str, Pattern]) -> Target:
    if key in TARGETS:
        return TARGETS[key]
    base = key.split("@")[0]
    pattern = patterns[base]
    if not pattern.kwargs and not pattern.positional and not base.startswith("route:"):
        return _url(base)
    return _generic_target(pattern)


def missing_url(key: str, url: str, world: World) -> str | None:
    """The same URL naming an object that does not exist (None when it names no object)."""
    if key not in MISSING_SWAPS:
        return None
    swap = MISSING_SWAPS[key](world)
    old, new = swap
    assert old in url, (key, url, old)
    return url.replace(old, new, 1)


def _swap(attribute_path: str, new: Any = MISSING_INT) -> Callable[[World], tuple[str, str]]:
    def swap(world):
        obj = world
        for part in attribute_path.split("."):
            obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
        return f"/{obj}/", f"/{new}/"

    return swap


def _swap_suffix(attribute_path: str, suffix: str, new: str):
    def swap(world):
        obj = world
        for part in attribute_path.split("."):
            obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
        return f"/{obj}{suffix}", f"/{new}{suffix}"

    return swap


def _swap_file(audience: str, prefix: str):
    """A resource's file (its document, or its preview) that does not exist."""

    def swap(world):
        file = world.resources[audience].current_version.files.first()
        number = file.document_id if prefix == "/documents/" else file.pk
        return f"{prefix}{number}/", f"{prefix}{MISSING_INT}/"

    return swap


# Which argument each object URL names, swapped for one that does not exist.
MISSING_SWAPS: dict[str, Callable[[World], tuple[str, str]]] = {
    "accounts:affiliation_decide": _swap("affiliation.pk"),
    "notifications:open": _swap("notification.pk"),
    "courses:edition_request": _swap("edition.code", MISSING_TEXT),
    "courses:edition_calendar": _swap_suffix("edition.code", "/calendario.ics", MISSING_TEXT),
    "courses:course": _swap("course.slug", MISSING_TEXT),
    "courses:withdraw": _swap("enrolment.pk"),
    "courses:personal_calendar": _swap_suffix("feed.token", ".ics", MISSING_TEXT),
    "courses:teaching_edition": _swap("edition.code", MISSING_TEXT),
    "courses:participants_csv": _swap("edition.code", MISSING_TEXT),
    "courses:centre_training": _swap("centre.code", MISSING_TEXT),
    "courses:cluster_training": _swap("north.code", MISSING_TEXT),
    "attendance:check_in": _swap("day.pk"),
    "attendance:register": _swap("edition.code", MISSING_TEXT),
    "attendance:history": _swap("edition.code", MISSING_TEXT),
    "attendance:day": _swap("day.pk"),
    "attendance:day_all_present": _swap("day.pk"),
    "attendance:checkin_code": _swap("day.pk"),
    "attendance:checkin_code_json": _swap("day.pk"),
    "reports:programme": _swap("programme.slug", MISSING_TEXT),
    "reports:centre_staff": _swap("centre.code", MISSING_TEXT),
    "reports:training_record": _swap("people.operator.pk"),
    "reports:edition_register": _swap("edition.code", MISSING_TEXT),
    "reports:edition_register_csv": _swap_suffix("edition.code", "/registro.csv", MISSING_TEXT),
    "reports:edition_register_xlsx": _swap_suffix("edition.code", "/registro.xlsx", MISSING_TEXT),
    "learning:activity": _swap("learning_activity.pk"),
    "learning:completion": _swap("learning_activity.pk"),
    "learning:matrix": _swap("edition.code", MISSING_TEXT),
    "learning:matrix_export": _swap_suffix("edition.code", "/avanzamento.csv", MISSING_TEXT),
    "certificates:download": _swap("certificate.pk"),
    "certificates:credential": _swap("certificate.pk"),
    **{
        f"records:{name}": _swap("declaration.pk")
        for name in (
            "declaration",
            "declaration_change",
            "declaration_withdraw",
            "declaration_evidence",
            "declaration_decide",
        )
    },
    **{
        f"records:{name}": _swap("centre.code", MISSING_TEXT)
        for name in ("centre", "centre_csv", "centre_xlsx")
    },
    "records:statement_pdf": _swap_suffix("statement.code", ".pdf", MISSING_TEXT),
    "records:event_attendance": _swap("event.pk"),
    **{
        f"surveys:{name}": _swap("survey.pk")
        for name in ("survey", "thanks", "results", "results_export")
    },
    "surveys:questionnaire_results": _swap("questionnaire.pk"),
    **{f"quizzes:{name}": _swap("quiz.pk") for name in ("quiz", "start", "analysis")},
    **{f"quizzes:{name}": _swap("quiz_attempt.pk") for name in ("attempt", "review")},
    "quizzes:grade_answer": _swap("quiz_answer.pk"),
    "quizzes:grade_table": _swap("edition.code", MISSING_TEXT),
    **{
        f"quality:{name}": _swap("assessment.pk")
        for name in (
            "assessment",
            "individual",
            "member_individual",
            "consensus_start",
            "consensus",
            "consensus_subcriterion",
            "assessment_close",
            "report",
            "history",
            "plan_create",
        )
    },
    "quality:report_xlsx": _swap_suffix("assessment.pk", "/rapporto.xlsx", MISSING_INT),
    "quality:report_pdf": _swap_suffix("assessment.pk", "/rapporto.pdf", MISSING_INT),
    "quality:evidence_file": _swap("evidence.pk"),
    **{f"quality:{name}": _swap("plan.pk") for name in ("plan", "action_add", "action_edit")},
    "quality:plan_xlsx": _swap_suffix("plan.pk", ".xlsx", MISSING_INT),
    **{
        f"quality:{name}": _swap("action.pk")
        for name in ("action_progress", "indicator_add", "action_good_practice")
    },
    **{f"quality:{name}": _swap("visit.pk") for name in ("visit", "visit_edit", "visit_confirm")},
    "quality:coach_calendar": _swap_suffix("coach_feed.token", ".ics", MISSING_TEXT),
    **{
        f"forums:{name}": _swap("topic.pk")
        for name in (
            "topic",
            "first_unread",
            "reply",
            "topic_follow",
            "topic_moderate",
            "topic_move",
            "topic_preview",
            "topic_mentions",
        )
    },
    **{
        f"forums:{name}": _swap("post.pk")
        for name in (
            "post",
            "post_fragment",
            "post_edit",
            "post_delete",
            "post_react",
            "post_report",
            "post_revisions",
            "post_moderate",
        )
    },
    "forums:attachment": _swap("attachment.pk"),
    **{
        f"forums:{name}": _swap("cluster_forum.slug", MISSING_TEXT)
        for name in (
            "forum",
            "topic_create",
            "forum_follow",
            "forum_mark_read",
            "forum_preview",
            "forum_mentions",
        )
    },
    **{
        f"resources:detail@{audience}": _swap(f"resources.{audience}.slug", MISSING_TEXT)
        for audience in ("registered", "enrolled", "staff")
    },
    **{
        f"resources:{name}": _swap("resources.enrolled.slug", MISSING_TEXT)
        for name in ("edit", "delete", "version_add")
    },
    "resources:preview": _swap_file("enrolled", "/anteprima/"),
    **{
        f"packages:{name}": _swap("package.pk")
        for name in ("package", "file", "commit", "attempts", "version")
    },
    "packages:reset": _swap("package_attempt.pk"),
    "wagtaildocs_serve": _swap_file("enrolled", "/documents/"),
    "wagtaildocs_serve@staff": _swap_file("staff", "/documents/"),
}


# --- Asking, and reading the answer -------------------------------------------------------------


def _login_paths() -> tuple[str, ...]:
    return (reverse("account_login"), reverse("wagtailadmin_login"), reverse("wagtailcore_login"))


def outcome_of(response, path: str) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if status in (301, 302, 303, 307, 308):
        location = response["Location"].split("?")[0].removeprefix("http://testserver")
        if location in _login_paths():
            return LOGIN
        admin_login = reverse("wagtailadmin_login")
        if (
            location == reverse("wagtailadmin_home")
            and path.startswith("/admin/")
            and (path != admin_login)
        ):
            return FORBIDDEN  # Wagtail's "you do not have permission" goes to the dashboard
        return REDIRECT
    return {
        400: BAD,
        401: policy.UNAUTHORIZED,
        403: FORBIDDEN,
        409: CONFLICT,
        404: NOT_FOUND,
        405: METHOD,
        429: LIMITED,
    }.get(status, f"HTTP {status}")


def rows_written() -> int:
    """Rows inserted, changed or deleted so far by this connection (this transaction, on
    PostgreSQL): a refused request must not move it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                " FROM pg_stat_xact_user_tables"
            )
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


def ask(client: Client, method: str, url: str, *, refused_changes_nothing: bool) -> str:
    """One request in a savepoint rolled back afterwards; for a refused POST, proof it changed
    nothing. The client's cookies are put back too (a logout or a language change)."""
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    try:
        return _ask(client, method, url, refused_changes_nothing=refused_changes_nothing)
    finally:
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies[name] = value


def _ask(client: Client, method: str, url: str, *, refused_changes_nothing: bool) -> str:
    with transaction.atomic():
        before = rows_written() if refused_changes_nothing else None
        try:
            response = client.get(url) if method == "GET" else client.post(url, {})
        except Exception as error:
            transaction.set_rollback(True)
            return f"{ERROR} {type(error).__name__}: {error}"[:200]
        outcome = outcome_of(response, url)
        if before is not None and outcome in policy.REFUSALS and rows_written() != before:
            outcome += " (and changed the data)"
        transaction.set_rollback(True)
    return outcome


# --- The world, once per module -----------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def patterns():
    return {pattern.key: pattern for pattern in walk()}


# --- The table covers every URL, and nothing else -----------------------------------------------


def test_every_url_name_is_classified():
    unclassified = sorted(key for key in url_keys() if policy.rule_for(key) is None)
    assert not unclassified, (
        "URLs missing from tests/security/policy.py (classify each for every persona): "
        + ", ".join(unclassified)
    )


def test_no_entry_of_the_table_is_stale():
    keys = url_keys()
    stale = sorted(key for key in POLICY if key.split("@")[0] not in keys)
    stale += sorted(key for key in TARGETS if key.split("@")[0] not in keys)
    stale += sorted(key for key in MISSING_SWAPS if key not in POLICY)
    stale += sorted(
        prefix
        for prefix in policy.WAGTAIL_PREFIXES
        if not any(policy.wagtail_own(key) == prefix for key in keys)
    )
    assert not stale, "Entries naming no URL any more: " + ", ".join(stale)


def test_every_persona_is_in_every_rule():
    for key, rule in POLICY.items():
        for expected in (rule.get, rule.post):
            if expected is not None:
                assert set(expected) == set(PERSONAS), key


# --- Each persona against the whole table -------------------------------------------------------


def entries(patterns) -> list[tuple[str, policy.Rule]]:
    """The table, and every URL of Wagtail's own admin under its prefix rule."""
    door = [
        (key, policy.WAGTAIL_DOOR)
        for key in sorted(patterns)
        if key not in POLICY and policy.wagtail_own(key)
    ]
    return [*POLICY.items(), *door]


def _client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.people[persona])
    return client


def _asks_missing(key: str, expected: str, persona: str) -> bool:
    """Whoever is refused the real object must be refused the same way for a missing one;
    the superuser, who is refused nothing, stands for those who would have had it."""
    return key in MISSING_SWAPS and (expected in policy.REFUSALS or persona == policy.SUPERUSER)


def _checks(key: str, rule: policy.Rule, persona: str):
    """(label, method, expected outcome, which URL) for one persona and one entry."""
    expected = rule.get[persona]
    yield "GET", "GET", expected, "own"
    if _asks_missing(key, expected, persona):
        yield "GET missing", "GET", policy.when_missing(expected), "missing"
    if rule.post is not None:
        expected = rule.post[persona]
        yield "POST", "POST", expected, "own"
        if _asks_missing(key, expected, persona):
            yield "POST missing", "POST", policy.when_missing(expected), "missing"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_permission_map(world, patterns, db, persona):
    client = _client_for(world, persona)
    mismatches = []
    for key, rule in entries(patterns):
        if persona not in rule.asked_of:
            continue
        own_url = target_for(key, patterns)(world)
        for label, method, expected, which in _checks(key, rule, persona):
            url = own_url if which == "own" else missing_url(key, own_url, world)
            cache.clear()  # rate limits count per client address, and every persona shares one
            actual = ask(client, method, url, refused_changes_nothing=method == "POST")
            if actual != expected:
                mismatches.append(f"{key} {label} {url}: expected {expected}, got {actual}")
    assert not mismatches, f"{persona}:\n" + "\n".join(mismatches)
