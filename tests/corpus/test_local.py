"""The local engine: batches cut so that every worker stays busy to the end of a run."""

from ficlens.corpus.local import batch_size_for


def test_a_small_run_is_cut_so_that_each_worker_gets_four_batches_or_more() -> None:
    assert batch_size_for(40, workers=2, largest=16) == 5  # 8 batches of 5, not 16 + 16 + 8
    assert batch_size_for(3, workers=2, largest=16) == 1


def test_a_large_run_keeps_the_largest_batches_asked_for() -> None:
    assert batch_size_for(10_000, workers=2, largest=16) == 16
    assert batch_size_for(0, workers=2, largest=16) == 1
