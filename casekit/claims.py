"""Claims extracts: read, check and turn one row per claim line into case files.

The column contract (long format, one row per 837P / CMS-1500 line; ``inputs-and-training.md``
§A2.1). Names are lower case; other columns are ignored.

    member_id      the member's id with the plan (PHI: never printed)           required
    claim_id       the claim's id, 837P CLM01 (PHI: never printed)              required
    line_no        the line number on the claim, 1, 2, ...                     required
    dos            the line's date of service, YYYY-MM-DD (item 24A)           required
    hcpcs          CPT/HCPCS code, five characters (item 24D)                  required
    modifiers      up to four, e.g. "GP KX", "GP;CQ" (empty allowed)           required column
    units          days or units, a whole number >= 1 (item 24G)               required
    dx1 .. dx12    ICD-10-CM codes of the claim (item 21 A-L); dx1 required    dx1 required
    dx_pointer     the line's pointers to dx1..dx12, "1", "1,3" or "A", "AC"   required
                   (item 24E); the first one is the line's primary diagnosis
    rendering_npi  10-digit NPI (item 24J; PHI: never printed; empty allowed)  required column
    paid           amount paid (empty allowed)                                 required column
    birth_date, sex, line_of_business (commercial|medicare|medicaid|workers-comp),
    pos (place of service, 2 digits), revenue_code (4 digits, facility lines)  optional

A physical-therapy line (§A2.3.1) carries the GP modifier, or a PT code (:data:`PT_CODES`) or a
revenue code 042x without GO or GN (an occupational or speech therapy plan's line); other lines
are counted, not dropped silently. A bad row is listed by its line in the file (the header is
line 1; Parquet rows count from 1), with the column and what is expected, never an identifier's
value. ``casekit import claims`` with any bad row lists them all, exits 2 and writes nothing;
with ``--skip-bad-rows`` it lists them and imports the rest.

>>> lines = read("cases/claims/extract.csv")                     # doctest: +SKIP
>>> lines.pt.sum(), len(lines.problems)                          # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Optional

import numpy as np
import pandas as pd

from .codes import normalise_code, side_of
from .errors import CasekitError, UsageError

REQUIRED = ("member_id", "claim_id", "line_no", "dos", "hcpcs", "modifiers", "units", "dx1", "dx_pointer",
            "rendering_npi", "paid")
DX = tuple(f"dx{i}" for i in range(1, 13))
OPTIONAL = DX[1:] + ("birth_date", "sex", "line_of_business", "pos", "revenue_code")
#: columns whose values are identifiers: a problem names the column, never the value
IDENTIFIERS = {"member_id", "claim_id", "rendering_npi", "birth_date"}
#: PT codes of §A2.2 (evaluations, re-evaluations, the timed and untimed procedures)
EVALUATIONS = ("97161", "97162", "97163", "97001")
REEVALUATIONS = ("97164", "97002")
TIMED = ("97110", "97112", "97116", "97140", "97530", "97535", "97750", "97113", "97124", "97032", "97035")
PT_CODES = EVALUATIONS + REEVALUATIONS + TIMED + ("G0283", "97010", "97014", "97012", "97018")
LINES_OF_BUSINESS = ("commercial", "medicare", "medicaid", "workers-comp")
_SEX = {"f": "female", "female": "female", "m": "male", "male": "male", "u": "unknown", "unknown": "unknown",
        "o": "other", "other": "other", "x": "other"}
_MODIFIERS = r"^(?:[A-Z0-9]{2}(?:[ ;,:]+[A-Z0-9]{2}){0,3})?$"
#: a pointer to dx1..dx12, as a number (837P SV107) or a letter (CMS-1500 item 24E)
_POINTS = {**{str(i): i for i in range(1, 13)}, **{chr(64 + i): i for i in range(1, 13)}}
#: or, as the 08/05 CMS-1500 wrote them, up to four digits run together ("12": dx1 and dx2)
_POINTER = r"^(?:(?:1[0-2]|[1-9])(?:[ ,;:]+(?:1[0-2]|[1-9])){0,3}|[1-9]{2,4}|[A-L]{1,4})$"


def _say(key: str, **values) -> str:
    from .packs import say_common
    return say_common(key, **values)


class ClaimsError(CasekitError):
    """A claims extract with bad rows or columns: one line per problem, nothing written."""

    def __init__(self, problems: list[str]):
        super().__init__(list(problems))
        self.problems = list(problems)

    def __str__(self) -> str:
        return "\n".join(self.problems)


@dataclass
class Lines:
    """A checked extract: ``frame`` holds the good rows, typed (one row per line, ``pt`` marks
    the physical-therapy lines), ``problems`` one text per bad cell, ``bad_rows`` how many rows
    they touch, ``total`` every row read."""

    frame: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    bad_rows: int = 0
    total: int = 0

    @property
    def pt(self) -> pd.DataFrame:
        return self.frame[self.frame["pt"]]

    @property
    def not_pt(self) -> int:
        return int((~self.frame["pt"]).sum())


def read_raw(path: str | Path) -> pd.DataFrame:
    """The extract as read (CSV as text, Parquet with its own types); UsageError when it cannot be
    read or is neither."""
    p = Path(path)
    try:
        if p.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(p, engine="pyarrow")
        # pyarrow's reader: twice as fast as pandas' own on a million lines (empty cells read as missing)
        return pd.read_csv(p, dtype=str, engine="pyarrow")
    except (OSError, ValueError) as exc:
        raise UsageError(_say("claims_unreadable", file=p.name, reason=type(exc).__name__)) from None


def read(path: str | Path) -> Lines:
    """Read and check the extract at ``path`` (see the module's column contract)."""
    name = Path(path).name
    raw = read_raw(path)
    first = 2 if Path(path).suffix.lower() not in (".parquet", ".pq") else 1
    return check(raw, name, first_line=first)


class _Column:
    """One column read once per distinct value: ``values`` the distinct texts (stripped, a last
    "" for missing cells), ``which`` each row's index into them. A check or a conversion runs on
    the distinct values and reaches the rows by one ``take`` (a million lines hold a few thousand
    distinct codes, dates or modifiers)."""

    def __init__(self, raw: pd.DataFrame, name: str):
        if name not in raw.columns:
            self.which, self.values = np.zeros(len(raw), dtype="int64"), pd.Series([""], dtype="string")
            return
        which, distinct = pd.factorize(raw[name], use_na_sentinel=True)
        if pd.api.types.is_string_dtype(distinct.dtype):
            texts = pd.Series(distinct).str.strip()
            self.values = pd.concat([texts, pd.Series([""], dtype=texts.dtype)], ignore_index=True)
        else:  # Parquet's typed columns: dates, numbers
            self.values = pd.Series([_as_text(v) for v in distinct] + [""], dtype="string")
        self.which = np.where(which < 0, len(distinct), which)

    def rows(self, per_value) -> np.ndarray:
        """A per-value result (one entry per distinct value) for every row."""
        return np.asarray(per_value)[self.which]

    def fails(self, pattern: str, flags: int = 0) -> np.ndarray:
        """Rows whose text does not match ``pattern`` in full."""
        return self.rows(~self.values.str.fullmatch(pattern, flags=flags).astype(bool))

    def category(self, per_value: pd.Series) -> pd.Categorical:
        """The rows as a categorical of the per-value texts (equal texts share one category)."""
        codes, cats = pd.factorize(per_value)
        return pd.Categorical.from_codes(codes[self.which], categories=cats)


def _as_text(value) -> str:
    """A cell as the text a CSV would hold (Parquet keeps types: dates, whole-number floats)."""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _dates(col: _Column) -> tuple[np.ndarray, np.ndarray]:
    """(dates, bad) of a YYYY-MM-DD column; empty cells are bad here (callers allow them)."""
    text = col.values.where(col.values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").astype(bool))
    days = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    return col.rows(days.to_numpy(dtype="datetime64[ns]")), col.rows(days.isna())


def _whole(col: _Column, pattern: str) -> tuple[np.ndarray, np.ndarray]:
    """(numbers, bad) of a column of whole numbers."""
    ok = col.values.str.fullmatch(pattern).astype(bool)
    return col.rows(col.values.where(ok, "0").astype("int64")), col.rows(~ok)


def check(raw: pd.DataFrame, name: str, first_line: int = 2, offset: int = 0) -> Lines:
    """Type and check the rows of an extract, vectorised: each column is checked once per distinct
    value (:class:`_Column`). ``first_line`` is the file line of the first row (2 under a CSV
    header), ``offset`` the rows before this chunk."""
    raw = raw.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise ClaimsError([_say("claims_missing-column", file=name, column=c, columns=", ".join(REQUIRED))
                           for c in missing])
    n = len(raw)
    cols = {c: _Column(raw, c) for c in REQUIRED + OPTIONAL}
    out = pd.DataFrame(index=raw.index)
    bad: dict[str, np.ndarray] = {}
    for c in ("member_id", "claim_id"):
        out[c] = cols[c].category(cols[c].values)
        bad[c] = cols[c].rows(cols[c].values == "")
    bad["line_no"] = _whole(cols["line_no"], r"0*[1-9][0-9]{0,5}")[1]
    out["dos"], bad["dos"] = _dates(cols["dos"])
    hcpcs = cols["hcpcs"].values.str.upper()
    out["hcpcs"] = cols["hcpcs"].category(hcpcs)
    bad["hcpcs"] = cols["hcpcs"].rows(~hcpcs.str.fullmatch(r"[A-Z0-9]{5}").astype(bool))
    mods = cols["modifiers"]
    bad["modifiers"] = mods.fails(_MODIFIERS, re.I)
    spaced = " " + mods.values.str.upper().str.replace(r"[;,:]", " ", regex=True) + " "
    held = {m: mods.rows(spaced.str.contains(f" {m} ", regex=False)) for m in ("GP", "KX", "CQ", "GO", "GN")}
    out["gp"], out["kx"], out["cq"] = held["GP"], held["KX"], held["CQ"]
    out["units"], bad["units"] = _whole(cols["units"], r"0*[1-9][0-9]{0,3}")
    pointer = cols["dx_pointer"].values.str.upper()
    ok = pointer.str.fullmatch(_POINTER).astype(bool)
    two = pointer.str.slice(0, 2)
    # "10"-"12" may be dx10-dx12, or (digits run together, as the 08/05 form wrote them) dx1 then
    # dx0-2: the row's diagnoses decide (the higher pointer when its column is filled)
    high = two.where(two.isin(("10", "11", "12")) & ok, "")
    first = pointer.str.slice(0, 1).where(ok, "1")
    index = cols["dx_pointer"].rows(first.map(_POINTS).astype("int64"))
    index_high = cols["dx_pointer"].rows(high.map(_POINTS).fillna(0).astype("int64"))
    bad["dx_pointer"] = cols["dx_pointer"].rows(~ok)
    dx, dx_high = np.full(n, "", dtype=object), np.full(n, "", dtype=object)
    for c in DX:  # twelve columns, not rows
        col = cols[c]
        normal = pd.Series([normalise_code(v) if v else "" for v in col.values], dtype=object)
        bad[c] = col.rows(normal.isna() | ((normal == "") if c == "dx1" else False))
        dx = np.where(index == DX.index(c) + 1, col.rows(normal.fillna("")), dx)
        dx_high = np.where(index_high == DX.index(c) + 1, col.rows(normal.fillna("")), dx_high)
    dx = np.where(dx_high != "", dx_high, dx)
    bad["dx_pointer"] = bad["dx_pointer"] | ((dx == "") & ~bad["dx_pointer"])
    out["dx"] = pd.Categorical(dx)
    npi = cols["rendering_npi"]
    out["rendering_npi"] = npi.category(npi.values)
    bad["rendering_npi"] = npi.fails(r"(?:[0-9]{10})?")
    paid = cols["paid"]
    amount = paid.values.str.fullmatch(r"-?[0-9]{1,9}(?:\.[0-9]{1,4})?").astype(bool)
    bad["paid"] = paid.rows(~amount & (paid.values != ""))
    out["paid"] = paid.rows(paid.values.where(amount, "nan").astype("float64"))
    rev = cols["revenue_code"]
    bad["revenue_code"] = rev.fails(r"(?:[0-9]{3,4})?")
    facility_pt = rev.rows(rev.values.str.fullmatch(r"0?42[0-9]").astype(bool))
    # a PT code or revenue line on another discipline's plan of care (GO: OT, GN: SLP) is not PT
    out["pt"] = held["GP"] | ((out["hcpcs"].isin(PT_CODES).to_numpy() | facility_pt) & ~(held["GO"] | held["GN"]))
    bad["pos"] = cols["pos"].fails(r"(?:[0-9]{2})?")
    birth = cols["birth_date"]
    out["birth_date"], unparsed = _dates(birth)
    bad["birth_date"] = unparsed & birth.rows(birth.values != "")
    sex = cols["sex"].values.str.lower()
    out["sex"] = cols["sex"].rows(sex.map(_SEX))
    bad["sex"] = cols["sex"].rows((sex != "") & sex.map(_SEX).isna())
    lob = cols["line_of_business"].values.str.lower()
    bad["line_of_business"] = cols["line_of_business"].rows(~lob.isin(("",) + LINES_OF_BUSINESS))
    out["line_of_business"] = cols["line_of_business"].category(lob.where(lob != "", "commercial"))
    out["line"] = np.arange(n, dtype="int64") + first_line + offset
    problems, any_bad = _problems(cols, bad, out["line"].to_numpy(), name)
    good = out[~any_bad].copy()
    return Lines(good, problems, int(any_bad.sum()), n)


def _problems(cols: dict[str, _Column], bad: dict[str, np.ndarray], line: np.ndarray,
              name: str) -> tuple[list[str], np.ndarray]:
    """One text per bad cell, in file order: file, line, column, value (not for identifiers), expected."""
    any_bad = np.logical_or.reduce(list(bad.values())) if bad else np.zeros(len(line), dtype=bool)
    if not any_bad.any():
        return [], any_bad
    found = []
    for column, mask in bad.items():
        rows = np.flatnonzero(mask)
        shown = [""] * len(rows) if column in IDENTIFIERS else cols[column].rows(cols[column].values)[rows]
        found += [(int(line[r]), column, str(v)[:24]) for r, v in zip(rows, shown)]  # bad cells only
    found.sort(key=lambda f: f[0])
    expect = {c: _say("claims_expect." + ("dx" if c[2:].isdigit() and c != "dx1" else c))
              for c in {f[1] for f in found}}
    return [_say("claims_problem", file=name, line=at, column=column, expected=expect[column],
                 value=repr(value) if value else _say("claims_value-withheld" if column in IDENTIFIERS
                                                      else "claims_value-empty"))
            for at, column, value in found], any_bad


# --- from lines to case files ---------------------------------------------------------------------

@lru_cache(maxsize=None)
def condition_of(code: str) -> str:
    """The course a code belongs to: its ICD-10-CM category and side (§A2.3.3), so M25.551 and
    M25.552 are two courses and M25.552 and M16.12 (both left hip) two conditions too.

    >>> condition_of("M25.552"), condition_of("M54.50")
    ('M25-left', 'M54')
    """
    side = side_of(code)
    return code[:3] + (f"-{side}" if side else "")


def member_key(member_id: str) -> str:
    """A PHI-free key for a member (a short hash), for file names, logs and the screen page."""
    return hashlib.sha256(("casekit-member\x1f" + member_id).encode("utf-8")).hexdigest()[:12]


def pack_for(code: str, line_of_business: str = "commercial"):
    """The pack in force for a diagnosis code and line of business, as ``packs.resolve`` picks it."""
    from .packs import resolve
    stub = SimpleNamespace(primary_diagnosis=SimpleNamespace(code=code), diagnoses=[],
                           review=SimpleNamespace(line_of_business=line_of_business, jurisdiction=None))
    return resolve(stub)


def _kind(codes: set[str]) -> str:
    if codes & set(EVALUATIONS):
        return "evaluation"
    if codes & set(REEVALUATIONS):
        return "re-evaluation"
    return "treatment"


def episodes_of(dates: list[dt.date], gap_limit_days: float) -> list[list[dt.date]]:
    """Dates of service split where the gap exceeds the limit, as ``timeline.find_gaps`` splits.

    >>> episodes_of([dt.date(2025, 1, 1), dt.date(2025, 1, 3), dt.date(2025, 6, 1)], 60)[-1]
    [datetime.date(2025, 6, 1)]
    """
    out: list[list[dt.date]] = []
    for d in sorted(set(dates)):
        if out and (d - out[-1][-1]).days <= gap_limit_days:
            out[-1].append(d)
        else:
            out.append([d])
    return out


def history(group: pd.DataFrame, gap_limit_days: float) -> dict:
    """``visits`` (the latest episode, with codes and units) and ``visit_counts`` (earlier
    episodes, source "claims") of one member's lines for one condition."""
    dates = [d.date() for d in group["dos"]]
    episodes = episodes_of(dates, gap_limit_days)
    last = set(episodes[-1])
    visits = []
    current = group[group["dos"].dt.date.isin(last)]
    units = current.groupby(["dos", "hcpcs"], observed=True)["units"].sum()
    for day in sorted(last):
        billed = units.loc[pd.Timestamp(day)]
        visits.append({"date": day.isoformat(), "kind": _kind(set(billed.index)),
                       "codes": [{"code": c, "units": int(u)} for c, u in billed.items()]})
    counts = [{"from": e[0].isoformat(), "to": e[-1].isoformat(), "visits": len(e), "source": "claims"}
              for e in episodes[:-1]]
    return {"visits": visits, "visit_counts": counts, "under_review": {"from": min(last).isoformat(),
                                                                        "to": max(last).isoformat()}}


def _age(birth: pd.Timestamp, on: dt.date) -> int:
    b = birth.date()
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def case_of(group: pd.DataFrame) -> tuple[dict, list[str]]:
    """The case skeleton of one member and condition, and what the extract could not give."""
    group = group.sort_values(["dos", "line"], kind="stable")
    latest = group.iloc[-1]
    code, lob = latest["dx"], latest["line_of_business"]
    pack = pack_for(code, lob)
    h = history(group, pack.setting("gap_limit_days"))
    end = dt.date.fromisoformat(h["under_review"]["to"])
    member = latest["member_id"]
    cid = "claims-" + hashlib.sha256(f"{member}\x1f{condition_of(code)}".encode("utf-8")).hexdigest()[:12]
    patient: dict = {}
    missing = []
    if "birth_date" in group and pd.notna(latest.get("birth_date")):
        patient["age"] = _age(latest["birth_date"], end)
        patient["birth_date"] = latest["birth_date"].date().isoformat()
    else:
        missing.append("patient.age")
    if "sex" in group and isinstance(latest.get("sex"), str):
        patient["sex"] = latest["sex"]
    else:
        missing.append("patient.sex")
    data = {"format": "casekit/1", "id": cid, "service": "physical-therapy",
            "review": {"type": "retrospective", "line_of_business": lob, "under_review": h["under_review"],
                       "member_id": member, "claim_id": latest["claim_id"]},
            "patient": patient,
            "diagnoses": [{"code": code, "primary": True}],
            "visits": h["visits"], "visit_counts": h["visit_counts"]}
    return data, missing


def cases_of(lines: Lines) -> list[tuple[dict, list[str]]]:
    """One case skeleton per member and condition of the PT lines."""
    pt = lines.pt.copy()
    pt["condition"] = pt["dx"].map({c: condition_of(c) for c in pt["dx"].unique()})
    return [case_of(g) for _, g in pt.groupby(["member_id", "condition"], sort=True)]


def into(case, lines: Lines, member: Optional[str] = None) -> dict:
    """``case`` (a :class:`~casekit.model.Case`) with its visit history replaced by the claims' for
    its member and condition. The member is matched by ``case.review.member_id``, else by
    ``member``, the screen's member key (:func:`member_key`); the condition by the category and
    side of the case's primary diagnosis. A visit of the case on a date the claims also bill keeps
    its ``document``."""
    pt = lines.pt
    keys = pt["member_id"].map({m: member_key(m) for m in pt["member_id"].unique()})
    if case.review.member_id:
        mine = pt[pt["member_id"] == case.review.member_id]
    elif member:
        mine = pt[keys == member]
    else:
        raise UsageError(_say("claims_into-no-member", case=case.id))
    code = case.primary_diagnosis.code
    cond = condition_of(code)
    mine = mine[mine["dx"].map({c: condition_of(c) for c in mine["dx"].unique()}) == cond] if len(mine) else mine
    if mine.empty:
        raise UsageError(_say("claims_into-no-lines", case=case.id, condition=cond))
    pack = pack_for(code, case.review.line_of_business)
    h = history(mine.sort_values(["dos", "line"]), pack.setting("gap_limit_days"))
    documents = {v.date.isoformat(): v.document for v in case.visits if v.document}
    for v in h["visits"]:
        if v["date"] in documents:
            v["document"] = documents[v["date"]]
    data = case.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["visits"], data["visit_counts"] = h["visits"], h["visit_counts"]
    data["review"]["under_review"] = h["under_review"]
    data["review"]["member_id"] = mine["member_id"].iloc[-1]
    return data


# --- the command ----------------------------------------------------------------------------------

def _yaml(data: dict) -> str:
    import yaml

    from .deidentify import _Block
    return yaml.dump(data, Dumper=_Block, sort_keys=False, allow_unicode=True, width=100)


def _checked(data: dict, missing: list[str]) -> str:
    """The case as YAML, checked against the contract first (a skeleton without age or sex is
    checked with them filled, then written without: the analyst adds them)."""
    from .io import case_from_bytes
    probe = dict(data, patient={"age": 0, "sex": "unknown", **data["patient"]})
    text = _yaml(probe)
    case_from_bytes(text.encode("utf-8"), f"{data['id']}.yaml")
    return _yaml(data) if missing else text


def _in_code_set(lines: Lines, name: str) -> Lines:
    """``lines`` with each physical-therapy line whose diagnosis (by its pointer) is not in the
    ICD-10-CM code set listed as a problem and left out, as a bad cell is: a case file with such a
    code would be refused (the screen flags these lines instead of refusing them)."""
    from .codes import CODE_SET, nearest, status
    pt = lines.frame["pt"].to_numpy()
    codes = pd.Series(lines.frame["dx"].astype(str).to_numpy())
    unknown = {c for c in codes[pt].unique() if c and status(c) == "unknown"}  # distinct codes, not rows
    if not unknown:
        return lines
    drop = pt & codes.isin(unknown).to_numpy()
    hints = {c: (f" ({_say('claims_expect.code-set-hint', code=n)})" if (n := nearest(c)) else "") for c in unknown}
    found = [_say("claims_problem", file=name, line=int(at), column="dx (by dx_pointer)", value=repr(code),
                  expected=_say("claims_expect.code-set", code_set=CODE_SET, hint=hints[code]))
             for at, code in zip(lines.frame["line"].to_numpy()[drop], codes[drop])]
    problems = sorted(lines.problems + found, key=lambda p: int(re.search(r"line (\d+)", p).group(1)))
    return Lines(lines.frame[~drop], problems, lines.bad_rows + int(drop.sum()), lines.total)


def import_command(args) -> int:
    """``casekit import claims FILE --out DIR [--skip-bad-rows] [--into CASE [--member KEY]]``."""
    from .errors import out_folder
    from .render import atomic_write
    out = out_folder(args.out)
    lines = _in_code_set(read(args.file), Path(args.file).name)
    if lines.problems:
        for p in lines.problems:
            print(p, file=sys.stderr)
        if not getattr(args, "skip_bad_rows", False):
            raise ClaimsError([_say("claims_bad-rows", file=Path(args.file).name, rows=lines.bad_rows)])
    print(_say("claims_summary", file=Path(args.file).name, total=lines.total, pt=len(lines.pt),
               not_pt=lines.not_pt, bad=lines.bad_rows), file=sys.stderr)
    if getattr(args, "into", None):
        from .io import load_case
        case = load_case(args.into)
        data = into(case, lines, getattr(args, "member", None))
        written = [(data, [])]
    else:
        written = cases_of(lines)
    texts = [(d["id"], _checked(d, missing), missing) for d, missing in written]
    for cid, text, missing in texts:
        atomic_write(out / f"{cid}.yaml", text.encode("utf-8"))
        if missing:
            print(_say("claims_skeleton", case=cid, fields=", ".join(missing)), file=sys.stderr)
    print(_say("claims_written", cases=len(texts), out=str(out)), file=sys.stderr)
    return 0
