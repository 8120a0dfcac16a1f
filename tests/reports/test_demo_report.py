"""With the demo data the programme report is the table of the regional plan's report."""

from bs4 import BeautifulSoup

from demo.courses import FINISHED_SLUG
from reports.certificates import holder_querysets


def test_the_demo_programme_report_is_the_domain_briefs_table(client, demo_db):
    from website.accounts.models import User

    client.force_login(User.objects.get(email="gestore@aula.example"))
    response = client.get(f"/report/piani/{FINISHED_SLUG}/")
    table = BeautifulSoup(response.content, "html.parser").select_one("table.programme-report")
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr")
    }
    assert header == ["UD1", "UD2", "UD3", "UD4", "Totale"]
    assert rows["Corsi (unità didattiche)"] == ["1", "1", "1", "1", "4"]
    assert rows["Edizioni d'aula"] == ["6", "6", "4", "4", "20"]
    assert rows["Giornate d'aula"] == ["18", "12", "8", "8", "46"]
    assert rows["Ore per giornata"] == ["5", "5", "5", "5", "—"]
    assert rows["Ore d'aula"] == ["90", "60", "40", "40", "230"]
    assert rows["Partecipanti"][-1] == "593"
    # 316 certificates once the certificates app issues them from these registers.
    certificates = "316" if holder_querysets() else "0"
    assert rows["Attestati di partecipazione"][-1] == certificates
