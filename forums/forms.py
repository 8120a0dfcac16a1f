from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from website.core.exceptions import Refused
from website.core.forms import PlainTextMixin
from website.core.uploads import FORUM_ATTACHMENT, POLICIES, check_upload, clean_file_name

from .models import Attachment, Forum, ForumProfile, Report
from .search import search_words
from .services import Upload

SOURCE_MAX_LENGTH = 20_000
ATTACHMENTS = POLICIES[FORUM_ATTACHMENT]


def checked_upload(uploaded) -> Upload:
    try:
        checked = check_upload(uploaded, ATTACHMENTS)
    except Refused as refusal:
        raise ValidationError(
            _("«%(name)s» non è stato allegato: %(reason)s"),
            params={"name": clean_file_name(uploaded.name or ""), "reason": refusal.message},
        ) from refusal
    return Upload(file=uploaded, name=checked.name, content_type=checked.kind.content_type)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input, each checked by content, size and number."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Allegati"))
        kwargs.setdefault(
            "help_text",
            format_lazy(
                _("Immagini o documenti ({types}), fino a {count} file da {size} ciascuno."),
                types=", ".join(ATTACHMENTS.extensions),
                count=settings.FORUMS_ATTACHMENTS_PER_POST,
                size=lazy(filesizeformat, str)(settings.FORUMS_ATTACHMENT_MAX_BYTES),
            ),
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(f".{ext}" for ext in ATTACHMENTS.extensions)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > settings.FORUMS_ATTACHMENTS_PER_POST:
            raise ValidationError(
                ngettext(
                    "Puoi allegare al massimo %(count)d file.",
                    "Puoi allegare al massimo %(count)d file.",
                    settings.FORUMS_ATTACHMENTS_PER_POST,
                )
                % {"count": settings.FORUMS_ATTACHMENTS_PER_POST}
            )
        uploads, errors = [], []
        for uploaded in files:
            single = super().clean(uploaded, initial)
            if not single:
                continue
            try:
                uploads.append(checked_upload(single))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


class SourceField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Messaggio"))
        kwargs.setdefault(
            "help_text",
            _(
                "Puoi usare Markdown: **grassetto**, *corsivo*, elenchi con il trattino, "
                "> per citare, [testo](https://indirizzo) per un collegamento, "
                "@nome per menzionare una persona."
            ),
        )
        super().__init__(
            max_length=SOURCE_MAX_LENGTH,
            min_length=2,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 8, "data-markdown-editor": ""}),
            error_messages={
                "required": _("Scrivi il testo del messaggio."),
                "min_length": _("Il messaggio è troppo breve."),
            },
            **kwargs,
        )


class ReplyForm(PlainTextMixin, forms.Form):
    source = SourceField()
    attachments = AttachmentsField()
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class TopicForm(PlainTextMixin, forms.Form):
    title = forms.CharField(
        label=_("Titolo della discussione"),
        max_length=200,
        min_length=5,
        strip=True,
        help_text=_("Una frase che dica di che cosa si parla, ad esempio una domanda."),
        error_messages={
            "required": _("Scrivi il titolo della discussione."),
            "min_length": _("Il titolo è troppo breve: almeno 5 caratteri."),
        },
    )
    source = SourceField()
    attachments = AttachmentsField()


class EditPostForm(PlainTextMixin, forms.Form):
    source = SourceField()
    attachments = AttachmentsField(label=_("Aggiungi allegati"))
    remove_attachments: forms.ModelMultipleChoiceField[Attachment] = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Togli allegati"),
    )

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        existing = post.attachments.all()
        cast(forms.ModelChoiceField, self.fields["remove_attachments"]).queryset = existing
        self.existing_count = len(existing)
        if not self.existing_count:
            del self.fields["remove_attachments"]

    def clean(self):
        cleaned = super().clean()
        kept = self.existing_count - len(cleaned.get("remove_attachments") or ())
        if kept + len(cleaned.get("attachments") or ()) > settings.FORUMS_ATTACHMENTS_PER_POST:
            raise ValidationError(
                _("Un messaggio può avere al massimo %(count)s allegati."),
                params={"count": settings.FORUMS_ATTACHMENTS_PER_POST},
            )
        return cleaned


class ReportForm(PlainTextMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Perché lo segnali?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Scegli un motivo.")},
    )
    note = forms.CharField(
        label=_("Dettagli per i moderatori"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obbligatori se il motivo è «Altro»."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Report.Reason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Spiega ai moderatori che cosa non va."))
        return cleaned


class MoveTopicForm(forms.Form):
    forum: forms.ModelChoiceField[Forum] = forms.ModelChoiceField(
        queryset=None,
        label=_("Sposta nel forum"),
        empty_label=None,
        error_messages={"invalid_choice": _("Scegli uno dei forum che moderi.")},
    )

    def __init__(self, *args, forums, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["forum"]).queryset = forums


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = ForumProfile
        fields = ["handle", "email_mode", "auto_subscribe"]
        widgets = {"email_mode": forms.RadioSelect}

    def clean_handle(self):
        handle = self.cleaned_data["handle"].lower()
        clash = ForumProfile.objects.filter(handle=handle).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Questo nome è già usato da un'altra persona."))
        return handle


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cerca nei forum"),
        max_length=200,
        strip=True,
        error_messages={"required": _("Scrivi che cosa cercare.")},
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        if not search_words(query):
            raise ValidationError(
                _("Scrivi almeno una parola di due lettere o più: segni e simboli non si cercano.")
            )
        return query


class PreviewForm(forms.Form):
    """What the in-page preview sends: the text alone, as long as a post may be."""

    source = forms.CharField(
        required=False,
        max_length=SOURCE_MAX_LENGTH,
        strip=True,
        error_messages={
            "max_length": format_lazy(
                _("Il messaggio è troppo lungo: al massimo {limit} caratteri."),
                limit=lazy(lambda: number_format(SOURCE_MAX_LENGTH, force_grouping=True), str)(),
            )
        },
    )


class MentionQueryForm(forms.Form):
    """The start of a name typed after @ in an editor."""

    q = forms.CharField(
        required=False,
        max_length=40,
        strip=True,
        error_messages={
            "max_length": _("Scrivi al massimo %(limit_value)d caratteri."),
        },
    )
