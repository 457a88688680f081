import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teaching.models import SessionMaterial
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    UserFactory,
)
from tests.partners.conftest import close_response, status_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<doc/>")
    return buffer.getvalue()


@pytest.fixture
def session(world):
    session = SeminarSessionFactory(program=world.program, status="published", room=world.room)
    SessionFacultyFactory(session=session, faculty_member=world.member, confirmation="confirmed")
    return session


@pytest.fixture
def enrolled(world):
    user = UserFactory(email="enrolled@hospital.example.org")
    EnrollmentFactory(program=world.program, learner=LearnerFactory(user=user, email=user.email))
    world.enrolled = user
    return user


def upload(client, session, name, content, content_type="application/pdf"):
    return client.post(
        f"/sessions/{session.pk}/materials/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("slides.pdf", PDF, "pdf"),
        ("Deck.PPTX", office_file("ppt/"), "pptx"),
        ("handout.docx", office_file("word/"), "docx"),
    ],
)
def test_faculty_upload_materials_stored_under_a_random_name(
    client, world, session, media_root, name, content, extension
):
    client.force_login(world.faculty_user)

    response = upload(client, session, name, content)

    material = SessionMaterial.objects.get()
    assert [str(m) for m in response.context["messages"]] == [f"“{name}” is uploaded."]
    assert material.original_name == name
    assert re.fullmatch(rf"session-materials/[0-9a-f]{{32}}\.{extension}", material.file.name)
    assert (media_root / material.file.name).read_bytes() == content
    assert material.size == len(content)


def test_a_file_name_with_path_characters_is_reduced_to_its_name(
    client, world, session, media_root
):
    client.force_login(world.faculty_user)

    upload(client, session, "../../etc/passwd.pdf", PDF)

    material = SessionMaterial.objects.get()
    assert material.original_name == "passwd.pdf"
    assert (media_root / material.file.name).resolve().parent == (
        media_root / "session-materials"
    ).resolve()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Upload a PDF, PowerPoint (.pptx) or Word (.docx) file."),
        ("notes.txt", b"hello", "Upload a PDF, PowerPoint (.pptx) or Word (.docx) file."),
        ("fake.pdf", b"<html>not a pdf</html>", "The file is not a valid PDF file."),
        ("fake.docx", office_file("ppt/"), "The file is not a valid DOCX file."),
        ("broken.pptx", b"PK\x03\x04garbage", "The file is not a valid PPTX file."),
    ],
)
def test_disallowed_types_are_refused_and_nothing_is_stored(
    client, world, session, media_root, name, content, message
):
    client.force_login(world.faculty_user)

    response = upload(client, session, name, content)

    assert [str(m) for m in response.context["messages"]] == [message]
    assert SessionMaterial.objects.count() == 0
    assert not (media_root / "session-materials").exists() or not any(
        (media_root / "session-materials").iterdir()
    )


def test_a_too_large_file_is_refused(client, world, session, settings, media_root):
    settings.PARTNERS_MATERIAL_MAX_BYTES = 1024
    client.force_login(world.faculty_user)

    response = upload(client, session, "big.pdf", PDF + b"0" * 2048)

    assert [str(m) for m in response.context["messages"]] == [
        "The file is 2.0\xa0KB; the limit is 1.0\xa0KB."
    ]
    assert SessionMaterial.objects.count() == 0


@pytest.fixture
def material(client, world, session):
    client.force_login(world.faculty_user)
    upload(client, session, "slides.pdf", PDF)
    client.logout()
    return SessionMaterial.objects.get()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),  # a resident not enrolled in this program
        ("enrolled", 200),
        ("other_faculty_user", 403),
        ("liaison", 403),
        ("other_director", 403),
        ("faculty_user", 200),
        ("director", 200),
        ("staff", 200),
    ],
)
def test_downloads_are_for_the_sessions_learners_faculty_and_directors(
    client, world, enrolled, material, role, expected
):
    status = status_for(client, world, role, f"/materials/{material.pk}/download/")

    assert status == expected


def test_download_sends_the_file_as_an_attachment_under_its_original_name(client, world, material):
    client.force_login(world.director)

    response = client.get(f"/materials/{material.pk}/download/")

    content = b"".join(response.streaming_content)
    close_response(response)
    assert content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="slides.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_learners_of_a_draft_session_cannot_download(client, world, enrolled, material):
    material.session.status = "draft"
    material.session.save()

    assert status_for(client, world, "enrolled", f"/materials/{material.pk}/download/") == 403


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("enrolled", 403),
        ("other_faculty_user", 403),
        ("other_director", 403),
        ("liaison", 403),
        ("faculty_user", 302),
        ("director", 302),
    ],
)
def test_only_the_sessions_faculty_and_directors_upload(
    client, world, enrolled, session, role, expected
):
    data = {"file": SimpleUploadedFile("slides.pdf", PDF)}

    status = status_for(client, world, role, f"/sessions/{session.pk}/materials/", "post", data)

    assert status == expected
    assert SessionMaterial.objects.count() == (1 if role in {"faculty_user", "director"} else 0)


def test_deleting_a_material_removes_the_file(client, world, material, media_root):
    stored = media_root / material.file.name
    client.force_login(world.other_faculty_user)
    refused = client.post(f"/materials/{material.pk}/delete/")
    client.force_login(world.faculty_user)

    client.post(f"/materials/{material.pk}/delete/")

    assert refused.status_code == 403
    assert (SessionMaterial.objects.count(), stored.exists()) == (0, False)


def test_materials_page_lists_files_to_enrolled_learners_without_upload(
    client, world, enrolled, material
):
    client.force_login(enrolled)

    response = client.get(f"/sessions/{material.session_id}/materials/")

    assert [m.original_name for m in response.context["materials"]] == ["slides.pdf"]
    assert response.context["can_upload"] is False
