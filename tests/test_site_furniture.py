"""What every page carries: the site's icon and the way to the API's documentation."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_icon_is_served_to_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")


@pytest.mark.parametrize("path", ["/sign-in/", "/", "/forces/durham/"])
def test_every_page_names_its_icon_and_links_the_api_docs(client, signed_in, path):
    reader = client if path == "/sign-in/" else signed_in
    if path == "/sign-in/":
        reader.logout()
    html = reader.get(path).content.decode()
    assert 'rel="icon"' in html and "favicon" in html
    assert 'href="/api/docs/"' in html
