"""RFC 3161 time-stamps from a time-stamp authority (TSA): a third party's signed statement
that a checkpoint file existed, byte for byte, at a given time, so that not even the holder
of the archive's signing key can back-date one.

A token is the authority's whole DER ``TimeStampResp``, stored as ``checkpoint-<id>.tsr``
beside ``checkpoint-<id>.json``: ``openssl ts -verify -in X.tsr -data X.json -CAfile CA.pem``
checks it without Archivist."""

import hashlib
from pathlib import Path

import httpx
from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from pipeline.exc import ArchiveError, ConfigurationError

ATTEMPTS = 3
TIMEOUT = 10.0  # seconds per attempt
MAX_REPLY_BYTES = 1024 * 1024
QUERY_HEADERS = {"Content-Type": "application/timestamp-query"}
IMPRINT_ALGORITHMS = {
    x509.ObjectIdentifier("2.16.840.1.101.3.4.2.1"): hashlib.sha256,
    x509.ObjectIdentifier("2.16.840.1.101.3.4.2.2"): hashlib.sha384,
    x509.ObjectIdentifier("2.16.840.1.101.3.4.2.3"): hashlib.sha512,
}


class TimeStampError(ArchiveError):
    """The authority gave no usable token: unreachable, refused, or answered wrongly."""


class _Transient(Exception):
    """A failure worth another attempt: no connection, a timeout, a 5xx."""


def request_token(url: str, data: bytes) -> bytes:
    """A time-stamp token for ``data`` from the authority at ``url``: a request with the
    SHA-256 imprint of the data, a random nonce and the authority's certificate asked for,
    POSTed with a bounded number of retries; the reply is checked to be granted, for this
    nonce and this imprint."""
    query = (
        TimestampRequestBuilder()
        .data(data)
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    reply = _post(url, query.as_bytes())
    try:
        response = decode_timestamp_response(reply)
    except ValueError as exc:
        raise TimeStampError(f"the time-stamp authority's reply cannot be read: {exc}") from exc
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        said = "; ".join(response.status_string) or f"status {response.status}"
        raise TimeStampError(f"the time-stamp authority refused the request: {said}")
    if response.tst_info.nonce != query.nonce:
        raise TimeStampError("the time-stamp authority answered with another request's nonce")
    if imprint_problem(response, data):
        raise TimeStampError("the time-stamp authority stamped other data than was sent")
    return reply


def _post(url: str, query: bytes) -> bytes:
    retrying = Retrying(
        stop=stop_after_attempt(ATTEMPTS),
        wait=wait_exponential_jitter(initial=0.5, max=4),
        retry=retry_if_exception_type(_Transient),
    )
    try:
        return retrying(_post_once, url, query)
    except RetryError as exc:
        reason = exc.last_attempt.exception()
        raise TimeStampError(
            f"the time-stamp authority did not answer after {ATTEMPTS} attempts: {reason}"
        ) from exc


def _post_once(url: str, query: bytes) -> bytes:
    try:
        response = httpx.post(url, content=query, headers=QUERY_HEADERS, timeout=TIMEOUT)
    except httpx.TransportError as exc:
        raise _Transient(str(exc) or type(exc).__name__) from exc
    except httpx.InvalidURL as exc:
        raise TimeStampError(f"ARCHIVIST_TSA_URL is not a usable URL: {exc}") from exc
    if response.status_code >= 500:
        raise _Transient(f"HTTP {response.status_code}")
    if response.status_code != 200:
        raise TimeStampError(f"the time-stamp authority answered HTTP {response.status_code}")
    if len(response.content) > MAX_REPLY_BYTES:
        raise TimeStampError("the time-stamp authority's reply is too large to be a token")
    return response.content


def imprint_problem(response: TimeStampResponse, data: bytes) -> str | None:
    """Why the token's message imprint is not the digest of ``data`` (None: it is)."""
    imprint = response.tst_info.message_imprint
    digest = IMPRINT_ALGORITHMS.get(imprint.hash_algorithm)
    if digest is None:
        return f"time-stamp token uses an unknown digest {imprint.hash_algorithm.dotted_string}"
    if digest(data).digest() != imprint.message:
        return "time-stamp token does not match the file"
    return None


def token_problems(token: bytes, data: bytes, ca_file: Path | None) -> list[tuple[str, str]]:
    """What is wrong with ``token`` as a time-stamp of ``data``, as (kind, detail) pairs:
    unreadable or not granted, another imprint, or (with ``ca_file``) a signature that no
    authority certified by those CA certificates made."""
    try:
        response = decode_timestamp_response(token)
    except ValueError:
        return [("altered", "time-stamp token cannot be read")]
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        return [("altered", "time-stamp token was not granted")]
    mismatch = imprint_problem(response, data)
    if mismatch:
        return [("altered", mismatch)]
    if ca_file is not None and not _signed_by_trusted_authority(response, data, ca_file):
        return [("unsigned", f"time-stamp token is not signed by an authority {ca_file} trusts")]
    return []


def _signed_by_trusted_authority(response: TimeStampResponse, data: bytes, ca_file: Path) -> bool:
    """The token's signature verifies, by a certificate with the critical time-stamping key
    usage that chains to the certificates of ``ca_file``."""
    try:
        certificates = x509.load_pem_x509_certificates(ca_file.read_bytes())
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot read ARCHIVIST_TSA_CA_FILE {ca_file}: {exc}") from exc
    builder = VerifierBuilder()
    for certificate in certificates:
        builder = builder.add_root_certificate(certificate)
    try:
        return builder.build().verify_message(response, data)
    except VerificationError:
        return False
