"""PDFs that run something by themselves (scripts, launch actions, embedded files) are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from portal.media.validation import clean_upload

from .samples import pdf


def _write(writer):
    buf = io.BytesIO()
    writer.write(buf)
    return SimpleUploadedFile("don.pdf", buf.getvalue(), content_type="application/pdf")


def _blank():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def test_a_plain_pdf_is_accepted():
    assert clean_upload(SimpleUploadedFile("don.pdf", pdf(), content_type="application/pdf")).kind == "pdf"


def test_document_javascript_is_refused():
    writer = _blank()
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('xin chao');")})
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("js"), writer._add_object(script)])})
    names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
    writer._root_object[NameObject("/Names")] = writer._add_object(names)
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(_write(writer))
    assert excinfo.value.code == "active_pdf"


def test_open_action_is_refused():
    writer = _blank()
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert(1)")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    with pytest.raises(ValidationError):
        clean_upload(_write(writer))


def test_embedded_file_is_refused():
    writer = _blank()
    writer.add_attachment("virus.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError):
        clean_upload(_write(writer))
