"""The one palette: decision colours shared by the report banner, the notebook view of a review
and the cohort page (contrast ≥ 4.5:1 against white text and on a white page)."""

DECISION_COLOURS = {"approve": "#1b7f3b", "partial": "#9a5b00", "pend": "#7a6200", "deny": "#b00020"}
