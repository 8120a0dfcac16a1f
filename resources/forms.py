from typing import TYPE_CHECKING, cast

from django import forms
from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.choices import BaseChoiceIterator
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.forms import TagField
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import Course
from website.cms.models import ThematicArea
from website.core.forms import PlainTextMixin, clean_tag_names

from .models import DESCRIPTION_MAX_LENGTH, Resource, ResourceFile
from .permissions import can_upload_to_library, uploadable_course_ids
from .selectors import Order
from .uploads import POLICY, sort_uploads

Audience = Resource.Audience


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class OneFileInput(forms.FileInput):
    """Offers one file but reads all that arrive, so a second one is refused, not dropped."""

    def value_from_datadict(self, data, files, name):
        return files.getlist(name)


class MultipleFileField(forms.FileField):
    """Several files in one field; each is judged on its own later (see uploads.sort_uploads)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not isinstance(data, list | tuple):
            data = [data]
        files = [item for item in data if item]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        limit = settings.RESOURCES_MAX_FILES_PER_UPLOAD
        if len(files) > limit:
            raise forms.ValidationError(
                ngettext(
                    "Puoi caricare al massimo %(limit)d file alla volta.",
                    "Puoi caricare al massimo %(limit)d file alla volta.",
                    limit,
                )
                % {"limit": limit},
                code="too_many",
            )
        return files


def _upload_help():
    return _("Tipi ammessi: %(types)s; fino a %(size)s per file.") % {
        "types": ", ".join(POLICY.extensions),
        "size": filesizeformat(POLICY.max_size),
    }


def _grouped_course_choices(courses, value=lambda course: course.slug):
    """Courses as <optgroup>s, one per training programme."""
    groups: dict[str, list[tuple[object, str]]] = {}
    for course in courses:
        groups.setdefault(course.programme.title, []).append((value(course), str(course)))
    return list(groups.items())


class _GroupedCourseChoices(BaseChoiceIterator):
    """Read when the select is drawn, like Django's own ModelChoiceIterator."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from _grouped_course_choices(self.field.queryset, value=self.field.prepare_value)


class CourseChoiceField(forms.ModelChoiceField):
    """A course, chosen from a list grouped by programme (codes like UD1 repeat across plans)."""

    def _get_choices(self):
        return _GroupedCourseChoices(self)

    # ChoiceField.choices is a property, which the stubs declare as a plain attribute.
    choices = property(_get_choices, forms.ChoiceField.choices.fset)  # type: ignore[union-attr]


class LibraryFilterForm(forms.Form):
    """The library's search, filters and order (a GET form; bad values are named, not fatal)."""

    q = forms.CharField(
        label=_("Cerca"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Nei titoli, nelle descrizioni e nel testo dei documenti."),
    )
    corso = forms.ChoiceField(label=_("Corso (unità didattica)"), required=False)
    tipo = forms.ChoiceField(
        label=_("Tipo"),
        required=False,
        choices=[("", _("Tutti i tipi")), *Resource.Kind.choices],
    )
    area = forms.ChoiceField(label=_("Area tematica"), required=False)
    destinatari = forms.ChoiceField(label=_("Destinatari"), required=False)
    anno = forms.TypedChoiceField(label=_("Anno"), required=False, coerce=int, empty_value=None)
    ordina = forms.ChoiceField(
        label=_("Ordina per"),
        required=False,
        choices=[
            ("", _("Pertinenza o data")),
            (Order.NEWEST, _("Data, dalla più recente")),
            (Order.TITLE, _("Titolo")),
            (Order.DOWNLOADS, _("Scaricamenti")),
        ],
    )

    def __init__(self, *args, courses, areas, years, audiences, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = {course.slug: course for course in courses}
        self.areas = {area.slug: area for area in areas}
        cast(forms.ChoiceField, self.fields["corso"]).choices = [
            ("", _("Tutti i corsi e la biblioteca")),
            *_grouped_course_choices(courses),
        ]
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", _("Tutte le aree"))] + [
            (area.slug, area.name) for area in areas
        ]
        if audiences:
            cast(forms.ChoiceField, self.fields["destinatari"]).choices = [
                ("", _("Tutti i destinatari"))
            ] + [(value, label) for value, label in Audience.choices if value in audiences]
        else:
            del self.fields["destinatari"]
        cast(forms.ChoiceField, self.fields["anno"]).choices = [("", _("Tutti gli anni"))] + [
            (year, str(year)) for year in years
        ]

    def cleaned_filters(self):
        """The valid part of the request: an invalid field is reported and ignored."""
        from .selectors import LibraryFilters

        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return LibraryFilters(
            query=(data.get("q") or "").strip(),
            course=self.courses.get(data.get("corso") or ""),
            kind=data.get("tipo") or "",
            area=self.areas.get(data.get("area") or ""),
            audience=data.get("destinatari") or "",
            year=data.get("anno"),
            order=data.get("ordina") or "",
        )


if TYPE_CHECKING:
    # The mixin goes before a form among the bases: type-check it as one.
    from django.forms import BaseForm as _MixinBase
else:
    _MixinBase = object


class ResourceDetailsMixin(_MixinBase):
    """Course choices limited to what the person may upload to, the audience rule, the tags."""

    def clean_tags(self):
        return clean_tag_names(self.cleaned_data.get("tags") or ())

    def _limit_courses(self, user):
        course_ids = uploadable_course_ids(user)
        queryset = Course.objects.select_related("programme").order_by(
            "programme__title", "sort_order", "code"
        )
        if course_ids is not None:
            queryset = queryset.filter(pk__in=sorted(course_ids))
        field = cast(forms.ModelChoiceField, self.fields["course"])
        field.queryset = queryset
        field.required = not can_upload_to_library(user)
        field.empty_label = _("Nessuno: materiale della biblioteca") if not field.required else None

    def _check_audience(self, cleaned_data):
        if cleaned_data.get("audience") == Audience.ENROLLED and not cleaned_data.get("course"):
            self.add_error(
                "audience",
                _("Per riservarla agli iscritti, scegli il corso a cui appartiene."),
            )


class UploadForm(PlainTextMixin, ResourceDetailsMixin, forms.Form):
    # Named like BaseForm.files: Django moves declared fields into base_fields.
    files = MultipleFileField(label=_("File"))  # type: ignore[assignment]
    folder_title = forms.CharField(
        label=_("Titolo della cartella"),
        max_length=200,
        required=False,
        help_text=_(
            "Se lo compili, i file diventano un'unica cartella con questo titolo; "
            "altrimenti ogni file è una risorsa a sé, intitolata con il nome del file."
        ),
    )
    course = CourseChoiceField(queryset=Course.objects.none(), label=_("Corso (unità didattica)"))
    kind = forms.ChoiceField(
        label=_("Tipo"), choices=[("", _("Scegli il tipo")), *Resource.Kind.choices]
    )
    audience = forms.ChoiceField(
        label=_("Destinatari"),
        choices=Audience.choices,
        initial=Audience.ENROLLED,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Aree tematiche"),
        queryset=ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = TagField(
        label=_("Parole chiave"),
        required=False,
        help_text=_("Separate da virgole, ad esempio: accesso civico, termini."),
    )
    language = forms.ChoiceField(
        label=_("Lingua"), choices=Resource.Language.choices, initial=Resource.Language.ITALIAN
    )
    licence = forms.ChoiceField(
        label=_("Licenza"), choices=Resource.Licence.choices, initial=Resource.Licence.CC_BY
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_courses(user)
        self.fields["files"].help_text = _upload_help()
        # Unit materials usually go to the participants; library ones to everyone logged in.
        if not self.fields["course"].required:
            self.fields["audience"].initial = Audience.REGISTERED
        self.accepted, self.refused = [], []

    def clean_files(self):
        files = self.cleaned_data["files"]
        self.accepted, self.refused = sort_uploads(files)
        if not self.accepted:
            raise forms.ValidationError([str(refusal) for refusal in self.refused])
        return files

    def clean(self):
        cleaned_data = super().clean()
        self._check_audience(cleaned_data)
        return cleaned_data


class VersionForm(PlainTextMixin, forms.Form):
    """A new version: one file for a file resource; new and kept files for a folder."""

    # Named like BaseForm.files: Django moves declared fields into base_fields.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("File della nuova versione"), required=False
    )
    keep_files = forms.ModelMultipleChoiceField(
        label=_("File della versione corrente da mantenere"),
        queryset=ResourceFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_note = forms.CharField(
        label=_("Che cosa cambia"),
        max_length=300,
        help_text=_(
            "Mostrato a tutti nella pagina della risorsa, ad esempio: aggiornati i termini."
        ),
    )

    def __init__(self, *args, resource, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.accepted = []
        self.fields["files"].help_text = _upload_help()
        if resource.format == Resource.Format.FOLDER:
            current = ResourceFile.objects.filter(
                version_id=resource.current_version_id
            ).select_related("document")
            keep_files = cast(forms.ModelChoiceField, self.fields["keep_files"])
            keep_files.queryset = current
            # Django's documented hook, replaced on the instance; the stubs see a method.
            keep_files.label_from_instance = lambda item: item.document.filename  # type: ignore[method-assign, assignment]
            self.fields["keep_files"].initial = list(current)
        else:
            del self.fields["keep_files"]
            self.fields["files"].label = _("File della nuova versione")
            self.fields["files"].widget = OneFileInput()
            self.fields["files"].required = True

    def clean_files(self):
        files = self.cleaned_data["files"]
        if self.resource.format == Resource.Format.FILE and len(files) > 1:
            raise forms.ValidationError(_("Una nuova versione di un file è un solo file."))
        self.accepted, refused = sort_uploads(files)
        if refused:
            # A version is a whole: one bad file stops it, with the reason for each.
            raise forms.ValidationError([str(refusal) for refusal in refused])
        return files

    def clean(self):
        cleaned_data = super().clean()
        if "files" in cleaned_data and not self.accepted and not cleaned_data.get("keep_files"):
            self.add_error(
                "files", _("Carica almeno un file o mantienine uno della versione corrente.")
            )
        return cleaned_data


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class ResourceEditForm(PlainTextMixin, ResourceDetailsMixin, forms.ModelForm):
    class Meta:
        model = Resource
        formfield_callback = _https_by_default
        fields = [
            "title",
            "description",
            "kind",
            "course",
            "audience",
            "thematic_areas",
            "tags",
            "language",
            "published_on",
            "licence",
            "url",
        ]
        field_classes = {"course": CourseChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.RadioSelect,
            "thematic_areas": forms.CheckboxSelectMultiple,
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_courses(user)
        if self.instance.format != Resource.Format.LINK:
            del self.fields["url"]
        else:
            self.fields["url"].required = True

    def clean(self):
        cleaned_data = super().clean()
        self._check_audience(cleaned_data)
        return cleaned_data


class ResourceAdminForm(PlainTextMixin, ResourceDetailsMixin, WagtailAdminModelForm):
    """The admin creates links and pages; files go through the upload page, which checks them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField | None, self.fields.get("format"))
        if field is None:
            return
        if self.instance.pk:
            field.disabled = True
        else:
            field.choices = [
                (value, label)
                for value, label in Resource.Format.choices
                if value not in Resource.FILE_FORMATS
            ]
            field.initial = Resource.Format.LINK
            field.help_text = _(
                "Qui si creano collegamenti e pagine; i file si caricano da «Carica file», "
                "che li controlla e ne tiene le versioni."
            )

    def clean(self):
        cleaned_data = super().clean()
        resource_format = cleaned_data.get("format", self.instance.format)
        if (
            resource_format == Resource.Format.PAGE
            and not strip_tags(cleaned_data.get("body") or "").strip()
        ):
            self.add_error("body", _("Una pagina ha bisogno di un testo."))
        if resource_format == Resource.Format.LINK and not cleaned_data.get("url"):
            self.add_error("url", _("Un collegamento ha bisogno di un indirizzo."))
        self._check_audience(cleaned_data)
        return cleaned_data
