"""Property tests: whatever bytes arrive, clean_upload returns a sound CleanUpload or raises ValidationError."""

import io
import os

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PIL import Image

from portal.media.validation import CleanUpload, clean_upload, make_thumbnail

from . import samples
from .samples import encode, noise_image, upload

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow complains about the broken inputs

# MEDIA_FUZZ_EXAMPLES=20000 for a longer hunt; 200 keeps the suite quick.
FUZZ = hsettings(max_examples=int(os.environ.get("MEDIA_FUZZ_EXAMPLES", "200")), deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CODES = {"empty", "too_large", "too_many_pixels", "unsupported", "bad_image", "bad_pdf", "encrypted"}
PILLOW_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def _bases():
    small = noise_image((32, 24), seed=7)
    return {
        "jpeg+exif": encode(small, "JPEG", exif=samples.exif_with_gps(orientation=6), comment=b"hi"),
        "jpeg-progressive": encode(small, "JPEG", progressive=True),
        "mpo": samples.mpo_photo(),
        "png+text": samples.png_with_metadata(),
        "png-palette": encode(small.convert("P", palette=Image.Palette.ADAPTIVE, colors=8), "PNG", transparency=0),
        "png-rgba-interlaced": encode(noise_image((16, 16), mode="RGBA"), "PNG", interlace=1),
        "webp+exif": encode(small, "WEBP", exif=samples.exif_with_gps(orientation=3)),
        "webp-lossless": encode(noise_image((16, 16), mode="RGBA"), "WEBP", lossless=True),
        "pdf": samples.pdf(pages=2),
    }


BASES = _bases()
MAGIC = [
    b"\xff\xd8\xff", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"\x89PNG\r\n\x1a\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"RIFF\x00\x10\x00\x00WEBPVP8 ", b"RIFF\x00\x10\x00\x00WEBPVP8X", b"RIFF\x00\x10\x00\x00WEBPVP8L",
    b"%PDF-1.7\n", b"GIF89a", b"BM", b"II*\x00", b"<svg", b"",
]


def assert_sound(data: bytes):
    try:
        clean = clean_upload(upload("fuzz.bin", data))
    except ValidationError as exc:
        event(f"refused: {exc.code}")
        assert exc.code in CODES and exc.messages and all(m.startswith("fuzz.bin ") for m in exc.messages)
        return
    assert isinstance(clean, CleanUpload)
    event(f"accepted: {clean.content_type}")
    if clean.kind == "pdf":
        assert clean.content == data and clean.content_type == "application/pdf"
        return
    assert clean.kind == "image"
    with Image.open(io.BytesIO(clean.content)) as img:
        img.load()
        assert img.format == PILLOW_FORMAT[clean.content_type]
        assert img.size == (clean.width, clean.height)
        assert max(img.size) <= django_settings.IMAGE_MAX_SIDE
        assert not img.getexif()
    with Image.open(io.BytesIO(make_thumbnail(clean.content))) as thumb:
        assert thumb.mode == "RGB" and max(thumb.size) <= django_settings.THUMBNAIL_SIDE


@st.composite
def mutated_files(draw):
    data = bytearray(BASES[draw(st.sampled_from(sorted(BASES)))])
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        # Headers are where parsers make their decisions: aim there half the time.
        pos = draw(st.one_of(st.integers(0, min(len(data), 200) - 1), st.integers(0, len(data) - 1)))
        op = draw(st.sampled_from(["flip", "set", "truncate", "insert", "delete", "duplicate"]))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[pos] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0xDA, 0xD9, 0xC0, 0x01]))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=24))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 64))]
        else:
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 256))]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    assert_sound(data)


@FUZZ
@given(st.sampled_from(MAGIC), st.binary(max_size=2048))
def test_random_bytes_behind_a_known_signature(magic, tail):
    assert_sound(magic + tail)


@FUZZ
@given(mutated_files())
def test_mutated_valid_files(data):
    assert_sound(data)


@hsettings(max_examples=60, deadline=None, database=None)
@given(
    st.integers(1, 48), st.integers(1, 48),
    st.sampled_from(["RGB", "RGBA", "L", "LA", "P", "1", "CMYK", "I;16"]),
    st.sampled_from(["JPEG", "PNG", "WEBP"]),
    st.integers(0, 2**16),
)
def test_every_real_image_is_accepted_with_its_size(width, height, mode, fmt, seed):
    img = noise_image((width, height), mode="RGBA" if mode in ("RGBA", "LA") else "RGB", seed=seed)
    img = img.convert("I;16") if mode == "I;16" else img.convert(mode)
    writable = {"JPEG": ("RGB", "L", "CMYK"), "PNG": ("RGB", "RGBA", "L", "LA", "P", "1", "I;16"),
                "WEBP": ("RGB", "RGBA")}[fmt]
    if mode not in writable:
        img = img.convert("RGBA" if "A" in mode and fmt != "JPEG" else "RGB")
    clean = clean_upload(upload("anh.jpg", encode(img, fmt)))
    assert (clean.width, clean.height) == (width, height)
    assert clean.content_type == f"image/{fmt.lower()}"
    assert_sound(clean.content)  # and cleaning a clean file is fine too


@pytest.mark.django_db
@hsettings(max_examples=int(os.environ.get("MEDIA_FUZZ_HTTP_EXAMPLES", "25")), deadline=None, database=None,
           suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                  HealthCheck.function_scoped_fixture])
@given(data=st.one_of(mutated_files(), st.builds(bytes.__add__, st.sampled_from(MAGIC), st.binary(max_size=512))),
       name=st.sampled_from(["anh.jpg", "don.pdf", "scan.png", "x.webp", "khong-ten"]))
def test_malformed_files_through_the_api_are_a_201_or_a_400_naming_the_file_never_a_500(data, name, client, ward,
                                                                                         category, settings):
    """End to end: the intake endpoint with a malformed attachment answers 201 (the file was sound) or 400 with a
    message under `files` that names the file; never a 500, and a refused submission creates no case."""
    from portal.cases.models import Case

    settings.RATELIMIT_ENABLE = False
    before = Case.objects.count()
    response = client.post("/api/v1/cases/", {
        "ward": ward.code, "kind": "feedback", "category": category.code, "title": "Ảnh ổ gà trên đường",
        "description": "Ổ gà lớn trước số 45, xe máy dễ té.", "is_anonymous": "true",
        "files": upload(name, data),
    })
    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        messages = response.json()["files"]
        assert messages and all(isinstance(m, str) and name in m for m in messages), messages
        assert Case.objects.count() == before
    else:
        assert Case.objects.count() == before + 1
