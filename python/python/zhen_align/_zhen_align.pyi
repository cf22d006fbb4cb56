"""Type stubs of the Rust extension module ``zhen_align._zhen_align``.

Everything here is re-exported by ``zhen_align``; see the docstrings of the
classes (``help(zhen_align.Aligner)``) for what each does.
"""

import os
from typing import IO, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

__version__: str

StrPath = Union[str, "os.PathLike[str]"]
"""A file name."""

Glossary = Union[StrPath, Mapping[str, str], Iterable[Tuple[str, str]]]
"""A file of ``zh<TAB>en`` lines, a dict ``{zh: en}`` or ``(zh, en)`` pairs."""

Document = Union[
    str,
    Tuple[str, str],
    Tuple[Sequence[str], Sequence[str]],
    Mapping[str, Union[str, Sequence[str]]],
]
"""One document of ``Aligner.align_batch``: a mixed text, ``(zh, en)`` texts,
``(zh, en)`` sentence lists, or a dict with ``"text"`` or ``"zh"`` and ``"en"``."""

Target = Union[None, StrPath, IO[str], IO[bytes]]
"""Where a writer goes: None (returned as str), a file name or a file object."""

class AlignError(ValueError):
    """Input zhen-align cannot align or parse; the message is the crate's."""

class Pair:
    """One aligned pair of Chinese and English text (from ``Alignment.pairs()``)."""

    @property
    def zh(self) -> str:
        """The Chinese text, the bead's sentences joined by a space."""
    @property
    def en(self) -> str:
        """The English text, the bead's sentences joined by a space."""
    @property
    def confidence(self) -> float:
        """How sure the aligner is, in [0, 1]."""
    @property
    def zh_span(self) -> Tuple[int, int]:
        """(start, end) character offsets of the Chinese side in its input text."""
    @property
    def en_span(self) -> Tuple[int, int]:
        """(start, end) character offsets of the English side in its input text."""
    @property
    def zh_sentences(self) -> range:
        """The Chinese sentence numbers (0-based)."""
    @property
    def en_sentences(self) -> range:
        """The English sentence numbers (0-based)."""
    @property
    def kind(self) -> Literal["one_to_one", "one_to_many", "many_to_one", "many_to_many"]:
        """The bead's shape."""
    def __eq__(self, other: object) -> bool: ...

class Bead:
    """One step of an alignment, either side possibly empty (from ``Alignment.beads()``)."""

    @property
    def zh(self) -> range:
        """The Chinese sentence numbers (0-based)."""
    @property
    def en(self) -> range:
        """The English sentence numbers (0-based)."""
    @property
    def cost(self) -> float:
        """The bead's cost in the dynamic program (lower is better)."""
    @property
    def confidence(self) -> float:
        """How sure the aligner is, in [0, 1]."""
    @property
    def kind(
        self,
    ) -> Literal["one_to_one", "one_to_many", "many_to_one", "many_to_many", "zh_only", "en_only"]:
        """The bead's shape."""
    @property
    def is_pair(self) -> bool:
        """True when both sides hold a sentence."""
    def __eq__(self, other: object) -> bool: ...

class Alignment:
    """The result of aligning one document."""

    def pairs(self) -> List[Pair]:
        """The confident pairs, in document order."""
    def beads(self) -> List[Bead]:
        """Every bead, in order; together they partition both sentence sequences."""
    def zh_sentences(self) -> List[str]:
        """The Chinese sentences as split."""
    def en_sentences(self) -> List[str]:
        """The English sentences as split."""
    @overload
    def to_tmx(self, path_or_file: None = None) -> str: ...
    @overload
    def to_tmx(self, path_or_file: Union[StrPath, IO[str], IO[bytes]]) -> None: ...
    @overload
    def to_tsv(self, path_or_file: None = None) -> str: ...
    @overload
    def to_tsv(self, path_or_file: Union[StrPath, IO[str], IO[bytes]]) -> None: ...
    @overload
    def to_jsonl(self, path_or_file: None = None) -> str: ...
    @overload
    def to_jsonl(self, path_or_file: Union[StrPath, IO[str], IO[bytes]]) -> None: ...
    @overload
    def to_beads(self, path_or_file: None = None) -> str: ...
    @overload
    def to_beads(self, path_or_file: Union[StrPath, IO[str], IO[bytes]]) -> None: ...
    def __len__(self) -> int:
        """The number of pairs."""
    def __iter__(self) -> Iterator[Pair]:
        """The pairs, as ``pairs()`` gives them."""

class Aligner:
    """The zhen-align engine: build once, reuse, share between threads."""

    def __init__(
        self,
        glossary: Optional[Glossary] = None,
        min_confidence: float = 0.5,
        *,
        lexicon: Optional[StrPath] = "builtin",
        tokenizer: Literal["lexicon", "jieba"] = "lexicon",
        threads: Optional[int] = None,
    ) -> None: ...
    @property
    def min_confidence(self) -> float:
        """The confidence threshold of ``Alignment.pairs()``."""
    @property
    def threads(self) -> Optional[int]:
        """None (all cores) or the number of threads one call works on."""
    def align_mixed(self, text: str) -> Alignment:
        """Aligns one mixed Chinese/English text."""
    def align(self, zh: str, en: str) -> Alignment:
        """Aligns a Chinese text with its English translation."""
    def align_sentences(self, zh: Iterable[str], en: Iterable[str]) -> Alignment:
        """Aligns sentences already split, one item a sentence."""
    @overload
    def align_batch(
        self,
        docs: Iterable[Document],
        threads: Optional[int] = None,
        return_exceptions: Literal[False] = False,
    ) -> List[Alignment]: ...
    @overload
    def align_batch(
        self,
        docs: Iterable[Document],
        threads: Optional[int] = None,
        *,
        return_exceptions: Literal[True],
    ) -> List[Union[Alignment, AlignError]]: ...
