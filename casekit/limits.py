"""What casekit accepts, in one place: sizes, counts and times beyond which a case is refused or a
batch stops waiting. The README's reliability section lists these; the tests import them.

Each limit is far above any real outpatient therapy record (a year of daily visits is 365 dates of
service; a long evaluation is 20 KB of text) and low enough that a review of an input at the limit
still finishes in seconds on one core (``bench/scale_bench.py`` measures the slope).
"""

from __future__ import annotations

#: a case id: also a file name in a batch's output folder
MAX_ID_CHARS = 128
#: names a batch writes beside the per-case files, so no case may take them
RESERVED_IDS = frozenset({"index", "manifest", "assets", ".", "..", "casekit"})

#: one case file on disk (YAML or JSON), bytes
MAX_CASE_FILE_BYTES = 16 * 1024 * 1024
#: nesting of mappings and lists in a case file (the contract needs at most 5)
MAX_NESTING = 32
#: the text of one document, characters
MAX_DOCUMENT_CHARS = 2_000_000
#: all documents of one case together, characters
MAX_CASE_TEXT_CHARS = 8_000_000
#: dated visits in one case
MAX_VISITS = 10_000
#: documents, measures, diagnoses, visit-count rows in one case (each)
MAX_ITEMS = 10_000
#: a visit-count row may claim at most this many dates of service per calendar day of its range
MAX_VISITS_PER_DAY = 3

#: batch defaults: wall-clock seconds and resident memory (MiB) for one case's notebook and render
CASE_TIMEOUT_S = 300
CASE_MEMORY_MB = 2048
#: a batch worker holding cases that says nothing for --case-timeout plus this long is stopped
WORKER_GRACE_S = 60
