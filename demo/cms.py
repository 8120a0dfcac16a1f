"""The demo web channel: home, institutional pages, news, press reviews, acts, documents, events, good practices.

Hand-written pages go through Wagtail's own path (``add_child`` and a published
revision), so they have a history in the admin. ``--scale N`` adds (N - 1)
copies of the volume (news, press reviews, circulars) through ``bulk.py``.
Running it again changes nothing: every page is looked up by its address first.
"""

import hashlib
import io
import json
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from demo import bulk, texts
from website.accounts.models import EmploymentCentre, User
from website.cms.models import (
    CollectionEntry,
    ContentKind,
    DocumentCollectionPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
    GoodPracticeIndexPage,
    GoodPracticePage,
    HomeFeaturedPage,
    HomeFeaturedPractice,
    HomePage,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    PageAttachment,
    PageFeedback,
    PressReviewIndexPage,
    PressReviewItem,
    PressReviewPage,
    RegulationIndexPage,
    RegulationPage,
    RegulationRelation,
    StandardPage,
    ThematicArea,
)
from website.cms.services import web_channel_collection

TEXTS = texts.load("cms")

INSTITUTIONAL_PAGES = TEXTS.institutional_pages

# Sections of the home page: (model, address, title, intro). A data migration
# makes them on a fresh site; the demo puts back any that was deleted.
SECTIONS = [
    (NewsIndexPage, "notizie", "Notizie"),
    (PressReviewIndexPage, "rassegna-stampa", "Rassegna stampa"),
    (RegulationIndexPage, "normativa", "Normativa"),
    (DocumentCollectionPage, "documenti", "Documenti"),
    (EventIndexPage, "eventi", "Eventi"),
    (GoodPracticeIndexPage, "buone-pratiche", "Buone pratiche"),
]

EDITOR_EMAIL = "redattore@aula.example"
CHIEF_EMAIL = "caporedattore@aula.example"
GENERATED_ACTS_PER_SCALE = 2


def body_for(sections):
    blocks = []
    for heading, text in sections:
        blocks.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
        blocks.append({"type": "paragraph", "value": f"<p>{text}</p>"})
    return json.dumps(blocks)


def aware(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def ensure_home():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Aula: formazione e comunità dei Centri per l'Impiego",
                slug="aula",
                intro=(
                    "<p>La piattaforma per la formazione del personale dei Centri per l'Impiego: "
                    "corsi in aula e a distanza, materiali didattici, forum e aggiornamenti normativi.</p>"
                ),
            )
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Aula"},
        )
    return home


def child(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def publish(parent, page, *, user=None):
    """Add ``page`` under ``parent``: written by ``user``, approved and published by the editor-in-chief."""
    parent.add_child(instance=page)
    chief = User.objects.filter(email=CHIEF_EMAIL).first()
    revision = page.save_revision(user=user, log_action=False)
    revision.publish(user=chief, log_action=False, skip_permission_checks=chief is None)
    return page


def ensure_sections(home):
    sections = {}
    for model, slug, title in SECTIONS:
        page = child(home, slug)
        if page is None:
            extra = {"intro": title} if model is DocumentCollectionPage else {}
            page = publish(home, model(title=title, slug=slug, **extra))
        sections[model] = page
    return sections


def seed_vocabularies():
    areas = {}
    for slug, name, description in TEXTS.thematic_areas:
        area = (
            ThematicArea.objects.filter(slug=slug).first()
            or ThematicArea.objects.filter(name__iexact=name).first()
            or ThematicArea.objects.create(slug=slug, name=name, description=description)
        )
        areas[slug] = area
    kinds = {
        slug: ContentKind.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TEXTS.content_kinds
    }
    return areas, kinds


# --- Documents ------------------------------------------------------------------------


def make_pdf(title, sections):
    """A short PDF: a title, then headed paragraphs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    output = io.BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(title), styles["Title"])]
    for heading, text in sections:
        story += [
            Spacer(1, 8),
            Paragraph(escape(heading), styles["Heading2"]),
            Paragraph(escape(text), styles["BodyText"]),
        ]
    SimpleDocTemplate(output, pagesize=A4, title=title, lang="it-IT").build(story)
    return output.getvalue()


def ensure_document(title, sections):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=web_channel_collection())
        document.file.save(
            f"{slugify(title)}.pdf", ContentFile(make_pdf(title, sections)), save=False
        )
        document.save()
    return document


def seed_documents(collection):
    if collection.entries.exists():
        return
    for order, (title, description, sections) in enumerate(TEXTS.documents):
        CollectionEntry.objects.create(
            page=collection,
            document=ensure_document(title, sections),
            description=description,
            sort_order=order,
        )
    collection.intro = collection.intro or "Rapporti, linee guida e modulistica."
    collection.save_revision(log_action=False).publish(
        log_action=False, skip_permission_checks=True
    )
    slug, title, intro, documents = TEXTS.forms_collection
    if child(collection, slug) is None:
        forms = publish(collection, DocumentCollectionPage(title=title, slug=slug, intro=intro))
        for order, (doc_title, description, sections) in enumerate(documents):
            CollectionEntry.objects.create(
                page=forms,
                document=ensure_document(doc_title, sections),
                description=description,
                sort_order=order,
            )
        forms.save_revision(log_action=False).publish(log_action=False, skip_permission_checks=True)


# --- Acts ---------------------------------------------------------------------------------


def seed_acts(index, areas, editor):
    acts = {}
    for spec in TEXTS.acts:
        (
            key,
            kind,
            (year, month, day),
            number,
            issuer,
            region,
            status,
            title,
            official,
            summary,
            area_slugs,
            articles,
        ) = spec
        page = child(index, key)
        if page is None:
            page = RegulationPage(
                title=title,
                slug=key,
                date=date(year, month, day),
                act_kind=kind,
                number=number,
                issuer=issuer,
                region=region,
                status=status,
                official_title=official,
                intro=summary,
                articles=json.dumps(
                    [
                        {
                            "type": "article",
                            "value": {"number": n, "heading": h, "text": f"<p>{t}</p>"},
                        }
                        for n, h, t in articles
                    ]
                ),
                first_published_at=aware(timezone.localdate() - timedelta(days=40 + len(acts) * 3)),
            )
            page.thematic_areas = [areas[slug] for slug in area_slugs]
            publish(index, page, user=editor)
        acts[key] = page
    for source, kind, target, note in TEXTS.act_relations:
        RegulationRelation.objects.get_or_create(
            source=acts[source], kind=kind, target=acts[target], defaults={"note": note}
        )
    return acts


# --- News and press reviews --------------------------------------------------------------


def news_body(paragraphs, citation, acts):
    blocks = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
    if citation is not None:
        act_key, article = citation
        blocks.append(
            {
                "type": "act_citation",
                "value": {"act": acts[act_key].pk, "article": article or "", "note": ""},
            }
        )
    return json.dumps(blocks)


def seed_news(index, areas, kinds, acts, editor):
    today = timezone.localdate()
    pages = []
    documents = {title: sections for title, _d, sections in TEXTS.documents}
    for (
        slug,
        kind,
        area_slugs,
        tags,
        days_ago,
        title,
        intro,
        paragraphs,
        citation,
    ) in TEXTS.news:
        page = child(index, slug)
        if page is None:
            page = NewsPage(
                title=title,
                slug=slug,
                date=today - timedelta(days=days_ago),
                intro=intro,
                content_kind=kinds[kind],
                body=news_body(paragraphs, citation, acts),
                first_published_at=aware(today - timedelta(days=days_ago)),
            )
            page.thematic_areas = [areas[area] for area in area_slugs]
            page.tags.add(*tags)
            if slug == "carta-dei-servizi":
                name = "Modello di carta dei servizi"
                page.attachments = [PageAttachment(document=ensure_document(name, documents[name]))]
            publish(index, page, user=editor)
        pages.append(page)
    return pages


def seed_press_reviews(index, areas):
    today = timezone.localdate()
    for slug, days_ago, title, intro, items in TEXTS.press_reviews:
        if child(index, slug) is not None:
            continue
        page = PressReviewPage(
            title=title,
            slug=slug,
            date=today - timedelta(days=days_ago),
            intro=intro,
            first_published_at=aware(today - timedelta(days=days_ago)),
        )
        page.items = [
            PressReviewItem(
                outlet=outlet,
                headline=headline,
                published_on=today - timedelta(days=item_days),
                url=f"https://www.example.org/{slugify(outlet)}/{slugify(headline)}",
                summary=summary,
            )
            for outlet, item_days, headline, summary in items
        ]
        page.thematic_areas = [areas["politiche-attive"]]
        publish(index, page)


# --- Events and good practices -----------------------------------------------------------------


def programme():
    return json.dumps(
        [
            {"type": "item", "value": {"time": start, "title": title, "speakers": speakers}}
            for start, title, speakers in TEXTS.programme
        ]
    )


def seed_events(index, areas):
    for slug, scope, region, (
        year,
        month,
        day,
    ), end, venue, town, title, intro, participants in TEXTS.events:
        if child(index, slug) is not None:
            continue
        page = EventPage(
            title=title,
            slug=slug,
            scope=scope,
            region=region,
            date=date(year, month, day),
            end_date=date(*end) if end else None,
            start_time=time(9, 30),
            end_time=time(13, 0) if not end else time(17, 0),
            venue=venue,
            town=town,
            intro=intro,
            programme=programme(),
            reported_participants=participants,
            registration_open=False,
            first_published_at=aware(date(year, month, day) - timedelta(days=30)),
        )
        page.thematic_areas = [areas["qualita-servizi"]]
        publish(index, page)
    slug, scope, region, in_days, venue, town, title, intro, capacity = TEXTS.workshop
    workshop = child(index, slug)
    if workshop is None:
        workshop = EventPage(
            title=title,
            slug=slug,
            scope=scope,
            region=region,
            date=timezone.localdate() + timedelta(days=in_days),
            start_time=time(9, 30),
            end_time=time(16, 30),
            venue=venue,
            town=town,
            intro=intro,
            programme=programme(),
            capacity=capacity,
        )
        workshop.thematic_areas = [areas["qualita-servizi"], areas["formazione-personale"]]
        publish(index, workshop)
        for email in ("dirigente@aula.example", "responsabile@aula.example"):
            user = User.objects.filter(email=email).first()
            if user is not None:
                EventRegistration.objects.get_or_create(event=workshop, user=user)


def seed_good_practices(index, areas):
    practices = []
    for spec in TEXTS.good_practices:
        (
            slug,
            region,
            centre_code,
            title,
            intro,
            purpose,
            activities,
            beneficiaries,
            results,
            transfer,
            area_slugs,
        ) = spec
        page = child(index, slug)
        if page is None:
            page = GoodPracticePage(
                title=title,
                slug=slug,
                region=region,
                centre=EmploymentCentre.objects.filter(code=centre_code).first()
                if centre_code
                else None,
                date=timezone.localdate() - timedelta(days=60 + 10 * len(practices)),
                intro=intro,
                purpose=f"<p>{purpose}</p>",
                activities=f"<p>{activities}</p>",
                beneficiaries=f"<p>{beneficiaries}</p>",
                results=f"<p>{results}</p>",
                transferability=f"<p>{transfer}</p>",
            )
            page.thematic_areas = [areas[area] for area in area_slugs]
            publish(index, page)
        practices.append(page)
    return practices


def feature_on_home(home, news, practices):
    if not home.featured_pages.exists():
        for order, page in enumerate(news[:3]):
            HomeFeaturedPage.objects.create(home=home, page=page, sort_order=order)
    if not home.featured_practices.exists():
        for order, practice in enumerate(practices):
            HomeFeaturedPractice.objects.create(home=home, practice=practice, sort_order=order)


# --- Volume for load tests -----------------------------------------------------------------------


def seed_volume(*, scale, sections, areas, kinds):
    """(scale - 1) copies of the news and press reviews, and two circulars per copy, in bulk."""
    copies = scale - 1
    made = _generated_news(sections[NewsIndexPage], copies, areas, kinds)
    made += _generated_press_reviews(sections[PressReviewIndexPage], copies)
    made += _generated_acts(sections[RegulationIndexPage], copies, areas)
    return made


def _missing(index, model, slugs):
    taken = set(model.objects.child_of(index).filter(slug__in=slugs).values_list("slug", flat=True))
    return [slug for slug in slugs if slug not in taken]


def _generated_news(index, copies, areas, kinds):
    specs = {
        f"{spec[0]}-{copy}": (copy, spec) for copy in range(1, copies + 1) for spec in TEXTS.news
    }
    wanted = _missing(index, NewsPage, list(specs))
    if not wanted:
        return 0
    tags = {
        tag.name: tag
        for tag in Tag.objects.filter(name__in={t for spec in TEXTS.news for t in spec[3]})
    }
    today = timezone.localdate()
    pages = []
    for slug in wanted:
        copy, (_slug, kind, _areas, _tags, days_ago, title, intro, paragraphs, _citation) = specs[
            slug
        ]
        day = today - timedelta(days=days_ago + 90 * copy)
        pages.append(
            NewsPage(
                title=f"{title} ({copy + 1})",
                slug=slug,
                date=day,
                intro=intro,
                content_kind=kinds[kind],
                body=json.dumps(
                    [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
                ),
                first_published_at=aware(day),
            )
        )

    def relations(created):
        bulk.add_areas((page, areas[area]) for page in created for area in specs[page.slug][1][2])
        NewsPageTag.objects.bulk_create(
            [
                NewsPageTag(content_object_id=page.pk, tag_id=tags[name].pk)
                for page in created
                for name in specs[page.slug][1][3]
                if name in tags
            ],
            batch_size=1000,
        )

    bulk.add_children(index, pages, relations=relations)
    return len(pages)


def _generated_press_reviews(index, copies):
    specs = {
        f"{spec[0]}-{copy}": (copy, spec)
        for copy in range(1, copies + 1)
        for spec in TEXTS.press_reviews
    }
    wanted = _missing(index, PressReviewPage, list(specs))
    if not wanted:
        return 0
    today = timezone.localdate()
    pages = []
    for slug in wanted:
        copy, (_slug, days_ago, title, intro, _items) = specs[slug]
        day = today - timedelta(days=days_ago + 90 * copy)
        pages.append(
            PressReviewPage(
                title=f"{title} ({copy + 1})",
                slug=slug,
                date=day,
                intro=intro,
                first_published_at=aware(day),
            )
        )

    def relations(created):
        PressReviewItem.objects.bulk_create(
            [
                PressReviewItem(
                    page_id=page.pk,
                    sort_order=order,
                    outlet=outlet,
                    headline=headline,
                    published_on=page.date,
                    url="",
                    summary=summary,
                )
                for page in created
                for order, (outlet, _days, headline, summary) in enumerate(specs[page.slug][1][4])
            ],
            batch_size=1000,
        )

    bulk.add_children(index, pages, relations=relations)
    return len(pages)


def _generated_acts(index, copies, areas):
    numbers = {
        f"circolare-operativa-{number}": number
        for number in range(1, copies * GENERATED_ACTS_PER_SCALE + 1)
    }
    wanted = _missing(index, RegulationPage, list(numbers))
    if not wanted:
        return 0
    topics = [spec[5] for spec in TEXTS.news]
    first = date(2019, 1, 7)
    pages = []
    for slug in wanted:
        number = numbers[slug]
        day = first + timedelta(days=number)
        topic = topics[number % len(topics)]
        page = RegulationPage(
            title=f"Circolare operativa n. {number}",
            slug=slug,
            act_kind="circolare",
            region="sicilia",
            number=str(number),
            date=day,
            status=RegulationPage.Status.IN_FORCE,
            official_title=f"Indicazioni ai centri per l'impiego: {topic[0].lower()}{topic[1:]}",
            intro="Circolare generata per le prove di carico.",
            first_published_at=aware(day),
        )
        page.urn = page.compute_urn()
        pages.append(page)

    def relations(created):
        bulk.add_areas((page, areas["politiche-attive"]) for page in created)

    bulk.add_children(index, pages, relations=relations)
    return len(pages)


FEEDBACK_SECTIONS = {
    "news": NewsIndexPage,
    "press_reviews": PressReviewIndexPage,
    "acts": RegulationIndexPage,
    "events": EventIndexPage,
    "good_practices": GoodPracticeIndexPage,
}


def seed_page_feedback(sections):
    """Readers' answers to «Questa pagina ti è stata utile?»: anonymous ones, as most are."""
    if PageFeedback.objects.exists():
        return
    now = timezone.now()
    rows = []
    for number, (section, index, useful, comment, days_ago) in enumerate(TEXTS.page_feedback):
        pages = sections[FEEDBACK_SECTIONS[section]].get_children().live().order_by("-pk")
        page = pages[index]
        moment = now - timedelta(days=days_ago)
        rows.append(
            PageFeedback(
                page=page,
                reader_key=hashlib.sha256(f"demo-reader-{number}".encode()).hexdigest(),
                useful=useful,
                comment=comment,
                created_at=moment,
                updated_at=moment,
            )
        )
    PageFeedback.objects.bulk_create(rows)


def seed(*, scale, log):
    home = ensure_home()
    for spec in INSTITUTIONAL_PAGES:
        if child(home, spec["slug"]) is None:
            publish(
                home,
                StandardPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    intro=spec["intro"],
                    body=body_for(spec["sections"]),
                    show_in_menus=False,
                ),
            )
    sections = ensure_sections(home)
    areas, kinds = seed_vocabularies()
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    acts = seed_acts(sections[RegulationIndexPage], areas, editor)
    news = seed_news(sections[NewsIndexPage], areas, kinds, acts, editor)
    seed_press_reviews(sections[PressReviewIndexPage], areas)
    seed_documents(sections[DocumentCollectionPage])
    seed_events(sections[EventIndexPage], areas)
    practices = seed_good_practices(sections[GoodPracticeIndexPage], areas)
    feature_on_home(home, news, practices)
    made = seed_volume(scale=scale, sections=sections, areas=areas, kinds=kinds) if scale > 1 else 0
    seed_page_feedback(sections)
    log(
        f"Web channel: {Page.objects.descendant_of(home).count()} pages "
        f"({made} generated for --scale {scale})"
    )
