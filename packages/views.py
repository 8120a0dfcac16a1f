"""The learner's side: the player page, the package's files and the run-time commits.

Every view looks the package up and checks the person before anything else
(``website.core.access.deny``: the login page for a visitor, 404 for someone who may
not open it), then asks the gates (``hooks.closure_for``).
"""

import json
import mimetypes
import posixpath

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from website.core.access import deny
from website.core.files import protected_stored_response
from website.core.navigation import Crumb, trail

from . import cmi, runtime, services
from .hooks import closure_for
from .models import Package, PackageVersion, Sco
from .permissions import can_manage_package, can_open_package

COMMIT_MAX_BYTES = 512 * 1024
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
        raise Http404  # no H5P player yet: see services.upload_package
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
