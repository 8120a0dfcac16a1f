"""The question bank and quizzes in the Wagtail admin: training managers only, and a
question's answers checked as a whole."""

import pytest
from django.urls import reverse

from quizzes.models import Question, QuestionCategory, Quiz

pytestmark = pytest.mark.django_db


def _question_data(category, kind, choices):
    data = {
        "category": category.pk,
        "type": kind,
        "name": "Domanda dall'admin",
        "text": "<p>Testo <script>alert(1)</script></p>",
        "default_mark": "1",
        "general_feedback": "",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for index, (text, fraction) in enumerate(choices):
        data.update(
            {
                f"choices-{index}-text": text,
                f"choices-{index}-fraction": fraction,
                f"choices-{index}-feedback": "",
                f"choices-{index}-tolerance": "",
                f"choices-{index}-match_answer": "",
                f"choices-{index}-ORDER": str(index + 1),
                f"choices-{index}-id": "",
                f"choices-{index}-DELETE": "",
            }
        )
    return data


def test_admin_pages_for_training_managers(client, training_manager, course, teacher):
    category = QuestionCategory.objects.create(course=course, name="Generale")
    client.force_login(training_manager)
    for name in ("quiz_categories", "quiz_questions", "quiz_settings"):
        assert client.get(reverse(f"{name}:index")).status_code == 200
        assert client.get(reverse(f"{name}:add")).status_code == 200
    url = reverse("quiz_questions:add")
    response = client.post(url, _question_data(category, "single", [("a", "0"), ("b", "0")]))
    assert response.status_code == 200 and not Question.objects.exists()
    assert "nessuna risposta è giusta" in response.content.decode().lower()
    response = client.post(url, _question_data(category, "single", [("a", "1"), ("b", "0")]))
    assert response.status_code == 302
    question = Question.objects.get()
    assert "<script>" not in question.text and question.choices.count() == 2
    client.force_login(teacher)
    assert client.get(reverse("quiz_questions:index")).status_code in (302, 403)


def test_quiz_form_refuses_questions_of_another_course(client, training_manager, course, programme):
    other = course.__class__.objects.create(
        programme=programme, code="UD2", title="Altro", slug="ud2"
    )
    foreign = QuestionCategory.objects.create(course=other, name="Altrove")
    question = Question.objects.create(category=foreign, type="essay", name="Tema", text="<p>x</p>")
    client.force_login(training_manager)
    data = {
        "course": course.pk,
        "title": "Quiz",
        "intro": "",
        "attempts_allowed": "0",
        "grading_method": "highest",
        "pass_mark": "60",
        "review_score": "immediately",
        "review_answers": "after_close",
        "review_feedback": "immediately",
        "shuffle_answers": "on",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-question": question.pk,
        "slots-0-mark": "",
        "slots-0-ORDER": "1",
        "slots-0-id": "",
        "slots-0-DELETE": "",
        "random_rules-TOTAL_FORMS": "0",
        "random_rules-INITIAL_FORMS": "0",
        "random_rules-MIN_NUM_FORMS": "0",
        "random_rules-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("quiz_settings:add"), data)
    assert response.status_code == 200
    assert "non è nella banca di questo corso" in response.content.decode()
    assert not Quiz.objects.exists()
    data["course"] = other.pk
    assert client.post(reverse("quiz_settings:add"), data).status_code == 302
    assert Quiz.objects.get().slots.count() == 1
