"""The legal-grade archive's second round, against the real PostgreSQL and search server:
the load file (one row per post, threads as families), export verification against a
trusted key, the audit trail's own reads, erasure by person id and under a legal duty, and
the erase and checkpoint commands."""

import base64
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pipeline.archive import audit, store
from pipeline.archive.db import get_engine, transaction
from pipeline.archive.erasure import ERASED
from pipeline.archive.holds import HoldCriteria, create_hold
from pipeline.archive.integrity import VERSION_FIELDS, row_digest
from pipeline.archive.loadfile import COLUMNS, FIELD, QUOTE
from pipeline.archive.models import AuditEvent, PersonRow, Restriction, post_versions
from pipeline.archive.raw import store_raw_bytes
from pipeline.archive.signing import key_id, load_or_create_key, public_key_text, sign
from pipeline.archive.verify import verify_archive
from pipeline.exc import NotFound
from pipeline.legal import erase_person, view_post
from pipeline.runs import ingest
from schemas import Person, PersonRef, Post, Provenance, Source, Visibility
from schemas.canonical import canonical_json
from tests.conftest import run_cli, settings_env

LEGAL = audit.Actor("test", "legal")
pv = post_versions.c
LONG_AGO = datetime(2015, 1, 1, tzinfo=UTC)


# --- helpers ------------------------------------------------------------------------------


def capture(settings, source: str, people: list[Person], posts: list[dict]) -> None:
    """One finished capture run of ``source``: the people's profiles, and per entry of
    ``posts`` (native_id, author: a Person, optional created_at, thread_id, reply_to_id) one
    post read from a raw payload of its own."""
    now = datetime.now(UTC)
    with transaction(settings) as session:
        store.upsert_source(session, Source(key=source, platform="yammer", account=source))
        store.upsert_people(session, people)
        run = store.start_capture_run(
            session,
            source=source,
            connector="yammer-export",
            connector_version="test",
            target="test",
            fetched_at=now,
        )
        archived = []
        for seq, spec in enumerate(posts):
            data = f"{source} {spec['native_id']}".encode()
            sha256, size = store_raw_bytes(settings.raw_dir, data)
            raw = {"sha256": sha256, "size": size, "media_type": "application/json"}
            locator = f"Messages.csv#row={seq}"
            store.add_capture_item(
                session, run, seq, raw, locator=locator, status=200, headers={}, fetched_at=now
            )
            author: Person = spec["author"]
            archived.append(
                Post(
                    post_id=f"{source}:{spec['native_id']}",
                    source=source,
                    native_id=spec["native_id"],
                    author=PersonRef(id=author.id, name=author.name, handle=author.handle),
                    created_at=spec.get("created_at", LONG_AGO),
                    thread_id=spec.get("thread_id"),
                    reply_to_id=spec.get("reply_to_id"),
                    text=f"post {spec['native_id']} by {author.name}",
                    visibility=Visibility.COMPANY_INTERNAL,
                    provenance=Provenance(
                        capture_run=run,
                        connector="yammer-export",
                        connector_version="test",
                        fetched_at=now,
                        raw_sha256=sha256,
                        raw_locator=locator,
                    ),
                )
            )
        store.archive_records(session, run, archived)
        store.update_capture_run(session, run, "archived", {})


def person(source: str, native_id: str, name: str) -> Person:
    handle = name.lower().replace(" ", ".")
    return Person(
        id=Person.make_id(source, native_id),
        source=source,
        native_id=native_id,
        name=name,
        handle=handle,
        email=f"{handle}@example.org",
        job_title="Controller",
    )


def post_contents(settings, post_ids) -> dict[str, bool]:
    """post id -> whether every version still has its content."""
    with get_engine(settings).connect() as connection:
        rows = connection.execute(
            sa.select(pv.post_id, pv.disposition).where(pv.post_id.in_(list(post_ids)))
        ).all()
    kept: dict[str, bool] = {}
    for post_id, disposition in rows:
        kept[post_id] = kept.get(post_id, True) and disposition is None
    return kept


def profile(settings, person_id: str) -> PersonRow:
    with transaction(settings) as session:
        row = session.get(PersonRow, person_id)
        session.expunge(row)
        return row


def read_loadfile(archive: zipfile.ZipFile) -> tuple[bytes, list[dict[str, str]]]:
    raw = archive.read("loadfile.dat")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == ""
    rows = [
        [f.removeprefix(QUOTE).removesuffix(QUOTE) for f in line.split(FIELD)]
        for line in lines[:-1]
    ]
    assert rows[0] == list(COLUMNS)
    return raw, [dict(zip(COLUMNS, values, strict=True)) for values in rows[1:]]


def export(settings, out, *args: str) -> dict:
    done = run_cli("export", *args, "--out", str(out), "--json", env=settings_env(settings))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def verify(out, *args: str):
    return run_cli("export", "verify", str(out), *args)


# --- the load file ------------------------------------------------------------------------


@pytest.fixture
def threads(own_archive, account):
    """Two threads: T1 (starter by Ann, two replies, one by Bo) and T2 (starter by Bo, a
    reply by Ann); Ann's first reply edited once (two versions)."""
    source = f"yammer.{account}"
    ann, bo = person(source, "1", "Ann Berg"), person(source, "2", "Bo Lund")
    t1, t2 = f"{source}:t1", f"{source}:t2"
    capture(
        own_archive,
        source,
        [ann, bo],
        [
            {"native_id": "t1", "author": ann, "thread_id": t1},
            {"native_id": "r1", "author": ann, "thread_id": t1, "reply_to_id": t1},
            {"native_id": "r2", "author": bo, "thread_id": t1, "reply_to_id": t1},
            {"native_id": "t2", "author": bo, "thread_id": t2},
            {"native_id": "r3", "author": ann, "thread_id": t2, "reply_to_id": t2},
        ],
    )
    with transaction(own_archive) as session:  # a second version of r1: its text edited
        run = store.start_capture_run(
            session,
            source=source,
            connector="yammer-export",
            connector_version="test",
            target="edit",
            fetched_at=datetime.now(UTC),
        )
        first = session.execute(sa.select(pv.document).where(pv.post_id == f"{source}:r1")).scalar()
        post = Post.model_validate({**first, "text": "post r1, edited"})
        post = post.model_copy(
            update={"provenance": post.provenance.model_copy(update={"capture_run": run})}
        )
        store.archive_records(session, run, [post])
        store.update_capture_run(session, run, "archived", {})
    return source, ann, bo


def test_the_load_file_has_one_row_per_post_with_threads_as_families(
    own_archive, threads, tmp_path
):
    source, ann, bo = threads
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Threads", HoldCriteria(sources=[source]))
    out = tmp_path / "threads.zip"
    report = export(own_archive, out, "--hold", "Threads")
    with zipfile.ZipFile(out) as archive:
        raw, rows = read_loadfile(archive)
        lines = [json.loads(line) for line in archive.read("versions.jsonl").splitlines()]
        names = set(archive.namelist())
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    assert (report["posts"], report["versions"]) == (5, 6)
    by_post = {r["POST_ID"]: r for r in rows}
    assert [r["DOCID"] for r in rows] == [f"ARCH-{n:08d}" for n in range(1, 6)]
    assert [r["POST_ID"].rsplit(":", 1)[1] for r in rows] == ["t1", "r1", "r2", "t2", "r3"]
    t1, r1, r2, t2, r3 = (by_post[f"{source}:{n}"] for n in ("t1", "r1", "r2", "t2", "r3"))
    assert (t1["PARENT_DOCID"], r1["PARENT_DOCID"], r2["PARENT_DOCID"]) == (
        "",
        t1["DOCID"],
        t1["DOCID"],
    )
    assert {(r["BEGATTACH"], r["ENDATTACH"]) for r in (t1, r1, r2)} == {(t1["DOCID"], r2["DOCID"])}
    assert (r3["PARENT_DOCID"], r3["BEGATTACH"], r3["ENDATTACH"]) == (
        t2["DOCID"],
        t2["DOCID"],
        r3["DOCID"],
    )
    assert (r1["VERSIONS"], r1["JSONL_PATH"], r1["JSONL_LINES"]) == ("2", "versions.jsonl", "2-3")
    assert (r1["CUSTODIAN"], r1["AUTHOR_ID"], r2["CUSTODIAN"]) == ("Ann Berg", ann.id, "Bo Lund")
    assert [line["docid"] for line in lines] == [
        t1["DOCID"],
        r1["DOCID"],
        r1["DOCID"],
        r2["DOCID"],
        t2["DOCID"],
        r3["DOCID"],
    ]
    latest_r1 = lines[2]
    assert latest_r1["document"]["text"] == "post r1, edited"
    assert r1["NATIVE_PATH"] == f"natives/{latest_r1['raw_sha256']}" and r1["NATIVE_PATH"] in names
    assert r1["NATIVE_SHA256"] == latest_r1["raw_sha256"]
    assert r1["NATIVE_LOCATOR"].startswith("Messages.csv#row=")
    assert all(r["SOURCE"] == source and r["CREATED"].startswith("2015-01-01") for r in rows)

    done = verify(out)
    assert done.returncode == 0, done.stdout
    assert "5 documents, 6 versions" in done.stdout


def test_a_reply_whose_starter_is_not_exported_has_no_parent(own_archive, threads, tmp_path):
    source, ann, bo = threads
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Bo", HoldCriteria(custodians=[bo.id]))
    out = tmp_path / "bo.zip"
    export(own_archive, out, "--hold", "Bo")
    with zipfile.ZipFile(out) as archive:
        _, rows = read_loadfile(archive)
    assert [(r["POST_ID"].rsplit(":", 1)[1], r["PARENT_DOCID"]) for r in rows] == [
        ("r2", ""),
        ("t2", ""),
    ]
    assert verify(out).returncode == 0


# --- verifying against a trusted key -------------------------------------------------------


def forge(out, change) -> str:
    """Rewrite the export as a forger would: ``change(name, data)`` alters files, every
    version digest and manifest hash is recomputed, and the manifest is signed with a key of
    the forger's own, embedded in its place. Returns the forger's key id."""
    forger = Ed25519PrivateKey.generate()
    with zipfile.ZipFile(out) as original:
        entries = {info.filename: original.read(info) for info in original.infolist()}
    signed = json.loads(entries.pop("manifest.json"))
    files = {}
    for name, data in entries.items():
        entries[name] = data = change(name, data)
        files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    manifest = {**signed["manifest"], "files": files, "key_id": key_id(public_key_text(forger))}
    with zipfile.ZipFile(out, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)
        target.writestr(
            "manifest.json",
            json.dumps(
                {
                    "manifest": manifest,
                    "signature": sign(forger, canonical_json(manifest)),
                    "public_key": public_key_text(forger),
                }
            ),
        )
    return key_id(public_key_text(forger))


def edit_first_text(name: str, data: bytes) -> bytes:
    """The first version's text changed, its digest recomputed: consistent, but forged."""
    if name != "versions.jsonl":
        return data
    lines = data.splitlines()
    first = json.loads(lines[0])
    first["document"]["text"] = "this was never said"
    first["row_sha256"] = row_digest(first, VERSION_FIELDS)
    return b"\n".join([json.dumps(first).encode(), *lines[1:]]) + b"\n"


def test_a_re_signed_forgery_is_refused_with_the_trusted_key_and_named_without(
    own_archive, threads, tmp_path
):
    source, _, _ = threads
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Forgery", HoldCriteria(sources=[source]))
    out = tmp_path / "forged.zip"
    report = export(own_archive, out, "--hold", "Forgery")
    trusted = public_key_text(load_or_create_key(own_archive.signing_key_path))
    genuine = verify(out, "--public-key", trusted)
    assert genuine.returncode == 0, genuine.stdout
    assert f"key {report['key_id']}: intact" in genuine.stdout
    assert "signature checked against the key inside" not in genuine.stdout

    forger_id = forge(out, edit_first_text)
    untrusted = verify(out)
    assert untrusted.returncode == 0  # consistent in itself: only the key id gives it away
    assert f"key {forger_id}: intact" in untrusted.stdout
    assert (
        f"signature checked against the key inside the export; compare key id {forger_id} "
        "with the one you trust, or pass --public-key"
    ) in " ".join(untrusted.stdout.split())
    assert forger_id != report["key_id"]

    refused = verify(out, "--public-key", trusted, "--json")
    assert refused.returncode == 1
    check = json.loads(refused.stdout)
    assert check["key_id"] == report["key_id"] and check["key_given"] is True
    assert check["problems"] == [
        f"manifest.json: not signed by key {report['key_id']} but by another key, {forger_id}"
    ]


def test_the_export_and_the_checkpoints_name_the_same_key(own_archive, threads, tmp_path):
    source, _, _ = threads
    env = settings_env(own_archive)
    done = run_cli("checkpoint", "--json", env=env)
    assert done.returncode == 0, done.stderr
    checkpoint = json.loads(done.stdout)
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Keys", HoldCriteria(sources=[source]))
    out = tmp_path / "keys.zip"
    report = export(own_archive, out, "--hold", "Keys")
    assert report["key_id"] == checkpoint["manifest"]["key_id"]
    with zipfile.ZipFile(out) as archive:
        custody = archive.read("custody.txt").decode()
    assert f"Ed25519 key {report['key_id']}" in custody
    check = json.loads(verify(out, "--public-key", checkpoint["public_key"], "--json").stdout)
    assert check["intact"] and check["key_id"] == checkpoint["manifest"]["key_id"]


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda rows: [rows[1], rows[0], *rows[2:]],
            "loadfile.dat row 1: DOCID is ARCH-00000002, expected ARCH-00000001",
        ),
        (
            lambda rows: [
                r.replace("\xfe2\xfe\x14\xfe0\xfe", "\xfe1\xfe\x14\xfe0\xfe") for r in rows
            ],
            "loadfile.dat row 2: JSONL_LINES is 2-3, expected 2-2",
        ),
        (lambda rows: rows[:-1], "versions.jsonl line 6: in no document of loadfile.dat"),
    ],
)
def test_verify_checks_the_load_file_against_the_versions(
    own_archive, threads, tmp_path, change, expected
):
    """A load file that disagrees with versions.jsonl is found even when the manifest was
    re-signed to match it."""
    source, _, _ = threads
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Rows", HoldCriteria(sources=[source]))
    out = tmp_path / "rows.zip"
    export(own_archive, out, "--hold", "Rows")

    def edit_rows(name, data):
        if name != "loadfile.dat":
            return data
        header, *rows = data.decode("utf-8-sig").split("\r\n")[:-1]
        return ("\ufeff" + "\r\n".join([header, *change(rows)]) + "\r\n").encode()

    forge(out, edit_rows)
    done = verify(out, "--json")
    assert done.returncode == 1
    assert expected in json.loads(done.stdout)["problems"]


def test_a_public_key_that_is_not_one_is_one_clear_error(own_archive, threads, tmp_path):
    source, _, _ = threads
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Bad key", HoldCriteria(sources=[source]))
    out = tmp_path / "bad-key.zip"
    export(own_archive, out, "--hold", "Bad key")
    done = verify(out, "--public-key", base64.b64encode(b"short").decode())
    assert done.returncode == 1
    assert done.stderr.strip() == "error: the public key is not a base64 Ed25519 public key"


# --- the audit trail ------------------------------------------------------------------------


def test_audit_list_and_export_say_who_did_what_and_are_audited_themselves(
    own_archive, sample_exports, account, tmp_path
):
    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    env = settings_env(own_archive)
    with get_engine(own_archive).connect() as connection:
        post_id, versions = connection.execute(
            sa.select(pv.post_id, sa.func.count())
            .where(pv.source == f"yammer.{account}")
            .group_by(pv.post_id)
            .limit(1)
        ).one()
    searched = run_cli("search", "vacature", "--role", "pr", "--json", env=env)
    assert searched.returncode == 0, searched.stderr
    total = json.loads(searched.stdout)["total"]
    assert run_cli("show", post_id, "--role", "legal", env=env).returncode == 0

    listed = run_cli("audit", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    search_event, view_event = json.loads(listed.stdout)[-2:]
    assert {k: search_event[k] for k in ("actor", "role", "action", "target", "result_count")} == {
        "actor": own_archive.actor_name,
        "role": "pr",
        "action": "search",
        "target": {"query": "vacature"},
        "result_count": total,
    }
    assert (
        view_event["role"],
        view_event["action"],
        view_event["target"],
        view_event["result_count"],
    ) == (
        "legal",
        "view",
        {"post_id": post_id},
        versions,
    )
    assert abs(datetime.fromisoformat(view_event["at"]) - datetime.now(UTC)) < timedelta(minutes=5)
    text = run_cli("audit", "list", "--action", "view", env=env).stdout
    assert (
        f"{own_archive.actor_name} (legal) view" in text
        and post_id in text
        and f"→ {versions}" in text
    )

    out = tmp_path / "audit.jsonl"
    done = run_cli("audit", "export", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert f"{len(exported)} audit events written to {out}" in done.stdout
    assert [e["action"] for e in exported][-4:] == ["search", "view", "audit.list", "audit.list"]
    assert all(e["chain_sha256"] for e in exported)
    with transaction(own_archive) as session:
        last = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
        assert (last.action, last.role, last.result_count) == (
            "audit.export",
            "legal",
            len(exported),
        )
        assert last.target == {"file": "audit.jsonl", "since": None}
        assert last.seq == exported[-1]["seq"] + 1
        assert last.chain_prev == exported[-1]["chain_sha256"]  # chained like the others
    assert verify_archive(own_archive).intact


# --- erasure ------------------------------------------------------------------------------


@pytest.fixture
def namesakes(own_archive, account):
    """Two people called Anna de Vries, on two sources, two posts each."""
    internal, external = f"yammer.{account}", f"yammer.{account}-ext"
    anna, other = person(internal, "10", "Anna de Vries"), person(external, "77", "Anna de Vries")
    for source, who in ((internal, anna), (external, other)):
        posts = [{"native_id": n, "author": who} for n in ("a", "b")]
        capture(own_archive, source, [who], posts)
    return anna, other


def test_a_name_two_people_share_is_refused_naming_both(own_archive, namesakes):
    anna, other = namesakes
    ids = [f"{s}:{n}" for s in (anna.source, other.source) for n in ("a", "b")]
    done = run_cli(
        "erase", "anna de vries", "--reason", "GDPR art. 17", env=settings_env(own_archive)
    )
    assert done.returncode == 1
    message = done.stderr.strip()
    assert message.startswith("error: 2 people are called 'anna de vries'")
    assert f"{anna.id} ({anna.source})" in message and f"{other.id} ({other.source})" in message
    assert "by giving their id" in message and "\n" not in message and "Traceback" not in message
    assert post_contents(own_archive, ids) == dict.fromkeys(ids, True)
    assert profile(own_archive, anna.id).name == "Anna de Vries"


def test_erasure_by_id_removes_that_person_only_and_their_profile(own_archive, namesakes):
    anna, other = namesakes
    done = run_cli(
        "erase", anna.id, "--reason", "GDPR art. 17 request 2026-114", env=settings_env(own_archive)
    )
    assert done.returncode == 0, done.stderr
    assert f"{anna.id}: 2 post(s) erased, 0 restricted; profile erased" in done.stdout
    theirs = [f"{anna.source}:{n}" for n in ("a", "b")]
    namesakes_posts = [f"{other.source}:{n}" for n in ("a", "b")]
    assert post_contents(own_archive, theirs) == dict.fromkeys(theirs, False)
    assert post_contents(own_archive, namesakes_posts) == dict.fromkeys(namesakes_posts, True)

    erased = profile(own_archive, anna.id)
    assert (erased.name, erased.email) == (ERASED, None)
    assert erased.document == {
        **Person(id=anna.id, source=anna.source, native_id="10", name=ERASED).model_dump(
            mode="json"
        )
    }
    assert "anna" not in json.dumps(erased.document).lower()
    assert profile(own_archive, other.id).email == other.email

    capture(own_archive, anna.source, [anna], [])  # their profile captured again
    assert profile(own_archive, anna.id).name == ERASED
    with transaction(own_archive) as session:
        event = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "erasure.request")
        ).one()
    assert event.target["person"] == anna.id and "Anna" not in json.dumps(event.target)
    assert event.result_count == 2 and event.target["profile_erased"] is True
    assert verify_archive(own_archive).intact

    again = run_cli(
        "erase", "Anna de Vries", "--reason", "again", "--json", env=settings_env(own_archive)
    )
    assert again.returncode == 0, again.stderr  # only the namesake is left by that name
    assert json.loads(again.stdout)["person"] == other.id


def test_an_unknown_person_is_one_clear_error(own_archive, namesakes):
    done = run_cli("erase", "Nobody Atall", "--reason", "test", env=settings_env(own_archive))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: no person in the archive has the id, name or handle 'Nobody Atall'"
    )


def test_a_legal_duty_restricts_instead_of_deleting_until_its_period_has_passed(
    own_archive, account
):
    source = f"yammer.{account}"
    ola = person(source, "5", "Ola Nordmann")
    recent = datetime.now(UTC) - timedelta(days=400)
    capture(
        own_archive,
        source,
        [ola],
        [
            {"native_id": "old", "author": ola, "created_at": LONG_AGO},
            {"native_id": "new", "author": ola, "created_at": recent},
        ],
    )
    own_archive.retention_path.write_text(
        '[[policy]]\nname = "default"\nyears = 1\n\n'
        '[[policy]]\nname = "financial-communications"\nyears = 5\nlegal_duty = true\n'
        f'sources = ["{source}"]\n'
    )
    report = erase_person(own_archive, ola.id, "GDPR art. 17 request 2026-200")
    old, new = f"{source}:old", f"{source}:new"
    assert report.erased == [old]
    assert report.restricted == {
        new: "legal duty: financial-communications; GDPR art. 17 request 2026-200"
    }
    assert post_contents(own_archive, [old, new]) == {old: False, new: True}
    with transaction(own_archive) as session:
        restriction = session.scalars(
            sa.select(Restriction).where(Restriction.post_id == new)
        ).one()
    assert (restriction.person, restriction.reason) == (ola.id, report.restricted[new])
    assert profile(own_archive, ola.id).name == "Ola Nordmann"  # kept with the content it explains
    assert not report.profile_erased
    with pytest.raises(NotFound):
        view_post(own_archive, new, "pr")
    assert len(view_post(own_archive, new, "legal")) == 1

    later = erase_person(
        own_archive, ola.id, "second request", now=recent + timedelta(days=5 * 366)
    )
    assert later.erased == [new] and later.restricted == {} and later.profile_erased
    assert post_contents(own_archive, [new]) == {new: False}


def test_a_hold_and_a_legal_duty_are_both_named(own_archive, account):
    source = f"yammer.{account}"
    kari = person(source, "6", "Kari Holm")
    capture(
        own_archive,
        source,
        [kari],
        [{"native_id": "p", "author": kari, "created_at": datetime.now(UTC)}],
    )
    own_archive.retention_path.write_text(
        '[[policy]]\nname = "mifid"\nyears = 5\nlegal_duty = true\n'
    )
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Claim 9", HoldCriteria(custodians=[kari.id]))
    done = run_cli("erase", "kari.holm", "--reason", "request 3", env=settings_env(own_archive))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert (
        f"  restricted {source}:p: kept under legal hold Claim 9; legal duty: mifid; request 3"
        in lines
    )
    assert f"{kari.id}: 0 post(s) erased, 1 restricted; profile kept" in lines


# --- checkpoint ------------------------------------------------------------------------------


def test_checkpoint_prints_what_it_signed_and_writes_the_file(own_archive, threads):
    env = settings_env(own_archive)
    done = run_cli("checkpoint", env=env)
    assert done.returncode == 0, done.stderr
    key = key_id(public_key_text(load_or_create_key(own_archive.signing_key_path)))
    files = sorted(own_archive.checkpoint_path.glob("checkpoint-*.json"))
    assert len(files) == 1
    manifest = json.loads(files[0].read_text())["manifest"]
    assert " ".join(done.stdout.split()) == (
        f"checkpoint {manifest['id']}: 1 source chain(s), 6 versions, "
        f"{manifest['counts']['audit_events']} audit events; key {key}; "
        f"written to {own_archive.checkpoint_path}"
    )
    assert run_cli("verify", "--no-raw", env=env).returncode == 0


def test_checkpoint_with_a_broken_key_file_is_one_clear_error(own_archive, threads):
    own_archive.signing_key_path.write_text("not a key\n")
    done = run_cli("checkpoint", env=settings_env(own_archive))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error: {own_archive.signing_key_path} does not hold an Ed25519 private key"
    )
    assert not list(own_archive.checkpoint_path.glob("checkpoint-*.json"))


def test_loadfile_values_never_break_the_format():
    from pipeline.archive.loadfile import dat_row, parse_rows

    row = dat_row(["þór", "a\x14b", "two\r\nlines\rand\nmore", 3])
    assert list(parse_rows(io.StringIO(row, newline=""))) == [
        ["ór", "ab", "two\xaelines\xaeand\xaemore", "3"]
    ]
