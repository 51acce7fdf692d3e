"""Any typed text as a valid FTS5 query, each word expanded to the indexed spellings of its every form.

What keeps its FTS meaning when well formed: "quoted phrases", ``OR`` between two words or phrases, a
trailing ``*`` (a prefix). A word written ``=word`` is searched in that form only (its spellings, no other
inflection). Everything else — colons, stray quotes, brackets, bare ``AND``/``NOT``/``NEAR``,
``^``, ``-``, punctuation — separates plain words, which must all match. What a query may cost is capped:
``MAX_CLAUSES`` words or phrases, ``MAX_SPELLINGS`` spellings of a word, ``MAX_PHRASE_SPELLINGS`` spellings
of a phrase; ``Query.note`` says what was left out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from crawler.search.normalise import normalise, tokens

MAX_CLAUSES = 16
MAX_SPELLINGS = 50
MAX_PHRASE_SPELLINGS = 16
MAX_QUERY_CHARS = 2_000
# A query that matches nothing and is valid FTS5: the empty phrase.
NOTHING = '""'

# A phrase (balanced quotes), OR, a word with an optional trailing *, or anything else (skipped).
_PIECE = re.compile(r'"(?P<phrase>[^"]*)"|(?P<text>[^\s"]+)|(?P<stray>")')


@dataclass(frozen=True)
class Clause:
    """One thing that must match: a word, a phrase (several words in order) or a prefix."""

    words: tuple[str, ...]
    prefix: bool = False
    exact: bool = False  # =word: this form only, in any spelling


@dataclass
class Query:
    """Typed text parsed: groups of alternatives (``OR``), all groups must match."""

    groups: list[list[Clause]] = field(default_factory=list)
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.groups


def parse_query(text: str) -> Query:
    """``text`` as a ``Query``; never an error."""
    query, notes = Query(), []
    if len(text) > MAX_QUERY_CHARS:
        text, notes = text[:MAX_QUERY_CHARS], ["only the start of a very long query was searched"]
    pending_or = False
    clauses = 0
    for match in _PIECE.finditer(text):
        phrase, piece = match.group("phrase"), match.group("text")
        new: list[Clause] = []
        if phrase is not None:
            words = tuple(tokens(phrase))
            if words:
                new.append(Clause(words))
        elif piece == "OR":
            pending_or = bool(query.groups)
            continue
        elif piece is not None:
            words = tokens(piece)
            prefix = piece.endswith("*") and bool(words)
            exact = piece.startswith("=") and len(words) == 1 and not prefix
            new.extend(Clause((word,)) for word in words[:-1])
            if words:
                new.append(Clause((words[-1],), prefix=prefix, exact=exact))
        for clause in new:
            if clauses == MAX_CLAUSES:
                notes.append(f"only the first {MAX_CLAUSES} words were searched")
                break
            clauses += 1
            if pending_or:
                query.groups[-1].append(clause)
                pending_or = False
            else:
                query.groups.append([clause])
        else:
            continue
        break
    if query.empty and text.strip():
        notes.append('no word to search for: type a word, a "quoted phrase" or a prefix*')
    query.note = "; ".join(dict.fromkeys(notes))
    return query


def match_expression(query: Query, spellings: Callable[[str], Iterable[str]]) -> str:
    """The FTS5 MATCH text of ``query``; ``spellings(word)`` gives the indexed spellings of a typed word."""
    if query.empty:
        return NOTHING
    groups = []
    for group in query.groups:
        alternatives = [_clause(clause, spellings) for clause in group]
        groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups)


def _clause(clause: Clause, spellings: Callable[[str], Iterable[str]]) -> str:
    if clause.prefix:
        return quoted(clause.words[0]) + " *"
    per_word = [_spellings_of(word, spellings, clause.exact) for word in clause.words]
    if len(per_word) == 1:
        return "(" + " OR ".join(map(quoted, per_word[0])) + ")"
    phrases = itertools.islice(itertools.product(*per_word), MAX_PHRASE_SPELLINGS)
    return "(" + " OR ".join(quoted(" ".join(words)) for words in phrases) + ")"


def _spellings_of(word: str, spellings: Callable[[str], Iterable[str]], exact: bool = False) -> list[str]:
    """The word as typed first (it is always a valid spelling), then the indexed ones (of this form only,
    for an exact word)."""
    found = dict.fromkeys([word, *itertools.islice(spellings(word), MAX_SPELLINGS)])
    if exact:
        return [spelling for spelling in found if normalise(spelling) == normalise(word)]
    return list(found)


def quoted(text: str) -> str:
    """``text`` as one FTS5 string (a word or a phrase), whatever it holds."""
    return '"' + text.replace('"', '""') + '"'
