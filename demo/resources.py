"""Demo materials: the units' slides and handouts and a library on access to records.

Files are generated here (PDF with reportlab, DOCX, XLSX), small and in
Italian. Running the seed again changes nothing: each material is looked up
by title and course before it is made. Unit materials go to the units of the
demo programme (the earliest one with a UD1), when the courses' demo made it.
"""

import re
from dataclasses import dataclass, replace
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from courses.models import Course
from demo import texts
from demo.documents import make_docx, make_pdf, make_xlsx
from resources import services
from resources.models import Resource
from resources.uploads import sort_uploads
from website.accounts.models import User
from website.cms.models import ThematicArea

TEXTS = texts.load("resources")

Kind = Resource.Kind
Audience = Resource.Audience
AUTHOR = "Servizio formazione – Regione Siciliana"
FOOTER = "Aula · materiali per gli operatori dei Centri per l'impiego"

AREAS = [
    ("trasparenza-accesso", "Trasparenza e accesso agli atti"),
    ("politiche-attive", "Politiche attive del lavoro"),
    ("qualita-servizi", "Organizzazione e qualità dei servizi"),
]

NORMATTIVA = "https://www.normattiva.it/uri-res/N2Ls?"

# --- Texts ---------------------------------------------------------------------

TRANSPARENCY_SLIDES = TEXTS.transparency_slides

LIABILITY_HANDOUT = TEXTS.liability_handout

TEACHER_NOTES = TEXTS.teacher_notes

GUIDELINES_V1 = TEXTS.guidelines_v1

GUIDELINES_V2_CHANGES = TEXTS.guidelines_v2_changes

CHECKLIST = TEXTS.checklist

CAF_REPORT = TEXTS.caf_report

WELCOME_REMINDER = TEXTS.welcome_reminder

ACCESS_REQUEST_FORM = TEXTS.access_request_form

CIVIC_ACCESS_FORM = [
    "Al Centro per l'impiego di:",
    "_______________________________________________",
    "Il/la sottoscritto/a:",
    "nome e cognome ______________________________   indirizzo email o PEC __________________",
    "Ai sensi dell'articolo 5, comma 2, del decreto legislativo 14 marzo 2013, n. 33, chiede:",
    "i seguenti dati o documenti:",
    "_______________________________________________",
    "Non è necessario indicare il motivo della richiesta.",
    "Modalità di ricezione preferita:",
    "[ ] email   [ ] PEC   [ ] ritiro allo sportello",
    "Luogo e data ____________________   Firma ____________________",
]

FIRST_INTERVIEW_FORM = [
    "Dati della persona:",
    "nome e cognome ______________________________   data del colloquio ____________",
    "Situazione attuale:",
    "[ ] in cerca di prima occupazione   [ ] disoccupato/a   [ ] occupato/a in cerca di altro lavoro",
    "Titolo di studio e formazione:",
    "_______________________________________________",
    "Esperienze di lavoro più recenti:",
    "_______________________________________________",
    "Che cosa cerca e con quale disponibilità (orari, spostamenti):",
    "_______________________________________________",
    "Prossimi passi concordati:",
    "_______________________________________________",
]

FEEDBACK_QUESTIONS = [
    "Le domande richiedono circa cinque minuti. Le risposte sono anonime.",
    "1. Quanto gli argomenti trattati sono utili per il tuo lavoro quotidiano?",
    "[ ] per niente   [ ] poco   [ ] abbastanza   [ ] molto",
    "2. Come valuti la chiarezza del docente?",
    "[ ] insufficiente   [ ] sufficiente   [ ] buona   [ ] ottima",
    "3. I materiali distribuiti sono adeguati?",
    "[ ] per niente   [ ] poco   [ ] abbastanza   [ ] molto",
    "4. L'organizzazione (sede, orari, calendario) è stata adeguata?",
    "[ ] per niente   [ ] poco   [ ] abbastanza   [ ] molto",
    "5. Che cosa cambieresti in questa unità didattica?",
    "_______________________________________________",
]

GLOSSARY_PAGE = TEXTS.glossary_page

DEADLINES_PAGE = TEXTS.deadlines_page

UNIT_CONTRIBUTION = "Questionario di gradimento"

REGISTER_HEADER = [
    "N.",
    "Data di protocollo",
    "Tipo di accesso",
    "Oggetto",
    "Controinteressati",
    "Esito",
    "Data della decisione",
]
REGISTER_EXAMPLES = TEXTS.register_examples

# When each library item was published (unit materials take their plan's start).
LIBRARY_DATES = {
    "Check-list per l'istruttoria di una richiesta di accesso": date(2026, 3, 16),
    "Modulo di richiesta di accesso documentale": date(2025, 11, 17),
    "Modulo di richiesta di accesso civico generalizzato": date(2025, 11, 17),
    "Registro degli accessi del Centro per l'impiego": date(2026, 1, 12),
    "Kit per l'accoglienza nel Centro per l'impiego": date(2025, 10, 6),
    "Rapporto sull'autovalutazione CAF dei Centri per l'impiego": date(2025, 12, 15),
    "Come si contano i termini di una richiesta di accesso": date(2026, 3, 20),
    "Legge 7 agosto 1990, n. 241": date(1990, 8, 7),
    "Decreto legislativo 14 marzo 2013, n. 33": date(2013, 3, 14),
    "Decreto legislativo 14 settembre 2015, n. 150": date(2015, 9, 14),
}


# --- Helpers -------------------------------------------------------------------


def _upload(name, data, *, title=None):
    accepted, refused = sort_uploads([SimpleUploadedFile(name, data)])
    if refused:
        raise ValueError(f"Demo file refused: {refused[0]}")
    return [replace(upload, title=title or upload.title) for upload in accepted]


def _areas():
    areas = {}
    for slug, name in AREAS:
        area = (
            ThematicArea.objects.filter(slug=slug).first()
            or ThematicArea.objects.filter(name__iexact=name).first()
            or ThematicArea.objects.create(slug=slug, name=name)
        )
        areas[slug] = area
    return areas


def demo_units():
    """The units UD1–UD4 of the delivered demo plan, in order (empty without a courses demo)."""
    first_unit = (
        Course.objects.filter(code="UD1")
        .select_related("programme")
        .order_by("programme__starts_on", "pk")
        .first()
    )
    if first_unit is None:
        return []
    return list(
        Course.objects.filter(programme=first_unit.programme, code__regex=r"^UD\d+$").order_by(
            "sort_order", "code"
        )
    )


def _pdf(title, subtitle, sections, *, slides=False):
    return make_pdf(
        title=title,
        subtitle=subtitle,
        sections=sections,
        footer=FOOTER,
        author=AUTHOR,
        slides=slides,
    )


def _unit_sheet(course):
    editions = course.editions.all()
    sessions = sum(edition.sessions.count() for edition in editions)
    objectives = re.sub(r"\s+", " ", strip_tags(course.objectives)).strip()
    sections = [
        (
            "L'unità in breve",
            [
                f"Piano formativo: {course.programme.title}.",
                "Ore per giornata d'aula: " + f"{course.hours_per_day:g}".replace(".", ",") + ".",
                f"Edizioni in calendario: {len(editions)}; giornate d'aula: {sessions}.",
            ],
        )
    ]
    if objectives:
        sections.append(("Obiettivi", [objectives]))
    if course.audience:
        sections.append(("Destinatari", [course.audience]))
    sections.append(
        (
            "Materiali e verifiche",
            [
                "I materiali dell'unità sono nella sezione Risorse della piattaforma. Al termine "
                "di ogni edizione i partecipanti compilano il questionario di gradimento; "
                "l'attestato di partecipazione spetta a chi ha frequentato almeno la quota di ore "
                "prevista dal corso.",
            ],
        )
    )
    return _pdf(f"Scheda dell'unità didattica {course.code}", course.title, sections)


# --- What the seed makes ----------------------------------------------------------


@dataclass(frozen=True)
class Material:
    """A demo resource. ``files`` holds (name, function making the bytes): a file or a folder.

    Without files it is a link (``url``) or a page (``body``). ``next_version``
    is (name, function, change note) for a material shown with two versions.
    """

    title: str
    kind: str
    audience: str
    description: str
    files: tuple = ()
    url: str = ""
    body: str = ""
    areas: tuple = ()
    tags: tuple = ()
    folder: bool = False
    next_version: tuple | None = None


def unit_materials(unit):
    """Every unit: its sheet (public) and a feedback form for its participants."""
    return [
        Material(
            title=f"Scheda dell'unità didattica {unit.code}",
            kind=Kind.HANDOUT,
            audience=Audience.PUBLIC,
            description=f"Obiettivi, destinatari e organizzazione di «{unit.title}».",
            files=((f"scheda-{unit.code.lower()}.pdf", lambda: _unit_sheet(unit)),),
        ),
        Material(
            title=f"{UNIT_CONTRIBUTION} – {unit.code}",
            kind=Kind.TEMPLATE,
            audience=Audience.ENROLLED,
            description="Da compilare al termine dell'ultima giornata d'aula.",
            files=(
                (
                    f"questionario-gradimento-{unit.code.lower()}.docx",
                    lambda: make_docx(
                        title=f"{UNIT_CONTRIBUTION} – {unit.code} {unit.title}",
                        paragraphs=FEEDBACK_QUESTIONS,
                    ),
                ),
            ),
            tags=("gradimento",),
        ),
    ]


def first_unit_materials(unit):
    """UD1: the pair named in the plan, the teacher's notes and a glossary."""
    return [
        Material(
            title="La trasparenza e il diritto di accesso agli atti",
            kind=Kind.SLIDES,
            audience=Audience.ENROLLED,
            description=(
                "Le tre forme di accesso, i termini, i limiti e il registro degli accessi, "
                "con tre casi dallo sportello del CPI."
            ),
            files=(
                (
                    "trasparenza-accesso-atti.pdf",
                    lambda: _pdf(
                        "La trasparenza e il diritto di accesso agli atti",
                        f"{unit.code} – slide della giornata d'aula",
                        TRANSPARENCY_SLIDES,
                        slides=True,
                    ),
                ),
            ),
            areas=("trasparenza-accesso",),
            tags=("accesso civico", "controinteressati"),
        ),
        Material(
            title="Il regime di responsabilità dei dipendenti pubblici",
            kind=Kind.HANDOUT,
            audience=Audience.ENROLLED,
            description=(
                "Responsabilità civile, penale, amministrativo-contabile e disciplinare, "
                "spiegate con esempi dal lavoro del Centro per l'impiego."
            ),
            files=(
                (
                    "responsabilita-dipendenti-pubblici.pdf",
                    lambda: _pdf(
                        "Il regime di responsabilità dei dipendenti pubblici",
                        f"{unit.code} – dispensa",
                        LIABILITY_HANDOUT,
                    ),
                ),
            ),
            areas=("qualita-servizi",),
            tags=("responsabilità", "codice di comportamento"),
        ),
        Material(
            title="Traccia per il docente: l'esercitazione sui casi di accesso",
            kind=Kind.HANDOUT,
            audience=Audience.STAFF,
            description="Soluzioni attese e tempi dell'esercitazione in aula.",
            files=(
                (
                    "traccia-docente-esercitazione.pdf",
                    lambda: _pdf(
                        "Traccia per il docente",
                        f"{unit.code} – esercitazione sui casi di accesso",
                        TEACHER_NOTES,
                    ),
                ),
            ),
            areas=("trasparenza-accesso",),
        ),
        Material(
            title="Glossario della trasparenza amministrativa",
            kind=Kind.HANDOUT,
            audience=Audience.PUBLIC,
            description="Le parole dell'accesso agli atti in una pagina.",
            body=GLOSSARY_PAGE,
            areas=("trasparenza-accesso",),
        ),
    ]


GUIDELINES_TITLE = "Linee guida operative per la gestione delle richieste di accesso agli atti"

LIBRARY = [
    Material(
        title=GUIDELINES_TITLE,
        kind=Kind.GUIDELINE,
        audience=Audience.REGISTERED,
        description=(
            "Come ricevere, istruire, decidere e registrare una richiesta di accesso, passo per "
            "passo, in modo uguale in ogni centro."
        ),
        files=(
            (
                "linee-guida-accesso-atti.pdf",
                lambda: _pdf(
                    GUIDELINES_TITLE,
                    "Versione 1 – procedura comune ai Centri per l'impiego",
                    GUIDELINES_V1,
                ),
            ),
        ),
        next_version=(
            "linee-guida-accesso-atti-v2.pdf",
            lambda: _pdf(
                GUIDELINES_TITLE,
                "Versione 2 – procedura comune ai Centri per l'impiego",
                [*GUIDELINES_V1[:3], *GUIDELINES_V2_CHANGES, *GUIDELINES_V1[4:]],
            ),
            "Aggiornata la sezione sui controinteressati: sospensione del termine e "
            "trasmissione dopo un'opposizione respinta.",
        ),
        areas=("trasparenza-accesso",),
        tags=("accesso civico", "controinteressati", "procedure"),
    ),
    Material(
        title="Check-list per l'istruttoria di una richiesta di accesso",
        kind=Kind.TOOL,
        audience=Audience.REGISTERED,
        description="Le verifiche da fare prima e dopo la decisione, una riga ciascuna.",
        files=(
            (
                "checklist-istruttoria-accesso.pdf",
                lambda: _pdf(
                    "Check-list per l'istruttoria di una richiesta di accesso",
                    "Da stampare e allegare al fascicolo",
                    CHECKLIST,
                ),
            ),
        ),
        areas=("trasparenza-accesso",),
        tags=("procedure",),
    ),
    Material(
        title="Modulo di richiesta di accesso documentale",
        kind=Kind.TEMPLATE,
        audience=Audience.PUBLIC,
        description="Il modulo da consegnare a chi chiede di vedere o copiare un documento.",
        files=(
            (
                "modulo-accesso-documentale.docx",
                lambda: make_docx(
                    title="Richiesta di accesso ai documenti amministrativi (legge n. 241/1990)",
                    paragraphs=ACCESS_REQUEST_FORM,
                ),
            ),
        ),
        areas=("trasparenza-accesso",),
        tags=("modulistica",),
    ),
    Material(
        title="Modulo di richiesta di accesso civico generalizzato",
        kind=Kind.TEMPLATE,
        audience=Audience.PUBLIC,
        description="Per chi chiede dati o documenti senza doverne spiegare il motivo.",
        files=(
            (
                "modulo-accesso-civico-generalizzato.docx",
                lambda: make_docx(
                    title="Richiesta di accesso civico generalizzato (d.lgs. n. 33/2013, art. 5, c. 2)",
                    paragraphs=CIVIC_ACCESS_FORM,
                ),
            ),
        ),
        areas=("trasparenza-accesso",),
        tags=("modulistica", "accesso civico"),
    ),
    Material(
        title="Registro degli accessi del Centro per l'impiego",
        kind=Kind.TOOL,
        audience=Audience.REGISTERED,
        description="Un foglio di calcolo pronto all'uso, con tre righe d'esempio da cancellare.",
        files=(
            (
                "registro-accessi.xlsx",
                lambda: make_xlsx(
                    title="Registro degli accessi",
                    header=REGISTER_HEADER,
                    rows=REGISTER_EXAMPLES,
                ),
            ),
        ),
        areas=("trasparenza-accesso",),
        tags=("registro degli accessi",),
    ),
    Material(
        title="Kit per l'accoglienza nel Centro per l'impiego",
        kind=Kind.TOOL,
        audience=Audience.REGISTERED,
        description="La scheda per il primo colloquio e il promemoria dei documenti da portare.",
        files=(
            (
                "scheda-primo-colloquio.docx",
                lambda: make_docx(
                    title="Scheda di primo colloquio", paragraphs=FIRST_INTERVIEW_FORM
                ),
            ),
            (
                "promemoria-documenti.pdf",
                lambda: _pdf(
                    "Promemoria per il primo colloquio",
                    "Da consegnare a chi prende appuntamento",
                    WELCOME_REMINDER,
                ),
            ),
        ),
        folder=True,
        areas=("politiche-attive",),
        tags=("accoglienza", "modulistica"),
    ),
    Material(
        title="Rapporto sull'autovalutazione CAF dei Centri per l'impiego",
        kind=Kind.REPORT,
        audience=Audience.STAFF,
        description="Punti di forza, aree di miglioramento e azioni proposte dai centri.",
        files=(
            (
                "rapporto-autovalutazione-caf.pdf",
                lambda: _pdf(
                    "Rapporto sull'autovalutazione CAF dei Centri per l'impiego",
                    "Sintesi per lo staff del piano formativo",
                    CAF_REPORT,
                ),
            ),
        ),
        areas=("qualita-servizi",),
        tags=("CAF", "qualità"),
    ),
    Material(
        title="Come si contano i termini di una richiesta di accesso",
        kind=Kind.GUIDELINE,
        audience=Audience.REGISTERED,
        description="Da quando decorrono i trenta giorni e quando si fermano, con un esempio.",
        body=DEADLINES_PAGE,
        areas=("trasparenza-accesso",),
        tags=("termini",),
    ),
    *(
        Material(
            title=title,
            kind=Kind.REGULATION,
            audience=Audience.PUBLIC,
            description=description + " Il testo vigente su Normattiva.",
            url=NORMATTIVA + urn,
            areas=(area,),
            tags=("normativa",),
        )
        for title, urn, description, area in (
            (
                "Legge 7 agosto 1990, n. 241",
                "urn:nir:stato:legge:1990-08-07;241",
                "Nuove norme sul procedimento amministrativo e sul diritto di accesso ai documenti.",
                "trasparenza-accesso",
            ),
            (
                "Decreto legislativo 14 marzo 2013, n. 33",
                "urn:nir:stato:decreto.legislativo:2013-03-14;33",
                "Obblighi di pubblicità, trasparenza e diffusione di informazioni; accesso civico.",
                "trasparenza-accesso",
            ),
            (
                "Decreto legislativo 14 settembre 2015, n. 150",
                "urn:nir:stato:decreto.legislativo:2015-09-14;150",
                "Riordino della normativa in materia di servizi per il lavoro e di politiche attive.",
                "politiche-attive",
            ),
        )
    ),
]


def _make(material, *, course, owner, areas):
    """Create the material unless it exists (by title and course); True when made."""
    if Resource.objects.filter(title=material.title, course=course).exists():
        return False
    published_on = (
        course.programme.starts_on if course else LIBRARY_DATES.get(material.title)
    ) or timezone.localdate()
    material_areas = [areas[slug] for slug in material.areas]
    if not material.files:
        resource = Resource.objects.create(
            title=material.title,
            format=Resource.Format.LINK if material.url else Resource.Format.PAGE,
            kind=material.kind,
            audience=material.audience,
            description=material.description,
            url=material.url,
            body=material.body,
            course=course,
            published_on=published_on,
            created_by=owner,
        )
        resource.thematic_areas.set(material_areas)
        resource.tags.set(list(material.tags))
        return True
    uploads = [
        upload
        for name, make in material.files
        for upload in _upload(name, make(), title=None if material.folder else material.title)
    ]
    resource = services.resource_create_from_uploads(
        user=owner,
        uploads=uploads,
        kind=material.kind,
        audience=material.audience,
        course=course,
        description=material.description,
        thematic_areas=material_areas,
        tags=material.tags,
        folder_title=material.title if material.folder else "",
        published_on=published_on,
        process_in_background=False,
    )[0]
    if material.next_version:
        name, make, change_note = material.next_version
        services.resource_version_add(
            user=owner,
            resource=resource,
            uploads=_upload(name, make()),
            change_note=change_note,
            process_in_background=False,
        )
    return True


def seed(*, scale, log):
    owner = User.objects.filter(email="gestore@aula.example").first()
    areas = _areas()
    made = 0
    units = demo_units()
    for index, unit in enumerate(units):
        materials = unit_materials(unit) + (first_unit_materials(unit) if index == 0 else [])
        made += sum(_make(m, course=unit, owner=owner, areas=areas) for m in materials)
    if not units:
        log("Resources: no demo programme with a UD1 yet, unit materials skipped")
    made += sum(_make(m, course=None, owner=owner, areas=areas) for m in LIBRARY)
    made += _seed_volume(scale=scale, owner=owner, areas=list(areas.values()))
    log(f"Resources: {Resource.objects.count()} in the library ({made} new)")


NOTE_TOPICS = [
    "la presa in carico di chi ha appena perso il lavoro",
    "il patto di servizio personalizzato",
    "le comunicazioni obbligatorie",
    "l'orientamento di base",
    "l'incontro tra domanda e offerta di lavoro",
    "i tirocini extracurricolari",
    "la conservazione dei fascicoli",
    "le richieste di accesso dei consiglieri comunali",
]


def _seed_volume(*, scale, owner, areas):
    """For load tests: (scale - 1) × 40 short operational notes, in bulk."""
    wanted = (scale - 1) * 40
    existing = Resource.objects.filter(slug__startswith="nota-operativa-").count()
    if wanted <= existing:
        return 0
    notes = []
    for number in range(existing + 1, wanted + 1):
        topic = NOTE_TOPICS[number % len(NOTE_TOPICS)]
        title = f"Nota operativa n. {number}: {topic}"
        notes.append(
            Resource(
                title=title,
                slug=f"nota-operativa-{number}-{slugify(topic)}"[:120],
                format=Resource.Format.PAGE,
                kind=Kind.GUIDELINE,
                audience=Audience.REGISTERED if number % 3 else Audience.PUBLIC,
                body=f"<p>Indicazioni pratiche per {topic}, raccolte dai centri della rete.</p>",
                description=f"Indicazioni pratiche per {topic}.",
                published_on=date(2025 + number % 2, 1 + number % 12, 1 + number % 28),
                created_by=owner,
            )
        )
    created = Resource.objects.bulk_create(notes, batch_size=500)
    through = Resource.thematic_areas.through
    through.objects.bulk_create(
        [
            through(resource_id=note.pk, thematicarea_id=areas[index % len(areas)].pk)
            for index, note in enumerate(created)
        ],
        batch_size=1000,
    )
    return len(created)
