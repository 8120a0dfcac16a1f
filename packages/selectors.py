"""Reading packages and attempts (typed, a fixed number of queries each)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet

from website.core.generations import remember_content
from website.core.memo import remember

from .models import Attempt, Package, Sco


@dataclass(frozen=True)
class PackageOutcome:
    """One learner's result on one package.

    ``completed``: every SCO of the latest attempt completed (by the package's own
    status); ``passed``: None when the package reports no success and no threshold is
    set, else whether its SCOs passed (or the score reached the package's threshold);
    ``score``: the average of the SCOs' scores, 0–100; ``seconds_spent``: the time
    reported by the runtime over all attempts; ``last_access``: the latest commit.
    """

    completed: bool
    passed: bool | None
    score: Decimal | None
    seconds_spent: int
    last_access: datetime | None


def attempts_accessed(
    *, user_ids: Iterable[int] | QuerySet[Any], start: datetime, end: datetime
) -> QuerySet[Attempt]:
    """Attempts of these people last accessed in [start, end), unordered: who may have a
    package's outcome in that span (an outcome's last access is the latest of its attempts')."""
    return Attempt.objects.filter(
        user_id__in=user_ids, last_access__gte=start, last_access__lt=end
    ).order_by()


def _launchable_scos(version_ids: list[int]) -> dict[int, int]:
    """How many launchable SCOs each version has."""
    launchable: dict[int, int] = defaultdict(int)
    for version_id in (
        Sco.objects.filter(version_id__in=version_ids)
        .exclude(href="")
        .values_list("version_id", flat=True)
    ):
        launchable[version_id] += 1
    return dict(launchable)


def package_outcomes(
    *, package_ids: Iterable[int], user_ids: Iterable[int]
) -> dict[tuple[int, int], PackageOutcome]:
    """Keyed by (package_id, user_id), only for pairs with at least one attempt. One query
    (three when the content cache is cold), once per request for the same packages and people:
    a course page's packages panel and its learning panel both ask."""
    package_ids = sorted(set(package_ids))
    user_ids = sorted(set(user_ids))
    if not package_ids or not user_ids:
        return {}
    return remember(
        ("packages.package_outcomes", tuple(package_ids), tuple(user_ids)),
        lambda: _package_outcomes(package_ids, user_ids),
    )


def _package_outcomes(
    package_ids: list[int], user_ids: list[int]
) -> dict[tuple[int, int], PackageOutcome]:
    # Each attempt with its SCO states in one read: a row per state, one with no state (nulls)
    # for an attempt not yet committed.
    rows = list(
        Attempt.objects.filter(package_id__in=package_ids, user_id__in=user_ids).values(
            "pk",
            "package_id",
            "user_id",
            "number",
            "version_id",
            "last_access",
            completion=F("states__completion"),
            success=F("states__success"),
            score=F("states__score"),
            prior_seconds=F("states__prior_seconds"),
            session_seconds=F("states__session_seconds"),
            carried_seconds=F("states__carried_seconds"),
            state_id=F("states__pk"),
        )
    )
    if not rows:
        return {}
    # Passing scores and a version's SCOs are content (a package's save moves the content
    # generation; a version's SCOs are written once, when it is imported): only the attempts
    # and their SCO states are read for each person.
    thresholds: dict[int, Decimal | None] = remember_content(
        f"packages.passing_scores:{','.join(map(str, package_ids))}",
        lambda: dict(Package.objects.filter(pk__in=package_ids).values_list("pk", "passing_score")),
    )
    latest: dict[tuple[int, int], Mapping[str, Any]] = {}
    by_attempt: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    seconds: dict[tuple[int, int], int] = defaultdict(int)
    last_access: dict[tuple[int, int], datetime] = {}
    for row in rows:
        key = (row["package_id"], row["user_id"])
        if key not in latest or row["number"] > latest[key]["number"]:
            latest[key] = row
        if row["last_access"] and (key not in last_access or row["last_access"] > last_access[key]):
            last_access[key] = row["last_access"]
        if row["state_id"] is not None:
            by_attempt[row["pk"]].append(row)
            seconds[key] += row["prior_seconds"] + row["session_seconds"] - row["carried_seconds"]
    version_ids = sorted({a["version_id"] for a in latest.values()})
    launchable: dict[int, int] = remember_content(
        f"packages.launchable_scos:{','.join(map(str, version_ids))}",
        lambda: _launchable_scos(version_ids),
    )
    outcomes = {}
    for key, chosen in latest.items():
        states = by_attempt[chosen["pk"]]
        completed = sum(1 for s in states if s["completion"] == "completed")
        scores = [s["score"] for s in states if s["score"] is not None]
        score = (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None
        threshold = thresholds.get(key[0])
        if threshold is not None:
            passed = None if score is None else score >= threshold
        elif any(s["success"] in ("passed", "failed") for s in states):
            passed = all(s["success"] == "passed" for s in states if s["success"] != "unknown")
        else:
            passed = None
        outcomes[key] = PackageOutcome(
            completed=bool(states) and completed >= launchable.get(chosen["version_id"], 0),
            passed=passed,
            score=score,
            seconds_spent=seconds[key],
            last_access=last_access.get(key),
        )
    return outcomes


def course_packages(course_id: int) -> list[Package]:
    """The course's packages that have a version, by title, for the course page: from the
    cache (PackagesConfig bumps the content generation whenever a package is saved)."""
    return remember_content(
        f"packages.course:{course_id}",
        lambda: list(
            Package.objects.filter(course_id=course_id, current_version__isnull=False).order_by(
                "title"
            )
        ),
    )
