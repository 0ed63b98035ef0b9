"""RFC 3161 time-stamps of checkpoints, against a real time-stamp authority on 127.0.0.1:
a throwaway CA and TSA certificate made with the ``openssl`` command line, and a small HTTP
server that hands each request to ``openssl ts -reply``."""

import hashlib
import json
import shutil
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.archive.checkpoint import write_checkpoint
from pipeline.archive.verify import verify_archive
from tests.conftest import run_cli, settings_env

TSA_CONFIG = """\
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""
TSA_EXTENSIONS = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def openssl(*args: str, cwd: Path) -> bytes:
    return subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True).stdout


def make_authority(directory: Path) -> None:
    """A CA and, signed by it, a time-stamping certificate (extendedKeyUsage critical
    timeStamping) with the openssl configuration that ``openssl ts -reply`` reads."""
    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Archivist test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=directory,
    )  # fmt: skip
    openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
        "-subj", "/CN=Archivist test TSA",
        cwd=directory,
    )  # fmt: skip
    (directory / "tsa.ext").write_text(TSA_EXTENSIONS)
    openssl(
        "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "tsa.ext", "-out", "tsa.pem",
        cwd=directory,
    )  # fmt: skip
    (directory / "serial").write_text("01\n")
    (directory / "tsa.cnf").write_text(TSA_CONFIG.format(dir=directory))


class Authority:
    """A time-stamp authority over HTTP on 127.0.0.1. ``replay`` makes it answer every
    request with its first reply, as a broken or malicious proxy would."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.replay = False
        self.first_reply: bytes | None = None
        self.requests = 0
        authority = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers["Content-Type"] != "application/timestamp-query":
                    self.send_error(415)
                    return
                reply = authority.reply(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/tsa"

    def reply(self, query: bytes) -> bytes:
        with self.lock, tempfile.TemporaryDirectory() as scratch:
            self.requests += 1
            if self.replay and self.first_reply is not None:
                return self.first_reply
            (Path(scratch) / "query.tsq").write_bytes(query)
            openssl(
                "ts", "-reply", "-config", str(self.directory / "tsa.cnf"),
                "-queryfile", "query.tsq", "-out", "reply.tsr",
                cwd=Path(scratch),
            )  # fmt: skip
            reply = (Path(scratch) / "reply.tsr").read_bytes()
            self.first_reply = self.first_reply or reply
            return reply

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def authority_files(tmp_path_factory) -> Path:
    if shutil.which("openssl") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "openssl"], check=True)
    directory = tmp_path_factory.mktemp("tsa")
    make_authority(directory)
    return directory


@pytest.fixture
def authority(authority_files):
    running = Authority(authority_files)
    yield running
    running.stop()


@pytest.fixture
def stamped(own_archive, authority, authority_files):
    """An archive of this test's own whose checkpoints are time-stamped by the test TSA, and
    verified against its CA."""
    return own_archive.model_copy(
        update={"tsa_url": authority.url, "tsa_ca_file": authority_files / "ca.pem"}
    )


def env_of(settings) -> dict[str, str]:
    env = settings_env(settings)
    if settings.tsa_url:
        env["ARCHIVIST_TSA_URL"] = settings.tsa_url
    if settings.tsa_ca_file:
        env["ARCHIVIST_TSA_CA_FILE"] = str(settings.tsa_ca_file)
    return env


def files_of(settings, checkpoint_id: int) -> tuple[Path, Path]:
    stem = settings.checkpoint_path / f"checkpoint-{checkpoint_id:08d}"
    return stem.with_suffix(".json"), stem.with_suffix(".tsr")


def problems(settings) -> list[tuple[str, str, str]]:
    return [(p.kind, p.record, p.detail) for p in verify_archive(settings, raw=False).problems]


def test_a_checkpoint_is_time_stamped_and_verifies(stamped, authority_files):
    done = run_cli("checkpoint", "--json", env=env_of(stamped))
    assert done.returncode == 0, done.stdout + done.stderr
    written = json.loads(done.stdout)
    assert written["time_stamp"]["stamped"] == [1]
    assert written["time_stamp"]["missing"] == 0
    checkpoint_file, token_file = files_of(stamped, 1)
    assert token_file.is_file()
    shown = openssl("ts", "-reply", "-in", str(token_file), "-text", cwd=authority_files)
    assert "Status: Granted." in shown.decode()
    digest = hashlib.sha256(checkpoint_file.read_bytes()).hexdigest()
    openssl(
        "ts", "-verify", "-digest", digest, "-in", str(token_file), "-CAfile", "ca.pem",
        cwd=authority_files,
    )  # fmt: skip

    verified = run_cli("verify", "--no-raw", "--json", env=env_of(stamped))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert json.loads(verified.stdout)["intact"] is True


def test_openssl_accepts_the_token_against_the_test_ca(stamped, authority_files):
    write_checkpoint(stamped)
    checkpoint_file, token_file = files_of(stamped, 1)
    done = subprocess.run(
        [
            "openssl", "ts", "-verify", "-in", str(token_file), "-data", str(checkpoint_file),
            "-CAfile", str(authority_files / "ca.pem"),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Verification: OK" in done.stdout


def test_an_altered_checkpoint_file_fails_verify_naming_it(stamped):
    """Reformatted, the file still holds the same signed manifest: only the time-stamp
    token, over the file's bytes, shows that it is not the file that was stamped."""
    write_checkpoint(stamped)
    checkpoint_file, _ = files_of(stamped, 1)
    checkpoint_file.write_text(json.dumps(json.loads(checkpoint_file.read_text())))
    assert problems(stamped) == [
        ("altered", "checkpoint 1", "time-stamp token does not match the file")
    ]
    done = run_cli("verify", "--no-raw", env=env_of(stamped))
    assert done.returncode == 1
    assert "altered   checkpoint 1: time-stamp token does not match the file" in done.stdout


def test_another_checkpoints_token_swapped_in_fails_verify(stamped):
    write_checkpoint(stamped)
    write_checkpoint(stamped)
    _, first_token = files_of(stamped, 1)
    _, second_token = files_of(stamped, 2)
    second_token.write_bytes(first_token.read_bytes())
    assert ("altered", "checkpoint 2", "time-stamp token does not match the file") in problems(
        stamped
    )


def test_a_token_from_an_authority_the_ca_does_not_trust_fails_verify(stamped, tmp_path):
    write_checkpoint(stamped)
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    make_authority(stranger)
    distrusting = stamped.model_copy(update={"tsa_ca_file": stranger / "ca.pem"})
    assert problems(distrusting) == [
        (
            "unsigned",
            "checkpoint 1",
            f"time-stamp token is not signed by an authority {stranger / 'ca.pem'} trusts",
        )
    ]


def test_a_stopped_authority_does_not_stop_the_checkpoint(stamped, authority):
    authority.stop()
    done = run_cli("checkpoint", "--json", env=env_of(stamped))
    assert done.returncode == 0, done.stdout + done.stderr
    written = json.loads(done.stdout)
    assert written["manifest"]["id"] == 1
    assert written["time_stamp"]["stamped"] == []
    assert written["time_stamp"]["missing"] == 1
    checkpoint_file, token_file = files_of(stamped, 1)
    assert checkpoint_file.is_file() and not token_file.exists()

    plain = run_cli("checkpoint", env=env_of(stamped))
    assert plain.returncode == 0, plain.stdout + plain.stderr
    line = [text for text in plain.stdout.splitlines() if "time-stamp" in text]
    assert len(line) == 1
    assert "2 checkpoint(s) without a time-stamp token" in line[0]
    assert "the next checkpoint tries again" in line[0]
    assert "Traceback" not in plain.stdout + plain.stderr
    assert ("missing", "checkpoint 2") in {(k, r) for k, r, _ in problems(stamped)}


def test_the_next_checkpoint_stamps_those_the_authority_missed(stamped, authority_files):
    down = stamped.model_copy(update={"tsa_url": "http://127.0.0.1:9/tsa"})
    assert write_checkpoint(down).time_stamp.missing == [1]
    again = write_checkpoint(stamped)
    assert again.time_stamp.stamped == [2, 1]
    assert again.time_stamp.missing == []
    assert all(files_of(stamped, n)[1].is_file() for n in (1, 2))
    assert problems(stamped) == []


def test_a_reply_for_another_request_is_refused(stamped, authority):
    """The reply must carry this request's nonce and imprint: a replayed reply is no token."""
    write_checkpoint(stamped)
    authority.replay = True
    second = write_checkpoint(stamped)
    assert second.time_stamp.stamped == []
    assert second.time_stamp.missing == [2]
    assert "nonce" in second.time_stamp.error
    assert not files_of(stamped, 2)[1].exists()


def test_without_an_authority_no_token_is_asked_for_or_required(own_archive, authority):
    written = write_checkpoint(own_archive)
    assert written.time_stamp is None
    assert not files_of(own_archive, 1)[1].exists()
    assert authority.requests == 0
    assert problems(own_archive) == []
