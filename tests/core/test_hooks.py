"""The project's own extension points: who implements each, and that they fit its Protocol.

A registration through a mistyped name, or one lost in a refactor, changes the table
below and fails here instead of silently dropping a panel.
"""

import inspect

import pytest
from wagtail import hooks

from attendance import hooks as attendance_hooks
from certificates import hooks as certificates_hooks
from courses import hooks as courses_hooks
from packages import hooks as packages_hooks
from quizzes import hooks as quizzes_hooks
from reports import hooks as reports_hooks
from surveys import hooks as surveys_hooks
from website.cms import hooks as cms_hooks
from website.privacy import hooks as privacy_hooks

PROTOCOLS = {
    courses_hooks.COURSE_PAGE_PANELS: courses_hooks.CoursePagePanel,
    courses_hooks.DASHBOARD_PANELS: courses_hooks.DashboardPanel,
    courses_hooks.TEACHING_EDITION_PANELS: courses_hooks.TeachingEditionPanel,
    courses_hooks.CLUSTER_PAGE_PANELS: courses_hooks.ClusterPagePanel,
    courses_hooks.CALENDAR_ENTRIES: courses_hooks.CalendarEntries,
    courses_hooks.ENROLMENT_FIELDS: courses_hooks.EnrolmentFields,
    attendance_hooks.REGISTER_PAGE_PANELS: attendance_hooks.RegisterPagePanel,
    reports_hooks.TRAINING_RECORD_PANELS: reports_hooks.TrainingRecordPanel,
    reports_hooks.CERTIFICATE_HOLDERS: reports_hooks.CertificateHolders,
    certificates_hooks.CERTIFICATE_CONDITIONS: certificates_hooks.CertificateCondition,
    quizzes_hooks.QUIZ_GATES: quizzes_hooks.QuizGate,
    packages_hooks.PACKAGE_GATES: packages_hooks.PackageGate,
    reports_hooks.PROGRAMME_REPORT_PANELS: reports_hooks.ProgrammeReportPanel,
    surveys_hooks.SURVEY_GATES: surveys_hooks.SurveyGate,
    privacy_hooks.PERSONAL_DATA_SOURCES: privacy_hooks.PersonalDataSource,
    privacy_hooks.ERASURE_HANDLERS: privacy_hooks.ErasureHandler,
    privacy_hooks.RETENTION_HANDLERS: privacy_hooks.RetentionHandler,
    cms_hooks.SITE_SEARCH_SOURCES: cms_hooks.SiteSearchSource,
}

IMPLEMENTATIONS = {
    "aula_course_page_panels": [
        "certificates.wagtail_hooks.certificate_rule_panel",
        "forums.wagtail_hooks.course_forums_panel",
        "quizzes.wagtail_hooks.course_quizzes_panel",
        "packages.wagtail_hooks.course_packages_panel",
        "resources.wagtail_hooks.course_materials_panel",
        "learning.wagtail_hooks.course_activities_panel",
    ],
    "aula_dashboard_panels": [
        "attendance.wagtail_hooks.attendance_panel",
        "certificates.wagtail_hooks.my_certificates_panel",
        "forums.wagtail_hooks.my_forums_panel",
        "records.wagtail_hooks.records_dashboard_panel",
        "quality.wagtail_hooks.quality_panel",
        "reports.wagtail_hooks.reports_panel",
        "resources.wagtail_hooks.recent_materials_panel",
        "surveys.wagtail_hooks.waiting_surveys_panel",
        "learning.wagtail_hooks.dashboard_progress_panel",
    ],
    "aula_teaching_edition_panels": [
        "attendance.wagtail_hooks.register_link_panel",
        "learning.wagtail_hooks.matrix_link_panel",
        "quizzes.wagtail_hooks.teaching_quizzes_panel",
        "surveys.wagtail_hooks.edition_results_panel",
    ],
    "aula_calendar_entries": ["website.cms.wagtail_hooks.registered_events_entries"],
    "aula_enrolment_fields": [
        "attendance.selectors.place_hours",
        "learning.selectors.place_relations",
    ],
    "aula_register_panels": ["reports.wagtail_hooks.printable_register_panel"],
    "aula_cluster_page_panels": ["reports.wagtail_hooks.cluster_registers_panel"],
    "aula_training_record_panels": [
        "certificates.wagtail_hooks.training_record_certificates",
        "records.wagtail_hooks.records_year_panel",
    ],
    "aula_certificate_holders": ["certificates.wagtail_hooks.certificate_holders"],
    "aula_certificate_conditions": [
        "quizzes.wagtail_hooks.required_quizzes_condition",
        "surveys.wagtail_hooks.evaluation_answered_condition",
    ],
    "aula_programme_report_panels": [
        "surveys.wagtail_hooks.programme_surveys_panel",
        "quality.wagtail_hooks.programme_quality_panel",
    ],
    "aula_quiz_gates": ["learning.wagtail_hooks.quiz_availability_gate"],
    "aula_survey_gates": ["learning.wagtail_hooks.survey_availability_gate"],
    "aula_package_gates": ["learning.wagtail_hooks.package_availability_gate"],
    "aula_personal_data_sources": [
        "website.privacy.wagtail_hooks.account_data",
        "courses.wagtail_hooks.enrolments_data",
        "attendance.wagtail_hooks.attendance_data",
        "certificates.wagtail_hooks.certificates_data",
        "forums.wagtail_hooks.forum_data",
        "website.cms.wagtail_hooks.ratings_data",
        "records.wagtail_hooks.training_record_data",
    ],
    "aula_erasure_handlers": [
        "courses.wagtail_hooks.erase_course_data",
        "certificates.wagtail_hooks.minimise_certificates",
        "forums.wagtail_hooks.erase_forum_data",
        "website.cms.wagtail_hooks.erase_ratings",
        "records.wagtail_hooks.erase_record_data",
    ],
    "aula_retention_handlers": [
        "attendance.wagtail_hooks.delete_kept_attendance",
        "certificates.wagtail_hooks.delete_kept_certificates",
        "records.wagtail_hooks.delete_kept_training",
    ],
    "aula_site_search_sources": [
        "website.cms.wagtail_hooks.course_search_source",
        "resources.wagtail_hooks.resource_search_source",
        "forums.wagtail_hooks.forum_search_source",
    ],
}


def _qualified(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _registered_aula_hooks() -> set[str]:
    # Wagtail has no public list of hook names; its registry is this dict.
    hooks.search_for_hooks()
    return {name for name in hooks._hooks if name.startswith("aula_")}


def test_each_hook_is_declared_once_with_its_protocol():
    assert set(PROTOCOLS) == set(IMPLEMENTATIONS)
    assert len(PROTOCOLS) == len(set(PROTOCOLS))


def test_every_registered_aula_hook_is_declared():
    assert _registered_aula_hooks() <= set(PROTOCOLS)


@pytest.mark.parametrize("hook_name", sorted(IMPLEMENTATIONS))
def test_who_implements_each_hook(hook_name):
    implemented = sorted(_qualified(function) for function in hooks.get_hooks(hook_name))
    assert implemented == sorted(IMPLEMENTATIONS[hook_name])


def _parameters(function) -> list[tuple[str, str]]:
    signature = inspect.signature(function)
    return [
        (parameter.name, parameter.kind.name)
        for parameter in signature.parameters.values()
        if parameter.name != "self"
    ]


@pytest.mark.parametrize("hook_name", sorted(IMPLEMENTATIONS))
def test_each_implementation_fits_the_protocol(hook_name):
    expected = _parameters(PROTOCOLS[hook_name].__call__)
    for function in hooks.get_hooks(hook_name):
        assert _parameters(function) == expected, _qualified(function)


def test_a_registration_under_a_mistyped_name_is_caught():
    def panel(request):
        return ""

    with hooks.register_temporarily("aula_dashbord_panels", panel):
        assert not _registered_aula_hooks() <= set(PROTOCOLS)


def test_a_panel_with_the_wrong_parameters_does_not_fit():
    def panel(request, course, extra):
        return ""

    assert _parameters(panel) != _parameters(courses_hooks.CoursePagePanel.__call__)
