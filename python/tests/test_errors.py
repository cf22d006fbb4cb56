"""Errors: AlignError (a ValueError) with the crate's message for input the
aligner cannot use, OSError for files, TypeError for wrong argument types."""

import errno

import pytest

import zhen_align

ZH = "我爱北京。今天天气很好。"
EN = "I love Beijing. The weather is very good today."


def test_align_error_is_a_value_error():
    assert issubclass(zhen_align.AlignError, ValueError)
    assert zhen_align.AlignError.__module__ == "zhen_align"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda a: a.align(ZH, ""), "no English text found: nothing to align"),
        (lambda a: a.align("", EN), "no Chinese text found: nothing to align"),
        (lambda a: a.align_mixed(EN), "no Chinese text found: nothing to align"),
        (lambda a: a.align_mixed(ZH), "no English text found: nothing to align"),
        (lambda a: a.align_mixed(""), "no Chinese text found: nothing to align"),
        (lambda a: a.align_sentences(["我爱北京。"], []), "no English text found: nothing to align"),
        (
            lambda a: a.align_mixed("闻\nby a"),
            "no sentence found in either language: nothing to align",
        ),
    ],
)
def test_missing_language_raises_the_crates_message(call, message):
    with pytest.raises(zhen_align.AlignError) as info:
        call(zhen_align.Aligner())
    assert str(info.value) == message


@pytest.mark.parametrize("value", [-0.1, 1.5, float("nan")])
def test_min_confidence_out_of_range(value):
    with pytest.raises(zhen_align.AlignError, match="invalid setting confidence_threshold"):
        zhen_align.Aligner(min_confidence=value)


def test_malformed_glossary_line_names_file_and_line(tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_text("北京\tBeijing\n只有一列\n", encoding="utf-8")
    with pytest.raises(zhen_align.AlignError) as info:
        zhen_align.Aligner(glossary=path)
    message = str(info.value)
    assert message.startswith(f"{path}:2: "), message
    assert "found 1 field" in message, message


def test_glossary_that_is_not_utf8(tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_bytes(b"\xff\xfe\tx\n")
    with pytest.raises(zhen_align.AlignError, match="invalid UTF-8"):
        zhen_align.Aligner(glossary=path)


def test_missing_glossary_and_lexicon_files_raise_file_not_found(tmp_path):
    missing = tmp_path / "nope.tsv"
    for kwargs in [{"glossary": missing}, {"glossary": str(missing)}, {"lexicon": missing}]:
        with pytest.raises(FileNotFoundError) as info:
            zhen_align.Aligner(**kwargs)
        assert info.value.errno == errno.ENOENT
        assert info.value.filename == str(missing)
        assert str(missing) in str(info.value)


def test_glossary_that_is_a_directory_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        zhen_align.Aligner(glossary=tmp_path)


def test_malformed_lexicon_line_is_an_align_error(tmp_path):
    path = tmp_path / "bad.u8"
    path.write_text("这不是词典\n", encoding="utf-8")
    with pytest.raises(zhen_align.AlignError) as info:
        zhen_align.Aligner(lexicon=path)
    assert str(info.value).startswith(f"{path}:1: "), str(info.value)


def test_writing_where_no_file_can_be_raises_os_error(tmp_path):
    alignment = zhen_align.Aligner().align(ZH, EN)
    with pytest.raises(FileNotFoundError) as info:
        alignment.to_tmx(tmp_path / "no" / "such" / "dir" / "out.tmx")
    assert info.value.filename.endswith("out.tmx")
    with pytest.raises(IsADirectoryError):
        alignment.to_tsv(tmp_path)
    with pytest.raises(OSError):
        alignment.to_jsonl("/dev/full")


def test_write_errors_of_a_file_object_propagate():
    class Broken:
        def write(self, data):
            raise OSError(errno.ENOSPC, "disk full")

    alignment = zhen_align.Aligner().align(ZH, EN)
    with pytest.raises(OSError, match="disk full"):
        alignment.to_tmx(Broken())


@pytest.mark.parametrize(
    "call",
    [
        lambda a: a.align_sentences("我爱北京。", ["I love Beijing."]),
        lambda a: a.align_sentences(["我爱北京。"], [1]),
        lambda a: a.align_sentences(None, ["x"]),
        lambda a: a.align(b"bytes", EN),
        lambda a: a.align_batch(5),
        lambda a: a.align_batch([42]),
        lambda a: a.align_batch([("only one",)]),
        lambda a: a.align_batch([{"zh": ZH}]),
        lambda a: a.align_batch([(ZH, ["mixed kinds"])]),
        lambda a: a.align(ZH, EN).to_tmx(42),
    ],
)
def test_wrong_argument_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call(zhen_align.Aligner())


def test_wrong_glossary_and_lexicon_types():
    with pytest.raises(TypeError, match="glossary"):
        zhen_align.Aligner(glossary=42)
    with pytest.raises(TypeError, match="glossary entry 0"):
        zhen_align.Aligner(glossary=[("北京",)])
    with pytest.raises(TypeError, match="lexicon"):
        zhen_align.Aligner(lexicon=42)
    with pytest.raises(zhen_align.AlignError, match="tokenizer"):
        zhen_align.Aligner(tokenizer="spaces")


def test_align_batch_errors_name_the_document():
    aligner = zhen_align.Aligner()
    docs = [(ZH, EN), (ZH, ""), ("", EN)]
    with pytest.raises(zhen_align.AlignError) as info:
        aligner.align_batch(docs)
    assert str(info.value) == "document 1: no English text found: nothing to align"
    results = aligner.align_batch(docs, return_exceptions=True)
    assert isinstance(results[0], zhen_align.Alignment)
    assert [str(r) for r in results[1:]] == [
        "document 1: no English text found: nothing to align",
        "document 2: no Chinese text found: nothing to align",
    ]
    assert all(isinstance(r, zhen_align.AlignError) for r in results[1:])
    with pytest.raises(ValueError, match="threads"):
        aligner.align_batch(docs, threads=0)


def test_hostile_text_gives_an_error_or_a_result_never_a_crash():
    aligner = zhen_align.Aligner()
    for text in ["\x00" * 1000, "。" * 10000, "\ud7ff" * 100, "a." * 5000 + "中。" * 5000, "\n" * 10000]:
        try:
            alignment = aligner.align_mixed(text)
        except zhen_align.AlignError:
            continue
        assert len(alignment.beads()) >= 1
