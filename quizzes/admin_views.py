"""Admin pages beyond the generic ones: import a question bank, export one to Moodle XML."""

import base64

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import Course
from website.core.exceptions import Refused
from website.core.uploads import POLICIES, QUESTION_BANK, check_upload, extension_of

from . import services
from .formats import gift, moodle_xml
from .forms import ImportForm
from .models import Choice, Question, QuestionCategory
from .permissions import manages_quizzes

IMPORT_SALT = "quizzes.bank-import"
IMPORT_MAX_AGE = 60 * 60
PARSERS = {"xml": moodle_xml.parse, "gift": gift.parse}


def parser_for(format_choice: str, filename: str):
    if format_choice in PARSERS:
        return format_choice
    return "xml" if extension_of(filename) == "xml" else "gift"


class ManagersOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not manages_quizzes(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # the view it is mixed into has it


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


class ImportView(ManagersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload → preview (what would be created, what not read) → confirm → all or nothing."""

    template_name = "quizzes/admin/import.html"
    header_icon = "upload"
    page_title = gettext_lazy("Importa domande")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("quiz_questions:index"), "label": _("Domande")},
            {"url": "", "label": _("Importa domande")},
        ]

    def get(self, request, *args, **kwargs):
        initial = {}
        if request.GET.get("course", "").isdigit():
            initial["course"] = request.GET["course"]
        return self.render_to_response(self.get_context_data(form=ImportForm(initial=initial)))

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        uploaded = form.cleaned_data["file"]
        try:
            checked = check_upload(uploaded, POLICIES[QUESTION_BANK])
        except Refused as problem:
            form.add_error("file", problem.message)
            return self.render_to_response(self.get_context_data(form=form))
        content = checked.file.read()
        kind = parser_for(form.cleaned_data["format"], checked.name)
        result = PARSERS[kind](content)
        confirm = None
        if result.ok:
            confirm = ImportConfirmForm(
                initial={
                    "payload": signing.dumps(
                        {
                            "course": form.cleaned_data["course"].pk,
                            "category": form.cleaned_data["category"],
                            "format": kind,
                            "content": base64.b64encode(content).decode("ascii"),
                            "file": checked.name,
                        },
                        salt=IMPORT_SALT,
                        compress=True,
                    )
                }
            )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                result=result,
                filename=checked.name,
                course=form.cleaned_data["course"],
                confirm_form=confirm,
            )
        )

    def confirm(self, request):
        form = ImportConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise signing.BadSignature
            data = signing.loads(
                form.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE
            )
            course = Course.objects.get(pk=data["course"])
            result = PARSERS[data["format"]](base64.b64decode(data["content"]))
        except (signing.BadSignature, Course.DoesNotExist, KeyError, ValueError):
            messages.error(request, _("Anteprima scaduta o non valida: carica di nuovo il file."))
            return redirect("quizzes_admin:import")
        if not result.ok:
            messages.error(
                request, _("Il file contiene errori: nessuna domanda è stata importata.")
            )
            return redirect("quizzes_admin:import")
        try:
            created = services.bank_import(
                course=course, questions=result.questions, default_category=data["category"]
            )
        except Refused as problem:
            messages.error(request, problem.message)
            return redirect("quizzes_admin:import")
        messages.success(
            request,
            _("Importate %(count)s domande da %(file)s nel corso %(course)s.")
            % {"count": len(created), "file": data.get("file", ""), "course": course.code},
        )
        return redirect(reverse("quiz_questions:index"))


def export_questions(questions) -> bytes:
    return moodle_xml.export(
        questions.select_related("category")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk")))
        .order_by("category__name", "category_id", "pk")
    )


def export_view(request):
    """A course's bank (``?course=``) or one category (``?category=``) as Moodle XML."""
    if not manages_quizzes(request.user):
        raise PermissionDenied
    questions = Question.objects.all()
    category = course = None
    if request.GET.get("category", "").isdigit():
        category = (
            QuestionCategory.objects.select_related("course")
            .filter(pk=request.GET["category"])
            .first()
        )
        questions = questions.filter(category=category)
    elif request.GET.get("course", "").isdigit():
        course = Course.objects.filter(pk=request.GET["course"]).first()
        questions = questions.filter(category__course=course)
    if category is None and course is None:
        messages.error(request, _("Scegli il corso o la categoria da esportare."))
        return redirect("quiz_categories:index")
    if category is not None:
        name = slugify(f"{category.course.code}-{category.name}")
    else:
        name = slugify(course.code if course is not None else "")  # a course, checked above
    response = HttpResponse(export_questions(questions), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="domande-{name}.xml"'
    return response
