"""The query language people type, parsed into one Elasticsearch clause.

    vacature utrecht            both words (AND is the default)
    "open dag"  "open dag"~3    a phrase; the same words at most 3 positions apart
    vacature OR stilling        either (also ``|``); AND binds tighter than OR
    -intern  NOT intern         without the word
    (a OR b) c                  parentheses group
    vac*  te?t                  wildcards (not at the start of a word)
    vacatur~  vacatur~1         fuzzy: about as spelled (edit distance auto, or 0-2)
    author:kari  group:"Sales team"  source:yammer  lang:nb  tag:#utrecht  entity:Nordlys
    category:vacancy  before:2024-05-01  after:2024-04-01  is:deleted  is:edited

``before:`` excludes its day and ``after:`` includes it; dates without a zone are UTC.

Why a hand-written parser and not Elasticsearch's ``query_string``: query_string lets whoever
types the query name any field (``visibility:``, ``restricted:``, ``enrichment.pii.value:``),
run expensive regular expressions and leading wildcards, and its errors are server errors
without a position. Here every word goes to the text fields only, every field operator maps to
the clause written below for it, and an error names the character where the query went wrong.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pipeline.exc import UsageError
from schemas import Category
from search.mapping import LANGUAGE_ANALYZERS

Clause = dict[str, Any]

MAX_LENGTH = 1000
MAX_TERMS = 50
MAX_DEPTH = 10
MAX_WILDCARDS = 5
MAX_FUZZINESS = 2
MAX_SLOP = 100
MATCH_ALL: Clause = {"match_all": {}}

# Words and phrases search these; wildcards only the unstemmed ones (a pattern is not analysed).
PLAIN_TEXT_FIELDS = ["text", "title", "author.name", "group.name"]
TEXT_FIELDS = [*PLAIN_TEXT_FIELDS, *(f"text.{code}" for code in LANGUAGE_ANALYZERS)]
AUTHOR_FIELDS = frozenset({"author.name"})
OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "|": "OR", "||": "OR"}
FIELD_NAME = re.compile(r"([A-Za-z_]+):(?!/)")
DIGITS = re.compile(r"[0-9]+")
IS_VALUES = {"deleted": "is_deleted", "edited": "is_edited"}


class QuerySyntaxError(UsageError):
    """The query cannot be understood: ``reason`` at ``position`` (the 1-based character it
    points at), then a ``hint`` of what would be understood."""

    def __init__(self, reason: str, position: int, hint: str = ""):
        self.reason = reason
        self.position = position
        self.hint = hint
        super().__init__(f"{reason} at character {position}" + (f"; {hint}" if hint else ""))


@dataclass(frozen=True)
class Token:
    kind: str  # word, phrase, field, (, ), AND, OR, NOT, -
    text: str
    pos: int  # 0-based offset in the query
    tilde: str | None = None  # the digits after a "~" ("" for a bare "~"); None without one


def parse_query(text: str, *, author_searchable: bool = True) -> Clause:
    """The Elasticsearch clause for ``text`` (match_all for an empty query). Without
    ``author_searchable`` (roles that see pseudonyms) words do not search author names and
    ``author:`` is refused."""
    if len(text) > MAX_LENGTH:
        raise QuerySyntaxError(
            "the query goes on too long", MAX_LENGTH + 1, f"at most {MAX_LENGTH} characters"
        )
    tokens = tokenize(_without_lone_surrogates(text))
    if not tokens:
        return MATCH_ALL
    terms = sum(t.kind in ("word", "phrase") for t in tokens)
    if terms > MAX_TERMS:
        extra = [t for t in tokens if t.kind in ("word", "phrase")][MAX_TERMS]
        raise QuerySyntaxError(
            "too many words", extra.pos + 1, f"at most {MAX_TERMS} words or phrases"
        )
    fields = (
        TEXT_FIELDS if author_searchable else [f for f in TEXT_FIELDS if f not in AUTHOR_FIELDS]
    )
    return _Parser(tokens, fields, author_searchable).parse()


def _without_lone_surrogates(text: str) -> str:
    """Command-line arguments that are not valid UTF-8 arrive with lone surrogates, which
    cannot be sent as JSON."""
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


# --- tokens -----------------------------------------------------------------------------


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(Token(c, c, i))
            i += 1
        elif c == '"':
            i = _read_phrase(text, i, tokens)
        elif c == "-":
            if i + 1 == len(text) or text[i + 1].isspace():
                raise QuerySyntaxError("'-' needs a term right after it", i + 1, "e.g. -intern")
            tokens.append(Token("-", c, i))
            i += 1
        else:
            i = _read_word(text, i, tokens)
    return tokens


def _read_phrase(text: str, start: int, tokens: list[Token]) -> int:
    end = text.find('"', start + 1)
    if end < 0:
        raise QuerySyntaxError("unclosed quote", start + 1)
    if not text[start + 1 : end].strip():
        raise QuerySyntaxError("empty phrase", start + 1)
    after = end + 1
    tilde = None
    if after < len(text) and text[after] == "~":
        j = after + 1
        while j < len(text) and not _ends_word(text[j]):
            j += 1
        tilde = text[after + 1 : j]
        if not DIGITS.fullmatch(tilde):
            raise QuerySyntaxError(
                "'~' after a phrase needs how many positions apart", after + 1, 'e.g. "a b"~5'
            )
        after = j
    tokens.append(Token("phrase", text[start + 1 : end], start, tilde))
    return after


def _ends_word(c: str) -> bool:
    return c.isspace() or c in '()"'


def _read_field_value(text: str, start: int, tokens: list[Token]) -> int:
    """A field's value is taken as written, colons and all (entity:team:sales); a missing one
    is left for the parser to name."""
    if start < len(text) and text[start] == '"':
        return _read_phrase(text, start, tokens)
    end = start
    while end < len(text) and not _ends_word(text[end]):
        end += 1
    if end > start:
        tokens.append(Token("word", text[start:end], start))
    return end


def _read_word(text: str, start: int, tokens: list[Token]) -> int:
    end = start
    while end < len(text) and not _ends_word(text[end]):
        end += 1
    raw = text[start:end]
    if raw in OPERATORS:
        tokens.append(Token(OPERATORS[raw], raw, start))
        return end
    if field := FIELD_NAME.match(raw):
        tokens.append(Token("field", field[1].lower(), start))
        return _read_field_value(text, start + field.end(), tokens)
    word, tilde, suffix = raw.partition("~")
    if tilde and not word:
        raise QuerySyntaxError("'~' must follow a word or a phrase", start + 1)
    if tilde and suffix and not DIGITS.fullmatch(suffix):
        raise QuerySyntaxError(
            "'~' after a word needs an edit distance of 0, 1 or 2",
            start + len(word) + 1,
            "e.g. word~1",
        )
    tokens.append(Token("word", word, start, suffix if tilde else None))
    return end


# --- grammar ----------------------------------------------------------------------------
#   query   := or EOF
#   or      := and (OR and)*
#   and     := unary ([AND] unary)*
#   unary   := (NOT | "-") unary | primary
#   primary := "(" or ")" | field value | word | phrase


class _Parser:
    def __init__(self, tokens: list[Token], fields: list[str], author_searchable: bool):
        self.tokens = tokens
        self.at = 0
        self.depth = 0
        self.fields = fields
        self.author_searchable = author_searchable

    def parse(self) -> Clause:
        clause = self._or()
        if (extra := self._peek()) is not None:  # only an unmatched ")" stops _or early
            raise QuerySyntaxError("unmatched ')'", extra.pos + 1)
        return clause

    def _peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _next(self) -> Token | None:
        token = self._peek()
        self.at += 1
        return token

    def _needs_term_after(self, operator: Token) -> None:
        following = self._peek()
        if following is None or following.kind in (")", "AND", "OR"):
            raise QuerySyntaxError(f"'{operator.text}' needs a term after it", operator.pos + 1)

    def _or(self) -> Clause:
        alternatives = [self._and()]
        while (token := self._peek()) is not None and token.kind == "OR":
            self._next()
            self._needs_term_after(token)
            alternatives.append(self._and())
        if len(alternatives) == 1:
            return alternatives[0]
        return {"bool": {"should": alternatives, "minimum_should_match": 1}}

    def _and(self) -> Clause:
        required = [self._unary()]
        while (token := self._peek()) is not None and token.kind not in (")", "OR"):
            if token.kind == "AND":
                self._next()
                self._needs_term_after(token)
            required.append(self._unary())
        return required[0] if len(required) == 1 else {"bool": {"must": required}}

    def _unary(self) -> Clause:
        token = self._peek()
        if token is not None and token.kind in ("NOT", "-"):
            self._next()
            self._needs_term_after(token)
            return {"bool": {"must_not": [self._unary()]}}
        return self._primary()

    def _primary(self) -> Clause:
        token = self._next()
        assert token is not None  # every caller checked that a term follows
        if token.kind == "(":
            return self._group(token)
        if token.kind == ")":
            raise QuerySyntaxError("unmatched ')'", token.pos + 1)
        if token.kind in ("AND", "OR"):
            raise QuerySyntaxError(f"'{token.text}' needs a term before it", token.pos + 1)
        if token.kind == "field":
            return self._field(token)
        if token.kind == "phrase":
            return self._phrase(token)
        return self._word(token)

    def _group(self, opening: Token) -> Clause:
        following = self._peek()
        if following is None:
            raise QuerySyntaxError("unclosed '('", opening.pos + 1)
        if following.kind == ")":
            raise QuerySyntaxError("empty parentheses", opening.pos + 1)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(f"parentheses nested deeper than {MAX_DEPTH}", opening.pos + 1)
        if following.kind in ("AND", "OR"):
            raise QuerySyntaxError(f"'{following.text}' needs a term before it", following.pos + 1)
        inner = self._or()
        closing = self._next()
        if closing is None:
            raise QuerySyntaxError("unclosed '('", opening.pos + 1)
        self.depth -= 1
        return inner

    def _phrase(self, token: Token) -> Clause:
        slop = int(token.tilde) if token.tilde is not None else 0
        if slop > MAX_SLOP:
            raise QuerySyntaxError(
                "the phrase's words are too far apart", token.pos + 1, f"at most ~{MAX_SLOP}"
            )
        return _over(
            self.fields, lambda f: {"match_phrase": {f: {"query": token.text, "slop": slop}}}
        )

    def _word(self, token: Token) -> Clause:
        word = token.text
        if "*" in word or "?" in word:
            return self._wildcard(token)
        if token.tilde is None:
            return _over(self.fields, lambda f: {"match": {f: {"query": word, "operator": "and"}}})
        fuzziness: int | str = int(token.tilde) if token.tilde else "AUTO"
        if isinstance(fuzziness, int) and fuzziness > MAX_FUZZINESS:
            raise QuerySyntaxError(
                f"fuzzy edit distance {fuzziness} is too large",
                token.pos + len(word) + 1,
                f"at most {MAX_FUZZINESS}",
            )
        return _over(
            self.fields,
            lambda f: {"match": {f: {"query": word, "operator": "and", "fuzziness": fuzziness}}},
        )

    def _wildcard(self, token: Token) -> Clause:
        word = token.text
        if token.tilde is not None:
            raise QuerySyntaxError("a word cannot be both a wildcard and fuzzy", token.pos + 1)
        if word[0] in "*?":
            raise QuerySyntaxError("a wildcard cannot start a word", token.pos + 1)
        if sum(c in "*?" for c in word) > MAX_WILDCARDS:
            raise QuerySyntaxError(
                "too many wildcards in one word", token.pos + 1, f"at most {MAX_WILDCARDS}"
            )
        pattern = word.lower().replace("\\", "\\\\")
        fields = [f for f in PLAIN_TEXT_FIELDS if f in self.fields]
        return _over(fields, lambda f: {"wildcard": {f: {"value": pattern}}})

    def _field(self, token: Token) -> Clause:
        name = token.text
        build = FIELD_OPERATORS.get(name)
        if build is None:
            raise QuerySyntaxError(
                f"unknown field '{name}:'",
                token.pos + 1,
                f"fields: {', '.join(f'{f}:' for f in FIELD_OPERATORS)}",
            )
        if name == "author" and not self.author_searchable:
            raise QuerySyntaxError(
                "'author:' is not available to this role",
                token.pos + 1,
                "it sees authors as pseudonyms",
            )
        value = self._next()
        attached = value is not None and value.pos == token.pos + len(name) + 1
        if not attached or value.kind not in ("word", "phrase"):
            raise QuerySyntaxError(
                f"'{name}:' needs a value right after it",
                token.pos + 1,
                f"e.g. {name}:{FIELD_EXAMPLES[name]}",
            )
        if value.tilde is not None:
            raise QuerySyntaxError(f"'~' cannot follow the value of '{name}:'", value.pos + 1)
        return build(value.text.strip(), value.pos + 1)


def _over(fields: list[str], clause: Callable[[str], Clause]) -> Clause:
    """One clause per field, the best-matching field scoring (what multi_match's best_fields
    does, written out so that each clause is a plain, widely supported query)."""
    return {"dis_max": {"queries": [clause(f) for f in fields]}}


# --- field operators --------------------------------------------------------------------


def _either(*clauses: Clause) -> Clause:
    return {"bool": {"should": list(clauses), "minimum_should_match": 1}}


def _author(value: str, _pos: int) -> Clause:
    handle = value.removeprefix("@")
    return _either(
        {"match_phrase": {"author.name": value}},
        {"terms": {"author.handle": sorted({handle, handle.lower()})}},
        {"term": {"author.id": value}},
    )


def _group(value: str, _pos: int) -> Clause:
    return _either({"match_phrase": {"group.name": value}}, {"term": {"group.id": value}})


def _source(value: str, _pos: int) -> Clause:
    """A source key (yammer.nordlys), a platform (yammer) or a connector kind (x-archive)."""
    key = value.lower()
    return _either(
        {"term": {"source": key}},
        {"prefix": {"source": key.rstrip(".") + "."}},
        {"term": {"provenance.connector": key}},
    )


def _lang(value: str, _pos: int) -> Clause:
    return {"term": {"enrichment.language": value.lower()}}


def _tag(value: str, _pos: int) -> Clause:
    tag = value.removeprefix("#")
    return _either(
        {"term": {"enrichment.hashtags": tag.lower()}},
        {"terms": {"hashtags": sorted({tag, tag.lower()})}},
    )


def _entity(value: str, _pos: int) -> Clause:
    """An entity's directory id (team:sales) or its text as written, in any letter case."""
    return _either(
        {"term": {"enrichment.entities.id": value}},
        {"term": {"enrichment.entities.text": {"value": value, "case_insensitive": True}}},
    )


def _category(value: str, pos: int) -> Clause:
    labels = [c.value for c in Category]
    if value.lower() not in labels:
        raise QuerySyntaxError(
            f"unknown category '{value}'", pos, f"categories: {', '.join(labels)}"
        )
    return {"term": {"enrichment.labels": value.lower()}}


def _date(value: str, pos: int) -> str:
    try:
        parsed = (
            datetime.combine(date.fromisoformat(value), datetime.min.time())
            if len(value) == 10
            else datetime.fromisoformat(value)
        )
    except ValueError:
        raise QuerySyntaxError(f"'{value}' is not a date", pos, "write YYYY-MM-DD") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).isoformat()


def _before(value: str, pos: int) -> Clause:
    return {"range": {"created_at": {"lt": _date(value, pos)}}}


def _after(value: str, pos: int) -> Clause:
    return {"range": {"created_at": {"gte": _date(value, pos)}}}


def _is(value: str, pos: int) -> Clause:
    field = IS_VALUES.get(value.lower())
    if field is None:
        raise QuerySyntaxError(f"unknown 'is:{value}'", pos, "use is:deleted or is:edited")
    return {"term": {field: True}}


FIELD_OPERATORS: dict[str, Callable[[str, int], Clause]] = {
    "author": _author,
    "source": _source,
    "group": _group,
    "lang": _lang,
    "tag": _tag,
    "entity": _entity,
    "category": _category,
    "before": _before,
    "after": _after,
    "is": _is,
}
FIELD_EXAMPLES = {
    "author": '"Kari Nordmann"',
    "source": "yammer",
    "group": '"Sales team"',
    "lang": "nl",
    "tag": "#utrecht",
    "entity": "Utrecht",
    "category": "vacancy",
    "before": "2024-05-01",
    "after": "2024-04-01",
    "is": "edited",
}
