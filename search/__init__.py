"""Search: the only package that talks to Elasticsearch."""
