"""The spaCy pipeline and the rule hits extraction reads without it."""
from __future__ import annotations

from pathlib import Path

import pytest

from legalkg.ingest.pipeline import annotate, chunk_hits
from legalkg.ingest.read import read_document


def _rows(hits):
    return [(h.kind, h.start, h.end, h.name, h.key, h.source, tuple(h.identifiers)) for h in hits]


@pytest.mark.parametrize("segmenter", ["char", "jieba"])
def test_chunk_hits_are_the_hits_annotate_attaches_to_each_doc(sample_corpus: Path, segmenter: str):
    text = read_document(sample_corpus / "jinyun-2024-zh.txt").text
    places = ("缙云县", "缙云")
    with_docs = [(offset, _rows(doc.user_data["hits"])) for offset, doc in annotate(text, "zh", places, segmenter)]
    without = [(offset, _rows(hits)) for offset, hits in chunk_hits(text, "zh", places)]
    assert without == with_docs
    assert sum(len(rows) for _, rows in without) > 50


def test_chunk_hits_cut_a_long_text_where_annotate_does_with_offsets_into_the_whole_text():
    line = "落实行政执法“三项制度”，会同县司法局推行法律顾问制度。\n"
    text = line * 9000  # more than one chunk
    one_line = sorted((h.kind, text[h.start:h.end]) for _, hits in chunk_hits(line, "zh") for h in hits)
    chunked = list(chunk_hits(text, "zh"))
    assert len(chunked) > 1
    assert [offset for offset, _ in chunked] == [offset for offset, _ in annotate(text, "zh")]
    found = sorted((h.kind, text[offset + h.start:offset + h.end]) for offset, hits in chunked for h in hits)
    assert len(one_line) >= 2
    assert found == sorted(one_line * 9000)


@pytest.mark.parametrize("cut", [1, 5, 10])
def test_a_name_across_a_hard_chunk_boundary_is_found_once_and_whole(cut: int):
    from legalkg.ingest.pipeline import CHUNK_CHARS

    name = "《保障农民工工资支付条例》"
    filler = "本段为填充文字用于测试很长的单行输入"  # no line break: the chunk is cut hard
    head = (filler * (CHUNK_CHARS // len(filler) + 1))[: CHUNK_CHARS - cut]
    text = head + name + filler * 50 + name + filler * 20
    found = [(offset + h.start, offset + h.end) for offset, hits in chunk_hits(text, "zh") for h in hits
             if h.kind == "regulation"]
    assert found == [(len(head) + 1, len(head) + len(name) - 1),
                     (len(head) + len(name) + len(filler) * 50 + 1, len(head) + 2 * len(name) + len(filler) * 50 - 1)]


def test_chunks_start_at_the_beginning_of_a_line_and_cover_the_text():
    from legalkg.ingest.pipeline import chunks

    text = "".join(f"第{i}行，法治政府建设。\n" for i in range(3000))
    pieces = list(chunks(text, size=1000))
    assert len(pieces) > 10 and "".join(piece for _, piece in pieces) == text
    assert all(text[offset - 1] == "\n" for offset, _ in pieces[1:])
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert [offset for offset, _ in pieces][1:] == [o + len(p) for o, p in pieces][:-1]


@pytest.mark.parametrize(("lines", "lengths"), [
    # breaks at 300 (first half of piece 1: cut hard), 2801 (second half of piece 3: cut after
    # it), 3702 (in the last piece, which fits whole and is not cut)
    (["a" * 300, "b" * 2500, "c" * 900, "d" * 40], [1000, 1000, 802, 941]),
    (["a" * 400, "b" * 2000], [1000, 1000, 401]),      # a break before the half: not a cut
    (["a" * 1200, "b" * 2000], [1000, 1000, 1000, 201]),  # the same in the second piece
    (["x" * 5000], [1000] * 5),                       # no line break at all
    (["y" * 999], [999]),                             # shorter than a piece
])
def test_chunks_cut_at_the_last_line_break_of_a_pieces_second_half_or_hard_at_its_size(lines, lengths):
    from legalkg.ingest.pipeline import chunks

    text = "\n".join(lines)
    pieces = [piece for _, piece in chunks(text, size=1000)]
    assert "".join(pieces) == text and [len(piece) for piece in pieces] == lengths
    for piece in pieces[:-1]:
        if "\n" in piece[500:]:
            assert piece.endswith("\n") and len(piece) > 500, piece[-20:]
        else:
            assert len(piece) == 1000
