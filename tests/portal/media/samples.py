"""Files to feed the upload validator: real images and documents built here, and hostile ones built by hand."""

import io
import random
import struct
import zlib

from PIL import Image, PngImagePlugin
from pypdf import PdfWriter

SECRET = "SecretCam-4711"  # planted in metadata; must never come out the other side


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def noise_image(size=(64, 48), mode="RGB", seed=1):
    """Deterministic noise, so that JPEGs have real entropy-coded data (a flat colour compresses to nothing)."""
    rng = random.Random(seed)
    bands = len(mode)
    raw = rng.randbytes(size[0] * size[1] * bands)
    return Image.frombytes(mode, size, raw)


def encode(img, fmt, **kwargs):
    buf = io.BytesIO()
    img.save(buf, fmt, **kwargs)
    return buf.getvalue()


def exif_with_gps(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = SECRET  # Make
    exif[0x0110] = "Model-X"  # Model
    exif[0x8825] = {1: "N", 2: (10.0, 48.0, 7.5), 3: "E", 4: (106.0, 41.0, 3.25)}  # GPS IFD
    if orientation is not None:
        exif[0x0112] = orientation
    return exif


def oriented_jpeg(orientation):
    """A 60x20 landscape photo, left half red, right half blue, whose EXIF says how to turn it."""
    img = Image.new("RGB", (60, 20), (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, 30, 20))
    return encode(img, "JPEG", quality=95, exif=exif_with_gps(orientation))


def png_with_metadata():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_text("Comment", SECRET, zip=True)  # zTXt
    info.add_itxt("Description", SECRET, lang="vi", tkey="Mô tả")  # iTXt
    icc = b"x" * 16 + SECRET.encode()
    return encode(noise_image((40, 30)), "PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=icc)


def mpo_photo():
    first, second = noise_image((48, 32), seed=2), noise_image((48, 32), seed=3)
    return encode(first, "MPO", save_all=True, append_images=[second])


def pdf(pages=1, password=None):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_pixel_bomb(width=20000, height=20000):
    """A genuine 1-bit PNG of width x height black pixels: tiny on disk, width*height bytes once Pillow decodes it."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter type 0, then the packed bits
    compressor = zlib.compressobj(9)
    rows_per_feed = 1000
    parts = []
    for start in range(0, height, rows_per_feed):
        parts.append(compressor.compress(row * min(rows_per_feed, height - start)))
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # bit depth 1, greyscale
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", b"".join(parts))
            + _png_chunk(b"IEND", b""))


def with_png_size(data, width, height):
    """A real PNG whose IHDR was rewritten to claim another size (CRC fixed, so it passes chunk checks)."""
    assert data[12:16] == b"IHDR"
    ihdr = struct.pack(">II", width, height) + data[24:29]
    return data[:8] + _png_chunk(b"IHDR", ihdr) + data[33:]


def with_jpeg_size(data, width, height):
    """A real JPEG whose start-of-frame header was rewritten to claim another size."""
    pos = 2
    while True:
        marker, length = data[pos + 1], int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return data[:pos + 5] + struct.pack(">HH", height, width) + data[pos + 9:]
        pos += 2 + length


def with_webp_canvas(data, width, height):
    """A real extended (VP8X) WebP whose canvas size was rewritten."""
    assert data[12:16] == b"VP8X"
    return data[:24] + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little") + data[30:]


def progressive_jpeg_with_extra_scans(count):
    """A progressive JPEG with `count` more (empty) scans: each one makes libjpeg walk the whole image again."""
    data = encode(Image.new("RGB", (64, 64), (120, 80, 40)), "JPEG", progressive=True)
    first_sos = data.index(b"\xff\xda")
    last_sos = data.rindex(b"\xff\xda")
    second_sos = data.index(b"\xff\xda", first_sos + 2)
    header = data[second_sos:second_sos + 2 + int.from_bytes(data[second_sos + 2:second_sos + 4], "big")]
    return data[:last_sos] + (header + b"\x00\x00") * count + data[last_sos:]


FAKE_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00" + (
    b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
) + b"\x00" * 64 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')
