"""When this process started, as `time.monotonic()`: the moment a command-line user began waiting.

Imported first by the CLI, so a time limit counts start-up as well as the search.
"""

from __future__ import annotations

import time

AT = time.monotonic()
