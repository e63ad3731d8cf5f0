"""``python -m casekit``: the same command as ``casekit``."""

import sys

from .cli import main

sys.exit(main())
