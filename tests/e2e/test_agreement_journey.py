"""A course director sees Keystone's agreement expiring and renews it for two more years with
the signed PDF; the old agreement stays as history."""

from datetime import timedelta

import pytest

from partners.models import Agreement
from tests.e2e.journeys import DIRECTOR, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_director_renews_an_expiring_agreement(browser, live_server, journey_demo, tmp_path):
    signed = tmp_path / "MOU Keystone 2026-2028.pdf"
    signed.write_bytes(PDF)
    old = Agreement.objects.get(organization__slug="keystone-health-plan", renewal=None)
    context = new_context(browser, live_server, DIRECTOR)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agreements").click()
    first_row = page.get_by_role("row").nth(1)
    assert first_row.get_by_role("rowheader").inner_text() == "Keystone Health Plan"
    assert "Expiring" in first_row.inner_text()
    first_row.get_by_role("link", name="Keystone Health Plan", exact=True).click()

    page.get_by_role("link", name="Renew").first.click()
    starts_on = old.ends_on + timedelta(days=1)
    ends_on = starts_on.replace(year=starts_on.year + 2) - timedelta(days=1)
    assert page.get_by_label("New term starts").input_value() == starts_on.isoformat()
    page.get_by_label("New term ends").fill(ends_on.isoformat())
    page.get_by_label("Signed on").fill(old.ends_on.isoformat())
    page.get_by_label("Signed document (PDF)").set_input_files(str(signed))
    page.get_by_role("button", name="Renew").click()

    assert "The agreement is renewed until" in page.get_by_role("status").first.inner_text()
    cards = page.locator("main section.card")
    assert cards.count() == 2
    assert "Active" in cards.nth(0).inner_text()
    assert "MOU Keystone 2026-2028.pdf" in cards.nth(0).inner_text()
    assert "Ended" in cards.nth(1).inner_text()
    assert "Renewed by" in cards.nth(1).inner_text()
    renewal = Agreement.objects.get(renews=old)
    assert (renewal.starts_on, renewal.ends_on) == (starts_on, ends_on)
    assert renewal.document_name == "MOU Keystone 2026-2028.pdf"
    context.close()
