"""Every page names the site's icon, so that browsers do not ask for a missing /favicon.ico."""

from django.contrib.staticfiles import finders


def test_pages_link_the_favicon_that_the_static_files_hold(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg").endswith("static/favicon.svg")
