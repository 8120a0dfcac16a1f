"""How forums and handles are named: pure functions shared by the services and the data migration.

Forums are content, so their titles are stored in Italian, the platform's
source language.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.text import slugify

if TYPE_CHECKING:
    # Type-only: the data migration passes historical models, with the same fields.
    from courses.models import Course, Edition
    from website.accounts.models import Cluster

COMMUNITY_SLUG = "comunita"
ANNOUNCEMENTS_SLUG = "avvisi"

DEFAULT_FORUMS = [
    {
        "slug": COMMUNITY_SLUG,
        "kind": "community",
        "title": "Comunità dei Centri per l'Impiego",
        "description": (
            "Lo spazio di tutte e tutti: domande, esperienze e buone pratiche tra colleghi."
        ),
        "position": 10,
        "premoderate_newcomers": True,
    },
    {
        "slug": ANNOUNCEMENTS_SLUG,
        "kind": "community",
        "title": "Avvisi della formazione",
        "description": (
            "Comunicazioni del servizio formazione e dei docenti: nuove edizioni, "
            "materiali, scadenze."
        ),
        "position": 20,
        "is_announcements": True,
    },
]


def cluster_forum_fields(cluster: Cluster) -> dict[str, object]:
    return {
        "kind": "cluster",
        "title": f"Cluster {cluster.name}",
        "slug": f"cluster-{cluster.code}"[:80],
        "description": (
            f"La rete dei centri del cluster {cluster.name}: "
            "responsabili, operatori, coach e docenti."
        ),
        "position": 30,
    }


def edition_forum_fields(edition: Edition, course: Course) -> dict[str, object]:
    return {
        "kind": "edition",
        "title": f"{course.code} · {edition.code}",
        "slug": f"edizione-{edition.code}"[:80],
        "description": (
            f"Il forum dell'edizione {edition.code} di «{course.title}», "
            "per partecipanti e docenti."
        ),
        "position": 40,
    }


def handle_base(first_name: str | None, last_name: str | None, pk: int | None) -> str:
    """ "giovanna.russo" from the name; a neutral handle when there is no name."""
    parts = [slugify(first_name or ""), slugify(last_name or "")]
    base = ".".join(part for part in parts if part)[:34].strip("._-")
    return base or f"utente{pk}"


def handle_candidates(base: str) -> Iterator[str]:
    yield base
    for number in range(2, 100_000):
        yield f"{base}{number}"
