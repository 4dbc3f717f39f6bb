"""Word search over a folded search text (portal.core.text.fold), where a word typed with diacritics matches only its
own word form.

Every word must occur in the folded text (lower-case, no diacritics): the condition that the trigram indexes narrow
down on PostgreSQL. The words typed with diacritics must also occur, lower-cased and in Unicode NFC, in the original
texts the folded one was made from ("đèn" finds "Đèn đường" but not "Tôi đến phường"): a recheck of the rows the
index found (ContainsExactWords), so no column and no index more. Substrings, as the folded search: "đèn" also finds
"đèn,".
"""

from __future__ import annotations

from django.db.models import BooleanField, Func, Q

from .text import exact_form, fold, search_words

SQLITE_FUNCTION = "ow_exact_form"
# The blocks of combining diacritical marks: text without any is its own NFC (for the scripts Vietnamese is written
# in; a few other scripts' marks and singletons such as the Ångström sign are not looked for).
COMBINING_MARK = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


class ContainsExactWords(Func):
    """True where every one of `words` (each already exact_form(): lower-case NFC) occurs in the exact form of the
    texts (never NULL) joined by spaces.

    PostgreSQL: LOWER(text) LIKE ALL the words, or, for a text holding a combining mark (decomposed input: NFD, or
    the "Unicode tổ hợp" of Vietnamese keyboards), LOWER(NORMALIZE(text, NFC)) LIKE ALL the words. NORMALIZE costs
    ~60 µs a row, ten times the rest: every row the folded words match would pay it (3.7 s for the 55,000 cases of
    200,000 that hold "den"), so only the texts that may need it do; the text is lowered once for all the words.
    LOWER follows the database's collation (LC_CTYPE): a UTF-8 locale, the default of Debian and of the postgres
    image (C.UTF-8, en_US.UTF-8), lowers "Đ" and "Ư"; a database made with the "C" locale would lower ASCII only.
    The test is written NULLIF(test, FALSE) IS NOT NULL, true on the same rows, for the planner: it has no statistics
    on the expression and would guess that each word keeps under 1 % of the rows the folded words match (a third to
    all of them, really), and sort every match of a common word rather than walk the queue's index to its first
    page (a ward's whole queue at 200,000 cases, "đèn": 4 ms → 100 ms). IS NOT NULL of an expression without
    statistics it counts as keeping nearly every row: the plans stay those of the folded words alone.
    SQLite: its LOWER() is ASCII-only ("Đ", "Ư" stay upper-case), so the text goes through the function
    register_sqlite_function() adds to every SQLite connection: exact_form() itself."""

    output_field = BooleanField()
    conditional = True
    arg_joiner = " || ' ' || "

    def __init__(self, *texts, words: list[str]):
        super().__init__(*texts)
        self.words = list(words)

    def _text_and_patterns(self, compiler, connection):
        text, params = super().as_sql(compiler, connection, template="(%(expressions)s)")
        patterns = [f"%{connection.ops.prep_for_like_query(word)}%" for word in self.words]
        return text, tuple(params), patterns

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"ContainsExactWords is written for PostgreSQL and SQLite, not {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra_context):
        text, params, patterns = self._text_and_patterns(compiler, connection)
        words = f"ALL(ARRAY[{', '.join(['%s'] * len(patterns))}])"
        sql = (f"NULLIF(LOWER({text}) LIKE {words} "
               f"OR ({text} ~ %s AND LOWER(NORMALIZE({text}, NFC)) LIKE {words}), FALSE) IS NOT NULL")
        return sql, (*params, *patterns, *params, COMBINING_MARK, *params, *patterns)

    def as_sqlite(self, compiler, connection, **extra_context):
        text, params, patterns = self._text_and_patterns(compiler, connection)
        sql = " AND ".join([f"{SQLITE_FUNCTION}({text}) LIKE %s ESCAPE '\\'"] * len(patterns))
        return f"({sql})", tuple(value for pattern in patterns for value in (*params, pattern))


def _exact_form_or_null(text):
    return None if text is None else exact_form(text)


def register_sqlite_function(sender, connection, **kwargs):
    """connection_created receiver (portal.core.apps): ContainsExactWords' function on every SQLite connection,
    declared deterministic."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _exact_form_or_null, deterministic=True)


def words_condition(q: str, *, folded: str, original: list[str]) -> Q:
    """Every word of `q` occurs in `folded` (a field or alias holding fold() of the `original` fields joined by
    spaces); the words typed with diacritics also occur as typed, case aside, in the `original` fields."""
    words = search_words(q)
    condition = Q()
    for folded_word, _exact in words:
        condition &= Q(**{f"{folded}__contains": folded_word})
    exact = [word for _folded, word in words if word is not None]
    if exact:
        condition &= Q(ContainsExactWords(*original, words=exact))
    return condition


def both_forms(text: str) -> str:
    """`text` as words_in_both_forms() searches it: fold(text) on one line and exact_form(text) on the next. For a
    text with no index and no column of its own to recheck against (Case.masked_search_text)."""
    return f"{fold(text)}\n{exact_form(text)}"


def words_in_both_forms(q: str, *, field: str) -> Q:
    """words_condition() on a field holding both_forms() of a text: every word of `q`, folded, occurs in it, and the
    words typed with diacritics occur as typed too. A word has no whitespace, so it never spans the two lines; a
    folded word found in the exact line is in the folded line as well (folding keeps what is already folded), and
    a word typed with diacritics (or "đ") is never in the folded line: the folded line answers the folded words,
    the exact line the others, with no function in SQL (a plain LIKE; its case rules do not matter, both sides are
    lower-case)."""
    condition = Q()
    for folded_word, exact in search_words(q):
        condition &= Q(**{f"{field}__contains": folded_word})
        if exact is not None:
            condition &= Q(**{f"{field}__contains": exact})
    return condition
