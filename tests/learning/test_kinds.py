"""Completion under "submitted"/"passed" comes from the kinds' adapters, once per kind."""

from types import SimpleNamespace

import pytest

from learning import kinds
from learning.selectors import completed_pairs

pytestmark = pytest.mark.django_db


class FakeQuizKind(kinds.Kind):
    code = "fake_quiz"
    label = "Quiz di prova"
    rules = frozenset({kinds.SUBMITTED, kinds.PASSED})

    def __init__(self):
        self.calls = []

    def computed_pairs(self, activities, user_ids):
        self.calls.append(([a.pk for a in activities], list(user_ids)))
        passed = {(1, 10)}
        return {
            (a.pk, u)
            for a in activities
            for u in user_ids
            if a.completion == kinds.SUBMITTED or (a.pk, u) in passed
        }


@pytest.fixture
def fake_kind(monkeypatch):
    kind = FakeQuizKind()
    monkeypatch.setitem(kinds._KINDS, kind.code, kind)
    return kind


def test_computed_rules_are_asked_of_the_adapter_once_for_all(fake_kind):
    passed = SimpleNamespace(pk=1, kind="fake_quiz", completion=kinds.PASSED)
    submitted = SimpleNamespace(pk=2, kind="fake_quiz", completion=kinds.SUBMITTED)
    pairs = completed_pairs([passed, submitted], [10, 11])
    assert pairs == {(1, 10), (2, 10), (2, 11)}
    assert fake_kind.calls == [([1, 2], [10, 11])]
    assert ("fake_quiz", "Quiz di prova") in kinds.kind_choices()
