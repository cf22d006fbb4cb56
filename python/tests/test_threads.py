"""Threads: one Aligner shared by many Python threads gives the same results
as one thread, and the GIL is released while the engine works."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import zhen_align
from conftest import SEED_001, SEED_004, read


def test_threads_sharing_one_aligner_get_the_sequential_results():
    aligner = zhen_align.Aligner()
    texts = [read(SEED_004), read(SEED_001)] * 4
    expected = [aligner.align_mixed(t).to_jsonl() for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: aligner.align_mixed(t).to_jsonl(), texts))
    assert got == expected


def big_document() -> tuple:
    """About 6,000 sentence pairs (seed 004's, repeated): long enough that
    aligning it takes a while, in any build."""
    alignment = zhen_align.Aligner().align_mixed(read(SEED_004))
    zh, en = [], []
    for p in alignment.pairs():
        zh.append(p.zh)
        en.append(p.en)
    reps = 6000 // len(zh) + 1
    return zh * reps, en * reps


def test_other_python_threads_run_while_the_engine_aligns():
    zh, en = big_document()
    aligner = zhen_align.Aligner()
    aligner.align_sentences(zh[:50], en[:50])  # the lexicon is loaded once, before
    inside = threading.Event()
    done = threading.Event()
    seconds = []

    def work():
        inside.set()
        t = time.perf_counter()
        aligner.align_sentences(zh, en)
        seconds.append(time.perf_counter() - t)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    inside.wait()
    ticks = 0
    while not done.is_set():
        ticks += 1  # pure Python: runs only while this thread holds the GIL
    worker.join()
    # With the GIL held through the call this thread could not count at all
    # while the worker was in Rust; released, it counts all the while.
    assert seconds[0] > 0.02, seconds
    assert ticks > 10_000, (ticks, seconds)


def test_align_batch_on_several_threads_matches_one_thread():
    aligner = zhen_align.Aligner()
    docs = [read(SEED_004), read(SEED_001)] * 3
    one = [a.to_beads() for a in aligner.align_batch(docs, threads=1)]
    many = [a.to_beads() for a in aligner.align_batch(docs, threads=4)]
    default = [a.to_beads() for a in aligner.align_batch(docs)]
    assert one == many == default
    assert one == [aligner.align_mixed(d).to_beads() for d in docs]


def test_align_batch_from_several_python_threads_at_once():
    aligner = zhen_align.Aligner()
    docs = [read(SEED_004), read(SEED_001)]
    expected = [a.to_tsv() for a in aligner.align_batch(docs)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: [a.to_tsv() for a in aligner.align_batch(docs, threads=2)], range(6)))
    assert all(r == expected for r in results)


def test_threads_setting_gives_the_same_alignments():
    texts = [read(SEED_004), read(SEED_001)]
    expected = [zhen_align.Aligner().align_mixed(t).to_jsonl() for t in texts]
    for threads in [1, 2, 3]:
        aligner = zhen_align.Aligner(threads=threads)
        assert aligner.threads == threads
        assert f"threads={threads}" in repr(aligner)
        assert [aligner.align_mixed(t).to_jsonl() for t in texts] == expected
        assert [a.to_jsonl() for a in aligner.align_batch(texts)] == expected
        with ThreadPoolExecutor(max_workers=4) as pool:
            got = list(pool.map(lambda t: aligner.align_mixed(t).to_jsonl(), texts * 3))
        assert got == expected * 3
    assert zhen_align.Aligner().threads is None


def test_threads_setting_must_be_positive():
    with pytest.raises(ValueError, match="threads"):
        zhen_align.Aligner(threads=0)
    with pytest.raises(OverflowError):
        zhen_align.Aligner(threads=-1)
