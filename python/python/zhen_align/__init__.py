"""zhen_align: Chinese–English sentence alignment, from Python.

The same engine as the zhen-align Rust crate and its ``align`` command line
(a Rust extension module built with PyO3): it finds the Chinese and English
text in a mixed document, splits both into sentences, aligns them with a
length model plus lexical evidence (a built-in CC-CEDICT-derived lexicon, your
glossary, shared numbers and codes), and writes TMX, TSV or JSON Lines.

Example::

    import zhen_align

    aligner = zhen_align.Aligner(glossary={"汪淼": "Wang Miao"})
    alignment = aligner.align("汪淼笑了。他走了。", "Wang Miao smiled. He left.")
    for pair in alignment:
        print(pair.zh, pair.en, round(pair.confidence, 2))
    alignment.to_tmx("out.tmx")

Classes: :class:`Aligner` (build once, reuse; thread-safe, releases the GIL
while it works), :class:`Alignment` (the result), :class:`Pair` and
:class:`Bead`. Errors: :class:`AlignError` (a ``ValueError``) for input the
aligner cannot use, ``OSError`` for files that cannot be read or written.
"""

from ._zhen_align import AlignError, Aligner, Alignment, Bead, Pair, __version__

__all__ = ["AlignError", "Aligner", "Alignment", "Bead", "Pair", "__version__"]
