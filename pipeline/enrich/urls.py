"""URL normalisation for cross-linking: the same page shared from Yammer, X and a blog
should give the same string."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "ref_src",
    "ref_url",
    "_hsenc",
    "_hsmi",
    "si",
    "s",
    "t",
}
DEFAULT_PORTS = {"http": 80, "https": 443}
TRAILING_PUNCTUATION = ".,;:!?)]}'\""


def normalise_url(url: str) -> str:
    """A URL that cannot be parsed (a bad port, a broken IPv6 host) comes back only
    stripped, so one malformed link cannot stop a batch."""
    text = url.strip().rstrip(TRAILING_PUNCTUATION)
    if text.lower().startswith("www."):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        netloc = _netloc(parts.hostname, parts.port, parts.scheme.lower())
    except ValueError:
        return text
    if not netloc:
        return text
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(sorted(query)), ""))


def _netloc(hostname: str | None, port: int | None, scheme: str) -> str:
    """Host without ``www.``, and the port unless it is the scheme's default; no user."""
    host = (hostname or "").removeprefix("www.")
    if ":" in host:
        host = f"[{host}]"
    if host and port is not None and port != DEFAULT_PORTS.get(scheme):
        host += f":{port}"
    return host
