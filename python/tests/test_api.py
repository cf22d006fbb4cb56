"""The Python API: Aligner, Alignment, Pair, Bead and the writers."""

import gzip
import io
import json
import pathlib
import tempfile

import pytest

import zhen_align
from conftest import SEED_001, SEED_004, read


def squeeze(s: str) -> str:
    """The text without its white space."""
    return "".join(s.split())

ZH = "我爱北京。今天天气很好。我们去公园散步吧。"
EN = "I love Beijing. The weather is very good today. Let's go for a walk in the park."
ZH_SENTENCES = ["我爱北京。", "今天天气很好。", "我们去公园散步吧。"]
EN_SENTENCES = ["I love Beijing.", "The weather is very good today.", "Let's go for a walk in the park."]


def test_align_two_texts_gives_three_one_to_one_pairs():
    alignment = zhen_align.Aligner().align(ZH, EN)
    pairs = alignment.pairs()
    assert [(p.zh, p.en) for p in pairs] == list(zip(ZH_SENTENCES, EN_SENTENCES))
    assert [p.kind for p in pairs] == ["one_to_one"] * 3
    assert [(p.zh_sentences, p.en_sentences) for p in pairs] == [
        (range(i, i + 1), range(i, i + 1)) for i in range(3)
    ]
    for p in pairs:
        assert 0.5 <= p.confidence <= 1.0
        assert isinstance(p.confidence, float)


def test_spans_are_character_offsets_into_the_texts_passed():
    for text in [read(SEED_004), read(SEED_001)]:
        alignment = zhen_align.Aligner().align_mixed(text)
        assert len(alignment) > 5
        for p in alignment.pairs():
            zs, ze = p.zh_span
            es, ee = p.en_span
            # The span holds the pair's sentences: the same characters but
            # for white space (sentences of a bead are joined by a space).
            assert squeeze(text[zs:ze]) == squeeze(p.zh), p
            assert squeeze(text[es:ee]) == squeeze(p.en), p
    alignment = zhen_align.Aligner().align(ZH, EN)
    for p in alignment:
        assert ZH[p.zh_span[0] : p.zh_span[1]] == p.zh
        assert EN[p.en_span[0] : p.en_span[1]] == p.en


def test_spans_of_presplit_sentences_point_into_the_lines_joined():
    alignment = zhen_align.Aligner().align_sentences(ZH_SENTENCES, EN_SENTENCES)
    zh_joined = "".join(s + "\n" for s in ZH_SENTENCES)
    en_joined = "".join(s + "\n" for s in EN_SENTENCES)
    for p in alignment:
        assert zh_joined[slice(*p.zh_span)] == p.zh
        assert en_joined[slice(*p.en_span)] == p.en


def test_align_sentences_takes_any_iterables_and_keeps_numbering():
    alignment = zhen_align.Aligner().align_sentences(iter(ZH_SENTENCES), tuple(EN_SENTENCES))
    assert alignment.zh_sentences() == ZH_SENTENCES
    assert alignment.en_sentences() == EN_SENTENCES
    assert len(alignment) == 3


def test_beads_partition_both_sides_in_order():
    alignment = zhen_align.Aligner().align_mixed(read(SEED_001))
    beads = alignment.beads()
    zh_next = en_next = 0
    for b in beads:
        assert b.zh.start == zh_next and b.en.start == en_next, b
        assert b.zh.step == 1 and b.en.step == 1
        zh_next, en_next = b.zh.stop, b.en.stop
        assert b.is_pair == (len(b.zh) > 0 and len(b.en) > 0)
        assert 0.0 <= b.confidence <= 1.0
        assert b.kind in {
            "one_to_one", "one_to_many", "many_to_one", "many_to_many", "zh_only", "en_only"
        }
    assert zh_next == len(alignment.zh_sentences())
    assert en_next == len(alignment.en_sentences())
    # The unaligned Chinese title, intro and junk are beads of their own.
    assert any(b.kind == "zh_only" for b in beads)
    # pairs() are the confident beads with both sides.
    confident = [b for b in beads if b.is_pair and b.confidence >= 0.2]
    assert [(p.zh_sentences, p.en_sentences) for p in alignment.pairs()] == [
        (b.zh, b.en) for b in confident
    ]


def test_len_and_iteration_are_the_pairs():
    alignment = zhen_align.Aligner().align_mixed(read(SEED_004))
    pairs = alignment.pairs()
    assert len(alignment) == len(pairs) >= 10
    assert list(alignment) == pairs
    assert list(iter(alignment)) == pairs
    assert "pairs" in repr(alignment) and "Pair(" in repr(pairs[0])


def test_min_confidence_filters_pairs_but_not_beads():
    text = read(SEED_004)
    loose = zhen_align.Aligner(min_confidence=0.0).align_mixed(text)
    strict = zhen_align.Aligner(min_confidence=0.95).align_mixed(text)
    positional = zhen_align.Aligner(None, 0.95)
    assert positional.min_confidence == 0.95
    assert len(strict) < len(loose)
    assert all(p.confidence >= 0.95 for p in strict)
    assert strict.beads() == loose.beads()
    assert len(strict.to_tsv().splitlines()) == len(strict)


def test_glossary_as_dict_pairs_and_file_give_the_same_aligner(tmp_path):
    terms = {"汪淼": "Wang Miao", "史强": "Shi Qiang"}
    path = tmp_path / "glossary.tsv"
    path.write_text("".join(f"{z}\t{e}\n" for z, e in terms.items()), encoding="utf-8")
    zh = "汪淼笑了。他没有说话。史强走了。"
    en = "Wang Miao smiled. Shi Qiang left."
    results = []
    for g in [terms, list(terms.items()), str(path), path]:
        aligner = zhen_align.Aligner(glossary=g)
        assert "2 terms" in repr(aligner)
        results.append(aligner.align(zh, en).beads())
    assert all(r == results[0] for r in results)
    pairs = zhen_align.Aligner(glossary=terms).align(zh, en).pairs()
    assert [p.en for p in pairs] == ["Wang Miao smiled.", "Shi Qiang left."]
    assert pairs[0].zh.startswith("汪淼笑了。") and pairs[1].zh == "史强走了。"


def test_lexicon_none_and_jieba_tokenizer_still_align():
    for aligner in [
        zhen_align.Aligner(lexicon=None),
        zhen_align.Aligner(tokenizer="jieba"),
    ]:
        alignment = aligner.align(ZH, EN)
        assert [(len(b.zh), len(b.en)) for b in alignment.beads()] == [(1, 1)] * 3


def test_lexicon_from_a_cedict_file(tmp_path):
    path = tmp_path / "mini.u8"
    path.write_text(
        "# a two-entry CC-CEDICT file\n"
        "公园 公园 [gong1 yuan2] /park/\n"
        "天气 天气 [tian1 qi4] /weather/\n",
        encoding="utf-8",
    )
    alignment = zhen_align.Aligner(lexicon=path).align(ZH, EN)
    assert len(alignment.beads()) == 3


def test_tsv_is_three_fields_with_three_decimals():
    alignment = zhen_align.Aligner().align_mixed(read(SEED_004))
    lines = alignment.to_tsv().splitlines()
    assert len(lines) == len(alignment)
    for line, p in zip(lines, alignment.pairs()):
        zh, en, conf = line.split("\t")
        assert (zh, en) == (p.zh, p.en)
        assert conf == f"{p.confidence:.3f}"


def test_jsonl_carries_the_pairs_with_byte_spans():
    text = read(SEED_004)
    alignment = zhen_align.Aligner().align_mixed(text)
    raw = text.encode("utf-8")
    rows = [json.loads(line) for line in alignment.to_jsonl().splitlines()]
    assert len(rows) == len(alignment)
    for row, p in zip(rows, alignment.pairs()):
        assert (row["zh"], row["en"], row["confidence"]) == (p.zh, p.en, p.confidence)
        assert range(*row["zh_sentences"]) == p.zh_sentences
        assert range(*row["en_sentences"]) == p.en_sentences
        # Bytes there, characters on the Pair: the same piece of text.
        zs, ze = row["zh_span"]
        assert raw[zs:ze].decode("utf-8") == text[p.zh_span[0] : p.zh_span[1]]


def test_writers_go_to_a_string_a_path_a_text_file_or_a_binary_file(tmp_path):
    alignment = zhen_align.Aligner().align(ZH, EN)
    for name in ["to_tmx", "to_tsv", "to_jsonl", "to_beads"]:
        write = getattr(alignment, name)
        text = write()
        assert isinstance(text, str) and text
        path = tmp_path / f"out.{name}"
        assert write(path) is None
        assert path.read_text(encoding="utf-8") == text
        assert write(str(path)) is None
        assert path.read_text(encoding="utf-8") == text
        s = io.StringIO()
        write(s)
        assert s.getvalue() == text
        b = io.BytesIO()
        write(b)
        assert b.getvalue() == text.encode("utf-8")
        with open(path, "w", encoding="utf-8") as f:
            write(f)
        assert path.read_text(encoding="utf-8") == text
        with open(path, "wb") as f:
            write(f)
        assert path.read_bytes() == text.encode("utf-8")
        for mode in ["w+b", "w+"]:
            with tempfile.NamedTemporaryFile(mode, dir=tmp_path) as f:
                write(f)
                f.flush()
                assert pathlib.Path(f.name).read_bytes() == text.encode("utf-8")
        with gzip.open(tmp_path / "out.gz", "wb") as f:
            write(f)
        assert gzip.decompress((tmp_path / "out.gz").read_bytes()) == text.encode("utf-8")
        chunks = []

        class Sink:
            def write(self, data):
                chunks.append(data)

        write(Sink())
        assert "".join(chunks) == text
    assert alignment.to_beads() == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"


def test_align_batch_keeps_order_and_takes_every_kind_of_document():
    aligner = zhen_align.Aligner()
    docs = [
        (ZH, EN),
        ZH + "\n" + EN,
        (ZH_SENTENCES, EN_SENTENCES),
        {"zh": ZH, "en": EN},
        {"text": read(SEED_004)},
        {"zh": ZH_SENTENCES, "en": EN_SENTENCES},
    ]
    results = aligner.align_batch(docs)
    assert len(results) == len(docs)
    one = aligner.align(ZH, EN)
    for r in [results[0], results[3]]:
        assert r.pairs() == one.pairs()
    for r in [results[2], results[5]]:
        assert r.beads() == aligner.align_sentences(ZH_SENTENCES, EN_SENTENCES).beads()
    assert results[1].beads() == aligner.align_mixed(ZH + "\n" + EN).beads()
    assert results[4].to_tsv() == aligner.align_mixed(read(SEED_004)).to_tsv()
    for threads in [1, 2, 3]:
        again = aligner.align_batch(docs, threads=threads)
        assert [a.to_jsonl() for a in again] == [a.to_jsonl() for a in results]
    assert aligner.align_batch([]) == []


def test_help_reads_well():
    for obj in [
        zhen_align,
        zhen_align.Aligner,
        zhen_align.Aligner.align_mixed,
        zhen_align.Aligner.align,
        zhen_align.Aligner.align_sentences,
        zhen_align.Aligner.align_batch,
        zhen_align.Alignment,
        zhen_align.Alignment.pairs,
        zhen_align.Alignment.beads,
        zhen_align.Alignment.to_tmx,
        zhen_align.Alignment.to_tsv,
        zhen_align.Alignment.to_jsonl,
        zhen_align.Alignment.to_beads,
        zhen_align.Pair,
        zhen_align.Bead,
        zhen_align.AlignError,
    ]:
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    assert zhen_align.Aligner.__text_signature__ == (
        "(glossary=None, min_confidence=0.2, *, lexicon='builtin', tokenizer='lexicon', threads=None)"
    )
    assert zhen_align.__version__.count(".") == 2


def test_package_ships_type_stubs():
    import importlib.resources

    files = importlib.resources.files("zhen_align")
    assert files.joinpath("py.typed").is_file()
    stub = files.joinpath("_zhen_align.pyi").read_text(encoding="utf-8")
    for name in ["class Aligner", "class Alignment", "class Pair", "class Bead", "class AlignError"]:
        assert name in stub
