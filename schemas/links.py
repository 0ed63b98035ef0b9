"""Which links from outside may become links: http and https only.

A feed or a platform may hand over any URL, ``javascript:`` and ``data:`` included; made into
an ``href`` such a URL runs in the reader's browser. Connectors keep only web URLs in a
post's url fields (the raw payload keeps what the source sent), and the web UI renders only
web URLs (and its own paths) as links.
"""

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def web_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # e.g. an unbalanced [ in the host
        return None
    return value.strip() if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None
