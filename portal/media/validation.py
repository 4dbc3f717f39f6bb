"""Checking uploads by content and re-encoding images (Pillow). No database here."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


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
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("%(name)s is too large (limit %(limit)s MB).") % {
            "name": name, "limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}, code="too_large")
    data = uploaded.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("%(name)s is too large (limit %(limit)s MB).") % {
            "name": name, "limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}, code="too_large")
    if not data:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if data.startswith(b"%PDF-"):
        return _clean_pdf(data, name)
    return _clean_image(data, name)


def _unsupported(name):
    return ValidationError(
        _("%(name)s is not a supported file. Attach photos (JPEG, PNG, WebP) or PDF documents.") % {"name": name},
        code="unsupported",
    )


def _clean_pdf(data: bytes, name: str) -> CleanUpload:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("%(name)s is a password-protected PDF.") % {"name": name}, code="encrypted")
        if len(reader.pages) < 1:
            raise _unsupported(name)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise ValidationError(_("%(name)s is not a valid PDF document.") % {"name": name}, code="bad_pdf") from exc
    return CleanUpload(content=data, kind="pdf", content_type="application/pdf", extension="pdf",
                       original_name=name, sha256=hashlib.sha256(data).hexdigest())


def _clean_image(data: bytes, name: str) -> CleanUpload:
    Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in IMAGE_FORMATS:
                raise _unsupported(name)
            if probe.width * probe.height > settings.UPLOAD_MAX_PIXELS:
                raise ValidationError(_("%(name)s has too many pixels.") % {"name": name}, code="too_many_pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            img.thumbnail((settings.IMAGE_MAX_SIDE, settings.IMAGE_MAX_SIDE))
            out = io.BytesIO()
            if fmt == "JPEG":
                img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            elif fmt == "PNG":
                img.save(out, "PNG", optimize=True)
            else:
                img.save(out, "WEBP", quality=85)
            width, height = img.size
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("%(name)s has too many pixels.") % {"name": name}, code="too_many_pixels") from exc
    except Exception as exc:  # noqa: BLE001 - any decoder failure is a bad file, never a 500
        raise _unsupported(name) from exc
    content = out.getvalue()
    content_type, ext = IMAGE_FORMATS[fmt]
    return CleanUpload(content=content, kind="image", content_type=content_type, extension=ext, original_name=name,
                       sha256=hashlib.sha256(content).hexdigest(), width=width, height=height)


def make_thumbnail(data: bytes, side: int | None = None) -> bytes:
    side = side or settings.THUMBNAIL_SIDE
    with Image.open(io.BytesIO(data)) as img:
        img.thumbnail((side, side))
        out = io.BytesIO()
        img.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()
