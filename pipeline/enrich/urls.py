"""URL normalisation for cross-linking: the same page shared from Yammer, X and a blog
should give the same string."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = {  # click and campaign ids: tracking on every host that sets them
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "twclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "_hsenc",
    "_hsmi",
}
HOST_TRACKING_PARAMS = {  # short names that are tracking only on these hosts
    "youtube.com": {"si", "feature"},
    "youtu.be": {"si", "feature"},
    "open.spotify.com": {"si"},
    "twitter.com": {"s", "t", "ref_src", "ref_url"},
    "x.com": {"s", "t", "ref_src", "ref_url"},
}
DEFAULT_PORTS = {"http": 80, "https": 443}
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_BARE_HOST = re.compile(r"[\w-]+(\.[\w-]+)+(:\d*)?([/?#]|$)")


def normalise_url(url: str) -> str:
    """The cross-linking key of a URL, not an address to fetch: ``http://`` becomes
    ``https://`` (nearly every site serves both and redirects to https, and a post writer
    rarely chooses one on purpose), a bare ``example.com/a`` gets ``https://``, ``www.``,
    default ports, fragments, trailing slashes and tracking parameters go, the rest of the
    query is sorted. A URL that cannot be parsed (a bad port, a broken IPv6 host) comes back
    only stripped, so one malformed link cannot stop a batch."""
    text = url.strip().rstrip(TRAILING_PUNCTUATION)
    if not _SCHEME.match(text) and _BARE_HOST.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        netloc = _netloc(parts.hostname, parts.port, parts.scheme.lower())
    except ValueError:
        return text
    if not netloc:
        return text
    scheme = "https" if parts.scheme.lower() == "http" else parts.scheme.lower()
    query = urlencode(sorted(_kept_params(parts.query, netloc)))
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), query, ""))


def _netloc(hostname: str | None, port: int | None, scheme: str) -> str:
    """Host without ``www.``, and the port unless it is the scheme's default; no user."""
    host = (hostname or "").removeprefix("www.")
    if ":" in host:
        host = f"[{host}]"
    if host and port is not None and port != DEFAULT_PORTS.get(scheme):
        host += f":{port}"
    return host


def _kept_params(query: str, host: str) -> list[tuple[str, str]]:
    dropped = TRACKING_PARAMS | HOST_TRACKING_PARAMS.get(host, set())
    return [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in dropped
    ]
