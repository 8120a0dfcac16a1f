"""The learner's side: the player page, the package's files and the run-time commits.

Every view looks the package up and checks the person before anything else
(``website.core.access.deny``: the login page for a visitor, 404 for someone who may
not open it), then asks the gates (``hooks.closure_for``). An H5P activity plays in
h5p-standalone; its saved state and xAPI statements come with the signed launch token
(in the ``X-Aula-Launch`` header) and the CSRF token, so only the learner's own attempt
is ever read or written.
"""

import json
import mimetypes
import posixpath

from csp.constants import UNSAFE_INLINE
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from website.core.access import deny
from website.core.files import protected_stored_response
from website.core.links import absolute_url
from website.core.navigation import Crumb, trail

from . import cmi, runtime, services
from .hooks import closure_for
from .models import Attempt, Package, PackageVersion, Sco, ScoState
from .permissions import can_manage_package, can_open_package

COMMIT_MAX_BYTES = 512 * 1024
H5P_STATE_MAX_BYTES = 64 * 1024
H5P_STATEMENT_MAX_BYTES = 64 * 1024
H5P_SAVE_SECONDS = 15
H5P_MAX_SECONDS = 24 * 60 * 60
H5P_VENDOR = "packages/vendor/h5p-standalone/"
H5P_PLAYER_CSP = {"script-src": [UNSAFE_INLINE]}
XAPI_VERB_PREFIX = "http://adlnet.gov/expapi/verbs/"
LAUNCH_HEADER = "HTTP_X_AULA_LAUNCH"
# Package files are addressed by version: they never change, so browsers keep them.
FILE_MAX_AGE = 7 * 24 * 60 * 60


def _package_or_deny(request, pk):
    package = Package.objects.select_related("course", "current_version").filter(pk=pk).first()
    if (
        package is None
        or package.current_version is None
        or not can_open_package(request.user, package)
    ):
        return None, deny(request)
    return package, None


def _not_yet(request, package, closure):
    return render(request, "packages/not_yet.html", {"package": package, "closure": closure})


def _toc(scos, states):
    """The table of contents: each item with its depth and the learner's status."""
    depth: dict[str, int] = {}
    items = []
    for sco in scos:
        depth[sco.identifier] = (
            depth.get(sco.parent_identifier, -1) + 1 if sco.parent_identifier else 0
        )
        state = states.get(sco.identifier)
        items.append(
            {
                "sco": sco,
                "depth": depth[sco.identifier],
                "completion": state.completion if state else "not attempted",
                "success": state.success if state else "unknown",
            }
        )
    return items


@require_GET
def package_player(request, pk):
    package, refusal = _package_or_deny(request, pk)
    if refusal:
        return refusal
    closure = closure_for(request.user, package)
    if closure is not None:
        return _not_yet(request, package, closure)
    if package.kind == Package.Kind.H5P:
        return _h5p_player(request, package)
    scos = list(package.current_version.scos.all())
    launchable = [sco for sco in scos if sco.launchable]
    launch = runtime.current_launch(package, request.user)
    wanted = request.GET.get("voce")
    sco = next((s for s in launchable if s.identifier == wanted), None)
    if sco is None:
        suspended = sorted(
            (s for s in launch.states.values() if s.exit == "suspend"),
            key=lambda s: s.updated_at,
            reverse=True,
        )
        by_id = {s.identifier: s for s in launchable}
        sco = next((by_id[s.sco_identifier] for s in suspended if s.sco_identifier in by_id), None)
    if sco is None:
        sco = next(
            (
                s
                for s in launchable
                if launch.states.get(s.identifier) is None
                or launch.states[s.identifier].completion != "completed"
            ),
            launchable[0],
        )
    position = launchable.index(sco)
    version = package.current_version
    course_url = reverse("courses:course", kwargs={"slug": package.course.slug})
    config = {
        "standard": package.kind,
        "token": runtime.make_token(
            package=package, user=request.user, attempt_number=launch.attempt_number
        ),
        "commitUrl": reverse("packages:commit", kwargs={"pk": package.pk, "sco": sco.pk}),
        "cmi": runtime.initial_cmi(package, sco, request.user, launch.states.get(sco.identifier)),
        "writable": cmi.writable_patterns(package.kind),
        "playerUrl": reverse("packages:package", kwargs={"pk": package.pk}),
        "items": [s.identifier for s in launchable],
        "current": sco.identifier,
        "exitUrl": course_url,
    }
    return render(
        request,
        "packages/player.html",
        {
            "package": package,
            "sco": sco,
            "toc": _toc(scos, launch.states) if len(launchable) > 1 else [],
            "previous": launchable[position - 1] if position > 0 else None,
            "next": launchable[position + 1] if position + 1 < len(launchable) else None,
            "launch_url": reverse(
                "packages:file",
                kwargs={
                    "pk": package.pk,
                    "version": version.number,
                    "path": sco.href.split("?")[0],
                },
            )
            + (("?" + sco.href.split("?", 1)[1]) if "?" in sco.href else ""),
            "config": config,
            "can_manage": can_manage_package(request.user, package),
            "breadcrumbs": trail((package.course.title, course_url), Crumb(package.title)),
        },
    )


@require_GET
@xframe_options_sameorigin
def package_file(request, pk, version, path):
    package, refusal = _package_or_deny(request, pk)
    if refusal:
        return refusal
    if closure_for(request.user, package) is not None:
        raise Http404
    clean = posixpath.normpath(path)
    if (
        clean != path.rstrip("/")
        or clean.startswith(("/", "../"))
        or clean == ".."
        or "\\" in path
        or "\x00" in path
    ):
        raise Http404
    if version == package.current_version.number:
        folder = package.current_version.folder
    elif can_manage_package(request.user, package):
        found = PackageVersion.objects.filter(package=package, number=version).first()
        if found is None:
            raise Http404
        folder = found.folder
    else:
        raise Http404
    content_type = mimetypes.guess_type(clean)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in (
        "application/javascript",
        "image/svg+xml",
    ):
        content_type += "; charset=utf-8" if "charset" not in content_type else ""
    response = protected_stored_response(
        request,
        f"{folder}/{clean}",
        content_type=content_type,
        max_age=FILE_MAX_AGE,
        immutable=True,
        sandbox=False,  # a SCO is a web page with scripts talking to the runtime in its parent
    )
    response["Content-Security-Policy"] = "frame-ancestors 'self'"
    return response


def _scorm_error(code: int, message: str = "") -> JsonResponse:
    return JsonResponse({"result": False, "errorCode": code, "message": message})


@csrf_exempt  # the signed launch token, bound to the person, is the request's proof
@require_POST
def package_commit(request, pk, sco):
    package, refusal = _package_or_deny(request, pk)
    if refusal:
        return refusal
    codes = cmi.CODES.get(package.kind)
    if codes is None:
        raise Http404
    if len(request.body) > COMMIT_MAX_BYTES:
        return JsonResponse(
            {"result": False, "errorCode": codes.general, "message": "too large"}, status=413
        )
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse(
            {"result": False, "errorCode": codes.general, "message": "not JSON"}, status=400
        )
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("token"), str)
        or not isinstance(body.get("data"), dict)
    ):
        return JsonResponse(
            {"result": False, "errorCode": codes.general, "message": "expected token and data"},
            status=400,
        )
    token = runtime.read_token(body["token"])
    if token is None or token.get("u") != request.user.pk or token.get("p") != package.pk:
        raise Http404  # another person's (or a forged) session: nothing to see here
    sco_row = Sco.objects.filter(pk=sco, version_id=token.get("v")).exclude(href="").first()
    if sco_row is None:
        raise Http404
    if closure_for(request.user, package) is not None:
        return _scorm_error(codes.general, "not available")
    try:
        services.commit(
            package=package,
            sco=sco_row,
            user=request.user,
            number=int(token["n"]),
            session=str(token["k"]),
            values=body["data"],
            terminate=request.GET.get("terminate") == "true",
        )
    except cmi.CmiError as error:
        return JsonResponse(
            {
                "result": False,
                "errorCode": error.code,
                "element": error.element,
                "message": error.message,
            }
        )
    return JsonResponse({"result": True, "errorCode": 0})


# --- H5P ---------------------------------------------------------------------------


def _h5p_player(request, package):
    """The H5P activity in h5p-standalone's iframe; state and xAPI go to the endpoints below."""
    version = package.current_version
    launch = runtime.current_launch(package, request.user)
    state = launch.states.get(services.H5P_ITEM)
    saved = state.cmi.get("state") if state else None
    course_url = reverse("courses:course", kwargs={"slug": package.course.slug})
    files = reverse(
        "packages:file", kwargs={"pk": package.pk, "version": version.number, "path": "h5p.json"}
    ).removesuffix("/h5p.json")
    player = {
        "id": f"aula-{package.pk}",
        "h5pJsonPath": files,
        "frameJs": static(H5P_VENDOR + "frame.bundle.js"),
        "frameCss": static(H5P_VENDOR + "styles/h5p.css"),
        "customJs": [static("packages/h5p-frame.js")],
        "frame": False,
        "copyright": False,
        "export": False,
        "embed": False,
        "icon": False,
        "saveFreq": H5P_SAVE_SECONDS,
        "ajax": {"contentUserDataUrl": reverse("packages:h5p_state", kwargs={"pk": package.pk})},
        "user": {
            "name": request.user.get_full_name() or request.user.email,
            "mail": request.user.email,
        },
        "xAPIObjectIRI": absolute_url(reverse("packages:package", kwargs={"pk": package.pk})),
    }
    if saved:
        player["contentUserData"] = [{"state": saved}]
    config = {
        "token": runtime.make_token(
            package=package, user=request.user, attempt_number=launch.attempt_number
        ),
        "csrfToken": get_token(request),
        "xapiUrl": reverse("packages:h5p_xapi", kwargs={"pk": package.pk}),
        "player": player,
    }
    response = render(
        request,
        "packages/h5p_player.html",
        {
            "package": package,
            "config": config,
            "can_manage": can_manage_package(request.user, package),
            "breadcrumbs": trail((package.course.title, course_url), Crumb(package.title)),
        },
    )
    # h5p-standalone writes its frame's document with an inline script (H5P's integration
    # object), and the frame inherits this page's policy: this page alone allows inline
    # scripts. The content itself is a package a training manager or teacher uploaded.
    response._csp_update = H5P_PLAYER_CSP  # type: ignore[attr-defined]  # django-csp reads it
    return response


def _h5p_launch(request, pk):
    """The H5P package and the launch token of the request, or the refusal to answer."""
    package, refusal = _package_or_deny(request, pk)
    if refusal:
        return None, None, refusal
    if package.kind != Package.Kind.H5P:
        raise Http404
    token = runtime.read_token(request.META.get(LAUNCH_HEADER, ""))
    if (
        token is None
        or token.get("u") != request.user.pk
        or token.get("p") != package.pk
        or token.get("v") != package.current_version_id
        or not isinstance(token.get("n"), int)
    ):
        raise Http404  # another person's attempt, a forged token or an outdated version
    if closure_for(request.user, package) is not None:
        return None, None, _h5p_refusal("not available", status=403)
    return package, token, None


def _h5p_refusal(message: str, *, status: int = 400) -> JsonResponse:
    return JsonResponse({"success": False, "message": message}, status=status)


def h5p_state(request, pk):
    """H5P's ``contentUserDataUrl``: GET the learner's saved state, POST a new one."""
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    package, token, refusal = _h5p_launch(request, pk)
    if refusal:
        return refusal
    if request.method == "GET":
        state = ScoState.objects.filter(
            attempt__in=Attempt.objects.filter(
                package=package, user=request.user, number=token["n"]
            ),
            sco_identifier=services.H5P_ITEM,
        ).first()
        saved = state.cmi.get("state") if state else None
        return JsonResponse({"success": True, "data": saved or False})
    data = request.POST.get("data")
    if data is None:
        return _h5p_refusal("data expected")
    if len(data.encode("utf-8")) > H5P_STATE_MAX_BYTES:
        return _h5p_refusal("too large", status=413)
    if data != "0":
        try:
            json.loads(data)
        except json.JSONDecodeError:
            return _h5p_refusal("not JSON")
    try:
        services.save_h5p_state(
            package=package,
            user=request.user,
            number=token["n"],
            session=str(token["k"]),
            data=None if data == "0" else data,
        )
    except cmi.CmiError:
        return _h5p_refusal("attempt closed", status=409)
    return JsonResponse({"success": True})


def _score(result: dict) -> tuple[int | None, int | None] | None:
    """(raw, max) of an xAPI result, (None, None) without a score, None when malformed."""
    score = result.get("score")
    if score is None:
        return None, None
    if not isinstance(score, dict):
        return None
    raw, maximum = score.get("raw"), score.get("max")
    if type(raw) is not int or type(maximum) is not int:  # not bool, float or text
        return None
    if not 0 < maximum <= services.H5P_MAX_SCORE or not 0 <= raw <= maximum:
        return None
    return raw, maximum


@require_POST
def h5p_xapi(request, pk):
    """An xAPI statement of the H5P activity, posted by ``h5p-frame.js``: completion and score."""
    package, token, refusal = _h5p_launch(request, pk)
    if refusal:
        return refusal
    if len(request.body) > H5P_STATEMENT_MAX_BYTES:
        return _h5p_refusal("too large", status=413)
    try:
        statement = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _h5p_refusal("not JSON")
    if not isinstance(statement, dict) or not isinstance(statement.get("verb"), dict):
        return _h5p_refusal("expected an xAPI statement")
    verb_id = statement["verb"].get("id")
    verb = verb_id.removeprefix(XAPI_VERB_PREFIX) if isinstance(verb_id, str) else ""
    if not isinstance(verb_id, str) or not verb_id.startswith(XAPI_VERB_PREFIX):
        verb = ""
    if verb not in services.H5P_VERBS:
        return _h5p_refusal("verb not tracked")
    result = statement.get("result", {})
    if not isinstance(result, dict):
        return _h5p_refusal("result must be an object")
    score = _score(result)
    if score is None:
        return _h5p_refusal("score raw and max must be integers, 0 ≤ raw ≤ max")
    success = result.get("success")
    if success is not None and not isinstance(success, bool):
        return _h5p_refusal("success must be true or false")
    duration = result.get("duration")
    seconds = None
    if isinstance(duration, str) and len(duration) < 40:
        seconds = min(cmi.timespan_seconds(cmi.SCORM2004, duration), H5P_MAX_SECONDS)
    try:
        state = services.record_h5p_statement(
            package=package,
            user=request.user,
            number=token["n"],
            session=str(token["k"]),
            verb=verb,
            raw=score[0],
            maximum=score[1],
            success=success,
            seconds=seconds,
        )
    except cmi.CmiError:
        return _h5p_refusal("attempt closed", status=409)
    return JsonResponse(
        {
            "success": True,
            "completion": state.completion,
            "score": None if state.score is None else str(state.score),
        }
    )
