"""History from web archives (``-a archive=ia|cc|URL``): which captures their CDX indexes name, where each
capture's bytes are, and how a fetched capture becomes a response to extract (docs/history.md)."""
