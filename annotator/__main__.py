"""The ``annotator`` console script (also ``python -m annotator``).

sqlite-utils imports pandas at import time when it is installed (it is, with the test extra),
only to convert pandas values that annotator never passes; that costs about 0.3 s of start-up.
The command line process therefore marks pandas as unavailable before loading anything, unless
something already imported it.
"""

import sys


def main() -> None:
    """Run the command line."""
    sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]
    from annotator.cli import main as cli

    cli(prog_name="annotator")


if __name__ == "__main__":
    main()
