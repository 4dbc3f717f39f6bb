"""Citations of Vietnamese law in English, for the pages' English mode. Pure: no database.

Legal data is kept in Vietnamese (the deadline policies' sources, the disclosure categories' legal basis): its
citations ("Luật Khiếu nại số 02/2011/QH13, Điều 27", "Khoản 8 Điều 11 Luật Thực hiện dân chủ ở cơ sở số
10/2022/QH15") are translated here from a short table of the instruments the portal cites. A citation with anything
else in it gives None, and the page shows the Vietnamese text as it is (marked lang="vi")."""

import re

# Longest names first: "Luật Tiếp công dân" before any shorter name that would start it.
_INSTRUMENTS = [
    ("Luật Thực hiện dân chủ ở cơ sở", "Law on Grassroots Democracy"),
    ("Luật Tiếp công dân", "Law on Citizen Reception"),
    ("Luật Khiếu nại", "Law on Complaints"),
    ("Luật Tố cáo", "Law on Denunciations"),
    ("Quy định của phường", "The ward's own rule"),
    ("Nghị định", "Decree"),
    ("Thông tư", "Circular"),
    ("Quyết định", "Decision"),
]
_NUMBER = re.compile(r"\bsố\s+(?=\d)")
_CLAUSE_FIRST = re.compile(r"\b[Kk]hoản (\d+) Điều (\d+)")
_ARTICLE_FIRST = re.compile(r"\bĐiều (\d+),? khoản (\d+)")
_ARTICLES = re.compile(r"\bĐiều (\d+(?:(?:, | và )\d+)+)")
_ARTICLE = re.compile(r"\bĐiều (\d+)")
_FROM = re.compile(r"\(từ ngày (\d{2}/\d{2}/\d{4})\)")
_OF = re.compile(r"\b(Arts?\. \d+(?:\(\d+\))?(?:, \d+)*) (Law|Decree|Circular|Decision)\b")
# A document's number keeps its Vietnamese letters (155/2026/NĐ-CP).
_DOCUMENT_NUMBER = re.compile(r"\b\d+/\d{4}/[\w-]+")


def citation_head(text: str) -> str:
    """The citation that starts a legal source, without the explanation after it: what comes before a colon, or
    without one, before an opening bracket or a semicolon."""
    text = (text or "").strip()
    if ":" in text:
        return text.split(":", 1)[0].strip()
    return re.split(r" \(|;", text, maxsplit=1)[0].strip()


def english_citation(text: str) -> str | None:
    """The citation in English, or None when it names something the table does not know."""
    out = (text or "").strip()
    if not out:
        return None
    for vietnamese, english in _INSTRUMENTS:
        out = out.replace(vietnamese, english)
    out = _NUMBER.sub("No. ", out)
    out = _CLAUSE_FIRST.sub(r"Art. \2(\1)", out)
    out = _ARTICLE_FIRST.sub(r"Art. \1(\2)", out)
    out = _ARTICLES.sub(lambda m: "Arts. " + m.group(1).replace(" và ", ", "), out)
    out = _ARTICLE.sub(r"Art. \1", out)
    out = _FROM.sub(r"(from \1)", out)
    out = _OF.sub(r"\1 of the \2", out)
    if not _DOCUMENT_NUMBER.sub("", out).isascii():
        return None
    return out


def citation_for(text: str, language: str, *, cited: bool = False) -> tuple[str, bool]:
    """A Vietnamese legal citation (legal data) for a reader in `language`, and whether what it gives is still in
    Vietnamese: in Vietnamese as it is; in another language the citation in English, or, for a citation the table does
    not know, the Vietnamese text as it is. `cited`: only the citation that starts a source, without the Vietnamese
    explanation after it (a deadline policy's source). The pages (frontend's legal_citation filter) and the API give
    the same."""
    text = text or ""
    if not text or (language or "vi") == "vi":
        return text, bool(text)
    english = english_citation(citation_head(text) if cited else text)
    return (english, False) if english else (text, True)
