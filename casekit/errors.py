"""The errors casekit raises. Findings about a case are data (checks), never exceptions.

    CasekitError                 anything casekit cannot do its job for
    ├── CaseError                a case file breaks the contract (one line per problem)
    ├── PackError                a guideline pack is missing or malformed
    ├── UsageError               a command was called wrongly (unknown pack, bad option)
    └── RenderError              a notebook cell failed or a renderer could not write

Every class pickles (batch workers send them across processes): the constructor arguments are
kept in ``args``.
"""

from __future__ import annotations


class CasekitError(Exception):
    """Base class; ``exit_code`` is what the command line returns for it."""

    exit_code = 2


class CaseError(CasekitError):
    """Raised when a case file cannot be read or breaks the contract.

    ``problems`` holds one human line per problem, each naming the file, the field path, the
    value and what was expected.
    """

    def __init__(self, path: str, problems: list[str]):
        super().__init__(path, list(problems))
        self.path = path
        self.problems = list(problems)

    def __str__(self) -> str:
        return "\n".join(self.problems)


class PackError(CasekitError):
    """Raised when a guideline pack cannot be found or does not validate."""


class UsageError(CasekitError):
    """Raised when a command or function is called with options that cannot work."""


class RenderError(CasekitError):
    """Raised when executing the review notebook or rendering its report fails."""

    exit_code = 3


def out_folder(out) -> "Path":
    """``--out`` as a folder (made later if missing); UsageError when it names a file."""
    from pathlib import Path
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {out}: is a file; give a folder (it is made if missing)")
    return path
