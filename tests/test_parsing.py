"""The clause parser: each format, headings, ids, tables, long clauses, duplicates, bad input."""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
import re
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import DocumentError
from bot.policy.models import Clause, DocumentMeta
from bot.policy.parsing import MAX_CLAUSE_CHARS, ParsedDocument, parse_document, parse_text_source

META = DocumentMeta(id="doc")


def parse(source: str, fmt: str = "markdown") -> ParsedDocument:
    return parse_text_source(dedent(source).lstrip("\n"), fmt, META)


def by_id(doc: ParsedDocument) -> dict[str, Clause]:
    return {clause.id.removeprefix("doc/"): clause for clause in doc.clauses}


def raw(doc: ParsedDocument, clause: Clause) -> str:
    return doc.source[clause.start : clause.end]


def words_in_order(text: str, source_slice: str) -> bool:
    """Every word of text occurs in the slice, in order (markup between words is ignored)."""
    stream, position = "".join(re.findall(r"\w+", source_slice)), 0
    for word in re.findall(r"\w+", text):
        position = stream.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


def coverage(doc: ParsedDocument) -> float:
    """Share of the body's non-blank characters inside a clause span or a dropped span."""
    covered = bytearray(len(doc.source))
    for start, end in [*((c.start, c.end) for c in doc.clauses), *doc.dropped]:
        covered[start:end] = b"\x01" * (end - start)
    body = [i for i in range(doc.body_start, len(doc.source)) if not doc.source[i].isspace()]
    return sum(covered[i] for i in body) / max(len(body), 1)


# ---- Markdown: headings and ids -------------------------------------------------------------


def test_a_numbered_heading_gives_its_number_to_the_first_block_and_is_folded_into_it() -> None:
    doc = parse(
        """
        ### 3.1 US police departments
        No facial recognition by police in the United States.
        """
    )
    [clause] = doc.clauses
    assert clause.id == "doc/3.1"
    assert clause.text == "3.1 US police departments\nNo facial recognition by police in the United States."
    assert clause.section == ("3.1 US police departments",)
    assert raw(doc, clause).startswith("### 3.1")
    assert raw(doc, clause).endswith("United States.")


def test_knowledge_base_layout_gives_clause_numbers_as_ids() -> None:
    doc = parse(
        """
        # Code of Conduct

        Intro paragraph.

        ## 3. Facial recognition

        ### 3.1 Police
        No facial recognition for police.

        ### 3.2 Mobile cameras
        No real-time recognition on mobile cameras.

        A second paragraph under 3.2.

        - and a list item
        """
    )
    clauses = by_id(doc)
    assert list(clauses) == ["s1.p1", "3.1", "3.2", "3.2.p2", "3.2.p3"]
    assert clauses["3.1"].text == "3. Facial recognition\n3.1 Police\nNo facial recognition for police."
    assert clauses["3.1"].section == ("Code of Conduct", "3. Facial recognition", "3.1 Police")
    assert clauses["3.2"].text.startswith("3.2 Mobile cameras\n")
    assert clauses["3.2.p3"].text == "and a list item"


def test_unnumbered_headings_get_positional_ids() -> None:
    doc = parse(
        """
        Before any heading.

        # Title

        ## Alpha
        a1

        a2

        ## Beta
        b1

        ### Beta one
        b11
        """
    )
    assert list(by_id(doc)) == ["s0.p1", "s1.1.p1", "s1.1.p2", "s1.2.p1", "s1.2.1.p1"]
    assert by_id(doc)["s1.1.p1"].text == "Title\nAlpha\na1"


@pytest.mark.parametrize(
    ("title", "local_id"),
    [
        ("Section 4.1 Scope", "4.1"),
        ("12) Termination", "12"),
        ("1\\. Universal Terms", "1"),
        ("3.2.1 Deep", "3.2.1"),
        ("2024 Update", "s1.p1"),
        ("3.2Title", "s1.p1"),
    ],
)
def test_section_numbers_in_headings(title: str, local_id: str) -> None:
    doc = parse(f"## {title}\n\nBody text.\n")
    assert [c.id for c in doc.clauses] == [f"doc/{local_id}"]


def test_setext_headings_set_the_section() -> None:
    doc = parse(
        """
        Usage Policy
        ============

        Scope
        -----

        Applies to all.
        """
    )
    [clause] = doc.clauses
    assert clause.section == ("Usage Policy", "Scope")
    assert clause.text == "Usage Policy\nScope\nApplies to all."
    assert clause.start == 0


def test_a_heading_closed_before_any_block_stands_alone_and_a_trailing_heading_too() -> None:
    doc = parse(
        """
        ## 1. Empty section
        ## 2. Full section
        Text.
        ## 3. Last
        """
    )
    clauses = by_id(doc)
    assert list(clauses) == ["1", "2", "3"]
    assert clauses["1"].text == "1. Empty section"
    assert clauses["2"].text == "2. Full section\nText."
    assert clauses["3"].text == "3. Last"
    assert raw(doc, clauses["3"]) == "## 3. Last"


def test_repeated_numbers_get_a_suffix_so_ids_stay_unique() -> None:
    doc = parse("## 1. First\n\nOne.\n\n## 1. Again\n\nTwo.\n")
    assert [c.id for c in doc.clauses] == ["doc/1", "doc/1-2"]


def test_a_paragraph_opening_with_a_bold_clause_number_takes_it() -> None:
    doc = parse(
        """
        #### 1\\. Universal Terms

        The terms below govern.

        **1.1.** You may not transfer software.

        **1.2.** You must comply.
        """
    )
    assert list(by_id(doc)) == ["1", "1.1", "1.2"]
    assert by_id(doc)["1.1"].text == "1.1. You may not transfer software."


def test_ids_are_deterministic() -> None:
    source = "# A\n\nx\n\n## B\n\ny\n\n- z\n"
    assert parse(source).clauses == parse(source).clauses


# ---- Markdown: blocks and cleaning ----------------------------------------------------------


def test_list_items_are_clauses_each_and_nested_items_share_the_section() -> None:
    doc = parse(
        """
        ## Prohibited uses
        You may not:

        1. Violate the law, including:
            * Violence or
              terrorism
            * Fraud
        2. Harass people
        """
    )
    texts = [c.text for c in doc.clauses]
    assert texts == [
        "Prohibited uses\nYou may not:",
        "Violate the law, including:",
        "Violence or terrorism",
        "Fraud",
        "Harass people",
    ]
    assert {c.section for c in doc.clauses} == {("Prohibited uses",)}
    nested = doc.clauses[2]
    assert raw(doc, nested) == "* Violence or\n      terrorism"


def test_loose_list_items_keep_their_indented_paragraphs() -> None:
    doc = parse("- First item\n\n  more about it\n\n- Second\n\nAfter the list.\n")
    assert [c.text for c in doc.clauses] == ["First item\nmore about it", "Second", "After the list."]


def test_inline_markup_is_cleaned_for_quoting() -> None:
    doc = parse(
        "Use **bold**, *em*, _under_, `code`, ~~gone~~, [a link](https://x.example/a_(b)), "
        "![alt text](img.png), <span>html</span> &amp; \\*stars\\* and snake_case_name.\n"
    )
    [clause] = doc.clauses
    assert clause.text == ("Use bold, em, under, code, gone, a link, alt text, html & *stars* and snake_case_name.")


def test_whitespace_runs_collapse_and_soft_breaks_join_lines() -> None:
    doc = parse("A   line\twith  gaps\nand a second\u00a0line.  \nThird.\n")
    assert doc.clauses[0].text == "A line with gaps and a second line. Third."


def test_a_table_is_one_clause_with_a_line_per_row() -> None:
    doc = parse(
        """
        |     |     |
        | --- | --- |
        | **Country** | **Party** |
        | Japan<br><br>(w.e.f. 2022) | AWS Japan G.K. |
        | a \\| b | c |
        """
    )
    [clause] = doc.clauses
    assert clause.text == "Country | Party\nJapan (w.e.f. 2022) | AWS Japan G.K.\na | b | c"
    assert raw(doc, clause).startswith("|     |") and raw(doc, clause).endswith("| c |")


def test_a_long_table_is_split_by_rows_without_repeating_the_header() -> None:
    rows = "\n".join(f"| row {n} | {'word ' * 30}|" for n in range(40))
    doc = parse(f"## Table\n\n| Name | Value |\n| --- | --- |\n{rows}\n")
    parts = doc.clauses
    assert len(parts) > 1
    assert [c.id for c in parts] == ["doc/s1.p1"] + [f"doc/s1.p1~{n}" for n in range(2, len(parts) + 1)]
    assert parts[0].text.startswith("Table\nName | Value\nrow 0 |")
    for part in parts[1:]:
        assert part.text.startswith("row ")
        assert raw(doc, part).startswith("| row ")
    for part in parts:
        assert len(part.text) <= MAX_CLAUSE_CHARS
        assert raw(doc, part).endswith("|")
    for part in parts[1:]:
        assert part.text.count("\n") == raw(doc, part).count("\n")  # whole rows, nothing repeated
    assert sum(c.text.count("row ") for c in parts) == 40


def test_code_blocks_keep_their_lines() -> None:
    doc = parse("```yaml\nkey:  value\n  nested: 1\n```\n")
    [clause] = doc.clauses
    assert clause.text == "key:  value\n  nested: 1"
    assert raw(doc, clause) == "```yaml\nkey:  value\n  nested: 1\n```"


def test_a_blockquote_is_one_clause_and_keeps_an_admonition_word() -> None:
    doc = parse("> [!WARNING]\n> Police may not use\n> this service.\n>\n> Second paragraph.\n")
    [clause] = doc.clauses
    assert clause.text == "WARNING\nPolice may not use this service.\nSecond paragraph."


def test_thematic_breaks_and_empty_markup_make_no_clause() -> None:
    doc = parse("First.\n\n---\n\n<br>\n\nSecond.\n")
    assert [c.text for c in doc.clauses] == ["First.", "Second."]


# ---- Long clauses ---------------------------------------------------------------------------


def test_a_long_paragraph_is_split_at_sentences_with_exact_spans() -> None:
    sentences = " ".join(
        f"Sentence number {n} says **something** about [policy](https://x.example/{n})." for n in range(100)
    )
    doc = parse(f"### 3.2 Long clause\n{sentences}\n")
    parts = doc.clauses
    assert [c.id for c in parts][:3] == ["doc/3.2", "doc/3.2~2", "doc/3.2~3"]
    assert parts[0].text.startswith("3.2 Long clause\nSentence number 0 says something about policy.")
    assert parts[0].start == 0
    assert parts[-1].end == len(doc.source.rstrip())
    for previous, part in itertools.pairwise(parts):
        assert previous.end <= part.start
        assert doc.source[previous.end : part.start].strip() == ""
    for part in parts:
        assert len(part.text) <= MAX_CLAUSE_CHARS
        assert part.text.endswith(".")
        assert part.section == ("3.2 Long clause",)
        assert words_in_order(part.text, raw(doc, part))
        assert raw(doc, part).endswith(").")


def test_a_long_text_without_sentences_is_split_at_whitespace() -> None:
    doc = parse(" ".join(["word"] * 1500) + "\n")
    parts = doc.clauses
    assert len(parts) == 4
    assert all(len(p.text) <= MAX_CLAUSE_CHARS and p.text.startswith("word") for p in parts)
    assert all(raw(doc, p) == p.text for p in parts)


def test_an_unbroken_string_is_cut_hard() -> None:
    doc = parse("x" * 4500 + "\n")
    assert [len(c.text) for c in doc.clauses] == [2000, 2000, 500]
    assert [(c.start, c.end) for c in doc.clauses] == [(0, 2000), (2000, 4000), (4000, 4500)]


# ---- Duplicates and coverage ----------------------------------------------------------------


def test_an_exact_repeat_in_the_same_section_is_dropped_and_recorded() -> None:
    copy = "Usage Policy\n============\n\nEffective today.\n\nScope\n-----\n\nApplies to all.\n\n- one item\n\n"
    doc = parse(copy + copy)
    assert [c.text for c in doc.clauses] == [
        "Usage Policy\nEffective today.",
        "Scope\nApplies to all.",
        "one item",
    ]
    assert len(doc.dropped) == 3
    second_copy = doc.source.index("Usage Policy", 1)
    assert doc.dropped[0][0] == second_copy
    assert coverage(doc) == 1.0


def test_the_same_text_in_another_section_is_kept() -> None:
    doc = parse("## A\n\nSame words.\n\n## B\n\nSame words.\n")
    assert len(doc.clauses) == 2 and not doc.dropped


def test_clause_spans_cover_the_body_and_are_close_to_the_text(tmp_path: Path) -> None:
    doc = parse_document(_write_kb_style_document(tmp_path))
    assert coverage(doc) >= 0.99
    for clause in doc.clauses:
        slice_ = raw(doc, clause)
        assert words_in_order(clause.text, slice_)
        assert len("".join(slice_.split())) <= 1.3 * len("".join(clause.text.split())) + 10


def _write_kb_style_document(folder: Path) -> Path:
    path = folder / "coc.md"
    path.write_text(
        dedent(
            """\
            ---
            id: coc-2024
            title: Code of Conduct
            ---

            # Code of Conduct

            This code sets out the *rules*.

            ## 3. Facial recognition

            ### 3.1 Police
            Acme AI Services **must not** be used for facial recognition by police.

            * first
            * second
            """
        ),
        encoding="utf-8",
    )
    return path


# ---- Front matter and meta ------------------------------------------------------------------


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def test_front_matter_gives_the_meta_and_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "coc.md",
        "---\nid: coc-2024\ntitle: Code\nversion: \"2024\"\neffective: 2024-05-01\nexpires: '2025-04-30'\n"
        "supersedes: coc-2023\nsource_url: https://example.com\nfamily: coc\nslug: ignored\n"
        "ms.date: 07/28/2025\n---\n### 3.2 Title\nBody.\n",
    )
    doc = parse_document(path)
    assert doc.meta == DocumentMeta(
        id="coc-2024",
        title="Code",
        version="2024",
        effective=dt.date(2024, 5, 1),
        expires=dt.date(2025, 4, 30),
        supersedes="coc-2023",
        source_url="https://example.com",
        family="coc",
    )
    assert [c.id for c in doc.clauses] == ["coc-2024/3.2"]
    assert doc.clauses[0].version == "2024"
    assert doc.source[doc.body_start :].startswith("### 3.2")


def test_meta_is_derived_when_there_is_no_front_matter(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "Meta Llama 3.1 AUP.md", "Some text.\n\n# First Heading\n\nMore.\n"))
    assert (doc.meta.id, doc.meta.title, doc.meta.version) == ("meta-llama-3-1-aup", "First Heading", "1")
    assert doc.clauses[0].id == "meta-llama-3-1-aup/s0.p1"
    no_heading = parse_document(write(tmp_path, "plain-policy.md", "Just text.\n"))
    assert no_heading.meta.title == "plain-policy"


def test_front_matter_without_id_keeps_its_other_keys(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "usage.md", '---\ntitle: "Usage Guidelines"\nhidden: false\n---\nText.\n'))
    assert (doc.meta.id, doc.meta.title) == ("usage", "Usage Guidelines")


def test_document_id_argument_overrides(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "x.md", "---\nid: from-file\n---\nText.\n"), document_id="chosen")
    assert doc.meta.id == "chosen" and doc.clauses[0].id == "chosen/s0.p1"


@pytest.mark.parametrize(
    ("front_matter", "reason"),
    [
        ("id: [unclosed\n", "not valid YAML at line"),
        ("effective: 2024-02-30\n", "bad value (day is out of range"),
        ("effective: last tuesday\n", "effective 'last tuesday' is not a date"),
        ("effective: 2024-05-01\nexpires: 2024-01-01\n", "expires 2024-01-01 before"),
        ("- a list\n", "must be a mapping"),
        ("id: has/slash\n", "id 'has/slash' may only use"),
        ("title: {nested: map}\n", "title must be a short text"),
    ],
)
def test_bad_front_matter_is_a_document_error_naming_file_and_reason(
    tmp_path: Path, front_matter: str, reason: str
) -> None:
    path = write(tmp_path, "bad.md", f"---\n{front_matter}---\nText.\n")
    with pytest.raises(DocumentError, match=re.escape(reason)) as raised:
        parse_document(path)
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="never closed"):
        parse_document(write(tmp_path, "open.md", "---\ntitle: x\n\nText.\n"))


# ---- Plain text -----------------------------------------------------------------------------


def test_plain_text_paragraphs_headings_and_items() -> None:
    doc = parse(
        """
        ACCEPTABLE USE POLICY

        This policy applies
        to everyone.

        1. SCOPE
        This covers all services.

        3.2 Facial recognition
        You may not:
        - use body cams
        * use dash cams,
          continued here
        • or anything else

        Section 4 Enforcement

        1. Do not share keys.
        """,
        "text",
    )
    assert [(c.id, c.text) for c in doc.clauses] == [
        ("doc/s1.p1", "ACCEPTABLE USE POLICY\nThis policy applies to everyone."),
        ("doc/1", "1. SCOPE\nThis covers all services."),
        ("doc/3.2", "3.2 Facial recognition\nYou may not:"),
        ("doc/3.2.p2", "use body cams"),
        ("doc/3.2.p3", "use dash cams, continued here"),
        ("doc/3.2.p4", "or anything else"),
        ("doc/4", "Section 4 Enforcement\nDo not share keys."),
    ]
    assert raw(doc, doc.clauses[0]) == "ACCEPTABLE USE POLICY\n\nThis policy applies\nto everyone."
    assert doc.clauses[-1].section == ("Section 4 Enforcement",)


def test_a_plain_numbered_line_in_running_text_is_an_item_not_a_heading() -> None:
    doc = parse("Rules:\n1. Do not share keys\n2. Do not resell\n", "text")
    assert [c.text for c in doc.clauses] == ["Rules:", "Do not share keys", "Do not resell"]
    assert all(c.section == () for c in doc.clauses)


def test_text_with_crlf_line_endings_keeps_exact_spans() -> None:
    doc = parse_text_source("TITLE\r\n\r\nFirst para\r\nline two.\r\n", "text", META)
    [clause] = doc.clauses
    assert raw(doc, clause) == "TITLE\r\n\r\nFirst para\r\nline two."


# ---- HTML -----------------------------------------------------------------------------------


def test_html_headings_blocks_tables_and_offsets() -> None:
    source = dedent(
        """\
        <!doctype html><html><head><title>Not a clause</title><style>p { x: 1 }</style></head><body>
        <h1>Face policy</h1>
        <p>Intro &amp; more <b>bold</b>
           text.</p>
        <h2>3.1 US police</h2>
        <p>No facial recognition by police.</p>
        <ul><li>First item<ul><li>Nested item</li></ul></li><li>Second&#8217;s item</li></ul>
        <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>x<br>y</td></tr></table>
        <pre>code  line
          two</pre>
        <blockquote><p>Quote one</p><p>Quote two</p></blockquote>
        <script>var notText = 1;</script>
        </body></html>
        """
    )
    doc = parse_text_source(source, "html", META)
    assert [(c.id, c.text) for c in doc.clauses] == [
        ("doc/s1.p1", "Face policy\nIntro & more bold text."),
        ("doc/3.1", "3.1 US police\nNo facial recognition by police."),
        ("doc/3.1.p2", "First item"),
        ("doc/3.1.p3", "Nested item"),
        ("doc/3.1.p4", "Second’s item"),
        ("doc/3.1.p5", "A | B\n1 | x y"),
        ("doc/3.1.p6", "code  line\n  two"),
        ("doc/3.1.p7", "Quote one\nQuote two"),
    ]
    clauses = by_id(doc)
    assert raw(doc, clauses["s1.p1"]).startswith("<h1>Face policy</h1>")
    assert raw(doc, clauses["s1.p1"]).endswith("text.</p>")
    assert raw(doc, clauses["3.1.p4"]) == "<li>Second&#8217;s item</li>"
    assert raw(doc, clauses["3.1.p5"]).startswith("<table>") and raw(doc, clauses["3.1.p5"]).endswith("</table>")
    assert clauses["3.1.p3"].section == ("Face policy", "3.1 US police")


def test_html_with_unclosed_paragraphs() -> None:
    doc = parse_text_source("<p>One\n<p>Two &amp three\n<h3>End", "html", META)
    assert [c.text for c in doc.clauses] == ["One", "Two & three", "End"]


# ---- Files: PDF, encodings, bad input -------------------------------------------------------


def build_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one Helvetica text line per string on each page."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
        stream = "\n".join(["BT /F1 12 Tf 14 TL 72 720 Td", *(f"({line}) Tj T*" for line in escaped), "ET"])
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_a_pdf_is_parsed_as_the_text_of_its_pages(tmp_path: Path) -> None:
    pdf = build_pdf([["1. SCOPE", "This covers all services."], ["2. PROHIBITED USES", "No police use."]])
    doc = parse_document(write(tmp_path, "policy.pdf", pdf))
    assert doc.meta.id == "policy"
    assert [(c.id, c.text) for c in doc.clauses] == [
        ("policy/1", "1. SCOPE\nThis covers all services."),
        ("policy/2", "2. PROHIBITED USES\nNo police use."),
    ]
    assert "\n\n" in doc.source
    for clause in doc.clauses:
        assert words_in_order(clause.text, raw(doc, clause))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("truncated.pdf", build_pdf([["Some text here."]])[:200], "not a readable PDF"),
        ("junk.pdf", b"%PDF-1.4\nnothing else", "not a readable PDF"),
        ("no-text.pdf", build_pdf([[]]), "no extractable text"),
        ("binary.md", bytes(range(256)) * 4, "binary"),
        ("nul.txt", b"text with a \x00 NUL byte", "binary"),
        ("controls.md", b"a\x01b\x02c\x03d\x04e\x05", "binary"),
        ("latin.md", b"caf\xe9 \x81 \x90", "not UTF-8 text (byte 0xe9 at offset 3)"),
        ("utf16.txt", "hello".encode("utf-16"), "UTF-16"),
        ("empty.md", b"", "empty"),
        ("blank.txt", b" \n\n\t \n", "empty"),
        ("markup-only.md", b"---\n---\n<br>\n\n***\n", "no clauses"),
        ("policy.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
        ("noext", b"text", "unsupported file type '(none)'"),
    ],
)
def test_bad_input_is_a_one_line_document_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(DocumentError, match=re.escape(reason)) as raised:
        parse_document(path)
    message = str(raised.value)
    assert str(path) in message and "\n" not in message


def test_a_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read"):
        parse_document(tmp_path / "missing.md")


def test_windows_1252_text_is_accepted(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "cp.txt", "Caf\u00e9 \u201cquoted\u201d text.".encode("cp1252")))
    assert doc.clauses[0].text == "Café “quoted” text."


def test_a_utf8_bom_is_not_part_of_the_source(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "bom.md", codecs.BOM_UTF8 + b"# Title\n\nText.\n"))
    assert doc.source.startswith("# Title")
    assert doc.clauses[0].start == 0


def test_parse_text_source_rejects_unknown_formats() -> None:
    with pytest.raises(ValueError, match="unknown text format"):
        parse_text_source("x", "pdf", META)


# ---- Properties -----------------------------------------------------------------------------

_MARKUP = st.sampled_from(
    [
        "# ",
        "### 3.2 ",
        "\n",
        "\n\n",
        "---\n",
        "===\n",
        "* ",
        "1. ",
        "    ",
        "> ",
        "| a | b |\n",
        "|---|\n",
        "```\n",
        "**",
        "_",
        "[x](y)",
        "<b>",
        "&amp;",
        "\\",
        "SECTION 4\n",
        "Sentence. ",
        "مرحبا بالعالم",
        "שלום",
        "\u202e",
        "\u200f",
        "\x00",
        "\x1b",
        "\x85",
        "\u2028",
        "\r",
        "\r\n",
    ]
)
_SOURCES = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.lists(st.one_of(_MARKUP, st.text(max_size=8)), max_size=80).map("".join),
    st.lists(st.sampled_from(["word", "Sentence.", " ", "\n", "x" * 700, "\n\n## H\n"]), max_size=30).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=_SOURCES, fmt=st.sampled_from(["markdown", "text", "html"]))
def test_any_text_parses_or_fails_with_a_document_error(source: str, fmt: str) -> None:
    try:
        doc = parse_text_source(source, fmt, META)
    except DocumentError:
        return
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))
    for clause in doc.clauses:
        assert 0 <= clause.start <= clause.end <= len(source)
        assert clause.text and len(clause.text) <= MAX_CLAUSE_CHARS
    for start, end in doc.dropped:
        assert 0 <= start <= end <= len(source)
