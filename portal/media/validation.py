"""Checking uploads by content and re-encoding images (Pillow). No database here.

What comes in is judged by its bytes, never by its name or the browser's content type:

* JPEG, PNG and WebP photos are decoded and written out again. The new file holds pixels only: EXIF (with GPS),
  XMP, ICC profiles, PNG text chunks and JPEG comments are all dropped, the EXIF orientation is applied first so the
  photo stays upright, and anything after the image data (a "polyglot" tail) is gone. The longer side is bounded by
  ``IMAGE_MAX_SIDE``.
* PDF documents are parsed with pypdf and kept as they are; encrypted ones are refused.
* Everything else (GIF, BMP, TIFF, SVG, HTML, executables, ...) is refused.

Pixel bombs: the width and height are read from the file header by ``_declared_size`` and compared with
``UPLOAD_MAX_PIXELS`` before Pillow is even asked to open the file, and ``Image.open`` only reads headers, so pixel
memory is allocated (``load()``) only once the size is known to be within the limit. ``Image.MAX_IMAGE_PIXELS`` is not
touched per request (it is a module global shared by all threads); ``MediaConfig.ready`` sets it once from the same
setting as a backstop for any Pillow use in the process.
"""

import contextlib
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image

# Pillow format (as reported by Image.open) -> (content type, extension, format to write).
# "MPO" is what Pillow calls a JPEG carrying more than one picture (many phone cameras); its first picture is the photo.
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg", "JPEG"),
    "MPO": ("image/jpeg", "jpg", "JPEG"),
    "PNG": ("image/png", "png", "PNG"),
    "WEBP": ("image/webp", "webp", "WEBP"),
}
# The only Pillow plugins ever asked to parse an upload. MPO files are recognised by the JPEG plugin.
_OPEN_FORMATS = ("JPEG", "PNG", "WEBP")

# Progressive JPEGs are decoded in one pass per scan; a file with thousands of tiny scans keeps the CPU busy for
# minutes. Real encoders write around ten (an embedded EXIF thumbnail adds its own).
JPEG_MAX_SCANS = 100
# Segments and fill bytes before the first scan; phones write a few dozen (EXIF, XMP, ICC in chunks, tables).
JPEG_MAX_HEADER_MARKERS = 2000

_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class CleanUpload:
    content: bytes
    kind: str  # "image" | "pdf"
    content_type: str
    extension: str
    original_name: str
    sha256: str
    width: int | None = None
    height: int | None = None


def clean_upload(uploaded) -> CleanUpload:
    """Validate one uploaded file by its content and return a safe copy, or raise ValidationError."""
    name = (getattr(uploaded, "name", "") or "file")[-200:]
    limit = settings.UPLOAD_MAX_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise _too_large(name, limit)
    if hasattr(uploaded, "seek"):
        with contextlib.suppress(OSError, ValueError):  # not seekable: read what is there
            uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name, limit)
    if not data:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if data.startswith(b"%PDF-"):
        return _clean_pdf(data, name)
    return _clean_image(data, name)


def clean_uploads(files) -> tuple[list[CleanUpload], list[str]]:
    """clean_upload() of every file: the safe copies of the good ones, and the message of each bad one (all of them,
    each naming its file, so the resident fixes them at once)."""
    cleaned, messages = [], []
    for uploaded in files:
        try:
            cleaned.append(clean_upload(uploaded))
        except ValidationError as exc:
            messages.extend(exc.messages)
    return cleaned, messages


def make_thumbnail(data: bytes, side: int | None = None) -> bytes:
    """A JPEG (RGB) no larger than side x side pixels of an image that clean_upload accepted."""
    side = max(1, int(side or settings.THUMBNAIL_SIDE))
    with _open_image(data, "image") as src:
        orientation = _orientation(src)
        img = src
        if img.mode in ("I;16", "I"):
            img = _to_8bit_grey(img)
        elif img.mode not in ("RGB", "L", "RGBA", "LA"):
            img = img.convert("RGBA" if img.has_transparency_data else "RGB")
        # On a not yet loaded JPEG this lets libjpeg decode at 1/2, 1/4 or 1/8 scale.
        img.thumbnail((side, side))
        if orientation in _ORIENTATION:
            img = img.transpose(_ORIENTATION[orientation])
        if img.mode in ("RGBA", "LA"):
            background = Image.new("RGB", img.size, (255, 255, 255))
            background.paste(img.convert("RGBA"), mask=img.getchannel("A"))
            img = background
        img = img.convert("RGB")
        img.info = {}
        out = io.BytesIO()
        img.save(out, "JPEG", quality=80)
    return out.getvalue()


# --- errors --------------------------------------------------------------------------------------------------------


def _too_large(name, limit):
    return ValidationError(
        _("%(name)s is too large (limit %(limit)s).") % {"name": name, "limit": filesizeformat(limit)},
        code="too_large",
    )


def _too_many_pixels(name):
    return ValidationError(
        _("%(name)s has too many pixels (limit %(limit)s megapixels).")
        % {"name": name, "limit": floatformat(settings.UPLOAD_MAX_PIXELS / 1_000_000, -2)},
        code="too_many_pixels",
    )


def _unsupported(name):
    return ValidationError(
        _("%(name)s is not a supported file. Attach photos (JPEG, PNG, WebP) or PDF documents.") % {"name": name},
        code="unsupported",
    )


def _damaged(name):
    return ValidationError(
        _("%(name)s could not be read; the image seems damaged or incomplete.") % {"name": name}, code="bad_image"
    )


# --- PDF -----------------------------------------------------------------------------------------------------------


def _clean_pdf(data: bytes, name: str) -> CleanUpload:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("%(name)s is a password-protected (encrypted) PDF. Save it again without protection and attach "
                  "that copy.") % {"name": name},
                code="encrypted",
            )
        pages = len(reader.pages)
        active = _pdf_active_content(reader)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever pypdf trips over is a bad file, never a 500
        raise ValidationError(_("%(name)s is not a valid PDF document.") % {"name": name}, code="bad_pdf") from exc
    if pages < 1:
        raise ValidationError(_("%(name)s is not a valid PDF document.") % {"name": name}, code="bad_pdf")
    if active:
        raise ValidationError(
            _("%(name)s contains scripts, automatic actions or embedded files, which are not accepted. Print it to "
              "a new PDF or scan it, and attach that copy.") % {"name": name},
            code="active_pdf",
        )
    return CleanUpload(content=data, kind="pdf", content_type="application/pdf", extension="pdf",
                       original_name=name, sha256=hashlib.sha256(data).hexdigest())


_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR", "/Rendition"}
# The most dictionaries (actions, form fields, bookmarks) looked at in one file: a real one has a few hundred. Beyond it
# the file is refused as active, rather than read on for ever.
PDF_MAX_NODES = 20_000


class _TooManyNodes(Exception):
    pass


def _pdf_active_content(reader) -> bool:
    """True when the PDF carries scripts, actions that run by themselves, or embedded files. Staff open residents'
    PDFs on office computers: such files are refused rather than stored.

    Looked for wherever a reader runs them: the document's own scripts, embedded files and opening action; additional
    actions (/AA: run when a page opens or closes, a field is calculated, the pointer enters…) on the document, a page,
    an annotation or a form field; the action of a link or a bookmark, and every action chained after it (/Next); an
    XFA form."""
    try:
        return _pdf_active(reader, _Budget())
    except _TooManyNodes:
        return True


class _Budget:
    """Counts the dictionaries looked at, and remembers the indirect objects already read (a loop is read once)."""

    def __init__(self):
        self.left = PDF_MAX_NODES
        self.seen: set[tuple[int, int]] = set()

    def first_visit(self, value) -> bool:
        self.left -= 1
        if self.left < 0:
            raise _TooManyNodes
        reference = getattr(value, "indirect_reference", None) or (
            value if hasattr(value, "idnum") and hasattr(value, "generation") else None)
        if reference is None:
            return True
        key = (reference.idnum, reference.generation)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def _resolve(value):
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _pdf_active(reader, budget: _Budget) -> bool:
    root = reader.trailer["/Root"].get_object()
    names = _resolve(root.get("/Names")) or {}
    if "/JavaScript" in names or "/EmbeddedFiles" in names or "/OpenAction" in root or "/AA" in root:
        return True
    form = _resolve(root.get("/AcroForm"))
    if form is not None:
        if "/XFA" in form:
            return True
        if _fields_active(form.get("/Fields"), budget):
            return True
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            if not budget.first_visit(annotation):
                continue
            if annotation.get("/Subtype") == "/FileAttachment" or "/AA" in annotation:
                return True
            if any(_action_active(action, budget) for action in _raw(annotation, "/A")):
                return True
    outlines = _resolve(root.get("/Outlines"))
    return outlines is not None and any(_outline_active(first, budget) for first in _raw(outlines, "/First"))


def _walk(start, budget: _Budget, check) -> bool:
    """Whether `check` finds something active in `start` or what it leads to: `check(dictionary)` answers (active?,
    the raw values to look at next). Arrays are walked item by item; an indirect object is read once."""
    pending = [start]
    while pending:
        item = pending.pop()
        if item is None or not budget.first_visit(item):
            continue
        item = _resolve(item)
        if isinstance(item, list):
            pending.extend(item)
        elif hasattr(item, "get"):
            active, following = check(item)
            if active:
                return True
            pending.extend(following)
    return False


def _raw(dictionary, *keys) -> list:
    return [dictionary.raw_get(key) for key in keys if key in dictionary]


def _action_active(action, budget: _Budget) -> bool:
    """An action (/A) or any action chained after it (/Next: one action or an array of them) that runs something."""
    return _walk(action, budget, lambda item: (item.get("/S") in _ACTIVE_ACTIONS, _raw(item, "/Next")))


def _fields_active(fields, budget: _Budget) -> bool:
    """Form fields (and their kids) with additional actions (a calculation, a format or keystroke script…) or an
    active action."""
    return _walk(fields, budget, lambda item: (
        "/AA" in item or any(_action_active(action, budget) for action in _raw(item, "/A")), _raw(item, "/Kids")))


def _outline_active(first, budget: _Budget) -> bool:
    """Bookmarks (each with its siblings, /Next, and children, /First) whose action runs something."""
    return _walk(first, budget, lambda item: (
        any(_action_active(action, budget) for action in _raw(item, "/A")), _raw(item, "/Next", "/First")))


# --- images --------------------------------------------------------------------------------------------------------


def _clean_image(data: bytes, name: str) -> CleanUpload:
    max_side = settings.IMAGE_MAX_SIDE
    try:
        with _open_image(data, name) as src:
            content_type, extension, out_format = IMAGE_FORMATS[src.format]
            src.load()  # decodes everything: truncated or corrupt data fails here
            orientation = _orientation(src)  # after load: a PNG may keep its eXIf chunk behind the pixels
            img = _output_mode(src, out_format)
            img.thumbnail((max_side, max_side))
            if orientation in _ORIENTATION:
                img = img.transpose(_ORIENTATION[orientation])
            img.info = {}  # EXIF, GPS, XMP, ICC, text chunks, comments: none of it is written back
            out = io.BytesIO()
            if out_format == "JPEG":
                img.save(out, "JPEG", quality=85, optimize=True)
            elif out_format == "PNG":
                img.save(out, "PNG", compress_level=6)
            else:
                img.save(out, "WEBP", quality=85)
            width, height = img.size
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(name) from exc
    except MemoryError:
        raise  # the server is short of memory; not the file's fault, and the pixel bound is already checked
    except Exception as exc:  # noqa: BLE001 - any decoder failure is a bad file, never a 500
        raise _damaged(name) from exc
    content = out.getvalue()
    return CleanUpload(content=content, kind="image", content_type=content_type, extension=extension,
                       original_name=name, sha256=hashlib.sha256(content).hexdigest(), width=width, height=height)


def _open_image(data: bytes, name: str) -> Image.Image:
    """Image.open restricted to JPEG/PNG/WebP, after the header's pixel count was checked. Nothing decoded yet."""
    declared = _declared_size(data)
    if declared is None:
        raise _unsupported(name)
    if declared[0] * declared[1] > settings.UPLOAD_MAX_PIXELS:
        raise _too_many_pixels(name)
    if declared[0] == 0 or declared[1] == 0:
        raise _damaged(name)
    if data[:2] == b"\xff\xd8" and data.count(b"\xff\xda") > JPEG_MAX_SCANS:
        raise _damaged(name)
    try:
        img = Image.open(io.BytesIO(data), formats=_OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(name) from exc
    except Exception as exc:  # noqa: BLE001 - header looked right, the rest did not
        raise _damaged(name) from exc
    # Pillow's view of the size is what load() will allocate: check it too, whatever the header parser said.
    if img.format not in IMAGE_FORMATS:
        img.close()
        raise _unsupported(name)
    if img.width * img.height > settings.UPLOAD_MAX_PIXELS:
        img.close()
        raise _too_many_pixels(name)
    return img


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(ExifTags.Base.Orientation, 1))
    except Exception:  # noqa: BLE001 - broken EXIF is no reason to refuse a photo; it is dropped anyway
        return 1


def _output_mode(img: Image.Image, out_format: str) -> Image.Image:
    """The image in a mode the output format stores and that resamples well (no palette, no 1-bit)."""
    alpha = img.has_transparency_data
    if img.mode in ("I;16", "I") and out_format != "PNG":
        return _to_8bit_grey(img)
    if img.mode == "1":
        return img.convert("L")
    if out_format == "JPEG":
        return img if img.mode in ("RGB", "L") else img.convert("RGB")
    if out_format == "PNG":
        # 16-bit grey stays 16-bit: Pillow's conversion to 8 bits clips instead of scaling.
        if img.mode in ("RGBA", "LA", "I;16") or (img.mode in ("RGB", "L") and not alpha):
            return img
        return img.convert("RGBA" if alpha else "RGB")
    return img if img.mode in ("RGB", "RGBA") else img.convert("RGBA" if alpha else "RGB")


def _to_8bit_grey(img: Image.Image) -> Image.Image:
    return img.convert("I").point(lambda v: v * (1 / 256)).convert("L")


# --- header parsing ------------------------------------------------------------------------------------------------

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _declared_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) as written in a JPEG, PNG or WebP header, or None if the data is none of these."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return (0, 0)
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:  # extended: 24-bit canvas size minus one
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8 " and len(data) >= 30:  # lossy: 14-bit sizes after the frame tag and start code
        return int.from_bytes(data[26:28], "little") & 0x3FFF, int.from_bytes(data[28:30], "little") & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:  # lossless: 14-bit sizes minus one, packed
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return (0, 0)


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Walk the marker segments up to the first scan, as Pillow's JPEG reader does, and return the frame size.

    (0, 0) if there is no frame header before the scan, or if the walk is implausibly long: real files have a few
    dozen segments and hardly any fill bytes, and Pillow would walk every one of them byte by byte in Python.
    """
    pos, end, size = 2, len(data), (0, 0)
    for _step in range(JPEG_MAX_HEADER_MARKERS):
        if pos + 4 > end or data[pos] != 0xFF:
            return (0, 0)
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            pos += 2
            continue
        if marker == 0xDA:  # start of scan: the header is over
            return size
        if marker == 0xD9:
            return (0, 0)
        if marker in _JPEG_SOF and size == (0, 0):
            if pos + 9 > end:
                return (0, 0)
            size = int.from_bytes(data[pos + 7:pos + 9], "big"), int.from_bytes(data[pos + 5:pos + 7], "big")
            if size[0] * size[1] > settings.UPLOAD_MAX_PIXELS:
                return size  # no need to look further
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if length < 2:
            return (0, 0)
        pos += 2 + length
    return (0, 0)
