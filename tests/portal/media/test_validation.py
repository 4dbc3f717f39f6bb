"""portal.media.validation: uploads are judged by content, images re-encoded without metadata, bombs refused."""

import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from portal.media import validation
from portal.media.validation import CleanUpload, clean_upload, make_thumbnail

from . import samples
from .samples import SECRET, encode, noise_image, upload

METADATA_MARKERS = (b"Exif", SECRET.encode(), b"Model-X", b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"ICC_PROFILE",
                    b"http://ns.adobe.com/xap")


def refused(name, content):
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload(name, content))
    (message,) = excinfo.value.messages
    assert name in message
    return excinfo.value.code, message


def reopened(clean: CleanUpload):
    img = Image.open(io.BytesIO(clean.content))
    img.load()
    return img


def assert_no_metadata(clean: CleanUpload):
    for marker in METADATA_MARKERS:
        assert marker not in clean.content, marker
    with Image.open(io.BytesIO(clean.content)) as img:
        assert not img.getexif()
        assert img.getexif().get_ifd(0x8825) == {}  # no GPS
        assert not {"exif", "xmp", "icc_profile", "comment", "Author", "Comment", "Description"} & set(img.info)


# --- accepted ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "content_type", "extension"), [
    ("JPEG", "image/jpeg", "jpg"), ("PNG", "image/png", "png"), ("WEBP", "image/webp", "webp")])
def test_real_images_are_accepted_and_re_encoded(fmt, content_type, extension):
    original = encode(noise_image((64, 48)), fmt)
    clean = clean_upload(upload("anh.bin", original))  # the name says nothing; the content decides
    assert (clean.kind, clean.content_type, clean.extension) == ("image", content_type, extension)
    assert (clean.width, clean.height) == (64, 48)
    assert clean.original_name == "anh.bin"
    assert clean.sha256 == hashlib.sha256(clean.content).hexdigest()
    with reopened(clean) as img:
        assert img.format == fmt and img.size == (64, 48)


def test_jpeg_exif_and_gps_are_stripped():
    original = encode(noise_image(), "JPEG", exif=samples.exif_with_gps(), comment=SECRET.encode())
    with Image.open(io.BytesIO(original)) as img:  # the sample really carries what we strip
        assert img.getexif().get_ifd(0x8825)[1] == "N" and SECRET.encode() in original
    clean = clean_upload(upload("anh.jpg", original))
    assert_no_metadata(clean)


def test_jpeg_xmp_and_icc_profile_are_stripped():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="10,48.1N"/></x:xmpmeta>'
    original = encode(noise_image(), "JPEG", xmp=xmp, icc_profile=b"icc" + SECRET.encode())
    clean = clean_upload(upload("anh.jpg", original))
    assert_no_metadata(clean)
    assert b"GPSLatitude" not in clean.content


def test_png_text_chunks_exif_and_icc_are_stripped():
    original = samples.png_with_metadata()
    assert original.count(SECRET.encode()) >= 2 and b"eXIf" in original
    clean = clean_upload(upload("anh.png", original))
    assert clean.content_type == "image/png"
    assert_no_metadata(clean)


def test_webp_exif_and_xmp_are_stripped():
    original = encode(noise_image(), "WEBP", exif=samples.exif_with_gps(), xmp=b"<x>" + SECRET.encode() + b"</x>")
    assert SECRET.encode() in original
    clean = clean_upload(upload("anh.webp", original))
    assert clean.content_type == "image/webp"
    assert_no_metadata(clean)


@pytest.mark.parametrize(("orientation", "size", "red_at"), [
    (1, (60, 20), (5, 10)),     # as stored: red on the left
    (3, (60, 20), (55, 10)),    # upside down: red ends up on the right
    (6, (20, 60), (10, 5)),     # camera turned: stored sideways, shown rotated 90 degrees clockwise
    (8, (20, 60), (10, 55)),
])
def test_exif_orientation_is_applied_before_the_exif_is_dropped(orientation, size, red_at):
    clean = clean_upload(upload("anh.jpg", samples.oriented_jpeg(orientation)))
    assert_no_metadata(clean)
    assert (clean.width, clean.height) == size
    with reopened(clean) as img:
        assert img.size == size
        r, g, b = img.getpixel(red_at)
        assert r > 200 and b < 60


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "P-alpha", "1", "L", "I;16"])
def test_png_modes_are_accepted(mode):
    if mode == "P":
        img = noise_image((30, 20)).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
        img.info["transparency"] = 0  # palette index 0 is see-through (tRNS chunk)
    elif mode == "P-alpha":
        img = noise_image((30, 20), mode="RGBA").quantize(16)  # RGBA palette, written with a tRNS chunk
        assert img.mode == "P" and img.palette.mode == "RGBA"
    elif mode == "I;16":
        img = Image.new("I;16", (30, 20), 40000)
    else:
        img = noise_image((30, 20), mode="RGBA").convert(mode)
    clean = clean_upload(upload("anh.png", encode(img, "PNG")))
    with reopened(clean) as out:
        assert out.size == (30, 20)
        if mode in ("RGBA", "LA", "P", "P-alpha"):
            assert out.has_transparency_data, "alpha survives the re-encoding"
        if mode == "I;16":
            assert out.getpixel((0, 0)) == 40000, "16-bit grey is kept, not clipped to 8 bits"


def test_palette_png_with_transparency_keeps_transparent_pixels_transparent():
    img = Image.new("P", (10, 10), 0)
    img.putpalette([0, 0, 0, 255, 0, 0])
    img.paste(1, (5, 0, 10, 10))
    clean = clean_upload(upload("anh.png", encode(img, "PNG", transparency=0)))
    with reopened(clean) as out:
        rgba = out.convert("RGBA")
        assert rgba.getpixel((1, 1))[3] == 0 and rgba.getpixel((8, 8)) == (255, 0, 0, 255)


def test_rgba_webp_keeps_alpha():
    img = Image.new("RGBA", (20, 20), (0, 128, 0, 0))
    img.paste((0, 128, 0, 255), (10, 0, 20, 20))
    clean = clean_upload(upload("anh.webp", encode(img, "WEBP", lossless=True)))
    with reopened(clean) as out:
        assert out.mode == "RGBA" and out.getpixel((2, 2))[3] < 10 and out.getpixel((15, 5))[3] > 245


def test_cmyk_jpeg_becomes_rgb():
    clean = clean_upload(upload("scan.jpg", encode(noise_image((30, 20)).convert("CMYK"), "JPEG")))
    with reopened(clean) as out:
        assert out.mode == "RGB" and out.format == "JPEG"


def test_multi_picture_jpeg_from_a_phone_is_a_jpeg():
    original = samples.mpo_photo()
    with Image.open(io.BytesIO(original)) as img:
        assert img.format == "MPO" and img.n_frames == 2
    clean = clean_upload(upload("IMG_0001.JPG", original))
    assert (clean.content_type, clean.extension) == ("image/jpeg", "jpg")
    with reopened(clean) as out:
        assert out.format == "JPEG" and getattr(out, "n_frames", 1) == 1


def test_large_images_are_scaled_to_the_max_side(settings):
    settings.IMAGE_MAX_SIDE = 100
    clean = clean_upload(upload("anh.png", encode(noise_image((400, 250)), "PNG")))
    assert (clean.width, clean.height) == (100, 63)
    with reopened(clean) as out:
        assert out.size == (100, 63)


def test_scaling_uses_the_upright_size(settings):
    settings.IMAGE_MAX_SIDE = 30
    clean = clean_upload(upload("anh.jpg", samples.oriented_jpeg(6)))  # 60x20 stored, 20x60 shown
    assert (clean.width, clean.height) == (10, 30)


def test_small_images_are_not_enlarged(settings):
    settings.IMAGE_MAX_SIDE = 100
    clean = clean_upload(upload("anh.jpg", encode(noise_image((50, 40)), "JPEG")))
    assert (clean.width, clean.height) == (50, 40)


def test_polyglot_tail_after_a_jpeg_is_dropped_by_re_encoding():
    """Policy: a real image with junk appended is accepted; the re-encoded copy is pixels only."""
    script = b"<script>alert(document.cookie)</script>"
    original = encode(noise_image(), "JPEG") + script + b"PK\x03\x04" + b"\x00" * 30  # and a zip header
    clean = clean_upload(upload("anh.jpg", original))
    assert script not in clean.content and b"PK\x03\x04" not in clean.content
    assert clean.content.endswith(b"\xff\xd9")


def test_polyglot_tail_after_a_png_is_dropped_by_re_encoding():
    script = b"<script>alert(1)</script>"
    clean = clean_upload(upload("anh.png", encode(noise_image(), "PNG") + script))
    assert script not in clean.content
    assert clean.content.endswith(b"IEND\xaeB`\x82")


def test_valid_pdf_is_accepted_as_is():
    original = samples.pdf(pages=1)
    clean = clean_upload(upload("don.pdf", original))
    assert (clean.kind, clean.content_type, clean.extension) == ("pdf", "application/pdf", "pdf")
    assert clean.content == original and clean.width is None


def test_multi_page_pdf_is_accepted():
    clean = clean_upload(upload("bien-ban.pdf", samples.pdf(pages=3)))
    assert clean.kind == "pdf"


def test_minimal_hand_written_pdf_is_accepted():
    body = [b"%PDF-1.4\n"]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(sum(map(len, body)))
        body.append(b"%d 0 obj\n%s\nendobj\n" % (number, obj))
    xref = sum(map(len, body))
    body.append(b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets))
    body.append(b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    assert clean_upload(upload("min.pdf", b"".join(body))).kind == "pdf"


# --- refused -------------------------------------------------------------------------------------------------------


def test_empty_file_is_refused():
    code, message = refused("trong.jpg", b"")
    assert code == "empty" and "empty" in message


def test_too_many_bytes_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    code, message = refused("lon.jpg", encode(noise_image((64, 64)), "JPEG"))
    assert code == "too_large" and "too large" in message and "1000" in message


def test_too_many_bytes_is_refused_even_if_the_size_attribute_lies(settings):
    settings.UPLOAD_MAX_BYTES = 1000

    class Stream(io.BytesIO):
        name, size = "lon.png", 10

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(Stream(encode(noise_image((64, 64)), "PNG")))
    assert excinfo.value.code == "too_large"


def test_a_file_read_before_is_read_from_the_start():
    uploaded = upload("anh.jpg", encode(noise_image(), "JPEG"))
    uploaded.read()
    assert clean_upload(uploaded).kind == "image"


def test_truncated_jpeg_is_refused():
    original = encode(noise_image((200, 150)), "JPEG")
    code, message = refused("cut.jpg", original[: len(original) // 2])
    assert code == "bad_image" and "damaged" in message


def test_truncated_png_is_refused():
    original = encode(noise_image((200, 150)), "PNG")
    code, _ = refused("cut.png", original[: len(original) // 2])
    assert code == "bad_image"


def test_jpeg_with_only_a_header_is_refused():
    original = encode(noise_image(), "JPEG")
    code, _ = refused("cut.jpg", original[: original.index(b"\xff\xda") + 20])
    assert code == "bad_image"


@pytest.mark.parametrize(("fmt", "kwargs"), [("GIF", {}), ("BMP", {}), ("TIFF", {}), ("TIFF", {"compression": "jpeg"}),
                                             ("ICO", {}), ("PPM", {}), ("TGA", {}), ("PCX", {}), ("JPEG2000", {})])
def test_formats_pillow_reads_but_we_do_not_accept_are_refused(fmt, kwargs):
    content = encode(noise_image((32, 32)), fmt, **kwargs)
    with Image.open(io.BytesIO(content)) as img:
        img.load()  # Pillow would happily read it
    code, message = refused("anh.jpg", content)
    assert code == "unsupported" and "JPEG, PNG, WebP" in message and "PDF" in message


def test_animated_gif_is_refused():
    frames = [noise_image((16, 16), seed=s).convert("P") for s in range(3)]
    code, _ = refused("meo.gif", encode(frames[0], "GIF", save_all=True, append_images=frames[1:]))
    assert code == "unsupported"


@pytest.mark.parametrize(("name", "content"), [
    ("anh.jpg", samples.HTML),
    ("anh.jpg", samples.FAKE_EXE),
    ("anh.svg", samples.SVG),
    ("anh.jpg", samples.SVG),
    ("anh.jpg", b"GIF89a" + b"\x00" * 100),
    ("anh.png", b"\x89PNG\r\n\x1a\n"),  # the signature only
    ("anh.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
    ("anh.jpg", b"\xff\xd8\xff"),
    ("notes.txt", "Đơn khiếu nại".encode()),
    ("anh.jpg", b"\x00" * 4096),
])
def test_non_images_are_refused_whatever_their_name(name, content):
    code, _ = refused(name, content)
    assert code in {"unsupported", "bad_image"}


def test_html_renamed_to_jpg_is_unsupported():
    code, message = refused("anh.jpg", samples.HTML)
    assert code == "unsupported" and "not a supported file" in message


def test_pdf_header_followed_by_garbage_is_refused():
    code, message = refused("don.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert code == "bad_pdf" and "not a valid PDF" in message


def test_pdf_header_followed_by_html_is_refused():
    code, _ = refused("don.pdf", b"%PDF-1.4\n" + samples.HTML)
    assert code == "bad_pdf"


def test_truncated_pdf_is_refused():
    original = samples.pdf(pages=3)
    code, _ = refused("don.pdf", original[: len(original) // 3])
    assert code == "bad_pdf"


def test_pdf_without_pages_is_refused():
    body = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    xref = len(body)
    body += (b"xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n" % (9, body.index(b"2 0 obj"))
             + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    code, _ = refused("rong.pdf", body)
    assert code == "bad_pdf"


@pytest.mark.parametrize("password", ["secret", ""])
def test_encrypted_pdf_is_refused(password):
    code, message = refused("mat.pdf", samples.pdf(pages=2, password=password))
    assert code == "encrypted" and "password" in message


# --- pixel bombs ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def png_bomb():
    return samples.png_pixel_bomb(20000, 20000)


@pytest.fixture
def decoding_spy(monkeypatch):
    """Records every Image.open and every pixel decode (ImageFile.load) while a test runs."""
    calls = {"open": 0, "load": []}
    real_open, real_load = Image.open, ImageFile.ImageFile.load

    def spy_open(*args, **kwargs):
        calls["open"] += 1
        return real_open(*args, **kwargs)

    def spy_load(self):
        calls["load"].append(self.size)
        return real_load(self)

    monkeypatch.setattr(Image, "open", spy_open)
    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)
    return calls


def test_png_bomb_is_small_on_disk_and_a_valid_png(png_bomb):
    assert len(png_bomb) < 200_000
    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(io.BytesIO(png_bomb)) as img:  # header only; we never load it
            assert (img.format, img.mode, img.size) == ("PNG", "1", (20000, 20000))
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def test_png_bomb_is_refused_without_decoding_anything(png_bomb, decoding_spy):
    code, message = refused("bom.png", png_bomb)
    assert code == "too_many_pixels" and "too many pixels" in message
    assert decoding_spy == {"open": 0, "load": []}, "refused from the header, before Pillow even opens it"


def test_png_bomb_is_refused_by_pillows_size_even_if_the_header_check_is_fooled(png_bomb, decoding_spy, monkeypatch):
    monkeypatch.setattr(validation, "_declared_size", lambda data: (1, 1))
    code, _ = refused("bom.png", png_bomb)
    assert code == "too_many_pixels"
    assert decoding_spy["load"] == [], "nothing was decoded"


def test_pillows_decompression_bomb_error_becomes_too_many_pixels(settings, monkeypatch):
    settings.UPLOAD_MAX_PIXELS = 1000  # also lowers Pillow's global (portal.media.apps), error above 2000 pixels
    assert Image.MAX_IMAGE_PIXELS == 1000
    monkeypatch.setattr(validation, "_declared_size", lambda data: (1, 1))
    code, message = refused("anh.png", encode(noise_image((60, 60)), "PNG"))
    assert code == "too_many_pixels" and "too many pixels" in message


def test_pillows_decompression_bomb_warning_becomes_too_many_pixels(settings, monkeypatch):
    settings.UPLOAD_MAX_PIXELS = 1000
    monkeypatch.setattr(validation, "_declared_size", lambda data: (1, 1))
    with pytest.warns(Image.DecompressionBombWarning):
        code, _ = refused("anh.png", encode(noise_image((40, 40)), "PNG"))  # 1600: between the limit and twice it
    assert code == "too_many_pixels"


def test_pillows_decompression_bomb_warning_as_error_becomes_too_many_pixels(settings, monkeypatch):
    settings.UPLOAD_MAX_PIXELS = 1000
    monkeypatch.setattr(validation, "_declared_size", lambda data: (1, 1))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        code, _ = refused("anh.png", encode(noise_image((40, 40)), "PNG"))
    assert code == "too_many_pixels"


def test_the_pillow_backstop_follows_the_setting(settings):
    settings.UPLOAD_MAX_PIXELS = 12345
    assert Image.MAX_IMAGE_PIXELS == 12345
    settings.UPLOAD_MAX_PIXELS = 40_000_000
    assert Image.MAX_IMAGE_PIXELS == 40_000_000


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_more_pixels_than_the_setting_but_fewer_than_pillows_limit_is_refused(settings, fmt, decoding_spy):
    settings.UPLOAD_MAX_PIXELS = 10_000
    settings.IMAGE_MAX_SIDE = 5000
    code, message = refused("anh.img", encode(noise_image((120, 100)), fmt))  # 12000 pixels
    assert code == "too_many_pixels" and "too many pixels" in message and re.search(r"0[.,]01 megapixels", message)
    assert decoding_spy["load"] == []


def test_exactly_the_pixel_limit_is_accepted(settings):
    settings.UPLOAD_MAX_PIXELS = 100 * 100
    assert clean_upload(upload("anh.png", encode(noise_image((100, 100)), "PNG"))).width == 100


def test_png_whose_header_claims_a_huge_size_is_refused(decoding_spy):
    original = samples.with_png_size(encode(noise_image((8, 8)), "PNG"), 60000, 60000)
    code, _ = refused("bom.png", original)
    assert code == "too_many_pixels" and decoding_spy["load"] == []


def test_jpeg_whose_header_claims_a_huge_size_is_refused(decoding_spy):
    original = samples.with_jpeg_size(encode(noise_image((8, 8)), "JPEG", exif=samples.exif_with_gps()), 65000, 65000)
    assert validation._declared_size(original) == (65000, 65000)
    code, _ = refused("bom.jpg", original)
    assert code == "too_many_pixels" and decoding_spy == {"open": 0, "load": []}


def test_webp_whose_canvas_claims_a_huge_size_is_refused_before_libwebp_sees_it(decoding_spy):
    original = encode(Image.new("RGBA", (8, 8)), "WEBP", exif=samples.exif_with_gps())
    bomb = samples.with_webp_canvas(original, 16000, 16000)
    code, _ = refused("bom.webp", bomb)
    assert code == "too_many_pixels" and decoding_spy == {"open": 0, "load": []}


@pytest.mark.parametrize(("fmt", "kwargs"), [("JPEG", {}), ("JPEG", {"progressive": True}), ("PNG", {}),
                                             ("WEBP", {}), ("WEBP", {"lossless": True}),
                                             ("WEBP", {"exif": b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"})])
def test_header_size_agrees_with_pillow(fmt, kwargs):
    for size in [(1, 1), (37, 5), (300, 200), (16383, 2)]:
        if fmt == "JPEG" and size == (16383, 2):
            size = (65000, 2)
        data = encode(Image.new("RGB", size), fmt, **kwargs)
        with Image.open(io.BytesIO(data)) as img:
            assert validation._declared_size(data) == img.size


def test_progressive_jpeg_with_thousands_of_scans_is_refused():
    assert clean_upload(upload("ok.jpg", samples.progressive_jpeg_with_extra_scans(20))).kind == "image"
    code, _ = refused("slow.jpg", samples.progressive_jpeg_with_extra_scans(2000))
    assert code == "bad_image"


# --- thumbnails ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "P-alpha", "LA", "L", "1", "CMYK", "I;16"])
def test_thumbnail_is_a_bounded_rgb_jpeg_for_every_mode(mode):
    if mode == "I;16":
        source = encode(Image.new("I;16", (900, 600), 30000), "PNG")
    elif mode == "P-alpha":
        source = encode(noise_image((900, 600), mode="RGBA").quantize(16), "PNG")
    else:
        img = noise_image((900, 600), mode="RGBA" if mode in ("RGBA", "LA") else "RGB").convert(mode)
        source = encode(img, "JPEG" if mode == "CMYK" else "PNG")
    thumb = make_thumbnail(source, side=120)
    with Image.open(io.BytesIO(thumb)) as out:
        assert (out.format, out.mode) == ("JPEG", "RGB")
        assert out.size == (120, 80)
        assert not out.getexif()
    if mode == "I;16":
        with Image.open(io.BytesIO(thumb)) as out:
            assert 100 < out.getpixel((5, 5))[0] < 140, "16-bit grey scaled down, not clipped to white"


def test_thumbnail_puts_transparency_on_white():
    thumb = make_thumbnail(encode(Image.new("RGBA", (50, 50), (0, 0, 0, 0)), "PNG"), side=20)
    with Image.open(io.BytesIO(thumb)) as out:
        assert min(out.getpixel((10, 10))) > 240


def test_thumbnail_defaults_to_the_setting(settings):
    settings.THUMBNAIL_SIDE = 64
    with Image.open(io.BytesIO(make_thumbnail(encode(noise_image((640, 320)), "WEBP")))) as out:
        assert out.size == (64, 32)


def test_thumbnail_of_a_small_image_is_not_enlarged():
    with Image.open(io.BytesIO(make_thumbnail(encode(noise_image((30, 20)), "JPEG"), side=320))) as out:
        assert out.size == (30, 20)


def test_thumbnail_of_what_clean_upload_stored():
    clean = clean_upload(upload("anh.jpg", samples.oriented_jpeg(6)))
    with Image.open(io.BytesIO(make_thumbnail(clean.content, side=30))) as out:
        assert out.size == (10, 30) and out.mode == "RGB"


def test_thumbnail_applies_exif_orientation():
    with Image.open(io.BytesIO(make_thumbnail(samples.oriented_jpeg(8), side=30))) as out:
        assert out.size == (10, 30)


# --- header walking ------------------------------------------------------------------------------------------------


def test_jpeg_with_a_large_chunked_icc_profile_exif_and_xmp_is_accepted():
    original = encode(noise_image(), "JPEG", icc_profile=b"\x00" * 300_000, exif=samples.exif_with_gps(),
                      xmp=b"<x:xmpmeta/>", comment=b"hello")
    assert original.count(b"ICC_PROFILE") == 5  # split over five APP2 segments
    clean = clean_upload(upload("anh.jpg", original))
    assert_no_metadata(clean)


@pytest.mark.parametrize("junk", [b"\xff\xfe\x00\x02" * 500_000, b"\xff" * 2_000_000])
def test_jpeg_header_stuffed_with_empty_segments_or_fill_bytes_is_refused(junk):
    original = encode(noise_image(), "JPEG")
    code, _ = refused("anh.jpg", original[:2] + junk + original[2:])
    assert code == "bad_image"
