"""Moodle XML and GIFT: every supported type round-trips; bad files create nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes import services
from quizzes.admin_views import export_questions
from quizzes.formats import gift, moodle_xml
from quizzes.models import Choice, Question, QuestionCategory

from .factories import make_bank

pytestmark = pytest.mark.django_db


def _snapshot(questions):
    return [
        (
            q.type,
            q.name,
            q.text,
            q.general_feedback,
            q.default_mark,
            q.case_sensitive,
            [
                (c.text, c.fraction, c.feedback, c.tolerance, c.match_answer)
                for c in q.choices.order_by("sort_order", "pk")
            ],
        )
        for q in questions
    ]


def test_moodle_xml_round_trip_of_every_type(course, programme):
    originals = make_bank(course)
    assert {q.type for q in originals} == {t for t, _l in Question.Type.choices}
    exported = export_questions(Question.objects.filter(pk__in=[q.pk for q in originals]))
    result = moodle_xml.parse(exported)
    assert result.ok, result.problems
    other = course.__class__.objects.create(
        programme=programme, code="UD2", title="Altro", slug="ud2-altro"
    )
    created = services.bank_import(course=other, questions=result.questions, default_category="X")
    assert QuestionCategory.objects.get(course=other).name == "Generale"
    assert _snapshot(created) == _snapshot(originals)


GIFT_EVERY_TYPE = """
// Un commento
$CATEGORY: $course$/top/Accesso agli atti

::Singola::Entro quanti giorni va concluso il procedimento di accesso? {
=30 giorni#Giusto: articolo 25.
~60 giorni#No.
~90 giorni
####Lo dice la legge 241 del 1990.}

::Multipla::Quali sono forme di accesso? {
~%50%Documentale
~%50%Civico generalizzato
~%-100%Telepatico
}

::Vero falso::L'accesso civico è gratuito. {T#Sbagliato.#Giusto.}

::Breve::Sigla della legge sul procedimento: legge n. {=241 =241/1990}

::Numerica::In che anno è stato emanato il d.lgs. 33? {#2013:0}

::Intervallo::Un numero tra 1 e 5 {#1..5}

::Corrispondenza::Abbina. {
=Accesso documentale -> L. 241/1990
=Accesso civico -> D.lgs. 33/2013
}

::Aperta::Racconta un'istanza di accesso che hai gestito. {}

::Parola mancante::Il responsabile del procedimento {=risponde ~non risponde} dell'istruttoria.

::Escape::Quanto fa 1\\=1? {=vero\\: sì ~falso}
"""


def test_gift_reads_every_supported_type():
    result = gift.parse(GIFT_EVERY_TYPE.encode())
    assert result.ok, result.problems
    by_name = {q.name: q for q in result.questions}
    assert [q.type for q in result.questions] == [
        "single",
        "multiple",
        "truefalse",
        "short",
        "numeric",
        "numeric",
        "matching",
        "essay",
        "single",
        "single",
    ]
    single = by_name["Singola"]
    assert single.category == "Accesso agli atti"
    assert single.choices[0].feedback == "Giusto: articolo 25."
    assert "241 del 1990" in single.general_feedback
    assert [c.fraction for c in by_name["Multipla"].choices] == [
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("-1"),
    ]
    tf = by_name["Vero falso"]
    assert tf.choices[0].fraction == 1 and tf.choices[0].feedback == "Giusto."
    assert (
        by_name["Intervallo"].choices[0].text == "3"
        and by_name["Intervallo"].choices[0].tolerance == 2
    )
    assert by_name["Corrispondenza"].choices[1].match_answer == "D.lgs. 33/2013"
    assert "_____" in by_name["Parola mancante"].text
    assert by_name["Escape"].choices[0].text == "vero: sì"
    assert "1=1" in by_name["Escape"].text


def test_gift_then_moodle_xml_round_trip(course):
    result = gift.parse(GIFT_EVERY_TYPE.encode())
    created = services.bank_import(course=course, questions=result.questions, default_category="X")
    again = moodle_xml.parse(
        export_questions(Question.objects.filter(pk__in=[q.pk for q in created]))
    )
    assert again.ok, again.problems
    assert [q.type for q in again.questions] == [q.type for q in result.questions]


BROKEN_GIFT = """
::Buona::Domanda buona {=sì ~no}

::Senza risposte::Solo una descrizione.

::Nessuna giusta::Domanda {~a ~b}

::Numero rotto::Quanto? {#abc}
"""


def test_gift_reports_every_broken_question_by_line():
    result = gift.parse(BROKEN_GIFT.encode())
    assert not result.ok
    assert len(result.questions) == 1
    assert [p.where for p in result.problems] == ["riga 4", "riga 6", "riga 8"]


UNKNOWN_XML = b"""<?xml version="1.0"?>
<quiz>
  <question type="multichoice"><name><text>Buona</text></name>
    <questiontext format="html"><text>Testo</text></questiontext><single>true</single>
    <answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer>
  </question>
  <question type="calculated"><name><text>Calcolata</text></name>
    <questiontext><text>x</text></questiontext></question>
  <question type="multianswer"><name><text>Cloze</text></name>
    <questiontext><text>x</text></questiontext></question>
</quiz>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&secret;</text></name>
<questiontext><text>&secret;</text></questiontext></question></quiz>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<quiz><question type="essay"><name><text>&lol2;</text></name></question></quiz>"""


def test_moodle_xml_reports_unknown_types():
    result = moodle_xml.parse(UNKNOWN_XML)
    assert not result.ok and len(result.questions) == 1
    assert [p.where for p in result.problems] == ["domanda 2 («Calcolata»)", "domanda 3 («Cloze»)"]
    assert "calculated" in result.problems[0].message


@pytest.mark.parametrize(
    "content", [XXE, BILLION_LAUGHS, b"<quiz><question", b"<html></html>", b""]
)
def test_dangerous_or_malformed_xml_reads_nothing(content):
    result = moodle_xml.parse(content)
    assert not result.ok and not result.questions and result.problems


# --- The admin import: preview, then all or nothing ---------------------------------------


def _upload(client, course, name, content, **extra):
    return client.post(
        reverse("quizzes_admin:import"),
        {
            "course": course.pk,
            "category": "Importate",
            "format": "auto",
            "file": SimpleUploadedFile(name, content, content_type="text/plain"),
            **extra,
        },
    )


def test_import_preview_then_confirm(client, training_manager, course):
    client.force_login(training_manager)
    assert client.get(reverse("quizzes_admin:import")).status_code == 200
    preview = _upload(client, course, "banca.gift", GIFT_EVERY_TYPE.encode())
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Confermando si creano 10 domande" in html
    assert not Question.objects.exists()  # the preview creates nothing
    payload = preview.context["confirm_form"]["payload"].value()
    response = client.post(reverse("quizzes_admin:import"), {"payload": payload})
    assert response.status_code == 302
    assert Question.objects.filter(category__course=course).count() == 10
    assert Choice.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("banca.xml", XXE, "DTD"),
        ("banca.xml", UNKNOWN_XML, "non è supportato"),
        ("banca.gift", BROKEN_GIFT.encode(), "riga 6"),
        ("banca.exe", b"MZ\x90\x00binary", "estensione"),
        ("banca.xml", b"\x00\x01\x02binary", "contenuto"),
    ],
)
def test_bad_files_are_refused_and_create_nothing(
    client, training_manager, course, name, content, message
):
    client.force_login(training_manager)
    response = _upload(client, course, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_huge_files_are_refused(client, training_manager, course, settings):
    settings.QUIZZES_IMPORT_MAX_BYTES = 1000
    client.force_login(training_manager)
    response = _upload(client, course, "banca.gift", GIFT_EVERY_TYPE.encode() * 10)
    assert "oltre il limite" in response.content.decode()
    assert not Question.objects.exists()


def test_a_tampered_payload_imports_nothing(client, training_manager, course):
    client.force_login(training_manager)
    response = client.post(reverse("quizzes_admin:import"), {"payload": "falso"}, follow=True)
    assert "Anteprima scaduta o non valida" in response.content.decode()
    assert not Question.objects.exists()


def test_a_failure_half_way_leaves_nothing(course, monkeypatch):
    result = gift.parse(GIFT_EVERY_TYPE.encode())
    calls = {"n": 0}
    original = services.question_create

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(services, "question_create", failing)
    with pytest.raises(RuntimeError):
        services.bank_import(course=course, questions=result.questions, default_category="X")
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_export_and_import_are_for_quiz_managers_only(
    client, teacher, learner, course, training_manager
):
    make_bank(course)
    url = reverse("quizzes_admin:export") + f"?course={course.pk}"
    for person in (teacher, learner):
        client.force_login(person)
        assert client.get(url).status_code in (302, 403)
        assert client.get(reverse("quizzes_admin:import")).status_code in (302, 403)
    client.force_login(training_manager)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert moodle_xml.parse(response.content).ok


def test_training_managers_hold_the_capability(training_manager, teacher):
    assert training_manager.has_perm("quizzes.manage_quizzes")
    assert training_manager.has_perm("quizzes.add_question")
    assert not teacher.has_perm("quizzes.manage_quizzes")
