"""The demo library: real files for the demo plan's units, made once."""

from datetime import date

import pytest
from wagtail.search.backends import get_search_backend

from courses.models import Course, Programme
from demo import resources as resources_demo
from resources.models import Resource, ResourceFile, ResourceVersion


@pytest.fixture
def demo_plan(db):
    earlier = Programme.objects.create(
        title="Piano regionale",
        slug="piano-regionale",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    later = Programme.objects.create(
        title="Piano successivo",
        slug="piano-successivo",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    units = [
        Course.objects.create(
            programme=earlier, code=f"UD{n}", title=f"Unità {n}", slug=f"ud{n}", sort_order=n
        )
        for n in range(1, 5)
    ]
    Course.objects.create(programme=later, code="UD1", title="Unità nuova", slug="ud1-nuova")
    return units


def test_the_units_of_the_demo_plan_get_their_materials(demo_plan):
    lines = []
    resources_demo.seed(scale=1, log=lines.append)
    ud1 = demo_plan[0]
    titles = set(Resource.objects.filter(course=ud1).values_list("title", flat=True))
    assert {
        "La trasparenza e il diritto di accesso agli atti",
        "Il regime di responsabilità dei dipendenti pubblici",
        "Scheda dell'unità didattica UD1",
    } <= titles
    for unit in demo_plan:
        assert Resource.objects.filter(course=unit, kind="template").exists()
    assert not Resource.objects.filter(course__slug="ud1-nuova").exists()
    audiences = set(Resource.objects.values_list("audience", flat=True))
    assert audiences == {"public", "registered", "enrolled", "staff"}
    assert Resource.objects.filter(format="folder").exists()
    guide = Resource.objects.get(title__startswith="Linee guida operative")
    assert guide.current_version.number == 2
    assert "controinteressat" in guide.current_version.change_note
    assert set(ResourceFile.objects.values_list("processing", flat=True)) == {"done"}
    assert all(f.preview for f in ResourceFile.objects.filter(file_type="pdf"))
    assert lines[-1].startswith("Resources:")


def test_the_demo_files_are_small_and_searchable(demo_plan):
    resources_demo.seed(scale=1, log=lambda line: None)
    assert (
        max(f.document.file_size for f in ResourceFile.objects.select_related("document")) < 20_000
    )
    found = get_search_backend().search("controinteressati", Resource.objects.all())
    assert "La trasparenza e il diritto di accesso agli atti" in {r.title for r in found}


def test_a_second_run_adds_nothing(demo_plan):
    resources_demo.seed(scale=1, log=lambda line: None)
    counts = (
        Resource.objects.count(),
        ResourceVersion.objects.count(),
        ResourceFile.objects.count(),
    )
    resources_demo.seed(scale=1, log=lambda line: None)
    assert (
        Resource.objects.count(),
        ResourceVersion.objects.count(),
        ResourceFile.objects.count(),
    ) == counts


def test_without_a_demo_plan_the_library_is_still_made(db):
    lines = []
    resources_demo.seed(scale=1, log=lines.append)
    assert not Resource.objects.filter(course__isnull=False).exists()
    assert Resource.objects.filter(title="Modulo di richiesta di accesso documentale").exists()
    assert any("unit materials skipped" in line for line in lines)


def test_scale_adds_notes_for_load_tests(db):
    resources_demo.seed(scale=3, log=lambda line: None)
    assert Resource.objects.filter(slug__startswith="nota-operativa-").count() == 80
    resources_demo.seed(scale=3, log=lambda line: None)
    assert Resource.objects.filter(slug__startswith="nota-operativa-").count() == 80
