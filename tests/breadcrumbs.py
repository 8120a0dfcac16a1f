"""Reads the one breadcrumb trail of a page (templates/includes/breadcrumbs.html)."""

from bs4 import BeautifulSoup


def trail(response):
    """The trail as (label, href or None) steps, after checking there is exactly one."""
    page = BeautifulSoup(response.content, "html.parser")
    navs = page.select("nav.breadcrumb-container")
    assert len(navs) == 1, "one breadcrumb trail per page"
    assert navs[0]["aria-label"] == "Percorso di navigazione"
    items = navs[0].select("li.breadcrumb-item")
    current = [item for item in items if item.get("aria-current") == "page"]
    assert current == [items[-1]], "only the last step is the current page, and it is no link"
    assert items[-1].find("a") is None
    return [
        (item.get_text(strip=True).rstrip("/"), item.a["href"] if item.a else None)
        for item in items
    ]
