from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .services import notifications_mark_read


@login_required
def notification_list(request):
    page = Paginator(request.user.notifications.all(), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go where it points (only within this site).

    Someone else's notification answers 404, like one that does not exist."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    notifications_mark_read(recipient=request.user, ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request):
    notifications_mark_read(recipient=request.user)
    return redirect("notifications:list")
