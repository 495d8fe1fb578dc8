"""Turn a reader's headings and blocks into clauses: sections, folded headings, dedupe, splits, ids.

Clause ids are `<document id>/<local id>`, where the local id is, in order of preference:

- the section number of a numbered paragraph: "**1.1.** You may ..." → `1.1`;
- under a numbered heading ("3.2 Title", "Section 4.1", "12)"): its first block gets the number
  itself (`3.2`), later blocks `3.2.p2`, `3.2.p3`, ...;
- under an unnumbered heading: the heading's position, one counter per depth of the heading path,
  then the block's position under it: `s2.3.p1` is the first block of the third subsection of the
  second top-level section (counting every heading, numbered or not); before any heading `s0.p1`;
- a heading with nothing under it stands alone and takes the heading's own id (`3.2` or `s2.3`).

An id already taken gets `-2`, `-3`, ...; the parts of a split clause get `~2`, `~3`, ... after the
first, which keeps the plain id. Ids depend only on the text, so parsing is deterministic.
Headings are folded into the next block's clause while they are still open (that block sits under
them); a heading closed by a sibling or a shallower heading before any block becomes its own clause,
together with the open headings folded into it so far.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.policy.modality import Modality, ModalityReader, title_modality
from bot.policy.models import Clause, DocumentMeta
from bot.policy.parsing.events import Block, Event, Heading
from bot.policy.parsing.numbering import ClauseIds, heading_number, paragraph_number
from bot.policy.parsing.splitting import MAX_CLAUSE_CHARS, locate_parts, split_text


@dataclass
class _Section:
    """An open heading on the path, or the document root."""

    level: int
    title: str
    local_id: str  # "3.2" when numbered, else positional "s2.3"
    numbered: bool
    blocks: int = 0  # clauses kept under it so far, for ".p2", ".p3", ...

    def next_block_id(self) -> str:
        self.blocks += 1
        if self.numbered and self.blocks == 1:
            return self.local_id
        return f"{self.local_id}.p{self.blocks}"


@dataclass
class _Assembler:
    meta: DocumentMeta
    source: str
    path: list[_Section] = field(default_factory=list)
    counters: list[int] = field(default_factory=list)  # headings seen per depth, for positional ids
    pending: list[Heading] = field(default_factory=list)  # open headings not yet in any clause
    root: _Section = field(default_factory=lambda: _Section(0, "", "s0", numbered=False))
    ids: ClauseIds = field(default_factory=ClauseIds)
    seen: set[tuple[tuple[str, ...], str]] = field(default_factory=set)
    clauses: list[Clause] = field(default_factory=list)
    dropped: list[tuple[int, int]] = field(default_factory=list)
    modality: ModalityReader = field(default_factory=ModalityReader)  # what each block does, in its context

    def heading(self, heading: Heading) -> None:
        if self.pending and self.path[-1].level >= heading.level:
            self._emit_pending_alone()
        while self.path and self.path[-1].level >= heading.level:
            self.path.pop()
        depth = len(self.path)
        del self.counters[depth + 1 :]
        self.counters.extend([0] * (depth + 1 - len(self.counters)))
        self.counters[depth] += 1
        number = heading_number(heading.title)
        positional = "s" + ".".join(map(str, self.counters[: depth + 1]))
        self.path.append(_Section(heading.level, heading.title, number or positional, number is not None))
        self.pending.append(heading)
        self.modality.heading(heading.level, heading.title)

    def block(self, block: Block) -> None:
        lines = [h.title for h in self.pending] + [block.text]
        start = self.pending[0].start if self.pending else block.start
        self.pending.clear()
        section = self.path[-1] if self.path else self.root
        own_number = paragraph_number(block.text) if block.kind == "paragraph" else None
        modality = self.modality.block(block.kind, block.text, block.depth)
        self._emit("\n".join(lines), start, block.end, section, own_number, modality, self.modality.lead_ins)

    def finish(self) -> None:
        if self.pending:
            self._emit_pending_alone()

    def _emit_pending_alone(self) -> None:
        text = "\n".join(h.title for h in self.pending)
        start, end = self.pending[0].start, self.pending[-1].end
        self.pending.clear()
        section = self.path[-1]
        modality = "informs" if self.modality.context() == "informs!" else title_modality(section.title)
        self._emit(text, start, end, section, section.local_id, modality)

    def _emit(
        self,
        text: str,
        start: int,
        end: int,
        section: _Section,
        own_number: str | None,
        modality: Modality,
        lead_ins: tuple[str, ...] = (),
    ) -> None:
        titles = tuple(s.title for s in self.path)
        if (titles, text) in self.seen:
            self.dropped.append((start, end))  # an exact repeat, e.g. a page pasted twice
            return
        self.seen.add((titles, text))
        local_id = self.ids.claim(own_number or section.next_block_id())
        if own_number is not None:
            section.blocks += 1
        self.clauses.extend(self._parts(local_id, titles, text, (start, end), modality, lead_ins))

    def _parts(
        self,
        local_id: str,
        section: tuple[str, ...],
        text: str,
        span: tuple[int, int],
        modality: Modality,
        lead_ins: tuple[str, ...],
    ) -> Iterable[Clause]:
        start, end = span
        ranges = [(0, len(text))]
        spans = [(start, end)]
        if len(text) > MAX_CLAUSE_CHARS:
            ranges = split_text(text)
            spans = locate_parts(text, ranges, self.source, start, end)
        for index, ((text_start, text_end), (span_start, span_end)) in enumerate(
            zip(ranges, spans, strict=True), start=1
        ):
            part_id = local_id if index == 1 else self.ids.claim(f"{local_id}~{index}")
            yield Clause(
                id=f"{self.meta.id}/{part_id}",
                document_id=self.meta.id,
                version=self.meta.version,
                section=section,
                text=text[text_start:text_end],
                start=span_start,
                end=span_end,
                modality=modality,
                lead_ins=lead_ins,
            )


def assemble(
    events: Iterable[Event], meta: DocumentMeta, source: str
) -> tuple[tuple[Clause, ...], tuple[tuple[int, int], ...]]:
    """Clauses in document order, and the spans of blocks dropped as exact duplicates."""
    assembler = _Assembler(meta, source)
    for event in events:
        if isinstance(event, Heading):
            assembler.heading(event)
        elif event.text:
            assembler.block(event)
    assembler.finish()
    return tuple(assembler.clauses), tuple(assembler.dropped)
