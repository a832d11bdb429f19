"""A municipality set up without the demo: the service, `ankunft add-municipality`, the
operators' page, and a first OParl import into it on a freshly migrated database."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from ankunft.core.models import AuditEntry, Municipality, Role
from ankunft.core.services import municipality_create
from ankunft.council.models import Paper
from tests import factories
from tests.council.oparl_server import SAMPLE

pytestmark = pytest.mark.django_db


def test_create_keeps_the_given_languages_with_german_first():
    m = municipality_create(
        actor=None, name=" Kreis Wesel ", slug="kreis-wesel", official_key="05170000",
        languages=["en", "de", "tr"],
    )  # fmt: skip
    m.refresh_from_db()
    assert (m.name, m.slug, m.official_key) == ("Kreis Wesel", "kreis-wesel", "05170000")
    assert m.content_languages == ["de", "en", "tr"]


def test_create_without_languages_offers_the_nine_defaults():
    m = municipality_create(actor=None, name="Hamm", slug="hamm")
    assert m.content_languages == ["de", "en", "tr", "ar", "ro", "bg", "uk", "ru", "fa"]


def test_create_is_audited_as_the_system():
    m = municipality_create(actor=None, name="Hamm", slug="hamm")
    entry = AuditEntry.objects.get(object_type="core.municipality", object_id=str(m.pk))
    assert (entry.action, entry.actor_id, entry.actor_name) == ("create", None, "system")
    assert entry.fields == ["content_languages", "name", "official_key", "slug"]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"name": ""}, "name", "Give the municipality's name."),
        ({"slug": "Bad Slug"}, "slug", "lower-case letters a-z, digits and single hyphens"),
        ({"slug": "a--b"}, "slug", "single hyphens"),
        ({"official_key": "5112"}, "official_key", "has 8 digits"),
        ({"languages": []}, "content_languages", "Give at least one language code."),
        ({"languages": ["de", "xx"]}, "content_languages", "Unknown language codes: xx"),
        ({"languages": ["de", "en", "en"]}, "content_languages", "en appears twice"),
        ({"languages": ["en"]}, "content_languages", "German (de) must be among"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(kwargs, field, message):
    values = {"name": "Hamm", "slug": "hamm", **kwargs}
    with translation.override("en"), pytest.raises(ValidationError) as info:
        municipality_create(actor=None, **values)
    assert list(info.value.message_dict) == [field]
    assert message in info.value.message_dict[field][0]
    assert not Municipality.objects.exists()
    assert not AuditEntry.objects.exists()


def test_name_and_short_name_must_be_new(town):
    with translation.override("en"), pytest.raises(ValidationError) as info:
        municipality_create(actor=None, name=town.name.upper(), slug=town.slug)
    assert info.value.message_dict == {
        "name": [f"A municipality named {town.name.upper()} exists already."],
        "slug": [f"The short name {town.slug} is taken."],
    }
    assert Municipality.objects.count() == 1


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.OPERATOR}))
def test_only_operators_may_create(town, make_user, role):
    with pytest.raises(PermissionDenied):
        municipality_create(actor=make_user(role), name="Hamm", slug="hamm")
    assert Municipality.objects.count() == 1


def _cli(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("add_municipality", *args, stdout=out)
    return out.getvalue()


def test_add_municipality_then_import_oparl_on_a_fresh_database():
    """The first real install: no demo, one command, then the council papers."""
    out = _cli("Karlsruhe", "--slug", "karlsruhe", "--ags", "08212000", "--languages", "de,en")
    assert out == "Created the municipality Karlsruhe (karlsruhe), languages: de, en.\n"
    karlsruhe = Municipality.objects.get(slug="karlsruhe")
    assert karlsruhe.official_key == "08212000"
    with translation.override("en"):
        call_command(
            "import_oparl", str(SAMPLE), "--municipality", "karlsruhe", "--no-progress",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    assert Paper.objects.for_municipality(karlsruhe.pk).count() == 300


def test_add_municipality_reports_every_wrong_field():
    with pytest.raises(CommandError) as info:
        _cli("X", "--slug", "Bad Slug", "--ags", "12", "--languages", "de, xx")
    message = str(info.value)
    assert "lower-case letters a-z" in message
    assert "has 8 digits" in message
    assert "Unknown language codes: xx" in message
    assert not Municipality.objects.exists()


def test_operator_page_lists_and_sets_up_municipalities(client, town):
    client.force_login(factories.user(Role.OPERATOR, None))
    url = reverse("core:municipality_list")
    page = client.get(url).content.decode()
    assert f"<td><code>{town.slug}</code></td>" in page
    response = client.post(
        url,
        {"name": "Hamm", "slug": "hamm", "official_key": "", "content_languages": ["de", "ar"]},
    )
    assert response.status_code == 302
    assert Municipality.objects.get(slug="hamm").content_languages == ["de", "ar"]


def test_operator_page_shows_the_error_next_to_the_field(client, town):
    client.force_login(factories.user(Role.OPERATOR, None))
    with translation.override("en"):
        response = client.post(
            reverse("core:municipality_list") + "?lang=en",
            {"name": "Hamm", "slug": town.slug, "content_languages": ["de"]},
        )
    assert response.status_code == 400
    assert response.context["form"].errors == {"slug": [f"The short name {town.slug} is taken."]}
    assert not Municipality.objects.filter(name="Hamm").exists()


def test_head_of_ki_may_not_open_the_operator_page(client, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    assert client.get(reverse("core:municipality_list")).status_code == 403
    response = client.post(reverse("core:municipality_list"), {"name": "X", "slug": "x"})
    assert response.status_code == 403
    assert not Municipality.objects.filter(slug="x").exists()
