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
#: a PDF note named by a case (documents[].file) or attached to a FHIR bundle, bytes, and its pages
MAX_PDF_BYTES = 32 * 1024 * 1024
MAX_PDF_PAGES = 300
#: words with an OCR confidence kept for one document (about 300 a page)
MAX_OCR_WORDS = 200_000
#: all documents of one case together, characters
MAX_CASE_TEXT_CHARS = 8_000_000
#: any other text field (a description, a goal, an imaging result, a name), characters
MAX_TEXT_FIELD_CHARS = 10_000
#: a measure's name or unit (each is searched for instrument names), characters
MAX_NAME_CHARS = 200
#: dates of service in one case: its dated visits plus the visits its visit_counts rows count
MAX_VISITS = 10_000
#: documents, measures, diagnoses, visit-count rows in one case (each)
MAX_ITEMS = 10_000
#: a visit-count row may claim at most this many dates of service per calendar day of its range
#: (and a range under review may be asked for at most this many; one date may hold this many visits)
MAX_VISITS_PER_DAY = 3
#: a patient's age in years (a duration of symptoms may not be longer than this either)
MAX_AGE_YEARS = 130
#: every date of a case (birth, care, documents, review) lies in these years: outside them is a typo,
#: and date arithmetic near year 1 or 9999 overflows
EARLIEST_YEAR = 1850
LATEST_YEAR = 2199

#: warnings, not refusals (the contract allows the value; a reviewer should look twice):
#: dates of service this many years before the range under review
OLD_HISTORY_YEARS = 5
#: a patient's age and birth date may disagree by this many years (age is rounded, dates are not)
AGE_SLACK_YEARS = 1
#: planned visits a week above this (more than one a day) are unusual for outpatient therapy
PLAUSIBLE_VISITS_PER_WEEK = 7

#: batch defaults: wall-clock seconds for one case's notebook run, and its kernel's resident memory (MiB)
#: (a hang while rendering is caught by WORKER_GRACE_S)
CASE_TIMEOUT_S = 300
CASE_MEMORY_MB = 2048
#: a batch worker holding cases that says nothing for --case-timeout plus this long is stopped
WORKER_GRACE_S = 60

#: a run of note text read as one sentence; a longer one (a page without a full stop) is cut at a space
MAX_SENTENCE_CHARS = 1_000
#: the daily notes before it that a daily note is compared with for copying (cloned-notes rule)
CLONED_NOTES_COMPARED = 50
#: the characters of a daily note's words compared for copying (the comparison is quadratic in them)
CLONED_NOTE_CHARS = 4_000
