"""PDFs that run something by themselves (scripts, launch actions, embedded files) are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

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


# --- scripts where the first check did not look (found by the security review) ------------------------------------

def _script():
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                             NameObject("/JS"): TextStringObject("app.alert(1)")})


def _rect():
    return ArrayObject([NumberObject(0), NumberObject(0), NumberObject(200), NumberObject(200)])


def _annotate(writer, annotation):
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _refused(writer):
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(_write(writer))
    assert excinfo.value.code == "active_pdf"


def test_a_script_run_when_the_page_opens_from_an_annotations_additional_actions_is_refused():
    writer = _blank()
    _annotate(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/Rect"): _rect(), NameObject("/AA"): DictionaryObject({NameObject("/PO"): _script()})}))
    _refused(writer)


def test_a_script_chained_after_a_links_web_address_is_refused():
    writer = _blank()
    visit = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://x.vn"),
                              NameObject("/Next"): ArrayObject([writer._add_object(_script())])})
    _annotate(writer, DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"):
                                        NameObject("/Link"), NameObject("/Rect"): _rect(), NameObject("/A"): visit}))
    _refused(writer)


def test_a_form_fields_calculation_script_is_refused():
    writer = _blank()
    kid = DictionaryObject({NameObject("/T"): TextStringObject("tong"),
                            NameObject("/AA"): DictionaryObject({NameObject("/C"): _script()})})
    parent = DictionaryObject({NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("o"),
                               NameObject("/Kids"): ArrayObject([writer._add_object(kid)])})
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([writer._add_object(parent)])})
    _refused(writer)


def test_a_bookmark_that_runs_a_script_is_refused():
    writer = _blank()
    writer.add_outline_item(title="Mục lục", page_number=0)
    writer.add_outline_item(title="Trang 1", page_number=0)
    second = writer._root_object["/Outlines"].get_object()["/Last"].get_object()
    second.pop(NameObject("/Dest"), None)
    second[NameObject("/A")] = _script()
    _refused(writer)


def test_a_pdf_with_links_form_fields_and_bookmarks_that_run_nothing_is_accepted():
    writer = _blank()
    writer.add_outline_item(title="Trang 1", page_number=0)
    _annotate(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): _rect(), NameObject("/A"): DictionaryObject(
            {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://phuong.gov.vn")})}))
    field = DictionaryObject({NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("ho_ten")})
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([writer._add_object(field)])})
    assert clean_upload(_write(writer)).kind == "pdf"


def test_bookmarks_that_loop_are_read_once():
    writer = _blank()
    writer.add_outline_item(title="Trang 1", page_number=0)
    outlines = writer._root_object["/Outlines"].get_object()
    first = outlines["/First"].get_object()
    first[NameObject("/Next")] = outlines.raw_get("/First")  # points at itself
    assert clean_upload(_write(writer)).kind == "pdf"
