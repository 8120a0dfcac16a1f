from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from website.core.i18n import remember_language

from .forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        response = redirect("accounts:profile")
        remember_language(request, response, user.language)
        messages.success(request, _("Profilo aggiornato."))
        return response
    return render(request, "accounts/profile.html", {"form": form})
