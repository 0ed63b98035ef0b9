"""Saved searches and alerts against the real archive and search server: alerts as the saved
search's role sees the posts, once per post version, per interval of indexing; digests by
webhook to a real HTTP server and by e-mail to a real SMTP server on 127.0.0.1; the DAG in a
real Airflow run; the commands as a user meets them. Each test has an archive of its own, so
its saved searches are the only ones a run evaluates."""

import json
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from pipeline.alerting import (
    DELIVERY_ATTEMPTS,
    delete_saved_search,
    evaluate_saved_searches,
    install_lexicons,
    list_alerts,
    list_saved_searches,
    save_search,
)
from pipeline.archive import queries, saved
from pipeline.archive.db import transaction
from pipeline.archive.models import AlertRow, AuditEvent, SavedSearchRow
from pipeline.exc import ArchivistError, UsageError
from pipeline.notify import DIGEST_POSTS
from pipeline.orchestrate import DAGS_FOLDER, airflow_env, run_dag
from pipeline.runs import ingest
from search.client import get_client
from search.indexer import posts_alias
from tests.conftest import free_port, run_cli, settings_env
from tests.web_server import served

PRIVATE = {"private_group", "direct_message"}
FEED_ITEMS = [
    (
        "complaint",
        "Nordlys Consulting let us down",
        "Really disappointed with Nordlys Consulting: the outage lasted two days and their "
        "helpdesk never answered our tickets. Terrible service, we are considering leaving.",
    ),
    (
        "leak",
        "Contact list",
        "For the project call Jan de Boer on +31 6 12345678 or mail jan.deboer@example.com "
        "for the contract details.",
    ),
    ("praise", "A good week", "We had a lovely week at the conference in Oslo, see you next year!"),
]


def write_feed(path, items=FEED_ITEMS, author=None):
    creator = f"<dc:creator>{author}</dc:creator>" if author else ""
    entries = "".join(
        f"<item><title>{title}</title><link>https://reviews.example/{key}</link>"
        f"<guid>{key}</guid><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate>{creator}"
        f"<description>{text}</description></item>"
        for key, title, text in items
    )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>Reviews</title><link>https://reviews.example/</link><description>Reviews"
        f"</description>{entries}</channel></rss>"
    )
    return path


def indexed_documents(settings) -> dict[str, dict]:
    """post id -> the indexed document, straight from the index."""
    es = get_client(settings)
    hits = es.search(index=posts_alias(settings.index_prefix), size=1000)["hits"]["hits"]
    return {h["_id"]: h["_source"] for h in hits}


def alerted(alerts, search) -> set[tuple[str, int]]:
    return {(a.post_id, a.version) for a in alerts if a.saved_search_id == search.id}


def audit_actions(settings) -> Counter:
    with transaction(settings) as session:
        return Counter(session.scalars(sa.select(AuditEvent.action)))


def alert_rows(settings) -> list[AlertRow]:
    """Every recorded alert, straight from the archive, oldest first."""
    with transaction(settings) as session:
        return list(session.scalars(sa.select(AlertRow).order_by(AlertRow.id)))


def evaluate(settings, since, until, **options):
    """One run, and the alerts it recorded."""
    seen = {a.id for a in alert_rows(settings)}
    run = evaluate_saved_searches(settings, since, until, **options)
    return run, [a for a in alert_rows(settings) if a.id not in seen]


def allowing_loopback(settings):
    """The test's webhook servers listen on 127.0.0.1, which webhooks may only call when the
    operator allows it."""
    return settings.model_copy(update={"webhook_allowed_hosts": ["127.0.0.1"]})


# --- real notification servers on 127.0.0.1 --------------------------------------------


class Webhooks:
    """An HTTP server that records every POST; paths starting /fail answer 500, and so do
    paths starting /flaky until ``mend()``."""

    def __init__(self):
        self.received: list[tuple[str, dict]] = []
        self.broken = {"/fail", "/flaky"}
        received, broken = self.received, self.broken

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the http.server API)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, json.loads(body)))
                failing = any(self.path.startswith(prefix) for prefix in broken)
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def posts_to(self, path: str) -> list[dict]:
        return [payload for p, payload in self.received if p == path]

    def mend(self) -> None:
        self.broken.discard("/flaky")


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield mailbox, controller.port
    controller.stop()


# --- evaluation -------------------------------------------------------------------------


def test_saved_searches_alert_as_their_role_once_per_version_and_interval(
    own_archive, sample_exports, account
):
    analyst = save_search(own_archive, "ana", "analyst", "everything", "")
    pr = save_search(own_archive, "per", "pr", "everything PR may see", "")
    vacancies = save_search(own_archive, "ana", "analyst", "vacatures", "vacature")

    start = datetime.now(UTC)
    first_run = ingest(own_archive, "yammer-export", sample_exports[0], account=account).run_id
    middle = datetime.now(UTC)
    _, first = evaluate(own_archive, start, middle)

    documents = indexed_documents(own_archive)
    latest = {(pid, d["version"]) for pid, d in documents.items() if not d["is_deleted"]}
    assert alerted(first, analyst) == latest
    pr_alerts = alerted(first, pr)
    assert pr_alerts and pr_alerts < latest
    assert any(documents[pid]["visibility"] in PRIVATE for pid, _ in latest)
    assert not any(documents[pid]["visibility"] in PRIVATE for pid, _ in pr_alerts)
    assert alerted(first, vacancies) and all(
        "vacature" in documents[pid]["text"].lower() for pid, _ in alerted(first, vacancies)
    )
    assert {a.notify_status for a in first} == {"none"}  # no channel configured

    again, none = evaluate(own_archive, start, middle)  # the same interval again
    assert again.alerts == 0 and none == []
    assert len(list_alerts(own_archive, "ana", limit=None)) == len(alerted(first, analyst)) + len(
        alerted(first, vacancies)
    )

    second_run = ingest(own_archive, "yammer-export", sample_exports[1], account=account).run_id
    end = datetime.now(UTC)
    _, second = evaluate(own_archive, middle, end)
    with transaction(own_archive) as session:
        touched_second = set(queries.post_ids_of_run(session, second_run))
        touched_first = set(queries.post_ids_of_run(session, first_run))
    documents = indexed_documents(own_archive)
    expected = {
        (pid, documents[pid]["version"])
        for pid in touched_second
        if not documents[pid]["is_deleted"]
    }
    assert alerted(second, analyst) == expected  # only what the later interval indexed
    edited = {pid for pid, version in expected if version > 1}
    assert edited and edited <= touched_first  # a new version of a post alerts again
    assert not alerted(second, analyst) & alerted(first, analyst)


def test_an_interval_alerts_on_what_was_indexed_in_it_and_looks_back_a_little(
    own_archive, tmp_path, account
):
    search = save_search(own_archive, "ana", "analyst", "Reviews", "")
    t0 = datetime.now(UTC)
    ingest(own_archive, "rss", write_feed(tmp_path / "a.xml", FEED_ITEMS[:1]), account=account)
    t1 = datetime.now(UTC)
    ingest(own_archive, "rss", write_feed(tmp_path / "b.xml", FEED_ITEMS[1:]), account=account)
    t2 = datetime.now(UTC)
    exact = timedelta(0)

    def posts(since, until, **options):
        alerts = evaluate(own_archive, since, until, **options)[1]
        return sorted(a.post_id.rsplit(":", 1)[1] for a in alerts if a.saved_search_id == search.id)

    assert posts(t1, t2, settle=exact) == ["leak", "praise"]
    assert posts(t0, t1, settle=exact) == ["complaint"]
    assert posts(t0, t2) == []  # every version alerted once
    assert posts(t2, datetime.now(UTC), settle=exact) == []

    other = save_search(own_archive, "bo", "analyst", "Reviews", "")
    ingest(
        own_archive,
        "rss",
        write_feed(tmp_path / "c.xml", [("late", "Late", "Oslo")]),
        account=account,
    )
    t3 = datetime.now(UTC)
    # indexed just before the interval: an earlier run may not have seen it yet
    _, late = evaluate(own_archive, t3, t3 + timedelta(seconds=1))
    assert {a.post_id.rsplit(":", 1)[1] for a in late} == {"late"}
    assert {a.saved_search_id for a in late} == {search.id, other.id}


def test_the_lexicons_alert_on_negative_mentions_personal_data_and_confidential_content(
    own_archive, sample_exports, account, tmp_path
):
    legal = install_lexicons(own_archive, "lisa", "legal", ("Nordlys Consulting", "Nordlys"))
    pr = install_lexicons(own_archive, "per", "pr", ("Nordlys Consulting", "Nordlys"))
    assert [s.lexicon for s in legal] == ["negative_mentions", "personal_data", "confidential"]
    assert install_lexicons(own_archive, "lisa", "legal", ("Nordlys",)) == []  # already there

    start = datetime.now(UTC)
    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    ingest(own_archive, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
    _, alerts = evaluate(own_archive, start, datetime.now(UTC))
    documents = indexed_documents(own_archive)
    negative, personal, confidential = (
        {pid for pid, _ in alerted(alerts, search)} for search in legal
    )

    def enrichment(pid):
        return documents[pid].get("enrichment") or {}

    assert f"web.{account}:complaint" in negative
    for pid in negative:
        found = enrichment(pid)
        assert "complaint" in found["labels"] or found["sentiment"] == "negative"
        assert "nordlys" in json.dumps(documents[pid], ensure_ascii=False).lower()
    assert personal == {pid for pid in documents if enrichment(pid).get("pii")}
    assert f"web.{account}:leak" in personal
    assert confidential == {
        pid for pid in documents if "confidential" in enrichment(pid).get("labels", [])
    }
    assert confidential
    pr_seen = set().union(*({pid for pid, _ in alerted(alerts, search)} for search in pr))
    assert not pr_seen & (personal | confidential)  # PR never sees those, so never hears


# --- notifications ----------------------------------------------------------------------


def test_each_run_sends_one_digest_per_saved_search_by_webhook_and_email(
    own_archive, tmp_path, account, smtp
):
    mailbox, port = smtp
    settings = allowing_loopback(own_archive).model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_from": "alerts@nordlys.example"}
    )
    with Webhooks() as hooks:
        search = save_search(
            settings,
            "ana",
            "analyst",
            "Reviews",
            "",
            webhook=f"{hooks.url}/hook?token=s3cret",
            email="ana@nordlys.example",
        )
        start = datetime.now(UTC)
        ingest(settings, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
        until = datetime.now(UTC)
        run, alerts = evaluate(settings, start, until)
        again, none = evaluate(settings, start, until)

    ids = sorted(a.post_id for a in alerts)
    assert len(ids) == len(FEED_ITEMS) and run.alerts == len(ids)
    assert again.alerts == 0 and again.digests == [] and none == []
    (payload,) = hooks.posts_to("/hook?token=s3cret")  # one digest, not one call per post
    assert payload["saved_search"] == {
        "id": search.id,
        "name": "Reviews",
        "query": "",
        "user": "ana",
        "role": "analyst",
    }
    assert payload["count"] == 3 and sorted(p["post_id"] for p in payload["posts"]) == ids
    assert payload["more"] == 0 and payload["late"] is False
    assert payload["since"] == start.isoformat() and payload["until"] == until.isoformat()
    leak = next(p for p in payload["posts"] if p["post_id"].endswith(":leak"))
    assert "jan.deboer@example.com" in leak["snippet"] and leak["place"] == "public"

    ((to, mail),) = mailbox.messages
    assert to == ["ana@nordlys.example"] and mail["From"] == "alerts@nordlys.example"
    assert mail["Subject"] == "Archivist: 3 new posts for your saved search 'Reviews'"
    body = mail.get_payload(decode=True).decode()
    assert all(pid in body for pid in ids) and "Really disappointed" in body
    assert {(a.notify_status, a.notify_error) for a in alert_rows(settings)} == {("sent", None)}
    assert all(a.notified_at for a in list_alerts(settings, "ana"))
    assert "s3cret" not in search.webhook


def test_a_failing_webhook_is_retried_then_recorded_and_the_email_still_goes(
    own_archive, tmp_path, account, smtp
):
    mailbox, port = smtp
    settings = allowing_loopback(own_archive).model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port}
    )
    with Webhooks() as hooks:
        save_search(
            settings, "ana", "analyst", "Reviews", "", f"{hooks.url}/fail", "ana@nordlys.example"
        )
        start = datetime.now(UTC)
        ingest(settings, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
        _, alerts = evaluate(settings, start, datetime.now(UTC))

    assert len(hooks.posts_to("/fail")) == 3  # retried, bounded
    assert len(mailbox.messages) == 1
    assert len(alerts) == len(FEED_ITEMS)
    for alert in list_alerts(settings, "ana"):
        assert alert.notify_status == "failed" and alert.notified_at is not None
        assert alert.notify_error.startswith("webhook: ") and "500" in alert.notify_error
        assert "email" not in alert.notify_error


def test_an_unreachable_smtp_server_is_recorded_not_raised(own_archive, tmp_path, account):
    settings = own_archive.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": free_port()})
    save_search(settings, "ana", "analyst", "Reviews", "", email="ana@nordlys.example")
    start = datetime.now(UTC)
    ingest(settings, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
    _, alerts = evaluate(settings, start, datetime.now(UTC))
    assert alerts and {a.notify_status for a in alerts} == {"failed"}
    assert all(a.notified_at is None and "SMTP server 127.0.0.1" in a.notify_error for a in alerts)


# --- the DAG ----------------------------------------------------------------------------

PARSE = """
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder={folder!r})
assert not bag.import_errors, bag.import_errors
dag = bag.dags["saved_search_alerts"]
print(sorted(dag.tags), dag.catchup, dag.max_active_runs, dag.timetable.summary)
for t in dag.tasks:
    print(t.task_id, t.owner, t.retries, t.execution_timeout)
import sys
print("heavy", sorted(m for m in ("spacy", "elasticsearch", "search.alerts") if m in sys.modules))
"""


def test_the_alerts_dag_parses_with_the_house_rules(settings):
    done = subprocess.run(
        [sys.executable, "-c", PARSE.format(folder=str(DAGS_FOLDER))],
        capture_output=True,
        text=True,
        env=airflow_env(settings),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "['alerts', 'archivist'] False 1 5 * * * *"
    assert lines[1] == "evaluate archivist 3 2:00:00"
    assert lines[2] == "heavy []"


def test_a_real_airflow_run_records_the_alerts_of_its_interval(own_archive, tmp_path, account):
    save_search(own_archive, "ana", "analyst", "Reviews", "")
    ingest(own_archive, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
    now = datetime.now(UTC)
    run_at = now.replace(minute=5, second=0, microsecond=0)
    run_at += timedelta(hours=1) if run_at <= now else timedelta()  # the interval holds now
    run_dag(own_archive, "saved_search_alerts", run_at, {})
    alerts = list_alerts(own_archive, "ana")
    assert sorted(a.post_id for a in alerts) == sorted(
        f"web.{account}:{key}" for key, _, _ in FEED_ITEMS
    )
    run_dag(own_archive, "saved_search_alerts", run_at, {})  # a rerun adds nothing
    assert len(list_alerts(own_archive, "ana")) == len(alerts)
    run_dag(own_archive, "saved_search_alerts", run_at - timedelta(hours=2), {})
    assert len(list_alerts(own_archive, "ana")) == len(alerts)  # nothing indexed then


# --- the commands -----------------------------------------------------------------------

COMMANDS = [
    ["saved", "add"],
    ["saved", "list"],
    ["saved", "delete"],
    ["alerts", "run"],
    ["alerts", "list"],
    ["alerts", "install-lexicons"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    done = run_cli(*command, "--help")
    assert done.returncode == 0
    help_text = " ".join(done.stdout.split())
    assert f"archivist {' '.join(command)}" in help_text.split("Example: ", 1)[1]


def test_saving_and_deleting_searches_from_the_command_line_is_audited(
    own_archive, tmp_path, account
):
    env = settings_env(own_archive)

    def cli(*args):
        return run_cli(*args, settings=own_archive, env=env)

    added = cli(
        "saved",
        "add",
        "Jobs",
        "helpdesk OR Oslo",
        "--user",
        "rik",
        "--role",
        "recruitment",
        "--webhook",
        "https://hooks.example/T1/s3cret",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    search = json.loads(added.stdout)
    assert search["webhook"] == "https://hooks.example/…"

    listed = json.loads(cli("saved", "list", "--user", "rik", "--json").stdout)
    assert [s["name"] for s in listed] == ["Jobs"]
    assert json.loads(cli("saved", "list", "--user", "someone-else", "--json").stdout) == []

    twice = cli("saved", "add", "Jobs", "x", "--user", "rik")
    assert twice.returncode == 1 and twice.stderr.strip() == (
        "error: rik already has a saved search named 'Jobs'"
    )
    broken = cli("saved", "add", "Broken", 'vacature "open', "--user", "rik")
    assert broken.returncode == 2 and "unclosed quote at character 10" in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1 and "Traceback" not in broken.stderr
    janitor = cli("saved", "add", "J", "x", "--user", "rik", "--role", "janitor")
    assert janitor.returncode == 1 and "unknown role 'janitor'" in janitor.stderr

    start = datetime.now(UTC)
    ingest(own_archive, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
    ran = cli(
        "alerts",
        "run",
        "--since",
        f"{start:%Y-%m-%dT%H:%M:%S%z}",
        "--until",
        f"{datetime.now(UTC) + timedelta(seconds=1):%Y-%m-%dT%H:%M:%S%z}",
    )
    assert ran.returncode == 0, ran.stderr
    assert "notification failed: webhook: the webhook https://hooks.example/…" in ran.stdout
    assert "s3cret" not in ran.stdout

    wrong_owner = cli("saved", "delete", str(search["id"]), "--user", "someone-else")
    assert wrong_owner.returncode == 1
    assert (
        wrong_owner.stderr.strip()
        == f"error: someone-else has no saved search with the id {search['id']}"
    )
    assert cli("saved", "delete", str(search["id"]), "--user", "rik").returncode == 0
    assert json.loads(cli("saved", "list", "--user", "rik", "--json").stdout) == []
    alerts = json.loads(cli("alerts", "list", "--user", "rik", "--json").stdout)
    assert alerts and all(a["saved_search"] == "Jobs" for a in alerts)  # alerts outlive it

    actions = audit_actions(own_archive)
    assert actions["saved_search.create"] == 1 and actions["saved_search.delete"] == 1
    assert actions["alert"] == 1
    with transaction(own_archive) as session:
        targets = list(session.scalars(sa.select(AuditEvent.target)))
    assert "s3cret" not in json.dumps(targets)


def test_alerts_are_facts_the_application_cannot_delete(own_archive, tmp_path, account):
    save_search(own_archive, "ana", "analyst", "Reviews", "")
    start = datetime.now(UTC)
    ingest(own_archive, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
    assert evaluate_saved_searches(own_archive, start, datetime.now(UTC)).alerts
    for statement in ("DELETE FROM alerts", "UPDATE alerts SET post_id = 'x'"):
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            with transaction(own_archive) as session:
                session.execute(sa.text(statement))


def test_an_empty_interval_is_refused_in_one_sentence(own_archive):
    now = datetime.now(UTC)
    with pytest.raises(ArchivistError, match="the interval is empty"):
        evaluate_saved_searches(own_archive, now, now)


# --- where webhooks may go --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1:9200/_bulk", "127.0.0.1 is a loopback address"),
        ("http://localhost:8080/api/v2/dags", "localhost (127.0.0.1) is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://10.1.2.3/hook", "10.1.2.3 is a private address"),
        ("http://[::ffff:127.0.0.1]/hook", "(127.0.0.1) is a loopback address"),
        ("http://224.0.0.1/hook", "224.0.0.1 is a multicast address"),
    ],
)
def test_a_webhook_to_an_internal_address_is_refused_in_one_sentence(own_archive, url, kind):
    with pytest.raises(UsageError) as refused:
        save_search(own_archive, "ana", "analyst", "Internal", "", webhook=url)
    message = str(refused.value)
    assert kind in message and "ARCHIVIST_WEBHOOK_ALLOWED_HOSTS" in message
    assert "\n" not in message and "meta-data" not in message  # shown without its path
    assert list_saved_searches(own_archive, "ana") == []


def test_a_listed_host_or_range_is_allowed_and_the_check_is_made_again_when_sending(
    own_archive, tmp_path, account
):
    for allowed in (["127.0.0.1"], ["127.0.0.0/8"], ["localhost"]):
        settings = own_archive.model_copy(update={"webhook_allowed_hosts": allowed})
        save_search(settings, "ana", "analyst", f"hook {allowed}", "", "http://localhost:1/h")
    still = own_archive.model_copy(update={"webhook_allowed_hosts": ["localhost"]})
    with pytest.raises(UsageError, match="169.254.169.254 is a link-local address"):
        save_search(still, "ana", "analyst", "Metadata", "", "http://169.254.169.254/")

    allowing = allowing_loopback(own_archive)
    with Webhooks() as hooks:
        save_search(allowing, "bo", "analyst", "Reviews", "", webhook=f"{hooks.url}/hook")
        start = datetime.now(UTC)
        ingest(own_archive, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
        # the operator no longer allows loopback: the job refuses to call it
        _, alerts = evaluate(own_archive, start, datetime.now(UTC))
    assert hooks.received == []
    assert alerts and {a.notify_status for a in alerts} == {"failed"}
    assert all("is a loopback address" in a.notify_error for a in alerts)


# --- big digests, late deliveries ------------------------------------------------------


def test_a_search_matching_many_posts_records_them_page_by_page_and_lists_a_bounded_digest(
    own_archive, tmp_path, account, smtp
):
    mailbox, port = smtp
    settings = allowing_loopback(own_archive).model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port}
    )
    many = [(f"item{n:03}", f"Oslo news {n}", f"Meetup number {n} in Oslo") for n in range(64)]
    with Webhooks() as hooks:
        search = save_search(
            settings, "ana", "analyst", "Oslo", "oslo", f"{hooks.url}/hook", "ana@nordlys.example"
        )
        start = datetime.now(UTC)
        ingest(settings, "rss", write_feed(tmp_path / "many.xml", many), account=account)
        run, alerts = evaluate(settings, start, datetime.now(UTC), page_size=7)

    assert run.alerts == len(alerts) == len(many)
    assert {a.post_id.rsplit(":", 1)[1] for a in alerts} == {key for key, _, _ in many}
    (payload,) = hooks.posts_to("/hook")
    assert payload["count"] == len(many) and len(payload["posts"]) == DIGEST_POSTS
    assert payload["more"] == len(many) - DIGEST_POSTS
    assert all("<em>" not in p["snippet"] and "Oslo" in p["snippet"] for p in payload["posts"])
    ((_, mail),) = mailbox.messages
    assert mail["Subject"] == f"Archivist: {len(many)} new posts for your saved search 'Oslo'"
    assert f"… and {len(many) - DIGEST_POSTS} more." in mail.get_payload(decode=True).decode()
    with transaction(settings) as session:
        pages = list(
            session.scalars(sa.select(AuditEvent.result_count).where(AuditEvent.action == "alert"))
        )
    assert sum(pages) == len(many) and len(pages) == -(-len(many) // 7)  # one event a page
    assert {a.notify_status for a in alert_rows(settings) if a.saved_search_id == search.id} == {
        "sent"
    }


def test_a_digest_that_failed_is_delivered_by_the_next_run_once_to_the_channel_that_missed_it(
    own_archive, tmp_path, account, smtp
):
    mailbox, port = smtp
    settings = allowing_loopback(own_archive).model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port}
    )
    with Webhooks() as hooks:
        save_search(
            settings, "ana", "analyst", "Reviews", "", f"{hooks.url}/flaky", "ana@nordlys.example"
        )
        start = datetime.now(UTC)
        ingest(settings, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
        t1 = datetime.now(UTC)
        first, alerts = evaluate(settings, start, t1)
        assert [d.status for d in first.digests] == ["failed"]
        assert len(hooks.posts_to("/flaky")) == 3 and len(mailbox.messages) == 1

        hooks.mend()
        t2 = datetime.now(UTC)
        second, none = evaluate(settings, t1, t2)
        third, _ = evaluate(settings, t2, datetime.now(UTC))

    assert none == [] and second.alerts == 0
    assert [(d.late, d.status, d.posts) for d in second.digests] == [(True, "sent", 3)]
    assert third.digests == []  # delivered once
    delivered = hooks.posts_to("/flaky")[3:]
    assert len(delivered) == 1 and delivered[0]["late"] is True
    assert sorted(p["post_id"] for p in delivered[0]["posts"]) == sorted(a.post_id for a in alerts)
    assert len(mailbox.messages) == 1  # the e-mail had gone: not sent twice
    rows = alert_rows(settings)
    assert {(a.notify_status, a.notify_error, a.notify_attempts) for a in rows} == {
        ("sent", None, 2)
    }
    assert {tuple(a.notified_channels) for a in rows} == {("email", "webhook")}


def test_alerts_a_run_recorded_but_never_notified_go_out_with_the_next_run(
    own_archive, tmp_path, account
):
    settings = allowing_loopback(own_archive)
    with Webhooks() as hooks:
        search = save_search(settings, "ana", "analyst", "Reviews", "", f"{hooks.url}/hook")
        ingest(settings, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
        documents = indexed_documents(settings)
        with transaction(settings) as session:  # a run that died right after recording
            row = session.get(SavedSearchRow, search.id)
            matches = [
                saved.Match(pid, d["version"], d["content_sha256"]) for pid, d in documents.items()
            ]
            saved.record_alerts(session, row, matches, datetime.now(UTC), {})
        later = datetime.now(UTC) + timedelta(hours=1)
        run, _ = evaluate(settings, later, later + timedelta(hours=1))
    (payload,) = hooks.posts_to("/hook")
    assert payload["late"] is True and payload["count"] == len(FEED_ITEMS)
    assert [(d.late, d.status) for d in run.digests] == [(True, "sent")]


def test_a_webhook_that_keeps_failing_is_given_up_after_a_bounded_number_of_runs(
    own_archive, tmp_path, account
):
    settings = allowing_loopback(own_archive)
    with Webhooks() as hooks:
        save_search(settings, "ana", "analyst", "Reviews", "", f"{hooks.url}/fail")
        start = datetime.now(UTC)
        ingest(settings, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
        at = datetime.now(UTC)
        evaluate(settings, start, at)
        for run in range(DELIVERY_ATTEMPTS):
            evaluate(settings, at + timedelta(hours=run), at + timedelta(hours=run + 1))
    assert len(hooks.posts_to("/fail")) == 3 * DELIVERY_ATTEMPTS  # 3 tries a run, 5 runs
    rows = alert_rows(settings)
    assert {(a.notify_status, a.notify_attempts) for a in rows} == {("gave up", DELIVERY_ATTEMPTS)}
    assert all("500" in a.notify_error for a in rows)


# --- pseudonyms and audited reads ------------------------------------------------------


def test_a_pseudonymised_roles_digest_names_no_author_and_links_no_post(
    own_archive, tmp_path, account
):
    settings = allowing_loopback(own_archive)
    assert "recruitment" in settings.pseudonymised_roles
    with Webhooks() as hooks:
        save_search(settings, "rik", "recruitment", "Reviews", "", f"{hooks.url}/rik")
        save_search(settings, "ana", "analyst", "Reviews", "", f"{hooks.url}/ana")
        start = datetime.now(UTC)
        feed = write_feed(tmp_path / "reviews.xml", author="Kari Nordmann")
        ingest(settings, "rss", feed, account=account)
        evaluate(settings, start, datetime.now(UTC))
    ((analyst,), (recruiter,)) = hooks.posts_to("/ana"), hooks.posts_to("/rik")
    assert {p["author"] for p in analyst["posts"]} == {"Kari Nordmann"}
    assert all(p["url"] for p in analyst["posts"])
    assert recruiter["posts"] and len(recruiter["posts"]) == recruiter["count"]  # not the leak
    assert all(p["author"].startswith("person-") and p["url"] is None for p in recruiter["posts"])
    assert "Kari" not in json.dumps(recruiter) and "reviews.example" not in json.dumps(recruiter)


def test_listing_alerts_is_one_audited_read_on_the_command_line_and_over_http(
    own_archive, tmp_path, account
):
    save_search(own_archive, "ana", "analyst", "Reviews", "")
    start = datetime.now(UTC)
    ingest(own_archive, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
    evaluate(own_archive, start, datetime.now(UTC))
    before = audit_actions(own_archive)["alerts.list"]
    listed = run_cli(
        "alerts",
        "list",
        "--user",
        "ana",
        "--json",
        settings=own_archive,
        env=settings_env(own_archive),
    )
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == len(FEED_ITEMS)
    assert audit_actions(own_archive)["alerts.list"] == before + 1

    settings = own_archive.model_copy(update={"api_tokens_file": tmp_path / "tokens.toml"})
    with served(settings) as site:
        save_search(settings, site.users["pr"], "pr", "Reviews", "")
        response = httpx.get(f"{site.url}/api/alerts", headers=site.auth("pr"), timeout=60)
        assert response.status_code == 200, response.text
        events = [e for e in site.audit_events("pr") if e["action"] == "alerts.list"]
    assert events == [
        {
            "action": "alerts.list",
            "target": {"user": site.users["pr"], "limit": 100},
            "result_count": 0,
        }
    ]


def test_deleting_a_saved_search_stops_its_late_deliveries_too(own_archive, tmp_path, account):
    settings = allowing_loopback(own_archive)
    with Webhooks() as hooks:
        search = save_search(settings, "ana", "analyst", "Reviews", "", f"{hooks.url}/flaky")
        start = datetime.now(UTC)
        ingest(settings, "rss", write_feed(tmp_path / "reviews.xml"), account=account)
        at = datetime.now(UTC)
        evaluate(settings, start, at)
        delete_saved_search(settings, "ana", search.id)
        hooks.mend()
        run, _ = evaluate(settings, at, at + timedelta(hours=1))
    assert len(hooks.posts_to("/flaky")) == 3 and run.digests == []
