"""One answer for "you may not see this" and "this does not exist".

A protected address must not tell someone who may not see an object whether
it exists: an anonymous visitor goes to the login page in both cases (once
signed in they may be allowed), a signed-in person who may not see it gets
404 in both cases. Views answer ``deny(request)`` for a missing object and a
forbidden one alike, never ``get_object_or_404`` before their check.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseRedirect


def deny(request: HttpRequest) -> HttpResponseRedirect:
    """The login page for an anonymous visitor; 404 (raised) for a signed-in person."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404
