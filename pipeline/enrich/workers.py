"""Enrichment on every core: a pool of worker processes, each of which loads the spaCy
pipelines and the language detector once and then enriches page after page.

spaCy runs in Python under the GIL, so threads would not help; ``nlp.pipe``'s own
``n_process`` starts new processes on every call and sends whole ``Doc`` objects back,
which our extensions (personal data, social tokens) would have to be serialised for. Here a
page of (key, text, external) goes out and its records come back, in order, with a bounded
number of pages in flight so memory stays flat however long the run.

The calling process detects each page's languages before sending it: Lingua's models take
about 370 MB and its detection already runs on every core, so one copy of it serves all
workers, and each worker holds only the spaCy pipelines.

Workers are started with ``spawn``: the calling process may hold threads (Lingua's, the
database driver's) that a fork would copy in an undefined state. A run that fits in one
page, or a caller that is itself a daemon process (which may not have children), enriches
in its own process instead.
"""

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain

from pipeline.enrich.directory import Directory
from pipeline.enrich.language import Detected
from pipeline.enrich.nlp import detect_for_enrichment, enrich_texts
from schemas import Enrichment

Page = list[tuple[int, str, bool]]  # (key, text, published outside the organisation)
Records = list[tuple[int, Enrichment]]

_directory: Directory | None = None


def worker_count(configured: int) -> int:
    """``configured`` workers, or one per core when it is 0."""
    return configured if configured > 0 else (os.cpu_count() or 1)


def enrich_page(
    page: Page, directory: Directory, languages: Mapping[int, Detected] | None = None
) -> Records:
    texts = [(key, text) for key, text, _ in page]
    internal = {key for key, _, external in page if not external}
    return list(enrich_texts(texts, directory, internal=internal, languages=languages))


def enrich_pages(pages: Iterable[Page], directory: Directory, workers: int) -> Iterator[Records]:
    """The records of each page, in the order of the pages."""
    pages = iter(pages)
    first = next(pages, None)
    if first is None:
        return
    second = next(pages, None)
    rest = chain([first] if second is None else [first, second], pages)
    if workers <= 1 or second is None or multiprocessing.current_process().daemon:
        for page in rest:
            yield enrich_page(page, directory)
        return
    yield from _in_pool(rest, directory, workers)


def _in_pool(pages: Iterator[Page], directory: Directory, workers: int) -> Iterator[Records]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(directory,)
    ) as pool:
        in_flight: deque[Future] = deque()
        for page in pages:
            keys = [key for key, _, _ in page]
            detected = detect_for_enrichment([text for _, text, _ in page])
            languages = dict(zip(keys, detected, strict=True))
            in_flight.append(pool.submit(_enrich_in_worker, page, languages))
            if len(in_flight) > 2 * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _start_worker(directory: Directory) -> None:
    global _directory
    _directory = directory


def _enrich_in_worker(page: Page, languages: Mapping[int, Detected]) -> Records:
    assert _directory is not None, "the worker was started without a directory"
    return enrich_page(page, _directory, languages)
