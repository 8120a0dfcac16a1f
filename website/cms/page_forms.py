"""Admin forms of the channel's pages (kept apart from ``forms``, which imports the models)."""

from wagtail.admin.forms import WagtailAdminPageForm

from website.core.forms import clean_tag_names


class TaggedPageForm(WagtailAdminPageForm):
    """A page with keywords: each within its column, no bidirectional controls."""

    def clean_tags(self):
        return clean_tag_names(self.cleaned_data.get("tags") or ())
