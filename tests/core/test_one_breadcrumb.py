"""One breadcrumb trail: ``templates/includes/breadcrumbs.html``, drawn by base.html from
the ``breadcrumbs`` list the views give (website.core.navigation.trail).

The guards read every product template: an app's own trail (a copy of the markup, an
include of its own or of a deleted ``…/breadcrumbs.html``, an override of the block)
fails here before it reaches a page.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THE_INCLUDE = "templates/includes/breadcrumbs.html"
SKIPPED = {".venv", "node_modules", "staticfiles", "static", "tests", ".git"}

TRAIL_MARKUP = re.compile(r"""class\s*=\s*["'][^"']*\bbreadcrumb""")
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
BLOCK = re.compile(r"{%\s*block\s+breadcrumbs\s*%}")


def templates():
    for path in sorted(ROOT.rglob("*.html")):
        relative = path.relative_to(ROOT)
        if not SKIPPED.intersection(relative.parts):
            yield relative.as_posix(), path.read_text(encoding="utf-8")


def test_the_guard_reads_the_apps_templates():
    names = [name for name, _text in templates()]
    assert THE_INCLUDE in names
    assert "templates/base.html" in names
    for app in ("learning", "quizzes", "surveys", "packages", "quality", "records"):
        assert any(name.startswith(f"{app}/templates/") for name in names), app


def test_only_the_one_include_draws_a_breadcrumb_list():
    drawn = [name for name, text in templates() if TRAIL_MARKUP.search(text)]
    assert drawn == [THE_INCLUDE]


def test_no_template_includes_another_breadcrumb_template():
    wrong = sorted(
        f"{name}: {included}"
        for name, text in templates()
        for included in INCLUDE.findall(text)
        if included.endswith("breadcrumbs.html") and included != "includes/breadcrumbs.html"
    )
    assert wrong == []


def test_only_base_html_has_the_breadcrumbs_block():
    overriding = [name for name, text in templates() if BLOCK.search(text)]
    assert overriding == ["templates/base.html"]


def test_the_guards_catch_an_apps_own_trail():
    old = (
        '{% block breadcrumbs %}{% include "courses/includes/breadcrumbs.html" %}{% endblock %}'
        '<ol class="breadcrumb"><li class="breadcrumb-item">x</li></ol>'
    )
    assert TRAIL_MARKUP.search(old)
    assert BLOCK.search(old)
    assert INCLUDE.findall(old) == ["courses/includes/breadcrumbs.html"]
