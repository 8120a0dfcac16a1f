"""Wagtail's own spreadsheet exports made safe to open, like ours (see ``spreadsheets``).

Every Wagtail listing with "Download CSV/XLSX" (site history, locked and
aging pages, workflow reports, snippet and model listings, form
submissions) goes through ``SpreadsheetExportMixin``, which writes
editors' names, page and snippet titles and form labels as they are: an
editor named ``=HYPERLINK(...)`` becomes a formula in a training manager's
spreadsheet. Wagtail offers no setting or hook for this, and the mixin is
the one place every such view shares, so ``ready()`` wraps two of its
methods: CSV values and every heading pass through ``spreadsheet_text``.
XLSX values need only one thing: Wagtail already stores a formula-like value
as text there, but writes a yes/no as a spreadsheet boolean (TRUE/FALSE, VERO/
FALSO); both formats write it as Sì/No, like our own exports.
"""

from functools import wraps

from .dates import yes_no
from .spreadsheets import spreadsheet_text


def protect_wagtail_exports() -> None:
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    mixin = SpreadsheetExportMixin
    if getattr(mixin, "_aula_protected", False):
        return
    preprocess, heading = mixin.preprocess_field_value, mixin.get_heading

    @wraps(preprocess)
    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, bool):
            return yes_no(value)
        value = preprocess(self, field, value, export_format)
        return spreadsheet_text(value) if export_format == self.FORMAT_CSV else value

    @wraps(heading)
    def get_heading(self, queryset, field):
        return spreadsheet_text(heading(self, queryset, field))

    mixin.preprocess_field_value = preprocess_field_value
    mixin.get_heading = get_heading
    mixin._aula_protected = True
