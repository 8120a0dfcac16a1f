"""Demo e-learning packages: the SCORM 1.2 and 2004 modules and the H5P activity of ``demo.package_builder``.

They go, through the packages app's own upload service, to the first demo unit in which
the demo operator holds a confirmed place; the operator then has a suspended attempt on
the SCORM 1.2 module (two pages read, the third to come), written through the same
service the runtime's commits use. Running the seed again changes nothing: each package
is looked up by title and course, the attempt by its learner.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import Course, Enrolment
from demo.package_builder import h5p_file, scorm12_zip, scorm2004_zip
from packages import services
from packages.models import Attempt, Package
from packages.runtime import current_launch
from website.accounts.models import User

PACKAGES = [
    ("L'assegno di ricollocazione (SCORM 1.2)", "assegno-ricollocazione-scorm12.zip", scorm12_zip),
    (
        "L'assegno di ricollocazione: verifica (SCORM 2004)",
        "assegno-ricollocazione-scorm2004.zip",
        scorm2004_zip,
    ),
    ("L'assegno di ricollocazione: domande (H5P)", "assegno-ricollocazione.h5p", h5p_file),
]
# What the operator's runtime committed when they left after the second page.
SUSPENDED = {
    "cmi.core.lesson_status": "incomplete",
    "cmi.core.lesson_location": "1",
    "cmi.suspend_data": '{"page":1}',
    "cmi.core.exit": "suspend",
    "cmi.core.session_time": "00:04:30",
}


def demo_course(operator):
    return (
        Course.objects.filter(
            enrolments__user=operator,
            enrolments__status=Enrolment.Status.APPROVED,
            code__regex=r"^UD\d+$",
        )
        .order_by("programme__starts_on", "sort_order", "pk")
        .first()
    )


def seed(*, scale, log):
    operator = User.objects.filter(email="operatore@aula.example").first()
    manager = User.objects.filter(email="gestore@aula.example").first()
    course = demo_course(operator) if operator else None
    if course is None:
        log("Packages: the demo operator holds no place in a demo unit, packages skipped")
        return
    made = 0
    packages = []
    for title, name, build in PACKAGES:
        package = Package.objects.filter(course=course, title=title).first()
        if package is None:
            package = services.upload_package(
                course=course,
                title=title,
                uploaded=SimpleUploadedFile(name, build(), content_type="application/zip"),
                by=manager,
            )
            made += 1
        packages.append(package)
    scorm12 = packages[0]
    if not Attempt.objects.filter(package=scorm12, user=operator).exists():
        sco = scorm12.current_version.scos.exclude(href="").get()
        services.commit(
            package=scorm12,
            sco=sco,
            user=operator,
            number=current_launch(scorm12, operator).attempt_number,
            session="demo-seed",
            values=SUSPENDED,
            terminate=True,
        )
    log(f"Packages: {len(packages)} in {course.code} ({made} new), a suspended attempt to resume")
