from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from website.core.exceptions import Refused
from website.core.files import protected_file_response

from . import selectors, services
from .forms import ErasureForm


@require_safe
@login_required
def my_data(request):
    exports = list(selectors.exports_of(request.user)[:5])
    return render(
        request,
        "privacy/my_data.html",
        {
            "exports": exports,
            "pending": any(export.is_pending for export in exports),
            "retention_years": services.retention_years(),
        },
    )


@login_required
@require_POST
def export_request(request):
    try:
        services.export_request(person=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Stiamo preparando la copia dei tuoi dati: questa pagina si aggiorna da sola."),
        )
    return redirect("privacy:my_data")


@require_safe
@login_required
def export_download(request, pk):
    export = selectors.downloadable_export(request.user, pk)
    services.export_downloaded(export=export, by=request.user)
    return protected_file_response(
        request,
        export.file,
        content_type="application/zip",
        filename=f"i-miei-dati-{export.finished_at:%Y-%m-%d}.zip",
        as_attachment=True,
    )


@login_required
def erasure(request):
    form = ErasureForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_execute(person=request.user)
        except Refused as refusal:
            messages.error(request, str(refusal))
            return redirect("privacy:my_data")
        logout(request)
        messages.success(request, _("Il tuo account è stato cancellato."))
        return redirect("/")
    return render(
        request,
        "privacy/erasure.html",
        {"form": form, "retention_years": services.retention_years()},
    )
