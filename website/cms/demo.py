"""The web channel's skeleton: the home page and the institutional pages the footer links to."""

import json

from wagtail.models import Page, Site

from .models import HomePage, StandardPage

INSTITUTIONAL_PAGES = [
    {
        "slug": "privacy",
        "title": "Informativa sul trattamento dei dati personali",
        "intro": (
            "Come la piattaforma Aula tratta i dati personali di chi la consulta e di chi "
            "partecipa ai percorsi formativi, ai sensi degli articoli 13 e 14 del Regolamento (UE) 2016/679."
        ),
        "sections": [
            (
                "Titolare del trattamento",
                "Il titolare del trattamento è l'ente indicato nel piè di pagina, che gestisce la piattaforma per la formazione del personale dei Centri per l'Impiego.",
            ),
            (
                "Dati trattati e finalità",
                "Trattiamo nome, cognome, indirizzo email, centro per l'impiego di appartenenza e qualifica per gestire le iscrizioni ai corsi, registrare le presenze, rilasciare gli attestati di partecipazione e consentire la partecipazione ai forum. I dati di presenza sono conservati per documentare la formazione finanziata dal Fondo sociale europeo.",
            ),
            (
                "Cookie",
                "Il sito usa soltanto cookie tecnici: quello di sessione, che mantiene l'accesso, quello di protezione dei moduli e quello che ricorda la lingua scelta. Non usiamo cookie di profilazione né strumenti di statistica di terze parti; per questo non è necessario il banner dei cookie.",
            ),
            (
                "Diritti degli interessati",
                "Puoi chiedere l'accesso ai tuoi dati, la rettifica, la cancellazione o la limitazione del trattamento scrivendo all'indirizzo di contatto indicato nel piè di pagina. Hai inoltre diritto di proporre reclamo al Garante per la protezione dei dati personali.",
            ),
        ],
    },
    {
        "slug": "note-legali",
        "title": "Note legali",
        "intro": "Condizioni di utilizzo dei contenuti pubblicati sulla piattaforma.",
        "sections": [
            (
                "Licenza dei contenuti",
                "Salvo dove diversamente indicato, testi, notizie e materiali didattici pubblicati su questo sito sono rilasciati con licenza Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0): puoi riutilizzarli citando la fonte.",
            ),
            (
                "Atti normativi",
                "I testi degli atti normativi riportati nella sezione Normativa hanno carattere informativo; fanno fede esclusivamente le versioni pubblicate nella Gazzetta Ufficiale e sul portale Normattiva.",
            ),
            (
                "Software",
                "La piattaforma è software libero e il suo codice sorgente è descritto nel file publiccode.yml, come previsto dalle Linee guida su acquisizione e riuso di software per le pubbliche amministrazioni.",
            ),
        ],
    },
    {
        "slug": "accessibilita",
        "title": "Dichiarazione di accessibilità",
        "intro": "L'ente si impegna a rendere il proprio sito accessibile, conformemente alla legge 9 gennaio 2004, n. 4.",
        "sections": [
            (
                "Stato di conformità",
                "Il sito è progettato per essere conforme ai requisiti della norma UNI EN 301549 e alle WCAG 2.1 di livello AA. Le pagine sono verificate automaticamente a ogni modifica del software.",
            ),
            (
                "Meccanismo di feedback",
                "Se incontri un ostacolo nell'uso del sito puoi segnalarlo scrivendo all'indirizzo di contatto indicato nel piè di pagina; ti risponderemo entro 30 giorni.",
            ),
        ],
    },
    {
        "slug": "contatti",
        "title": "Contatti e segnalazioni",
        "intro": "Come raggiungere la redazione e il servizio formazione.",
        "sections": [
            (
                "Servizio formazione",
                "Per informazioni sui corsi, sulle iscrizioni e sugli attestati scrivi all'indirizzo email indicato nel piè di pagina, specificando il corso e l'edizione.",
            ),
            (
                "Redazione del canale web",
                "Segnalazioni su notizie, normativa e documenti pubblicati possono essere inviate allo stesso indirizzo con oggetto «Redazione».",
            ),
        ],
    },
]


def body_for(sections):
    blocks = []
    for heading, text in sections:
        blocks.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
        blocks.append({"type": "paragraph", "value": f"<p>{text}</p>"})
    return json.dumps(blocks)


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
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Aula"},
        )
        # Wagtail's placeholder "Welcome" page goes once our home page replaces it.
        if old_root is not None and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    return home


def seed(*, scale, log):
    home = ensure_home()
    for spec in INSTITUTIONAL_PAGES:
        if home.get_children().filter(slug=spec["slug"]).exists():
            continue
        home.add_child(
            instance=StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                body=body_for(spec["sections"]),
                show_in_menus=False,
            )
        )
    log(f"Web channel: home page and {len(INSTITUTIONAL_PAGES)} institutional pages")
