"""Training managers read the reports from the Wagtail admin too."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_the_reports_in_the_admin(client, plan, training_manager):
    client.force_login(training_manager)
    index = soup(client.get("/admin/report/"))
    assert index.select_one("a[href='/admin/report/piani/piano-misurato/']")
    programme = soup(client.get("/admin/report/piani/piano-misurato/"))
    rows = programme.select("table.programme-report tbody tr")
    assert [td.get_text(strip=True) for td in rows[1].find_all("td")] == ["2", "2", "4"]
    assert programme.select_one("svg[role=img]")
    clusters = soup(client.get("/admin/report/cluster/?piano=piano-misurato"))
    assert len(clusters.select("table.participation-report tbody tr")) == 2
    centres = soup(client.get("/admin/report/centri/"))
    assert len(centres.select("table.participation-report tbody tr")) == 4
    assert "Filtro non valido" not in centres.get_text()


def test_cluster_leads_do_not_reach_the_admin_reports(client, plan, cluster_lead):
    client.force_login(cluster_lead)
    for url in ("/admin/report/", "/admin/report/cluster/", "/admin/report/piani/piano-misurato/"):
        assert client.get(url).status_code in (302, 403)
