"""A fresh site gets the channel's home page and its sections, so the main navigation works.

Wagtail's placeholder page ("Welcome to your new Wagtail site!") is replaced by
our home page when it is still the untouched root of the default site; the
sections (news, press review, regulations, documents, events, good practices)
are added under the home page where a page with their address is missing.
Pages are written here as Wagtail's own first migration writes them: with
their tree path computed, because historical models lack treebeard's methods.
"""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

HOME = {
    "title": "Aula: formazione e comunità dei Centri per l'Impiego",
    "slug": "aula",
    "intro": (
        "<p>La piattaforma per la formazione del personale dei Centri per l'Impiego: "
        "corsi in aula e a distanza, materiali didattici, forum e aggiornamenti normativi.</p>"
    ),
}

SECTIONS = [
    (
        "newsindexpage",
        "notizie",
        "Notizie",
        "Le novità sui servizi per l'impiego, sulla formazione del personale dei centri e sulle politiche attive del lavoro.",
    ),
    (
        "pressreviewindexpage",
        "rassegna-stampa",
        "Rassegna stampa",
        "Che cosa scrivono i giornali sul lavoro e sui centri per l'impiego, in sintesi a cura della redazione.",
    ),
    (
        "regulationindexpage",
        "normativa",
        "Normativa",
        "Leggi, decreti, circolari e atti regionali sui servizi per il lavoro, con il collegamento al testo su Normattiva.",
    ),
    (
        "documentcollectionpage",
        "documenti",
        "Documenti",
        "Rapporti, linee guida e modulistica per il lavoro quotidiano dei centri per l'impiego.",
    ),
    (
        "eventindexpage",
        "eventi",
        "Eventi",
        "Eventi regionali e interregionali, seminari e laboratori del programma di formazione.",
    ),
    (
        "goodpracticeindexpage",
        "buone-pratiche",
        "Buone pratiche",
        "Esperienze dei centri per l'impiego che hanno funzionato e che altri centri possono ripetere.",
    ),
]


def step(number):
    text = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        text = ALPHABET[digit] + text
    return text.rjust(STEPLEN, "0")


def next_child_path(Page, parent):
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    number = int(last.path[-STEPLEN:], 36) + 1 if last else 1
    return parent.path + step(number)


def create_sections(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("cms", "HomePage")

    root = Page.objects.filter(depth=1).first()
    locale = Locale.objects.order_by("pk").first()
    if root is None or locale is None:
        return
    now = timezone.now()

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="cms", model=model)[0]

    def common(parent, path, slug, title):
        return {
            "title": title,
            "draft_title": title,
            "slug": slug,
            "path": path,
            "depth": parent.depth + 1,
            "numchild": 0,
            "url_path": f"{parent.url_path}{slug}/",
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": now,
            "last_published_at": now,
            "locale": locale,
        }

    home = HomePage.objects.first()
    if home is None:
        site = Site.objects.filter(is_default_site=True).first()
        placeholder = site.root_page if site else None
        page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
        site_fields = (
            {"hostname": site.hostname, "port": site.port, "site_name": site.site_name or "Aula"}
            if site
            else {"hostname": "localhost", "port": 80, "site_name": "Aula"}
        )
        if (
            placeholder is not None
            and placeholder.depth == 2
            and placeholder.content_type_id == page_type.pk
            and placeholder.numchild == 0
        ):
            path = placeholder.path
            placeholder.delete()  # takes the site with it (its root page)
            site = None
        else:
            path = next_child_path(Page, root)
            Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
        home = HomePage.objects.create(
            content_type=content_type("homepage"),
            intro=HOME["intro"],
            **common(root, path, HOME["slug"], HOME["title"]),
        )
        if site is not None:
            site.root_page_id = home.pk
            site.save(update_fields=["root_page"])
        else:
            Site.objects.create(root_page_id=home.pk, is_default_site=True, **site_fields)

    for model_name, slug, title, intro in SECTIONS:
        if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug).exists():
            continue
        model = apps.get_model("cms", model_name)
        fields = {"intro": intro}
        if model_name == "documentcollectionpage":
            fields["date"] = timezone.localdate()
        model.objects.create(
            content_type=content_type(model_name),
            **fields,
            **common(home, next_child_path(Page, home), slug, title),
        )
        home.numchild = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_editorial_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_sections, migrations.RunPython.noop)]
