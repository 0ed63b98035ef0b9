"""``make bench``: every stage of the pipeline beside its raw component, in one run, on one
seeded corpus; results in ``bench/results.json`` and ``BENCHMARKS.md``.

    python -m bench.run --posts 100000

Stages and their baselines (the same data, the same run, the same services):

    parse    the Yammer export connector          csv.reader over the same Messages.csv
    archive  capture + archive (versions, chains) raw COPY of the same rows into a bare table
    enrich   the enrichment stage (DB in and out) bare nlp.pipe of the same pipeline, same texts
    index    the index stage (DB read, bulk)      raw helpers.bulk of the same documents
    verify   archivist verify (no raw re-hash)    a plain streaming read of the same rows
    export   eDiscovery export of every post      writing the same versions into a zip

The corpus is the sample organisation scaled up (seeded): one Yammer data export with the
requested number of messages, including edits and deletions.
"""

import argparse
import csv
import io
import json
import multiprocessing
import os
import platform
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIPELINE_STAGES = ("parse", "archive", "enrich", "index", "verify", "export")
DAYS = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Clock:
    """Wall time and peak memory of each measured section. Memory is the resident set of
    this process and its Python worker processes together (the enrichment's workers among
    them; the database and search servers are not counted), sampled every 0.2 s."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}
        self._section_peak = 0.0
        self._stopped = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stopped.wait(0.2):
            self._section_peak = max(self._section_peak, python_tree_rss_mb())

    @contextmanager
    def time(self, name: str):
        self._section_peak = python_tree_rss_mb()
        started = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - started
        self.peak_mb[name] = round(max(self._section_peak, python_tree_rss_mb()), 1)

    def stop(self) -> None:
        self._stopped.set()


def python_tree_rss_mb() -> float:
    """Resident memory of this process and of every Python process descending from it."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {os.getpid()}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return sum(_rss_kb(pid) for pid in tree) / 1024


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    if "\nName:\tpython" not in "\n" + status:
        return 0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1])


def write_corpus(posts: int, directory: Path) -> Path:
    """Written by a child process, so that the generator's memory is not counted as the
    pipeline's peak."""
    path = directory / "bench-export.zip"
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_write_corpus, args=(posts, path))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit("writing the benchmark corpus failed")
    return path


def _write_corpus(posts: int, path: Path) -> None:
    from pipeline.sample import build_organisation
    from pipeline.sample.yammer_export import build_export

    org = build_organisation(
        seed=11, employees=400, messages_per_day=max(1, posts // DAYS), days=DAYS
    )
    path.write_bytes(build_export(org, org.start, org.start + timedelta(days=DAYS + 1)))


def bench_parse(settings, corpus: Path, clock: Clock) -> int:
    from pipeline.connectors import CaptureContext, get_connector
    from schemas import Post

    connector = get_connector("yammer-export")
    context = CaptureContext(
        capture_run=0,
        name=corpus.name,
        fetched_at=datetime.now(UTC),
        raw_sha256="0" * 64,
        max_field_bytes=settings.max_field_bytes,
        account="bench",
    )
    with clock.time("parse"):
        parsed = sum(isinstance(r, Post) for r in connector.read(corpus, context))
    with clock.time("parse_baseline"), zipfile.ZipFile(corpus) as archive:
        with archive.open("Messages.csv") as handle:
            rows = sum(1 for _ in csv.reader(io.TextIOWrapper(handle, encoding="utf-8")))
    return parsed, rows - 1


def bench_archive(settings, corpus: Path, clock: Clock) -> int:
    from pipeline import runs

    with clock.time("archive"):
        run_id = runs.capture(settings, "yammer-export", corpus, account="bench")
        summary = runs.archive(settings, run_id)
    copy_seconds, rows = _raw_copy(settings)
    clock.seconds["archive_baseline"] = copy_seconds
    return run_id, summary.new + summary.changed, rows


def _raw_copy(settings) -> tuple[float, int]:
    """COPY the archived rows, as they are stored, into a bare table of the same shape."""
    import sqlalchemy as sa

    from pipeline.services import database_urls

    engine = sa.create_engine(database_urls(settings)[1], poolclass=sa.pool.NullPool)
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        with tempfile.TemporaryFile() as spool:  # on disk: the rows' size is not our memory
            cursor.copy_expert("COPY post_versions TO STDOUT", spool)
            spool.seek(0)
            rows = sum(1 for _ in spool)
            cursor.execute("CREATE TEMP TABLE bench_copy (LIKE post_versions)")
            spool.seek(0)
            started = time.perf_counter()
            cursor.copy_expert("COPY bench_copy FROM STDIN", spool)
            connection.commit()
            return time.perf_counter() - started, rows
    finally:
        connection.close()


def bench_enrich(settings, run_id: int, clock: Clock) -> tuple[int, int, dict]:
    """The baseline is bare ``nlp.pipe`` of the same language pipelines over the same texts,
    already sorted by language, on as many worker processes as the stage uses, with the
    models loaded before the clock starts; the stage adds its workers' start-up, language
    detection, the records and the database. Also returns each language pipeline's bare
    speed on the corpus's posts and on posts of about 30 words, on every worker.

    The stage runs first, so that its peak memory is its own and not that of the baseline's
    100,000 texts held in this process."""
    from pipeline import runs
    from pipeline.archive import queries
    from pipeline.archive.db import transaction
    from pipeline.enrich import worker_count
    from pipeline.enrich.language import detect_languages
    from pipeline.enrich.nlp import pipeline_key

    with clock.time("enrich"):
        enriched = runs.enrich(settings, run_id)
    with transaction(settings) as session:
        pending = queries.versions_to_enrich(session, "-", 10**9, run_id=run_id)
    texts = [p.text for p in pending]
    directory = runs.load_directory(settings)
    workers = worker_count(settings.enrich_workers)
    groups: dict[str, list[str]] = {}
    for text, (language, _) in zip(texts, detect_languages(texts), strict=True):
        groups.setdefault(pipeline_key(language), []).append(text)
    per_language = {}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_load_pipelines, initargs=(directory,)
    ) as pool:
        warm_up = {key: group[:50] for key, group in groups.items()}
        _bare_pipe_on_every_worker(pool, workers, warm_up)
        with clock.time("enrich_baseline"):
            _bare_pipe_on_every_worker(pool, workers, groups)
        for key, group in groups.items():
            longer = _posts_of_about(30, group)
            for name, sample in (("corpus", group), ("30_words", longer)):
                with clock.time(f"pipe_{key}_{name}"):
                    _bare_pipe_on_every_worker(pool, workers, {key: sample})
                per_language.setdefault(key, {})[name] = {
                    "posts": len(sample),
                    "posts_per_s": round(len(sample) / clock.seconds[f"pipe_{key}_{name}"], 1),
                    "words_per_post": round(sum(len(t.split()) for t in sample) / len(sample), 1),
                }
    return enriched, len(texts), per_language


def _posts_of_about(words: int, texts: list[str]) -> list[str]:
    """The same posts joined in order until each has ``words`` words or more."""
    joined, current = [], []
    for text in texts:
        current.append(text)
        if sum(len(t.split()) for t in current) >= words:
            joined.append(" ".join(current))
            current = []
    return joined or [" ".join(current)]


_directory = None


def _load_pipelines(directory) -> None:
    from pipeline.enrich.nlp import PIPELINE_KEYS, load_pipeline

    global _directory
    _directory = directory
    for key in PIPELINE_KEYS:
        load_pipeline(key, directory)


def _bare_pipe(key: str, texts: list[str]) -> int:
    from pipeline.enrich.nlp import load_pipeline

    nlp = load_pipeline(key, _directory)
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return len(texts)


def _bare_pipe_on_every_worker(
    pool: ProcessPoolExecutor, workers: int, groups: dict[str, list[str]]
) -> int:
    """Chunks of at most 1,000 texts, and at least two per worker, so that every worker is
    busy until the end."""
    total = sum(len(group) for group in groups.values())
    chunk = max(1, min(1000, -(-total // (2 * workers))))
    futures = [
        pool.submit(_bare_pipe, key, group[start : start + chunk])
        for key, group in groups.items()
        for start in range(0, len(group), chunk)
    ]
    return sum(f.result() for f in futures)


def bench_index(settings, run_id: int, work: Path, clock: Clock) -> tuple[int, int]:
    from pipeline import runs
    from pipeline.archive import queries
    from pipeline.archive.db import transaction
    from search.client import get_client
    from search.indexer import raw_bulk

    with clock.time("index"):
        indexed, _ = runs.index(settings, run_id)
    spool = work / "documents.jsonl"  # the same documents, on disk: the baseline streams them
    with transaction(settings) as session, spool.open("wb") as out:
        post_ids = queries.post_ids_of_run(session, run_id)
        for start in range(0, len(post_ids), settings.batch_size):
            for post in queries.indexed_posts(
                session, post_ids[start : start + settings.batch_size]
            ):
                out.write(post.model_dump_json().encode() + b"\n")
    with clock.time("index_baseline"), spool.open("rb") as lines:
        documents = (json.loads(line) for line in lines)
        bulk = raw_bulk(get_client(settings), f"{settings.index_prefix}bench-raw", documents)
    return indexed, bulk


def bench_verify(settings, clock: Clock) -> tuple[int, int]:
    import sqlalchemy as sa

    from pipeline.archive.db import get_engine
    from pipeline.archive.verify import verify_archive

    with clock.time("verify"):
        report = verify_archive(settings, raw=False)
    assert report.intact, report.problems[:5]
    with clock.time("verify_baseline"), get_engine(settings).connect() as connection:
        rows = connection.execution_options(stream_results=True, yield_per=5000).execute(
            sa.text("SELECT * FROM post_versions ORDER BY source, chain_seq")
        )
        count = sum(1 for _ in rows)
    return report.checked["versions"], count


def bench_export(settings, work: Path, clock: Clock) -> tuple[int, int]:
    from pipeline.archive import audit
    from pipeline.archive.db import transaction
    from pipeline.archive.export import write_export
    from pipeline.archive.holds import HoldCriteria, create_hold
    from pipeline.archive.signing import load_or_create_key

    actor = audit.Actor("bench", "legal")
    key = load_or_create_key(settings.signing_key_path)
    with transaction(settings) as session:
        create_hold(session, actor, "bench", HoldCriteria(sources=["yammer.bench"]))
    out = work / "bench-export-out.zip"
    with clock.time("export"), transaction(settings) as session:
        report = write_export(session, actor, key, out, settings.raw_dir, matter="bench")
    with zipfile.ZipFile(out) as archive:
        lines = archive.read("versions.jsonl")
        natives = [(n, archive.read(n)) for n in archive.namelist() if n.startswith("natives/")]
    with clock.time("export_baseline"):
        with zipfile.ZipFile(work / "baseline.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("versions.jsonl", lines)
            for name, data in natives:
                archive.writestr(name, data)
    return report.versions, report.versions


API_QUERIES = (
    "vacature",
    "nordlys",
    "stilling",
    "project",
    "klant",
    "Utrecht",
    "Oslo",
    "team",
    "hiring",
    "congrats",
    "lunsj",
    "data engineer",
    '"nieuwe collega"',
)


API_POSTS = 5_000  # the API stage's own index: what it measures does not grow with the run


def bench_api(settings, run_id: int, rounds: int = 4, budget_s: float = 240) -> dict:
    """Latency of ``GET /api/search`` (a real ``archivist serve`` on 127.0.0.1: token check,
    the audited search, JSON) against ``search_posts`` called directly, the same query, role,
    page size and facets one after the other; the API's cost is the difference. Both search
    an index of the run's first API_POSTS posts: the API adds a fixed cost per request, and
    on the local search server a search with facets over the whole run takes tens of seconds,
    which would measure the server, not the API. The rounds stop at ``budget_s`` (at least
    one measured round is always taken)."""
    import statistics
    import subprocess

    import httpx

    from pipeline import runs
    from pipeline.api_tokens import create_token
    from pipeline.archive import queries
    from pipeline.archive.db import transaction
    from search.client import get_client
    from search.indexer import posts_alias
    from search.query import search_posts

    settings = settings.model_copy(update={"index_prefix": f"{settings.index_prefix}api-"})
    with transaction(settings) as session:
        post_ids = queries.post_ids_of_run(session, run_id)[:API_POSTS]
    runs.index_post_ids(settings, post_ids)
    token = create_token(settings, "bench", "analyst")
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("archivist")), "serve", "--port", str(port)],
        env={**os.environ, "ARCHIVIST_INDEX_PREFIX": settings.index_prefix},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    es, alias = get_client(settings), posts_alias(settings.index_prefix)
    url = f"http://127.0.0.1:{port}/api/search"
    direct, api = [], []
    try:
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            _wait_for(client, url)
            deadline = time.monotonic() + budget_s
            for round_ in range(rounds + 1):  # the first round warms both paths up
                if round_ >= 2 and time.monotonic() > deadline:
                    break
                for query in API_QUERIES:
                    started = time.perf_counter()
                    search_posts(es, alias, query, "analyst", 20)
                    took_direct = time.perf_counter() - started
                    started = time.perf_counter()
                    client.get(url, params={"q": query, "size": 20}).raise_for_status()
                    took_api = time.perf_counter() - started
                    if round_ >= 1:
                        direct.append(took_direct * 1000)
                        api.append(took_api * 1000)
    finally:
        server.terminate()
        server.wait(timeout=30)

    def p95(values: list[float]) -> float:
        return round(statistics.quantiles(values, n=20)[-1], 1)

    measured = {
        "requests": len(api),
        "api_p50_ms": round(statistics.median(api), 1),
        "api_p95_ms": p95(api),
        "direct_p50_ms": round(statistics.median(direct), 1),
        "direct_p95_ms": p95(direct),
    }
    return {**measured, **api_added(measured)}


def api_added(measured: dict) -> dict:
    """What the API adds, as the difference of the two paths' percentiles: the engine's own
    time varies by hundreds of milliseconds between two runs of one search, so a percentile
    of the pairwise differences would measure that variation, not the API."""
    return {
        f"added_{q}_ms": round(measured[f"api_{q}_ms"] - measured[f"direct_{q}_ms"], 1)
        for q in ("p50", "p95")
    }


def _wait_for(client, url: str, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            client.get(url, params={"q": "x"})
            return
        except (httpx.ConnectError, httpx.ReadTimeout) as exc:
            if time.monotonic() > deadline:
                raise SystemExit(f"the API server did not start: {exc}") from exc
            time.sleep(0.2)


def stage(done: int, seconds: float, baseline_done: int, baseline_seconds: float) -> dict:
    rate = done / seconds if seconds else 0.0
    baseline = baseline_done / baseline_seconds if baseline_seconds else 0.0
    return {
        "posts_per_s": round(rate, 1),
        "baseline_posts_per_s": round(baseline, 1),
        "ratio": round(rate / baseline, 3) if baseline else None,
        "seconds": round(seconds, 2),
        "baseline_seconds": round(baseline_seconds, 2),
        "items": done,
    }


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def run(posts: int, out: Path) -> dict:
    from pipeline.enrich import worker_count
    from pipeline.services import start_services, stop_services
    from pipeline.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="archivist-bench-"))
    os.environ.update(
        ARCHIVIST_HOME=str(work / "home"),
        ARCHIVIST_LOCAL_ELASTICSEARCH_PORT=str(free_port()),
        ARCHIVIST_INDEX_PREFIX="bench-",
    )
    settings = Settings()
    start_services(settings)
    clock = Clock()
    try:
        corpus = write_corpus(posts, work)
        parsed, csv_rows = bench_parse(settings, corpus, clock)
        run_id, archived, copied = bench_archive(settings, corpus, clock)
        # verify and export before the index stage: the local search server goes on working
        # (and taking a core) for a while after a large bulk load
        verified, read = bench_verify(settings, clock)
        exported, zipped = bench_export(settings, work, clock)
        enriched, piped, per_language = bench_enrich(settings, run_id, clock)
        indexed, bulked = bench_index(settings, run_id, work, clock)
        api = bench_api(settings, run_id)
        s = clock.seconds
        end_to_end = s["archive"] + s["enrich"] + s["index"]
        results = {
            "n_posts": parsed,
            "stages": {
                "parse": stage(parsed, s["parse"], csv_rows, s["parse_baseline"]),
                "archive": stage(archived, s["archive"], copied, s["archive_baseline"]),
                "enrich": stage(enriched, s["enrich"], piped, s["enrich_baseline"]),
                "index": stage(indexed, s["index"], bulked, s["index_baseline"]),
                "verify": stage(verified, s["verify"], read, s["verify_baseline"]),
                "export": stage(exported, s["export"], zipped, s["export_baseline"]),
            },
            "api_search": api,
            "enrich_per_language": per_language,
            "enrich_workers": worker_count(settings.enrich_workers),
            "end_to_end_posts_per_s": round(parsed / end_to_end, 1),
            "peak_rss_mb": max(clock.peak_mb[name] for name in PIPELINE_STAGES),
            "peak_rss_mb_by_stage": {name: clock.peak_mb[name] for name in PIPELINE_STAGES},
            "peak_rss_mb_with_baselines": max(clock.peak_mb.values()),
            "machine": machine(),
            "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    finally:
        clock.stop()
        stop_services(settings)
        shutil.rmtree(work, ignore_errors=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return results


def markdown(results: dict) -> str:
    m = results["machine"]
    rows = [
        f"| {name} | {r['posts_per_s']:,.0f} | {r['baseline_posts_per_s']:,.0f} | "
        f"{r['ratio']} | {r['seconds']} s |"
        for name, r in results["stages"].items()
    ]
    return "\n".join(
        [
            "# Benchmarks",
            "",
            "Written by `make bench` (`bench/run.py`); the numbers of the last run are in "
            "`bench/results.json`. Each stage is measured beside its raw component on the same "
            "data in the same run; see `bench/run.py` for what each baseline is.",
            "",
            f"Last run: {results['run_at']}, {results['n_posts']:,} posts, on {m['cpu']}, "
            f"{m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, {m['system']}.",
            "",
            "| stage | items/s | baseline items/s | ratio | time |",
            "| --- | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            f"Language pipelines, bare `nlp.pipe` on {results['enrich_workers']} worker "
            "processes, posts/s on the corpus's posts and on posts of about 30 words:",
            "",
            "| pipeline | corpus posts/s | words/post | 30-word posts/s | words/post |",
            "| --- | ---: | ---: | ---: | ---: |",
            *(
                f"| {key} | {r['corpus']['posts_per_s']:,.0f} | {r['corpus']['words_per_post']} "
                f"| {r['30_words']['posts_per_s']:,.0f} | {r['30_words']['words_per_post']} |"
                for key, r in results["enrich_per_language"].items()
            ),
            "",
            f"API search, {results['api_search']['requests']} requests: "
            f"p50 {results['api_search']['api_p50_ms']} ms, p95 "
            f"{results['api_search']['api_p95_ms']} ms; the same searches called directly: p50 "
            f"{results['api_search']['direct_p50_ms']} ms, p95 "
            f"{results['api_search']['direct_p95_ms']} ms; **the API adds "
            f"{results['api_search']['added_p50_ms']} ms at the median and "
            f"{results['api_search']['added_p95_ms']} ms at the 95th percentile**.",
            "",
            f"End to end (capture, archive, enrich, index): "
            f"**{results['end_to_end_posts_per_s']:,.0f} posts/s**; "
            f"peak memory of the pipeline's stages {results['peak_rss_mb']:,.0f} MB, "
            "the benchmark's process and its workers together ("
            + ", ".join(f"{k} {v:,.0f}" for k, v in results["peak_rss_mb_by_stage"].items())
            + f"; {results['peak_rss_mb_with_baselines']:,.0f} MB with the baselines).",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000, help="corpus size")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    # a stopped benchmark (Ctrl-C, kill, timeout) still stops the services it started
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("the benchmark was stopped"))
    results = run(args.posts, args.out)
    notes = ROOT / "bench" / "notes.md"  # the analysis, written by people, kept across runs
    (ROOT / "BENCHMARKS.md").write_text(
        markdown(results) + ("\n" + notes.read_text() if notes.exists() else "")
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
