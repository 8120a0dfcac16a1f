"""Pages of the web channel for tests, made the way editors make them (or in bulk for volume)."""

import itertools
import json
from datetime import date, timedelta

from django.utils import timezone

from demo import bulk
from website.cms.models import (
    EventIndexPage,
    EventPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    PressReviewIndexPage,
    PressReviewItem,
    PressReviewPage,
    RegulationIndexPage,
    RegulationPage,
    ThematicArea,
)

_numbers = itertools.count(1)


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def publish(parent, page, *, user=None):
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return page


def area(slug="politiche-attive", name="Politiche attive del lavoro"):
    return ThematicArea.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_news(*, title=None, body=None, areas=(), tags=(), kind=None, day=None, **fields):
    number = next(_numbers)
    title = title or f"Notizia di prova {number}"
    page = NewsPage(
        title=title,
        slug=f"notizia-{number}",
        date=day or timezone.localdate() - timedelta(days=number),
        intro=fields.pop("intro", f"Il sommario della notizia {number}."),
        content_kind=kind,
        body=json.dumps(body if body is not None else [paragraph("Un paragrafo di testo.")]),
        **fields,
    )
    page.thematic_areas = list(areas)
    if tags:
        page.tags.add(*tags)
    return publish(NewsIndexPage.objects.get(), page)


def make_act(
    *, kind="decreto-legislativo", day=date(2015, 9, 14), number="150", articles=(), **fields
):
    serial = next(_numbers)
    areas = fields.pop("areas", ())
    page = RegulationPage(
        title=fields.pop("title", f"Atto di prova {serial}"),
        slug=fields.pop("slug", f"atto-{serial}"),
        act_kind=kind,
        date=day,
        number=number,
        official_title=fields.pop("official_title", "Titolo ufficiale dell'atto di prova"),
        intro=fields.pop("intro", "La sintesi dell'atto."),
        articles=json.dumps(
            [
                {"type": "article", "value": {"number": n, "heading": h, "text": "<p>Testo.</p>"}}
                for n, h in articles
            ]
        ),
        **fields,
    )
    page.thematic_areas = list(areas)
    return publish(RegulationIndexPage.objects.get(), page)


def make_event(*, days_from_now=10, capacity=2, **fields):
    number = next(_numbers)
    page = EventPage(
        title=fields.pop("title", f"Evento di prova {number}"),
        slug=f"evento-{number}",
        scope=fields.pop("scope", EventPage.Scope.WORKSHOP),
        region=fields.pop("region", "sicilia"),
        date=timezone.localdate() + timedelta(days=days_from_now),
        venue="Sala riunioni",
        town="Palermo",
        intro=fields.pop("intro", "Un evento di prova."),
        capacity=capacity,
        **fields,
    )
    return publish(EventIndexPage.objects.get(), page)


def make_practice(**fields):
    number = next(_numbers)
    page = GoodPracticePage(
        title=fields.pop("title", f"Buona pratica {number}"),
        slug=f"pratica-{number}",
        region=fields.pop("region", "sicilia"),
        intro=fields.pop("intro", "Una pratica da trasferire."),
        purpose="<p>Obiettivi.</p>",
        activities="<p>Attività.</p>",
        beneficiaries="<p>Destinatari.</p>",
        results="<p>Risultati.</p>",
        transferability="<p>Come trasferirla.</p>",
        **fields,
    )
    return publish(GoodPracticeIndexPage.objects.get(), page)


def make_press_review(*, items=2):
    number = next(_numbers)
    page = PressReviewPage(
        title=f"Rassegna di prova {number}",
        slug=f"rassegna-{number}",
        date=timezone.localdate() - timedelta(days=number),
        intro="Gli articoli della settimana.",
    )
    page.items = [
        PressReviewItem(
            outlet="Il Giornale dei Servizi",
            headline=f"Titolo dell'articolo {n}",
            published_on=timezone.localdate(),
            url="https://www.example.org/articolo",
            summary="Una sintesi breve.",
        )
        for n in range(items)
    ]
    return publish(PressReviewIndexPage.objects.get(), page)


# --- Volume, in bulk ---------------------------------------------------------------------------


def many_news(count, *, areas=(), tags=()):
    """``count`` published news with areas and tags, written in bulk."""
    from taggit.models import Tag

    tag_objects = [
        Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in tags
    ]
    start = next(_numbers) * 10_000
    pages = [
        NewsPage(
            title=f"Notizia in serie {start + n}",
            slug=f"serie-{start + n}",
            date=timezone.localdate() - timedelta(days=n % 700),
            intro="Una notizia generata per le prove.",
            body=json.dumps([paragraph("Testo della notizia generata.")]),
        )
        for n in range(count)
    ]

    def relations(created):
        bulk.add_areas((page, area) for page in created for area in areas)
        NewsPageTag.objects.bulk_create(
            [NewsPageTag(content_object_id=p.pk, tag_id=t.pk) for p in created for t in tag_objects]
        )

    return bulk.add_children(NewsIndexPage.objects.get(), pages, relations=relations)


def many_acts(count, *, areas=()):
    start = next(_numbers) * 10_000
    pages = []
    for n in range(count):
        page = RegulationPage(
            title=f"Circolare in serie {start + n}",
            slug=f"circolare-{start + n}",
            act_kind="circolare",
            region="sicilia",
            number=str(start + n),
            date=date(2020, 1, 1) + timedelta(days=n % 1500),
            official_title="Indicazioni operative",
            intro="Una circolare generata per le prove.",
        )
        page.urn = page.compute_urn()
        pages.append(page)

    def relations(created):
        bulk.add_areas((page, area) for page in created for area in areas)

    return bulk.add_children(RegulationIndexPage.objects.get(), pages, relations=relations)
