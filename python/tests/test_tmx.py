"""TMX written by the bindings, read back with an XML parser (and with
translate-toolkit when it is installed): the same pairs, valid structure."""

import io
import xml.etree.ElementTree as ET

import pytest

import zhen_align
from conftest import SEED_001, SEED_004, read

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def units(tmx: bytes) -> list:
    root = ET.fromstring(tmx)
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for attr, value in [
        ("segtype", "sentence"),
        ("adminlang", "en"),
        ("srclang", "zh-CN"),
        ("datatype", "plaintext"),
        ("creationtool", "zhen-align"),
    ]:
        assert header.get(attr) == value, attr
    out = []
    for tu in root.find("body").findall("tu"):
        tuvs = {tuv.get(XML_LANG): tuv.find("seg").text or "" for tuv in tu.findall("tuv")}
        assert sorted(tuvs) == ["en", "zh-CN"]
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        out.append((tuvs["zh-CN"], tuvs["en"], props.get("x-confidence")))
    return out


@pytest.mark.parametrize("seed", [SEED_001, SEED_004], ids=["001", "004"])
def test_tmx_reads_back_to_the_pairs(seed, tmp_path):
    alignment = zhen_align.Aligner().align_mixed(read(seed))
    path = tmp_path / "out.tmx"
    alignment.to_tmx(path)
    expected = [(p.zh, p.en, f"{p.confidence:.3f}") for p in alignment.pairs()]
    assert len(expected) >= 6
    assert units(path.read_bytes()) == expected
    assert units(alignment.to_tmx().encode("utf-8")) == expected


def test_tmx_escapes_markup_and_drops_characters_xml_forbids():
    zh = ["价格<5>&“报价”。", "控制\x01字符。"]
    en = ['Price <5> & "quote".', "Control\x01 characters."]
    alignment = zhen_align.Aligner(min_confidence=0.0).align_sentences(zh, en)
    got = units(alignment.to_tmx().encode("utf-8"))
    assert [(z, e) for z, e, _ in got] == [
        ("价格<5>&“报价”。", 'Price <5> & "quote".'),
        ("控制字符。", "Control characters."),
    ]
    assert [(z, e) for z, e, _ in got] == [(p.zh, p.en) for p in alignment.pairs()]


def test_translate_toolkit_reads_the_tmx(tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    alignment = zhen_align.Aligner().align_mixed(read(SEED_004))
    buf = io.BytesIO()
    alignment.to_tmx(buf)
    store = tmx.tmxfile.parsestring(buf.getvalue())
    got = [(u.source, u.target) for u in store.units]
    assert got == [(p.zh, p.en) for p in alignment.pairs()]
