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
    url = url.strip().rstrip(TRAILING_PUNCTUATION)
    if url.lower().startswith("www."):
        url = "https://" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = f":{parts.port}" if parts.port and parts.port != DEFAULT_PORTS.get(scheme) else ""
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((scheme, host + port, path, urlencode(sorted(query)), ""))
