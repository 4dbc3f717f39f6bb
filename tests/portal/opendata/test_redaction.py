"""Redaction of a case's personal data (SPEC §7): the matcher that replaced per-case regular expressions redacts
exactly what those expressions matched, letter case included, with a letter of the text standing for a letter of a
value when it leaves out some of its diacritics or carries more of them; nothing personal slips through."""

import re
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.transparency.redaction import REDACTED, SALUTATIONS, Redactor, case_fold, redact


# The specification: the regular expressions redact() compiled per case until the matcher replaced them
# (re.IGNORECASE, phrases spaced by \s+, the phone's national digits with optional separators and prefix, a
# salutation followed by part of the name, the name ending at a word boundary), where each letter of a value or a
# salutation is the class of the text's letters that have its base letter and some of its diacritics or more.
def _reading(char):
    """A letter's base and diacritics, letter case aside: "Ễ" → ("e", {circumflex, tilde}), "đ" → ("d", {stroke})."""
    decomposed = unicodedata.normalize("NFD", char.lower()[0])
    base, marks = decomposed[0], set(decomposed[1:])
    if base == "đ":
        base, marks = "d", marks | {"stroke"}
    return base, marks


def _letter(char, text):
    base, marks = _reading(char)
    alike = {base, char}
    for other in set(text):
        other_base, other_marks = _reading(other)
        if other_base == base and (other_marks <= marks or marks <= other_marks):
            alike.add(other)
    return "[" + "".join(re.escape(c) for c in sorted(alike)) + "]"


def _phrase(value, text):
    return r"\s+".join("".join(_letter(char, text) for char in word) for word in value.split())


def _phone(value):
    digits = re.sub(r"\D", "", value)
    national = re.sub(r"^(?:84)?0?", "", digits)  # without +84 / 84, then without the leading 0
    return None if len(digits) < 6 else r"(?:\+?84|0)?[\s.\-]?" + r"[\s.\-]?".join(national)


def reference_positions(text, personal):
    """Every position of `text` that one of the former expressions matched, searching from every start."""
    whole, named = [], []
    for field in ("contact_name", "contact_phone", "contact_email", "contact_address", "representative_name",
                  "address"):
        value = (personal.get(field) or "").strip()
        if field == "contact_phone":
            if value and _phone(value):
                whole.append(_phone(value))
        elif len(value) >= 3:
            whole.append(_phrase(value, text))
    salutations = "|".join(_phrase(word, text) for word in SALUTATIONS)
    for field in ("contact_name", "representative_name"):
        words = (personal.get(field) or "").split()
        tails = {words[-1], " ".join(words[-2:]), words[0]} if len(words) >= 2 else set()
        named += [rf"\b((?:{salutations})\s+)({_phrase(tail, text)})\b" for tail in tails if len(tail) >= 2]
    positions = set()
    for pattern, group in [(p, 0) for p in whole] + [(p, 2) for p in named]:
        compiled = re.compile(pattern, re.IGNORECASE)
        at = 0
        while (match := compiled.search(text, at)) is not None:
            positions.update(range(match.start(group), match.end(group)))
            at = match.start() + 1
    return positions


def positions(text, personal):
    return {i for start, end in Redactor(personal).spans(text) for i in range(start, end)}


# Letters whose re.IGNORECASE classes hold more than upper and lower case, and Vietnamese letters with some of their
# diacritics, all of them or none.
VARIANTS = {"s": "sSſ", "i": "iIİı", "k": "kKK", "σ": "σςΣ", "ß": "ßẞ", "µ": "µμΜ", "ê": "êÊ", "ễ": "ễỄ",
            "đ": "đĐ", "ư": "ưƯ", "ợ": "ợỢ", "à": "àÀ", "ĩ": "ĩĨ", "ị": "ịỊ", "ơ": "ơƠ", "ô": "ôÔ"}
LETTERS = "".join(VARIANTS) + "anhtlmuyg" + "eodoọóẽ"
SPACING = [" ", "  ", "\t", "\n", "\u00a0", ".", "-", ", ", ""]


# Letters a resident may type for a letter of a value: with fewer diacritics or more, and (the last ones) with other
# diacritics, which are another letter.
ALIKE = {"ê": "êeễệéè", "ễ": "ễêẽeế", "đ": "đd", "ư": "ưuừứ", "ợ": "ợơọoớ", "à": "àaá", "ĩ": "ĩiị", "ị": "ịiĩ",
         "ơ": "ơoờó", "ô": "ôoốó", "e": "eêẽ", "o": "oôọ", "d": "dđ", "u": "uư", "a": "aà"}


@st.composite
def varied(draw, value):
    """`value` with each letter in a random member of its case class or a letter with other diacritics, and random
    spacing between its words."""
    out = []
    for ch in value:
        if ch == " ":
            out.append(draw(st.sampled_from([" ", "  ", "\n", "\u00a0", "\t"])))
            continue
        lower = ch.lower() if len(ch.lower()) == 1 else ch
        if lower in ALIKE and draw(st.booleans()):
            letter = draw(st.sampled_from(ALIKE[lower]))
            out.append(draw(st.sampled_from([letter, letter.upper()])))
            continue
        out.append(draw(st.sampled_from(VARIANTS.get(lower, lower + ch.upper()))))
    return "".join(out)


word = st.text(alphabet=LETTERS, min_size=1, max_size=6)
name = st.lists(word, min_size=1, max_size=4).map(" ".join)
phone = st.builds(lambda prefix, digits, sep: prefix + sep.join(digits[i:i + 3] for i in range(0, len(digits), 3)),
                  st.sampled_from(["0", "+84 ", "84", ""]), st.text(alphabet="0123456789", min_size=5, max_size=10),
                  st.sampled_from(["", " ", ".", "-"]))


@st.composite
def case_and_text(draw):
    personal = {"contact_name": draw(name), "contact_phone": draw(phone), "contact_email": draw(word),
                "contact_address": draw(name), "representative_name": draw(st.sampled_from(["", "Ngô Kiên"])),
                "address": draw(name)}
    pieces = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["value", "part", "salutation", "phone", "noise"]))
        if kind == "value":
            pieces.append(draw(varied(draw(st.sampled_from(list(personal.values()))))))
        elif kind == "part":
            words = draw(st.sampled_from([personal["contact_name"], personal["representative_name"]])).split()
            pieces.append(draw(varied(" ".join(words[draw(st.integers(0, max(0, len(words) - 1))):]))))
        elif kind == "salutation":
            pieces.append(draw(varied(draw(st.sampled_from(SALUTATIONS)))))
        elif kind == "phone":
            digits = re.sub(r"\D", "", personal["contact_phone"])
            pieces.append(draw(st.sampled_from(["0", "+84", "84", ""])) + draw(st.sampled_from(["", " ", "-"]))
                          + draw(st.sampled_from(["", ".", " "])).join(digits[2:] if digits.startswith("84")
                                                                          else digits))
        else:
            pieces.append(draw(st.text(alphabet=LETTERS + "0123456789", max_size=8)))
        pieces.append(draw(st.sampled_from(SPACING)))
    return personal, "".join(pieces)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case_and_text())
def test_the_matcher_redacts_exactly_what_the_former_expressions_matched(example):
    personal, text = example
    assert positions(text, personal) == reference_positions(text, personal)


@pytest.mark.parametrize(("personal", "text"), [
    ({"contact_name": "Kiều Sĩ Khánh"}, "KIỀU  SĨ\nKHÁNH gọi, anh Khánh, ông KIỀU, em sĩ khánh"),
    ({"contact_name": "Kim Sơn"}, "bà Kim Sơn và chú \u212aIM ſƠN"),  # Kelvin sign, long s
    ({"contact_name": "Lý Thị İnh"}, "cô ıNH, cô inh"),
    ({"contact_phone": "+84 912 345 678"}, "gọi 0912.345.678, +84912345678, 84 912-345-678 hay 912 345 678"),
    ({"contact_address": "12 Ngõ 5", "address": "Số 3 Lê Lợi"}, "nhà 12 ngõ 5, hẻm sau SỐ 3  LÊ LỢI"),
    ({"contact_name": "Trịnh Quốc Vĩnh", "address": "88 Hẻm Cây Me"}, "Trinh Quoc Vinh, 88 HEM cay me, ong Vinh"),
    ({"contact_name": "Tran Van Duc", "address": "5 Duong Le Loi"}, "bà Trần Văn Đức ở 5 Đường Lê Lợi, anh Đức"),
])
def test_examples_match_the_former_expressions(personal, text):
    personal = {field: "" for field in ("contact_phone", "contact_email", "contact_address", "representative_name",
                                        "address")} | personal
    found = positions(text, personal)
    assert found and found == reference_positions(text, personal)


def test_case_folding_follows_re_ignorecase_over_every_code_point():
    _sre = pytest.importorskip("_sre")
    casefix = pytest.importorskip("re._casefix")
    extra = casefix._EXTRA_CASES
    classes = {}  # re's class of each cased character → the characters in it
    uncased = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = _sre.unicode_tolower(code)
        if lower == code and code not in extra and char.upper() == char and char.lower() == char:
            uncased.append(char)
            continue
        classes.setdefault(min((lower, *extra.get(lower, ()))), []).append(char)
    everything = "".join(uncased)
    assert case_fold(everything) == everything
    seen = {}
    for members in classes.values():
        folded = {case_fold(char) for char in members}
        assert len(folded) == 1, members  # one class, one representative
        representative = folded.pop()
        assert representative in members  # taken from the class
        assert seen.setdefault(representative, members) is members  # two classes never share one


def test_several_texts_of_a_case_share_one_redactor_and_keep_their_layout():
    redact_case = Redactor({"contact_name": "Trần Văn Bình", "contact_phone": "0903 123 456",
                            "contact_email": "binh.tran@mail.vn", "address": "45 Hàng Bạc"})
    assert redact_case("Ông Bình ở 45 Hàng Bạc gọi 0903123456.") == f"Ông {REDACTED} ở {REDACTED} gọi {REDACTED}."
    assert redact_case("Email: Binh.Tran@Mail.VN\nXin cảm ơn.") == f"Email: {REDACTED}\nXin cảm ơn."
    assert redact_case("") == ""
    assert redact_case("Đường Hàng Bạc đã sáng đèn.") == "Đường Hàng Bạc đã sáng đèn."


def test_text_in_decomposed_unicode_is_redacted_like_composed_text():
    decomposed = "Kính gửi ba\u0300 Lan, nha\u0300 o\u031b\u0309 12 Ngo\u0303 5"
    redacted = redact(decomposed, {"contact_name": "Nguyễn Thị Lan", "contact_address": "12 Ngõ 5"})
    assert redacted == f"Kính gửi bà {REDACTED}, nhà ở {REDACTED}"


def test_a_short_or_empty_case_leaves_ordinary_text_alone():
    text = "Bà con khu phố 3 phản ánh đèn đường hỏng. Anh em dân phòng đã kiểm tra."
    assert redact(text, {"contact_name": "", "contact_phone": "12", "address": "Bà"}) == text


def test_a_value_typed_with_or_without_diacritics_is_redacted_in_a_text_written_the_other_way():
    """Residents often type without diacritics, and staff write a name the resident typed without them with them."""
    personal = {"contact_name": "Trịnh Quốc Vĩnh", "contact_phone": "", "contact_email": "",
                "contact_address": "88 Hẻm Cây Me", "representative_name": "Doan Thi Yen", "address": "77 Đường Hoa"}
    text = ("Tôi tên Trinh Quoc Vinh, nhà ở 88 Hem Cay Me, ổ gà tại 77 Duong Hoa. Kính gửi ong Vinh, bà Đoàn Thị Yến "
            "và chị Yến; TRỊNH QUOC VĨNH")
    assert redact(text, personal) == (f"Tôi tên {REDACTED}, nhà ở {REDACTED}, ổ gà tại {REDACTED}. Kính gửi ong "
                                      f"{REDACTED}, bà {REDACTED} và chị {REDACTED}; {REDACTED}")


def test_a_letter_with_other_diacritics_is_another_word():
    """"Vịnh" (a bay) is not "Vĩnh", "là" (is) not the family name "Lã", and "có" (has) is not the salutation "cô":
    they stay."""
    personal = {"contact_name": "Lã Văn Vĩnh", "address": "12 Đường Hoà Bình"}
    text = "Vịnh Hạ Long; có Vĩnh; cô Vĩnh; ông là người; ông Lã; đường Hóa Bình"
    assert redact(text, personal) == (f"Vịnh Hạ Long; có Vĩnh; cô {REDACTED}; ông là người; ông {REDACTED}; "
                                      "đường Hóa Bình")
