"""Training managers give questionnaires and read every result; the default end-of-edition
evaluation questionnaire, which they copy ("Copia") to make a course's own."""

import uuid

from django.db import migrations

from website.accounts.migration_utils import grant_to_role, model_perms

DEFAULT_TITLE = "Valutazione di fine edizione (modello)"
NAMESPACE = uuid.UUID("6f1d7c1e-9c55-4c1b-9a44-5e8b0d3f2a10")

AGREEMENT = [
    "Per niente d'accordo",
    "Poco d'accordo",
    "Né d'accordo né in disaccordo",
    "Abbastanza d'accordo",
    "Del tutto d'accordo",
]


def _block(key, kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid5(NAMESPACE, key))}


def _likert(key, text, required=True, help_text=""):
    return _block(
        key,
        "likert",
        {"text": text, "help_text": help_text, "required": required, "labels": AGREEMENT},
    )


BODY = [
    _block(
        "section-content",
        "section",
        {
            "title": "Contenuti e docenza",
            "intro": "Pensa alle giornate d'aula appena concluse.",
        },
    ),
    _likert("content-useful", "I contenuti sono utili per il mio lavoro al centro per l'impiego."),
    _likert("content-clear", "I docenti hanno spiegato in modo chiaro."),
    _likert("content-examples", "Gli esempi e i casi pratici erano vicini alla realtà dei servizi."),
    _block(
        "rating-overall",
        "rating",
        {"text": "Che voto dai all'edizione nel suo complesso?", "help_text": "1 è il voto più basso, 10 il più alto.", "required": True},
    ),
    _block(
        "section-organisation",
        "section",
        {"title": "Organizzazione", "intro": ""},
    ),
    _block(
        "duration",
        "single_choice",
        {
            "text": "La durata delle giornate era…",
            "help_text": "",
            "required": True,
            "choices": ["Troppo breve", "Adeguata", "Troppo lunga"],
        },
    ),
    _block(
        "materials",
        "multiple_choice",
        {
            "text": "Quali materiali hai usato o userai dopo l'aula?",
            "help_text": "Puoi sceglierne più d'uno.",
            "required": False,
            "choices": [
                "Le slide",
                "Le dispense",
                "Le linee guida operative",
                "Il forum dell'edizione",
                "Nessuno",
            ],
        },
    ),
    _block(
        "section-comments",
        "section",
        {"title": "Suggerimenti", "intro": "Le risposte scritte le legge solo il servizio formazione."},
    ),
    _block(
        "liked",
        "short_text",
        {"text": "In una frase: che cosa ti porti a casa?", "help_text": "", "required": False},
    ),
    _block(
        "improve",
        "long_text",
        {"text": "Che cosa miglioreresti nelle prossime edizioni?", "help_text": "", "required": False},
    ),
]


def forwards(apps, schema_editor):
    grant_to_role(
        apps,
        "training_manager",
        [
            "surveys.manage_surveys",
            "surveys.view_results",
            *model_perms("surveys", "questionnaire"),
            *model_perms("surveys", "survey"),
        ],
    )
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    if not Questionnaire.objects.filter(title=DEFAULT_TITLE).exists():
        Questionnaire.objects.create(
            title=DEFAULT_TITLE,
            purpose="evaluation",
            description=(
                "Grazie per aver partecipato. Bastano cinque minuti: le tue risposte ci "
                "aiutano a migliorare le prossime edizioni."
            ),
            body=BODY,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("accounts", "0004_role_codes_and_affiliation_capability"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
