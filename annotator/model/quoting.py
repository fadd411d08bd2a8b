"""How a message quotes a value that came from input (an id, a label, a layer name, a status):
``repr`` (so control characters and quotes show escaped), cut after ``QUOTE_LIMIT`` characters
with the full length said, so that a 5 MB label gives a short line, not a 5 MB one."""

QUOTE_LIMIT = 80


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)``, cut at about ``limit`` characters: ``'abc…'... (5000000 characters)``."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return repr(value[:limit]) + f"... ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"
