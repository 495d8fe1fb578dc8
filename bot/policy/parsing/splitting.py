"""Split an over-long clause into parts, each with its own exact span in the source.

The text is cut at the best boundary inside the limit: a line break (table rows, folded headings),
then a sentence end, then a semicolon or colon, then any whitespace, then anywhere. The cut is
carried over to the raw source by aligning the words of the cleaned text with the source, because
cleaning (markup removal) changes lengths and no character map survives it.
"""

from __future__ import annotations

import bisect
import itertools
import re

MAX_CLAUSE_CHARS = 2000

_LINE_BREAK = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_CLAUSE_END = re.compile(r"[;:][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_WORD_SEARCH_WINDOW = 10_000  # markup between two words (a long URL) is shorter; keeps misses cheap


def split_text(text: str, limit: int = MAX_CLAUSE_CHARS) -> list[tuple[int, int]]:
    """(start, end) ranges of text, each stripped, non-empty and at most `limit` characters long."""
    ranges = []
    text_end = len(text.rstrip())
    pos = _skip_space(text, 0)
    while text_end - pos > limit:
        cut = _best_cut(text, pos, limit)
        ranges.append((pos, pos + len(text[pos:cut].rstrip())))
        pos = _skip_space(text, cut)
    if pos < text_end:
        ranges.append((pos, text_end))
    return ranges


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _best_cut(text: str, pos: int, limit: int) -> int:
    """Where the next part starts; the part before it fits in `limit` once stripped."""
    window_end = pos + limit
    shortest = pos + limit // 2  # never cut off a sliver when a good boundary is a little earlier
    for boundary in (_LINE_BREAK, _SENTENCE_END, _CLAUSE_END, _SPACE):
        last = None
        for match in boundary.finditer(text, pos + 1, window_end + 1):
            if match.start() >= shortest or boundary is _SPACE:
                last = match
        if last is not None:
            return last.end() if last.end() > pos else window_end
    return window_end


def locate_parts(text: str, ranges: list[tuple[int, int]], source: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span of source[start:end] that each range of the cleaned `text` came from.

    Spans are contiguous in order, start at non-blank characters and together cover start..end.
    """
    aligned_at: list[int] = []  # text offsets of the words found in the source
    found_start: list[int] = []
    found_end: list[int] = []
    cursor = start
    for word in _WORD.finditer(text):
        at = source.find(word.group(), cursor, min(end, cursor + _WORD_SEARCH_WINDOW))
        if at >= 0:  # a word changed by cleaning (an HTML entity, say) is simply skipped
            aligned_at.append(word.start())
            found_start.append(at)
            found_end.append(at + len(word.group()))
            cursor = at + len(word.group())

    spans_start = [start]
    spans_end = []
    for (_, previous_end), (next_start, _) in itertools.pairwise(ranges):
        before = bisect.bisect_left(aligned_at, previous_end) - 1  # last word ending the previous part
        after = bisect.bisect_left(aligned_at, next_start)  # first word of the next part
        if before >= 0 and after < len(aligned_at) and before < after:
            limit = found_start[after]
            cut = found_end[before]
            if "\n" in text[previous_end:next_start]:
                line_break = source.find("\n", cut, limit)
                cut = line_break if line_break >= 0 else cut
            while cut < limit and not source[cut].isspace():
                cut += 1  # trailing markup and punctuation stay with the words they close
        else:  # no words to anchor on: cut proportionally
            cut = start + (end - start) * next_start // max(len(text), 1)
        cut = min(max(cut, spans_start[-1] + 1), end)
        resume = _skip_space(source, cut)
        spans_end.append(_rstrip_to(source, spans_start[-1], cut))
        spans_start.append(min(resume, end))
    spans_end.append(end)
    return list(zip(spans_start, spans_end, strict=True))


def _rstrip_to(source: str, floor: int, pos: int) -> int:
    while pos > floor + 1 and source[pos - 1].isspace():
        pos -= 1
    return pos
