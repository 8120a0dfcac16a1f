"""A year reads as a year (2026), never as a number with a thousands separator (2.026)."""

import pytest
from django.urls import reverse

from records.selectors import current_year

pytestmark = pytest.mark.django_db


def test_the_dashboard_and_the_record_write_the_year_without_a_separator(client, operator):
    year = current_year()
    grouped = f"{str(year)[0]}.{str(year)[1:]}"
    client.force_login(operator)

    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    record = client.get(reverse("reports:training_record", args=[operator.pk])).content.decode()

    assert f"Le mie ore di formazione del {year}" in dashboard
    assert f"Ore di formazione del {year}" in record
    assert f'<option value="{year}" selected>{year}</option>' in record  # the year picker
    assert grouped not in dashboard and grouped not in record
