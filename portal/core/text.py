"""Text helpers with no database."""

import html
import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case text without diacritics, for diacritics-insensitive search: "Đường Lê Lợi" → "duong le loi"."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def exact_form(text: str) -> str:
    """Lower-case text in Unicode NFC, diacritics kept: "ĐÈN" → "đèn". What a search word typed with diacritics is
    compared with (portal.core.search), here and in the database alike."""
    return unicodedata.normalize("NFC", text or "").lower()


def search_words(q: str, *, limit: int = 8) -> list[tuple[str, str | None]]:
    """The words of a search, each as (folded, exact): a word typed without diacritics ("den") is found in any accent
    through its folded form alone (exact is None); a word typed with them ("đèn", "Đèn", "ĐÈN") is that word form
    only, case-insensitively ("đèn" but neither "đến" nor "đen"): its exact form must occur too. At most `limit`
    words of the first 200 characters; a word that folds to nothing (a stray combining mark) is left out."""
    words = []
    for word in unicodedata.normalize("NFC", (q or "")[:200]).split():
        folded = fold(word)
        if not folded:
            continue
        exact = exact_form(word)
        words.append((folded, exact if exact != folded else None))
        if len(words) == limit:
            break
    return words


# Characters XML 1.0 cannot hold, even escaped: the C0 controls but tab, line feed and carriage return, and the two
# non-characters U+FFFE and U+FFFF. Word's manual line break (U+000B) and page break (U+000C) come with pasted text.
_XML_LINE_BREAKS = re.compile("[\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` as XML 1.0 can carry it: a vertical tab or form feed becomes a line break, the other characters XML
    refuses are dropped. For XML answers made of what people typed (Open311, the disclosures' feeds): one such
    character in one record made the whole answer malformed, or Django's feed refuse it (a 500)."""
    text = str(text)
    if _NOT_XML.search(text) or _XML_LINE_BREAKS.search(text):
        text = _NOT_XML.sub("", _XML_LINE_BREAKS.sub("\n", text))
    return text


_PARAGRAPHS = re.compile("\n{2,}")


def paragraphs_html(text: str) -> str:
    """django.utils.html.linebreaks(text, autoescape=True) — the same HTML — for plain strings, without its lazy-text
    wrappers (three per call: a 306-entry timeline spent ~2 ms in them, issue 7): paragraphs in <p>, single newlines
    as <br>, every character escaped."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(f"<p>{html.escape(part)}</p>".replace("\n", "<br>") for part in _PARAGRAPHS.split(text))


def mask_recipient(value: str) -> str:
    """An e-mail address or a phone number, recognisable but not readable: 'nguyen.van.a@example.vn' →
    'n•••@example.vn'; '0938471265' → '•••••••265'."""
    value = value or ""
    if "@" in value:
        local, _at, domain = value.rpartition("@")
        return f"{local[:1]}•••@{domain}"
    digits = [c for c in value if c.isdigit()]
    return "•" * max(len(digits) - 3, 0) + "".join(digits[-3:]) if digits else "•••"
