"""Types of the table rule's compiled fast path (flightsim/config/_tablescan.c)."""

def table_dimension(text: str, /) -> int | None:
    """1 or 2 for a faultless 1-D or 2-D ``<tableData>`` text, None when it may hold a fault."""
