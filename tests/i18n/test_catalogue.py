"""The Vietnamese catalogue is complete: every string marked for translation in the templates and in the Python code
of portal/, frontend/ and api/ has a Vietnamese translation (Vietnamese is the default language of every page).

Strings are found the way makemessages finds them, without xgettext: templates go through Django's own `templatize`
(so `{% blocktranslate trimmed %}` bodies give the same msgid as makemessages), Python files through `ast`. A string is
translated when the compiled Vietnamese catalogues (the project's and every app's) have it: msgfmt leaves untranslated
and fuzzy entries out of the .mo files."""

import ast
import re
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import override
from django.utils.translation.template import templatize
from django.utils.translation.trans_real import translation

ROOT = Path(settings.BASE_DIR)
CODE_DIRS = ("portal", "frontend", "api")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "_lazy", "pgettext", "pgettext_lazy", "ngettext",
           "ngettext_lazy", "npgettext", "npgettext_lazy", "gettext_noop"}
CONTEXT_FIRST = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
PLURAL = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}
# templatize writes each string as a Python literal (u"..." or '...') in a gettext-family call, a plural's ", count"
LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
TEMPLATIZED_CALL = re.compile(rf"\b(n?p?gettext)\(((?:\s*{LITERAL}\s*,?)+)\s*(?:count\s*)?\)")


def _python_files():
    for top in CODE_DIRS:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _template_files():
    for top in CODE_DIRS:
        for path in sorted((ROOT / top).rglob("templates/**/*")):
            if path.suffix in {".html", ".txt", ".xml", ".svg"}:
                yield path


def _literal(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "a" "b" is one Constant already; a + b here
        left, right = _literal(node.left), _literal(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _from_call(name, args):
    """(context, msgid, plural) of a gettext-family call, or None when its strings are not literals."""
    values = [_literal(a) for a in args]
    context = None
    if name in CONTEXT_FIRST:
        if len(values) < 2 or values[0] is None:
            return None
        context, values = values[0], values[1:]
    if not values or values[0] is None:
        return None
    plural = values[1] if name in PLURAL and len(values) > 1 else None
    return context, values[0], plural


def python_msgids():
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in GETTEXT and node.args:
                found = _from_call(name.removesuffix("_lazy") if name != "_lazy" else "gettext", node.args)
                if found:
                    yield path.relative_to(ROOT), found


def template_msgids():
    for path in _template_files():
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        calls = len(re.findall(r"\bn?p?gettext\(", code))
        matches = list(TEMPLATIZED_CALL.finditer(code))
        assert len(matches) == calls, f"{path}: {calls - len(matches)} translated strings the extractor cannot read"
        for match in matches:
            name, arguments = match.groups()
            found = _from_call(name, ast.parse(f"f({arguments})", mode="eval").body.args)
            if found:
                yield path.relative_to(ROOT), found


def _is_translated(catalog, context, msgid, plural):
    key = f"{context}\x04{msgid}" if context else msgid
    if plural is not None:
        return (key, 0) in catalog
    return key in catalog


def test_the_extractors_find_the_strings_they_should():
    templates = {msgid for _, (_, msgid, _) in template_msgids()}
    python = {msgid for _, (_, msgid, _) in python_msgids()}
    assert "Skip to content" in templates  # {% translate %} in base.html
    assert any(m.startswith("File feedback, a petition, a complaint") for m in templates)  # trimmed blocktranslate
    assert "Share of cases answered on time, by ward" in python  # gettext in frontend/views/transparency.py
    assert len(templates) > 200 and len(python) > 200


@pytest.mark.parametrize("source", ["templates", "python"])
def test_every_string_has_a_vietnamese_translation(source):
    found = template_msgids() if source == "templates" else python_msgids()
    with override("vi"):
        catalog = translation("vi")._catalog
        missing = sorted({f"{path}: {msgid!r}" + (f" (context {context!r})" if context else "")
                          for path, (context, msgid, plural) in found
                          if msgid.strip() and not _is_translated(catalog, context, msgid, plural)})
    assert not missing, f"{len(missing)} strings without a Vietnamese translation:\n" + "\n".join(missing)


def test_every_workflow_action_and_notice_to_the_resident_is_in_vietnamese():
    from portal.cases.workflow import TRANSITIONS

    for t in TRANSITIONS.values():
        for text in (t.label, t.told):
            if text:
                with override("en"):
                    english = str(text)
                with override("vi"):
                    assert str(text) != english, english


def _project_catalogues():
    """The compiled Vietnamese catalogues of the project and of its apps (not Django's or other libraries')."""
    paths = [ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.mo",
             *sorted((ROOT / "portal").glob("*/locale/vi/LC_MESSAGES/django.mo"))]
    assert len(paths) >= 5 and all(path.exists() for path in paths)
    for path in paths:
        with path.open("rb") as mo:
            yield path.relative_to(ROOT), GNUTranslations(mo)._catalog


def test_the_portal_addresses_people_as_ong_ba_never_as_ban():
    """The portal speaks to residents and staff alike as “ông/bà”, never the familiar “bạn”: the staff security pages
    (two-step verification, backup codes, password reset, session timeout) said “bạn” after the rest had changed."""
    familiar = re.compile(r"\bbạn\b", re.IGNORECASE)
    found = sorted(f"{path}: {text!r}" for path, catalog in _project_catalogues() for text in catalog.values()
                   if familiar.search(text))
    assert not found, "\n".join(found)
