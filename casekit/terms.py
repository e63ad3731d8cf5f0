"""Vocabulary of the evidence extractor: the words, phrases and raw regular-expression strings that
:mod:`casekit.evidence` compiles and reads notes with. Pure data, no logic: change what is
recognised here, and how it is read in ``evidence.py``.
"""

from __future__ import annotations

# Validated PROMs: aliases, direction and published score range. Optional keys: ``subscales`` (read
# "KOOS pain 72, ADL 80" as subscale scores), ``percent`` (the score is also written as a percent
# of its maximum or out of another maximum, "ODI 34%", "ODI 17/50", "NDI 36%": every reading is
# rescaled to ``range`` and given ``unit``, so all forms make one series), ``read_as`` (a rating
# read by another kind: NPRS is a pain rating, never an outcome measure).
# Direction and range: each instrument's developer paper (R: from memory, the research files give
# MCIDs, not scoring rules); the MCIDs in shared/conditions.md are on these scales (ODI 10 of 100,
# Ostelo 2008; NDI 7.5 points, Young 2009, the 0-50 raw score; RMDQ 5 of 24; QuickDASH 10.8-13.6,
# DASH 10.2, SPADI 8-13, ASES 6.4 of 100; FAAM 8/9 of 100; LEFS 9 of 80; PSFS ~2 of 10; Oxford
# Shoulder 3.3 of 48; Constant-Murley 6.7 of 100; UCLA 3.0 of 35; VISA-A 14 of 100).
PROMS: dict[str, dict] = {
    # hip
    "HAGOS": {"aliases": ["HAGOS", "Copenhagen Hip and Groin Outcome Score"], "higher_is_better": True,
              "range": (0, 100), "subscales": True},
    "iHOT-12": {"aliases": ["iHOT-12", "International Hip Outcome Tool-12"], "higher_is_better": True,
                "range": (0, 100)},
    "iHOT-33": {"aliases": ["iHOT-33", "International Hip Outcome Tool-33"], "higher_is_better": True,
                "range": (0, 100)},
    "HOOS JR": {"aliases": ["HOOS JR"], "higher_is_better": True, "range": (0, 100)},  # Lyman 2016: 100 = perfect health
    # HOOS-PS / KOOS-PS (Davis 2008, Perruccio 2008): 0 = no difficulty, 100 = extreme difficulty
    "HOOS-PS": {"aliases": ["HOOS-PS", "HOOS Physical Function Shortform"], "higher_is_better": False,
                "range": (0, 100)},
    "HOOS": {"aliases": ["HOOS", "Hip disability and Osteoarthritis Outcome Score"], "higher_is_better": True,
             "range": (0, 100), "subscales": True},
    "Oxford Hip Score": {"aliases": ["Oxford Hip Score", "OHS"], "higher_is_better": True, "range": (0, 48)},
    "mHHS": {"aliases": ["mHHS", "modified Harris Hip Score"], "higher_is_better": True, "range": (0, 100)},
    "Harris Hip Score": {"aliases": ["Harris Hip Score", "HHS"], "higher_is_better": True, "range": (0, 100)},
    # knee: KOOS (Roos 1998, 100 = no problems), KOOS JR (Lyman 2016, 100 = perfect health)
    "KOOS JR": {"aliases": ["KOOS JR"], "higher_is_better": True, "range": (0, 100)},
    "KOOS-PS": {"aliases": ["KOOS-PS", "KOOS Physical Function Shortform"], "higher_is_better": False,
                "range": (0, 100)},
    "KOOS": {"aliases": ["KOOS", "Knee injury and Osteoarthritis Outcome Score"], "higher_is_better": True,
             "range": (0, 100), "subscales": True},
    # AKPS (Kujala 1993): 100 = no disability
    "AKPS": {"aliases": ["AKPS", "Anterior Knee Pain Scale", "Kujala", "Kujala score", "Kujala Anterior Knee Pain "
                                                                                      "Scale"],
             "higher_is_better": True, "range": (0, 100)},
    # IKDC 2000 subjective (Irrgang 2001), Lysholm (Tegner 1985), KOS-ADLS (Irrgang 1998): 100 = best
    "IKDC": {"aliases": ["IKDC", "IKDC 2000", "IKDC subjective", "IKDC Subjective Knee Form"],
             "higher_is_better": True, "range": (0, 100)},
    "Lysholm": {"aliases": ["Lysholm", "Lysholm score", "Lysholm Knee Scoring Scale"], "higher_is_better": True,
                "range": (0, 100)},
    "KOS-ADLS": {"aliases": ["KOS-ADLS", "KOS-ADL", "Knee Outcome Survey"], "higher_is_better": True,
                 "range": (0, 100)},
    "Oxford Knee Score": {"aliases": ["Oxford Knee Score", "OKS"], "higher_is_better": True, "range": (0, 48)},
    # lower limb: LEFS (Binkley 1999) 0-80, WOMAC (Bellamy 1988) raw 0-96, higher = worse
    "LEFS": {"aliases": ["LEFS", "Lower Extremity Functional Scale"], "higher_is_better": True, "range": (0, 80)},
    "WOMAC": {"aliases": ["WOMAC"], "higher_is_better": False, "range": (0, 96), "subscales": True},
    # ankle and foot: FAAM ADL / Sports (Martin 2005) 0-100%, VISA-A (Robinson 2001) 100 = no symptoms,
    # CAIT (Hiller 2006) 0-30, 30 = stable
    "FAAM": {"aliases": ["FAAM", "Foot and Ankle Ability Measure"], "higher_is_better": True, "range": (0, 100),
             "subscales": True, "percent": True, "unit": "%"},
    "VISA-A": {"aliases": ["VISA-A", "Victorian Institute of Sport Assessment-Achilles"], "higher_is_better": True,
               "range": (0, 100)},
    "CAIT": {"aliases": ["CAIT", "Cumberland Ankle Instability Tool"], "higher_is_better": True, "range": (0, 30)},
    # low back: ODI (Fairbank 2000) and modified ODI (Fritz 2001) 0-100%, RMDQ (Roland 1983) 0-24;
    # higher = more disability
    "modified ODI": {"aliases": ["modified ODI", "mODI", "modified Oswestry", "modified Oswestry Disability Index"],
                     "higher_is_better": False, "range": (0, 100), "percent": True, "unit": "%"},
    "ODI": {"aliases": ["ODI", "Oswestry Disability Index", "Oswestry", "Oswestry Disability Questionnaire"],
            "higher_is_better": False, "range": (0, 100), "percent": True, "unit": "%"},
    "RMDQ": {"aliases": ["RMDQ", "RMQ", "Roland-Morris", "Roland-Morris Disability Questionnaire"],
             "higher_is_better": False, "range": (0, 24)},
    # neck: NDI (Vernon 1991) 0-50 points (often written as 0-100%); higher = more disability
    "NDI": {"aliases": ["NDI", "Neck Disability Index"], "higher_is_better": False, "range": (0, 50),
            "percent": True, "unit": "/50"},
    # upper limb: QuickDASH (Beaton 2005), DASH (Hudak 1996), SPADI (Roach 1991), PRTEE (MacDermid
    # 2005): 0-100, higher = more disability. UEFI (Stratford 2001) 0-80, ASES (Richards 1994) 0-100,
    # Oxford Shoulder Score (Dawson 1996, 2009 scoring) 0-48, Constant-Murley (1987) 0-100, UCLA
    # shoulder (Ellman 1986) 0-35: higher = better.
    "QuickDASH": {"aliases": ["QuickDASH", "Quick DASH", "Q-DASH"], "higher_is_better": False,
                  "range": (0, 100), "percent": True, "unit": "/100"},
    "DASH": {"aliases": ["DASH", "Disabilities of the Arm, Shoulder and Hand"], "higher_is_better": False,
             "range": (0, 100), "percent": True, "unit": "/100"},
    "SPADI": {"aliases": ["SPADI", "Shoulder Pain and Disability Index"], "higher_is_better": False,
              "range": (0, 100), "subscales": True, "percent": True, "unit": "%"},
    "PRTEE": {"aliases": ["PRTEE", "Patient-Rated Tennis Elbow Evaluation", "PRTEE-S"], "higher_is_better": False,
              "range": (0, 100)},
    "UEFI": {"aliases": ["UEFI", "Upper Extremity Functional Index"], "higher_is_better": True, "range": (0, 80)},
    "ASES": {"aliases": ["ASES", "ASES score", "American Shoulder and Elbow Surgeons score"], "higher_is_better": True,
             "range": (0, 100)},
    "Oxford Shoulder Score": {"aliases": ["Oxford Shoulder Score", "OSS"], "higher_is_better": True,
                              "range": (0, 48)},
    "Constant-Murley": {"aliases": ["Constant-Murley", "Constant-Murley score", "Constant score",
                                    "Constant Shoulder Score"], "higher_is_better": True, "range": (0, 100)},
    "UCLA": {"aliases": ["UCLA shoulder score", "UCLA shoulder rating scale"], "higher_is_better": True,
             "range": (0, 35)},
    # any region: PSFS (Stratford 1995) mean item 0-10, FOTO functional status 0-100 (higher = better)
    "PSFS": {"aliases": ["PSFS", "Patient-Specific Functional Scale"], "higher_is_better": True, "range": (0, 10)},
    "FOTO": {"aliases": ["FOTO", "FOTO FS", "FOTO functional status"], "higher_is_better": True, "range": (0, 100)},
    # NPRS 0-10, higher = more pain: read as the "pain" kind, listed here for its direction and range
    "NPRS": {"aliases": ["NPRS", "Numeric Pain Rating Scale"], "higher_is_better": False, "range": (0, 10),
             "read_as": "pain"},
}
# PROM aliases too ambiguous to report without a score beside them.
SHORT_ALIASES = {"OHS", "HHS", "ODI", "OKS", "OSS", "DASH", "RMQ", "CAIT", "ASES"}
# PROM aliases read only as written in capitals: "a 40-yard dash" is not the DASH.
CASED_ALIASES = {"DASH", "OKS", "OSS", "ASES", "CAIT", "RMQ", "mODI"}
# PROM subscale names, and their canonical spellings (SUB_CANON_BY_PROM first, for that PROM).
SUBSCALE = (r"(pain|symptoms?|stiffness|ADL|activities of daily living|sports?\s*(?:/|and|&)\s*"
            r"rec(?:reation)?|sports?|physical activit(?:y|ies)|PA|QOL|quality of life|function|disability)")
SUB_CANON = {"symptom": "symptoms", "activities of daily living": "ADL", "adl": "ADL", "sport": "sport/rec",
             "sports": "sport/rec", "pa": "physical activity", "physical activities": "physical activity",
             "quality of life": "QOL", "qol": "QOL"}
SUB_CANON_BY_PROM = {"FAAM": {"sport": "sports", "sports": "sports"}}

# Abbreviations: a period after ALWAYS never ends a sentence; after SOFT it does unless lower case follows.
ABBR_ALWAYS = {"e.g", "i.e", "eg", "ie", "approx", "vs", "dr", "mr", "mrs", "ms", "cf", "appt"}
ABBR_SOFT = {"pt", "pts", "hx", "tx", "dx", "sx", "wk", "wks", "min", "mins", "sec", "secs", "rep", "reps",
             "lb", "lbs", "yo", "y.o", "b.i.d", "t.i.d"}

# Negation scope: cues, pseudo-negations that are not cues, and clause ends.
NEG_CUE = (r"\(-\)|\bneg(?:ative)?(?=\s*\()|"  # "Red flags neg (B/B, saddle, fever)": the list is negative
           r"\b(?:no|not|never|nor|denies|denied|deny|denying|without|neg(?:ative)?\.? for|free of|"
           r"absence of|isn't|is not|wasn't|was not|aren't|doesn't|does not|didn't|did not|"
           r"hasn't|has not|haven't|have not|no longer|resolved)\b")
PSEUDO = (r"\b(?:not only|no (?:significant )?change|not (?:certain|sure|necessarily)|"
          r"no (?:increase|decrease)|without (?:difficulty|assist\w*))\b")
HARD = r";|\b(?:but|however|although|though|whereas|except)\b"
# A report verb after the cue starts a new assertion: "no pain and reports numbness".
_REPORT_VERBS = r"reports?|reported|states?|stated|complains?|c/o|endorses?"
REPORT = rf"\b(?:{_REPORT_VERBS}|presents?)\b"
# A verb inside a comma segment makes it a clause, not an item of a negated list.
VERBISH = (rf"\b(?:{_REPORT_VERBS}|feels?|felt|feeling|"
           r"is|was|are|were|has|had|have|remains?|continues?|present|persists?|noted|improved|"
           r"increased|worse|better)\b")
# Negation after the target: "numbness: denied".
POST_NEG = (r"^\W*(?:[\w/'-]+\W+){0,3}?(?:denied|absent|none|resolved|not present|ruled out|"
            r"negative|neg\b(?!\s+for))|^\W*\(-\)")
# A red flag found normal: "Bowel and bladder function: WNL", "Sensation intact" (red flags only:
# "degenerative changes with normal alignment" is still a finding).
POST_NORMAL = r"^\W*(?:[\w/'-]+\W+){0,3}?(?:(?-i:WNL|WFL)|within normal limits|intact|normal|unremarkable)\b"

# A sentence setting a target: its numbers are goals, not measurements ("STG: pain to 2/10").
TARGET = (r"\b(?:goals?|STG|LTG)\b|\b(?:decrease|reduce|improve|increase)\s+(?:\w+\s+){0,3}?to\s+\d|"
          r"\bwill (?:improve|increase|decrease|reduce|demonstrate|achieve|reach|be able)\b")

# A number of up to three digits (a group), not part of a longer one; a building block of patterns.
NUM = r"(?<![\d.])(\d{1,3}(?:\.\d+)?)"

# PROM scores after the name: a subscale's ("KOOS ADL subscale 80"), a change ("from 42 to 55",
# "38 → 71"), an average ("PSFS avg 4.3/10"), the first number, one before the name ("40 on the
# Oxford Hip Score"), and today's after an older one ("62/80 at d/c, now 51/80"); a past discharge.
PROM_SUBSCORE = (r"\b" + SUBSCALE + r"\W{0,3}(?:(?:sub-?scale|score)\s*)?(?:of|is|=|:)?\s*" + NUM +
                 r"(?:\s*/\s*(\d{1,3}))?(\s*%)?")
PROM_FROM_TO = (r"[^\d;]{0,30}?\bfrom\s+" + NUM + r"(?:\s*/\s*\d{1,3})?[^;]{0,40}?\bto\s+" + NUM +
                r"(?:\s*/\s*(\d{1,3}))?(\s*%)?")
PROM_ARROW = (r"[^\d;]{0,30}?" + NUM + r"(?:\s*/\s*\d{1,3})?\s*%?\s*(?:→|->|=>|-->)\s*" + NUM +
              r"(?:\s*/\s*(\d{1,3}))?(\s*%)?")
PROM_AVG = r"\b(?:avg|average|mean)\b\W{0,3}(?:score\s*)?(?:of|is|=|:)?\s*" + NUM + r"(?:\s*/\s*(\d{1,3}))?"
PROM_SCORE = (r"[^\d;]{0,30}?(?<!\bby )" + NUM + r"(?:\s*(?:/|out of)\s*(\d{1,3}))?(\s*%)?"
              r"(?!\s*(?:x\b|sets|weeks?|visits?|times))")
PROM_SCORE_BEFORE = NUM + r"(?:\s*/\s*(\d{1,3}))?\s*(?:%|points?|pts)?\s+on\s+(?:the\s+)?$"
PROM_SCORE_NOW = r"\b(?:now|currently|today)\b\W{0,3}(?:is|at|of|=|:)?\s*" + NUM + r"(?:\s*/\s*(\d{1,3}))?"
HISTORICAL = (r"\b(?:at|on) (?:the )?(?:last |prior |previous )?(?:discharge|d/c)\b|"
              r"\b(?:discharge|d/c) (?:status|score|level)\b|\bprior (?:episode|course)\b")
NOW = r"\b(?:now|today|currently|this visit)\b"

# Pain ratings as a number out of 10 or 100, or a range ("3-5/10").
OF10 = r"(?<![\d/.])(\d{1,3}(?:\.\d+)?)(?:\s*-\s*(\d{1,3}(?:\.\d+)?))?\s*(?:/|out of)\s*(10|100)(?![\d/])"
# Pain ratings: words naming pain, other rated things that are not pain, and rating qualifiers.
PAIN_KW = r"\b(?:pain|NPRS|NRS|VAS|discomfort)\b"
OTHER_KW = (r"\b(?:function\w*|PSFS|sleep|confidence|effort|RPE|fatigue|stress|satisfaction|"
            r"stiffness|improvement|better)\b")
PAIN_QUAL = r"\b(worst|best|least|average|current(?:ly)?|at rest|with activity|at night)\b"

# Function level as a percentage: "functioning at 70%", "80% of her normal function".
FUNC = [r"\b(?:able to (?:perform|do|complete)|functioning at|function(?:al)?(?: level)?(?: is| of| "
        r"at)?|performing at)\s+(?:approximately |approx\.?\s*|about |around |~)?" + NUM + r"\s*%",
        NUM + r"\s*%\s+(?:of\s+)?(?:(?:her|his|their|normal|prior|baseline|usual|full|pre-?injury)"
        r"\s+)*(?:level of\s+)?(?:function|functional|functioning|PLOF)\b"]

# Laterality: side words, their canonical sides, body parts (either order) and canonical part names.
SIDE = (r"(?<![A-Za-z0-9/])(?-i:R|L)(?![A-Za-z0-9/])|\b(?:right|left|rt|lt|bilateral(?:ly)?|"
        r"bilat|both)\b|(?<![A-Za-z0-9])B/L(?![A-Za-z0-9])")
SIDES = {"r": "right", "rt": "right", "right": "right", "l": "left", "lt": "left", "left": "left"}
BODY = (r"hips?|knees?|shoulders?|ankles?|groin|thighs?|gluteal|glutes?|buttocks?|legs?|LEs?|lower extremit"
        r"(?:y|ies)|low(?:er)? back|back(?!\s+(?:to|into|home|in|on|up|down|out)\b)|SIJ|SI joint|hamstrings?|"
        r"quads?|quadriceps|calf|calves|foot|feet|elbows?|wrists?|neck|arms?|hands?(?![\s-](?:side|held))|"
        r"UEs?|upper extremit(?:y|ies)|(?:greater )?trochanter(?:ic)?|IT band|ITB|hip flexors?|"
        # the other regions: knee, ankle and foot, wrist and hand, and the joint a procedure names
        r"femoral neck|patell(?:a|ar tendon)|kneecap|heels?|Achilles(?: tendon)?|(?:great |big )?toes?|"
        r"fingers?|thumbs?|forearms?|shins?|lower legs?|upper arms?|rotator cuff|"
        r"(?-i:TKA|TKR|THA|THR|ACLR?|RCR|TSA|rTSA)")
BODY_REV = (r"\b(" + BODY + r")\s*(?:\((right|left|R|L|bilat\w*)\)|\s+(?:on|to) (?:the )?"
            r"(right|left|R|L)\b(?: side)?|\s+(bilaterally)\b)")
BODY_CANON = {"feet": "foot", "calves": "calf", "glute": "gluteal", "glutes": "gluteal", "quad": "quadriceps",
              "quads": "quadriceps", "sij": "SI joint", "si joint": "SI joint", "lower back": "low back",
              "itb": "IT band", "it band": "IT band", "buttocks": "buttock", "le": "lower extremity",
              "les": "lower extremity", "lower extremities": "lower extremity", "ue": "upper extremity",
              "ues": "upper extremity", "upper extremities": "upper extremity", "quadriceps": "quadriceps",
              "kneecap": "patella", "achilles": "Achilles", "achilles tendon": "Achilles", "big toe": "great toe",
              "lower legs": "lower leg", "upper arms": "upper arm", "tka": "TKA", "tkr": "TKR", "tha": "THA",
              "thr": "THR", "acl": "ACL", "aclr": "ACLR", "rcr": "RCR", "tsa": "TSA", "rtsa": "rTSA",
              "great toes": "great toe"}
# The region (as casekit.codes.body_part_of names it) of a body word, so "R knee" is compared with
# knee codes only. Words not listed (groin, thigh, leg, calf, back...) keep their own name.
BODY_REGION = {"hip": "hip", "femoral neck": "hip", "THA": "hip", "THR": "hip",
               "knee": "knee", "patella": "knee", "patellar tendon": "knee", "TKA": "knee", "TKR": "knee",
               "ACL": "knee", "ACLR": "knee", "shoulder": "shoulder", "rotator cuff": "shoulder", "RCR": "shoulder",
               "TSA": "shoulder", "rTSA": "shoulder", "ankle": "ankle/foot", "foot": "ankle/foot",
               "heel": "ankle/foot", "Achilles": "ankle/foot", "toe": "ankle/foot", "great toe": "ankle/foot",
               "elbow": "elbow", "wrist": "wrist/hand", "hand": "wrist/hand", "finger": "wrist/hand",
               "thumb": "wrist/hand"}
# Body words that take no side: the spine has none ("R neck and shoulder pain" sides the shoulder).
UNSIDED = {"neck"}
# The uninvolved side, named to compare: "uninvolved L knee", "L knee WNL", "L shoulder (uninvolved)".
UNINVOLVED_BEFORE = r"\b(?:uninvolved|unaffected|non-?involved|uninjured|contralateral|non-?op(?:erative)?)\s+$"
UNINVOLVED_AFTER = (r"^\s*:?\s*(?:(?:A?AROM|PROM|ROM|MMT|strength|motion|range of motion)\s*:?\s*){0,2}"
                    r"(?:\(?\s*(?:uninvolved|unaffected|non-?involved|uninjured|contralateral)\b|"
                    r"(?:is |are )?(?:WNL|WFL|within (?:normal|functional) limits|normal|unremarkable|"
                    # "L knee asx.", "L knee pain-free": the other side has no symptoms
                    r"asymptomatic|(?-i:asx)|pain-?free|non-?painful|"
                    r"not (?:involved|affected))\b)")
# A sentence comparing the sides: "R knee flex 95 deg, L 135", "IR 10 vs 30", "L WNL".
COMPARE = (r"\bvs\.?(?=\s)|\bversus\b|\bcompared\b|\bthan\b|\bcontralateral\b|\b(?:uninvolved|unaffected)\b|"
           r"\b(?-i:WNL|WFL)\b|\bwithin (?:normal|functional) limits\b|"
           r"[\d°]\s*\(?\s*(?-i:[RL])\b|(?<![A-Za-z])(?-i:[RL])\s*:?\s*(?:\d|WNL|WFL)")
# A side and the reading after it ("R knee flexion 95°, L knee 135°": two make a comparison), and the
# other side's reading written without its unit after a reading in degrees (", L 135").
SIDE_READING = r"(?:\b(?:right|left)\b|(?<![A-Za-z0-9/])(?-i:R|L)(?![A-Za-z0-9/]))[^.;,\d]{0,25}\d"
OTHER_SIDE = (r"(?:\s*\(?(?:(?-i:R|L)|right|left)\)?)?\s*(?:,|;|/|vs\.?|versus|and|compared (?:to|with))\s*((?-i:R|L)|right|left|rt|lt)\b\s*:?\s*"
              r"(\d{1,3}(?:\.\d+)?)(?!\d|\.\d)(?!\s*(?:°|º|deg|/|%|[x×]|reps?\b|sets?\b|kg|lbs?\b|N\b|s\b|secs?\b))")

# Objective measures: motions (and canonical names), joints and muscles that label a reading.
MOTION = (r"\b(internal rotation|external rotation|horizontal abduction|horizontal adduction|abduction|adduction|"
          r"dorsiflexion|plantar\s?flexion|flexion|extension|rotation|inversion|eversion|pronation|supination|"
          r"elevation|scaption|(?:radial|ulnar) deviation|side bending|lateral flexion|"
          r"(?-i:IR|ER|DF|PF|SLR)|abd|add|flex|ext)\b")
MOTION_CANON = {"ir": "internal rotation", "er": "external rotation", "abd": "abduction", "add": "adduction",
                "flex": "flexion", "ext": "extension", "df": "dorsiflexion", "pf": "plantarflexion",
                "plantar flexion": "plantarflexion", "slr": "straight leg raise"}
JOINT = r"\b(hip|knee|ankle|shoulder|elbow|wrist|lumbar|trunk|cervical|thoracic)s?\b"
MUSCLE = (r"\b(glut(?:eus|e)?\s+(?:med(?:ius)?|max(?:imus)?|min(?:imus)?)|iliopsoas|quadriceps|"
          r"quads?|hamstrings?|TFL|adductors|abductors|hip (?:flexors|extensors|rotators)|grip|pinch|"
          r"deltoids?|biceps|triceps|rotator cuff|supraspinatus|infraspinatus|lower trap(?:ezius)?|"
          r"serratus anterior|gastroc(?:nemius)?|soleus|tibialis anterior|tib ant|peroneals?|fibularis|"
          r"deep neck flexors|wrist extensors)\b")
# Functional tests: (name, pattern, default unit), the units a result may carry, and canonical units.
TESTS = [("TUG", r"TUG|timed up (?:and|&) go", "s"),
         ("30-second chair stand", r"30[-\s]?(?:second|sec|s)\s+(?:chair[-\s]stand|sit[-\s]to[-\s]stand|STS)"
                                   r"(?:\s+test)?|30\s?s?\s?CST", "reps"),
         ("5x sit to stand", r"(?:5\s?x|five[-\s]times|5[-\s]times)\s*sit[-\s]to[-\s]stands?(?:\s+test)?|"
                             r"5\s?x\s?STS|FTSTS", "s"),
         ("6MWT", r"6MWT|6[-\s]?min(?:ute)?\s+walk(?:\s+test)?", "m"),
         ("10MWT", r"10MWT|10[-\s]?m(?:eter|etre)?\s+walk(?:\s+test)?", "m/s"),
         ("single leg stance", r"single[-\s](?:leg|limb)\s+(?:stance|balance)|SLS|SL\s+stance", "s"),
         ("Berg Balance Scale", r"Berg(?:\s+Balance\s+Scale)?|BBS", "/56"),
         ("gait speed", r"gait speed|walking speed", "m/s")]
TEST_UNITS = r"seconds?|secs?|s|reps?|repetitions|meters?|metres?|m/s|m|feet|ft|/56|points?"
UNIT_CANON = {"second": "s", "seconds": "s", "sec": "s", "secs": "s", "rep": "reps", "repetitions": "reps",
              "meter": "m", "meters": "m", "metre": "m", "metres": "m", "feet": "ft", "point": "points"}
# Strength and range-of-motion readings with their units (STRENGTH is case-sensitive).
STRENGTH = (r"(?<![\d.±])(\d+(?:\.\d+)?)\s*((?i:kgf|kg|lbs?|pounds)|N·m|N-m|Nm/kg|N/kg|Nm|N)(?![\w/])")
DEGREES = r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:°|º|degrees?\b|deg\b)"
# Manual muscle test grades ("4-/5"), and words that make a weight a strength reading.
MMT = r"(?<![\d/.])([0-5])\s*([+-])?\s*/\s*5(?![\d/])"
DYNAMOMETRY = r"\b(?:HHD|dynamom\w*|force|torque|MVIC|isometric strength)\b"
# Words before a weight that make it a load, not a test: "clams with 5 lb".
LOADED = r"\b(?:with|using|holding)\s*$"

# Exercise: names of exercises, and the words of a prescription (load, sets x reps, rest, tempo).
EXERCISE = (
    r"\b(?:(?:new|hip|glute|gluteal|core|hamstring|quad|piriformis|hip flexor|side-?lying|standing|seated|"
    r"supine|prone|single[- ]leg|banded|resisted|lateral|mini|wall|goblet|isometric|eccentric)\s+){0,2}"
    r"(?:stretch(?:es|ing)?|strengthening|strength training|bridges|bridging|bridge|clamshells?|clams|squats?|"
    r"lunges?|side-?lying (?:hip )?abduction|(?:hip )?abduction (?:exercises?|raises?)|(?:straight )?leg raises?|"
    r"SLRs?(?! (?:negative|positive|neg|pos|test)|\s*\(?[+-]\)?)|leg press|hip hinges?|deadlifts?|RDLs?|step-?ups?|step-?downs?|band walks?|monster walks?|lateral "
    r"walks?|heel raises?|calf raises?|planks?|HEP|home exercise program|home program|therapeutic exercises?|"
    r"ther-?ex|resistance training|balance exercises?|exercises?|sit[- ]to[- ]stands?|stationary bike|"
    r"treadmill|hip thrusts?|Copenhagen (?:adduction|adductors?|planks?)|adductor squeezes?|bird[- ]dogs?|"
    r"dead ?bugs?|side planks?|fire hydrants?|hip (?:flexor )?marches|marching)\b")
LOAD = (r"(?<![\d.])\d+(?:\.\d+)?\s*(?:lbs?|pounds?|kg|kilos?|#)(?!\w)|\b(?:red|yellow|green|blue|"
        r"black|silver|gold|purple)\s+(?:thera-?band|band|tubing|TB|loop)\b|\bbody\s?weight\b|"
        r"\b(?-i:BW)\b|\d+\s*%\s*(?:of\s+)?(?:1\s?RM|RM|MVC|MVIC|BW)\b|\b\d+\s?RM\b|\bRPE\s*\d|"
        r"\b(?:dumbbells?|kettlebells?|ankle weights?|cuff weights?)\b")
# A test name before an exercise word ("5x sit to stand 14 s"), and words of a progressed program.
AS_TEST = r"(?:5\s?x|five[-\s]times|30[-\s]?(?:second|sec|s))\s*$"
PROGRESSED = r"\b(?:new|added|progress(?:ed|ion)|advanced)\b"
# "3 times per week for 6 weeks", "3x/week" and "97110 x 3 units" are never sets x reps.
NOT_FREQ = r"(?!\s*(?:weeks?|wks?|days?|months?|visits?|times|units?|min\w*|/))"
SETS = (r"\b\d+\s*[x×]\s*\d+\b" + NOT_FREQ + r"|\b\d+\s*(?:sets?|reps?|repetitions)\b|"
        r"(?<![\w/])x\s*\d+\b" + NOT_FREQ)
TIME = r"\d+\s*(?:s|sec|secs|seconds?|min|mins|minutes?)\b"
REST = (r"\brest(?:ing)?\s*(?:of\s+|for\s+|:\s*)?" + TIME + r"|\b" + TIME +
        r"\s+(?:of\s+)?rest\b|\brest (?:intervals?|periods?|between sets)\b")
TEMPO = (r"\b\d+\s*(?:s|sec|secs|seconds?|-second|-sec)\s*holds?\b|\bhold(?:ing|s)?\s*(?:for\s*|"
         r"x\s*)?\d+\s*(?:s|sec|secs|seconds?)\b|\btime under tension\b|\b(?-i:TUT)\b|\btempo\b|"
         r"\b\d-\d-\d\b|\beccentric(?:ally)? over \d")

# Symptom direction: pain-free, unchanged, better, worse and sore phrases.
PAIN_FREE = (
    r"\b(?:isn't|is not|wasn't|was not|aren't|not|no longer|hasn't been|has not been|doesn't|does not|didn't|did "
    r"not|hasn't|has not)\s+(?:been\s+|really\s+|as\s+)?(?:hurting|hurt|hurts|painful|bothering (?:her|him|them|me)"
    r"|sore)\b|\bno (?:\w+ )?pain\b(?!\s*(?:relief|medication|meds|reduction))|\bpain[- ]free\b|\bwithout (?:any )?"
    r"pain\b|\bdenies (?:any )?pain\b|\bpain (?:has )?resolved\b|\bpain(?:\s+(?:level|rating|score))?\s*(?:is\s+|of"
    r"\s+|at\s+|:\s*)?0\s*/\s*10|\b0/10 pain\b")
UNCHANGED = (r"\bunchanged\b|\bno (?:significant )?change in (?:symptoms|pain)\b|"
             r"\b(?:no|neither) better (?:or|nor) worse\b|\babout the same\b")
BETTER = (r"\b(?:better(?! understanding| sense)|improv(?:ed|ing|ement)|less (?:pain|sore\w*)|"
          r"(?:decreased|reduced) (?:pain|sore\w*)|pain (?:has )?(?:decreased|reduced|improved|eased)|"
          r"easier|progressing well)\b")
# "worse with stairs" / "worse lying on it" name a trigger, not a change.
# "progressively worse over the past 6 months" is history at intake, not a change between visits.
WORSE = (r"\b(?<!progressively )(?<!gradually )(?<!increasingly )(?<!getting )"
         r"(?:worse(?:ning|ned)?(?! (?:with|w/|c|after|before|when|in|at|during|on|by|for|if|while|over|"
         r"\w+ing)(?:\b|(?<=/)))|"
         r"increased (?:pain|sore\w*)|pain (?:has )?increased|more (?:pain|painful|sore)|hurting more|"
         r"flare[- ]?ups?|flared|aggravated(?! (?:by|with)\b)|exacerbat(?:ed|ion))\b")
SORE = (r"\b(?:(so|very|extremely|really|quite|significant(?:ly)?|severe(?:ly)?|moderate(?:ly)?|"
        r"mild(?:ly)?|a little|slight(?:ly)?|some)\s+)?(?:sore(?:ness)?|DOMS)\b")
# Targets and conditions are not reports: "goal: improved sitting", "MRI if no improvement".
GOAL = r"\b(?:goals?|STG|LTG|will|expect(?:ed)?|in order to|if|unless|should|would)\b"

# Table-driven kinds: (label, pattern) per kind, for gap explanations, new injuries, baseline
# comparisons, skilled care and red flags.
TABLES = {
    "gap-explanation": [
        ("on hold", r"\bon hold\b"),
        ("could not attend", r"\b(?:could not|couldn't|unable to|did not|didn't) (?:attend|come in|come to|make it|"
                             r"(?:continue|return to) (?:PT|therapy|physical therapy|treatment|sessions|the clinic|"
                             r"appointments|visits))\b"),
        ("cancellations", r"\bcancel+(?:ed|ations?)\b|\bno[- ]shows?\b"),
        ("travel", r"\b(?:was|were|been|while|went|after) (?:\w+ ){0,2}?travel(?:l)?ing\b|\btravel(?:l)?ed\b|"
                   r"\b(?:due to|d/t|because of|for) (?:work |a )?(?:travel|trip)\b|"
                   r"\bvacation\b|\bout of (?:town|the country|country|state)\b|\babroad\b|\boverseas\b"),
        ("illness", r"\bhad (?:COVID|covid|the flu|pneumonia|an? (?:illness|infection))\b|\b(?:recovering|"
                    r"recovered) from\b|\bCOVID(?:-19)?\b|\bpneumonia\b|\bin (?:the )?hospital\b"),
        ("caregiving", r"\bcaring for (?:her|his|their|a) \w+|\bcaregiver (?:duties|responsibilities)\b"),
        ("pregnancy", r"\bhad (?:a|her) baby\b|\bgave birth\b|\bmaternity leave\b|\bpostpartum\b"),
        ("work or money", r"\bwork schedule\b|\bwork conflicts?\b|\bfinanc(?:es|ial)\b|\bcopays?\b|"
                          r"\bdeductible\b|\bcould not afford\b"),
        ("insurance", r"\binsurance (?:lapse[ds]?|issues?|change[sd]?|ran out|expired|denial)|\blapse in "
                      r"(?:insurance|coverage)\b|\bauthori[sz]ation (?:lapsed|expired|pending|delay)"),
        ("hospitalization", r"\bhospitali[sz](?:ed|ation)\b|\badmitted to (?:the )?hospital\b"),
        ("relocation", r"\brelocat(?:ed|ion)\b|\bmoved (?:away|out of (?:state|town|the area)|to (?:a new|"
                       r"another) (?:city|state|town|home|house))\b"),
        ("returned after", r"\breturn(?:ed|s|ing)? (?:to (?:PT|therapy|physical therapy|the clinic) )?after\b"),
        ("break in care", r"\b(?:break|gap|pause) in (?:therapy|care|treatment|PT)\b|\bpaused? (?:therapy|PT|"
                          r"treatment)\b|\bPT (?:was )?paused\b|\bon pause\b|\bhiatus\b|\bstopped (?:therapy|PT|coming|attending)\b|\btook (?:time|a "
                          r"break) off\b|\bself-discharged\b"),
        ("returned after discharge", r"\b(?:discharged|d/c'?d)\b.{0,80}\breturn(?:ed|ing|s)\b|"
                                     r"\b(?:discharged|d/c'?d)\b.{0,40}\bgoals? (?:met|achieved)\b"),
        ("recurrence", r"\brecurren(?:ce|t)\b|\breturns? with\b|\bcame back with\b|\bsymptoms? (?:returned|recurred)\b"),
        ("personal", r"\bfamily emergency\b|\bdeath in the family\b|\bchildcare\b|\btransportation (?:issues?|"
                     r"problems?)\b")],
    "new-injury": [
        ("new injury", r"\bnew (?:injury|injuries)\b"), ("new onset", r"\bnew[- ]onset\b"),
        ("new episode", r"\bnew (?:episode|problem|complaint|condition|diagnosis)\b"),
        # a fall as an event ("fell", "a fall on the ice"), not fall screening ("0 falls in past 12 mo")
        ("fall", r"\b(?:fell|slipped|tripped)\b|\b(?:had|sustained|suffered|after|from|s/p) (?:a |another )?"
                 r"(?:recent )?fall\b(?! (?:risk|screen\w*|history|prevention))|\bfall (?:on|onto|from|off|down)\b"),
        ("strain", r"\b(?:strained|tweaked|pulled|hurt|injured|jammed|wrenched) (?:her|his|their|the|a|an|my)?\s?"
                   r"(?:\w+ ){0,2}?(?:hip|groin|back|leg|knee|thigh|hamstring|adductor|muscle|glute\w*)\b"),
        ("new complaint", r"\b(?:new|recent) (?:c/o|complaints? of|onset of|pain in)\b"),
        ("re-injury", r"\bre-?injur(?:ed|y|ies)\b|\bre-?aggravated\b"), ("injury", r"\bsustained (?:a|an)\b"),
        ("twist/sprain", r"\btwisted\b|\brolled (?:her|his|their|an|the) ankle\b|\bsprain(?:ed)?\b"),
        ("motor vehicle accident", r"\b(?-i:MVA|MVC)\b|\bmotor vehicle (?:accident|collision|crash)\b|"
                                   r"\bcar (?:accident|crash)\b|\brear[- ]ended\b"),
        # surgery of the lower limb or spine only: "had cataract surgery" explains nothing here
        ("surgery", r"\b(?:hip|knee|back|spine|spinal|lumbar|femur|femoral|pelvic|labral|labrum|leg|groin|ankle)"
                    r" (?:\w+ )?(?:surgery|arthroscopy|repair|replacement|arthroplasty|fusion)\b|"
                    r"\b(?-i:THA|TKA|THR|TKR|ORIF)\b|\bsurgery on (?:her|his|their|the) (?:\w+ )?(?:hip|knee|back|"
                    r"leg|spine|groin)\b")],
    "baseline-comparison": [
        ("compared with discharge", r"\bcompared (?:with|to) (?:\w+ ){0,2}?(?:discharge|d/c|episode|course|"
                                    r"baseline)\b"),
        ("at discharge", r"\bat (?:the )?(?:prior |previous |last )?(?:discharge|d/c)\b"),
        ("since discharge", r"\bsince (?:\w+ ){0,2}?(?:discharge|d/c|episode|course|bout)\b"),
        ("prior status", r"\b(?:prior|previous|last|earlier) (?:discharge|d/c|episode)(?: status| level| score|"
                         r" function\w*|:)|\b(?:than|vs\.?|versus) (?:at )?(?:the )?(?:prior |previous |last )?"
                         r"(?:discharge|d/c)\b"),
        ("discharge status", r"\b(?:discharge|d/c) (?:status|score|level|function\w*)\b|\bstatus at (?:the )?"
                             r"(?:last |prior |previous )?(?:discharge|d/c)\b"),
        ("regressed", r"\bregress(?:ed|ion|ing)\b"), ("declined", r"\bdeclined (?:from|since)\b"),
        ("maintained", r"\bmaintained (?:since|from|at)\b|\bmaintain(?:ed)? (?:\w+ ){0,3}?gains\b")],
    # passive modalities: applied to the patient, no active participation (Cigna CPG 135)
    "passive-modality": [
        ("hot or cold pack", r"\b(?:moist )?hot ?packs?\b|\b(?-i:MHP)\b|\bcold ?packs?\b|\bice ?packs?\b|"
                             r"\bcryotherapy\b|\bice massage\b"),
        ("electrical stimulation", r"\b(?-i:IFC|TENS|NMES)\b|\be-?stim\w*|\belectrical stim\w*|\binterferential\b|"
                                   r"\b(?-i:HVPC|HVGS)\b"),
        ("therapeutic ultrasound", r"\btherapeutic ultrasound\b|\b(?:ultrasound|(?-i:US))\b[^.;]{0,25}?\b\d(?:\.\d+)?\s*"
                                   r"(?:MHz|W/cm)"),
        ("mechanical traction", r"\b(?:mechanical|cervical|lumbar|intermittent) traction\b|\btraction unit\b"),
        ("massage", r"(?<!tissue )(?<!tissue-)\bmassage\b(?! therapist)"),
        ("heat or light modality", r"\bparaffin\b|\bwhirlpool\b|\bdiathermy\b|\binfrared\b|\bcold laser\b|"
                                   r"\biontophoresis\b|\bfluidotherapy\b"),
    ],
    "skilled-care": [
        ("manual therapy", r"\bmanual (?:therapy|techniques?)\b"),
        ("joint mobilization", r"(?<!tissue )(?<!tissue-)\b(?:joint )?mobili[sz]ations?\b|\bjoint mobs?\b|"
                               r"\b(?-i:MWMs?)\b"),
        ("manipulation", r"\bmanipulation\b|\b(?-i:HVLA)\b"),
        ("soft tissue mobilization", r"\bsoft[- ]tissue (?:mobili[sz]ation|massage|work|techniques?|release)\b|"
                                     r"\b(?-i:STM|IASTM)\b|\bmyofascial release\b|\btrigger point\w*|\bdry needling\b"),
        ("neuromuscular re-education", r"\bneuromuscular re-?education\b|\b(?-i:NMR|NMRE)\b|\bneuro re-?ed\b"),
        ("gait training", r"\bgait training\b"),
        ("balance training", r"\b(?:balance|proprioceptive|perturbation) training\b"),
        ("therapeutic exercise progression", r"\b(?:progress(?:ed|ing|ion of)?|advanced|increased) (?:\w+ ){0,3}?"
                                             r"(?:exercises?|program|HEP|load|resistance|reps|sets|difficulty)\b"),
        ("patient education", r"(?<!re-)(?<!re)\b(?:patient |pt )?education (?:on|regarding|about|in|for)\b|"
                              r"\b(?:educated|instructed) (?:\w+ )?(?:on|in|regarding|about)\b"),
        ("modalities", r"\b(?:e-?stim|electrical stimulation|(?-i:NMES|TENS|IFC)|interferential|iontophoresis|"
                       r"phonophoresis|therapeutic ultrasound|traction|kinesio ?tap\w*)\b|"
                       r"\bultrasound\b(?=.*(?:MHz|W/cm))")],
    # Red flags: symptoms a pack's alternative diagnoses look for, and the region red flags of
    # shared/conditions.md (low back 2.1/2.2: cauda equina, progressive deficit, cancer, infection,
    # fracture; neck 3.1: myelopathy, cervical arterial dysfunction; knee/ankle: Ottawa rules,
    # calf signs, locking; TKA/THA: DVT/PE). Each label is a stable name.
    "red-flag": [
        ("numbness", r"\bnumb(?:ness)?\b|\b(?-i:N/T)\b"),
        ("tingling", r"\b(?-i:N/T)\b|\btingl\w*|\bparesthesias?\b|\bpins and needles\b"),
        ("radiating pain", r"\bradiat\w*|\bradicular\b|\bshooting pain\b|\bsciatica\b"),
        ("night pain", r"\bnight pain\b|\bpain at night\b|\bnocturnal pain\b|\bwakes? (?:\w+ )?(?:up )?at night\b|"
                       r"\bpain (?:that )?wakes (?:her|him|them|me|pt|the patient)\b"),
        ("night sweats", r"\bnight sweats\b"),
        # "weight loss" as a plan or a goal is not the red flag
        ("weight loss", r"(?<!intentional )\bweight loss\b(?! (?:goals?|programs?|plan|diet|journey|surgery))|"
                        r"\blost (?:\d+ (?:lbs?|pounds|kg) |weight )(?:unintentionally|without trying)\b"),
        ("fever", r"\bfevers?\b|\bchills\b|\bfebrile\b"),
        ("saddle anesthesia", r"\bsaddle(?: area| region)? (?:an(?:a)?esthesia|numbness|paresthesias?|sensory (?:loss|"
                              r"changes?))\b|\bperineal (?:numbness|an(?:a)?esthesia)\b|\bnumbness (?:in|of) the "
                              r"(?:saddle|perine\w*)\b|"
                              # as patients say it: "numb when I wipe", numbness "down there"
                              r"\bnumb(?:ness)?\b[^.;]{0,25}\bwhen (?:I|she|he|they|pt) wipes?\b|"
                              r"\bnumb(?:ness)?\W{1,3}down there\b|\b(?:groin|genital|perianal) numbness\b"),
        ("bowel or bladder dysfunction", r"\bbowel\b|\bbladder\b|\bincontinen\w*|\b(?-i:B&B|B/B)\b|"
                                         r"\burinary retention\b|\bretention of urine\b|\bdifficulty (?:urinating|"
                                         r"voiding|starting urination)\b|\burinary (?:hesitancy|frequency|urgency)\b|"
                                         r"\b(?:strain|trouble|difficulty)\w* to (?:start|begin|initiate) "
                                         r"(?:urinating|urination|voiding|the stream)\b"),
        ("cauda equina", r"\bcauda equina\b"),
        ("progressive neurological deficit", r"\b(?:progressive|progressing|worsening|increasing|spreading) (?:\w+ )?"
                                             r"(?:weakness|numbness|neuro(?:logical)? (?:deficits?|signs|symptoms))\b|"
                                             r"\bweakness (?:is )?(?:getting worse|worsening|progressing)\b|"
                                             r"\b(?:new|progressive) motor deficits?\b"),
        ("foot drop", r"\bfoot[- ]?drop\b|\bdrop[- ]?foot\b|\bsteppage gait\b|\bfoot slap\w*"),
        ("back pain", r"\b(?:low(?:er)? )?back pain\b|\b(?-i:LBP)\b"),
        ("mechanical symptoms", r"\bclick\w*|\block(?:ing|s|ed)\b|\bcatch(?:ing|es)\b|\bgiv(?:ing|es) way\b"),
        ("locked knee", r"\b(?:knee (?:is |was |gets |got |has been )?locked|locked knee|knee locks|knee locking|"
                        r"true locking)\b|\bunable to (?:fully )?(?:straighten|extend) (?:the |her |his |their |my )?knee\b"),
        ("cancer history", r"\b(?:history of|hx of|h/o|PMH(?: of| significant for|:)?|past medical history (?:of|"
                           r"significant for)|past) (?:\w+ ){0,2}?(?:cancer|ca|malignanc\w*|carcinoma|lymphoma|"
                           r"melanoma|myeloma|metasta\w*)\b|\bcancer survivor\b|\bmetastatic\b|"
                           r"\b(?:active|current) (?:\w+ )?cancer\b|\bchemo(?:therapy)?\b"),
        ("IV drug use", r"\bIV drug (?:use|abuse)\b|\b(?-i:IVDU|IVDA)\b|\bintravenous drug (?:use|abuse)\b"),
        ("immunosuppression", r"\bimmuno-?(?:suppress\w*|compromised)\b|\b(?:long-term|chronic) (?:oral )?"
                              r"(?:steroids?|corticosteroids?|prednisone)\b"),
        # Ottawa ankle/foot/knee rules: weight bearing, bony tenderness at the named sites
        ("unable to bear weight", r"\b(?:unable|inability|not able|cannot|can't|could not|couldn't) (?:to )?"
                                  r"(?:bear|put|take) (?:any |full )?weight\b|\b(?:unable|inability) to weight[- ]?bear\b|"
                                  r"\bunable to (?:take|walk) (?:4|four) steps\b"),
        ("bony tenderness", r"\b(?:bony|point|focal) tenderness\b|\b(?:malleolar|navicular) tenderness\b|"
                            r"(?<!non-)(?<!non)\b(?:tender(?:ness)?|TTP)\b[^.;,]{0,30}?\b(?:malleol\w*|navicular|"
                            r"(?:base of (?:the )?)?(?:5th|fifth) (?:metatarsal|MT)|fibular head)\b"),
        ("Ottawa rule positive", r"\bOttawa (?:ankle |foot |knee )?rules?\b[^.;]{0,20}?(?:\bpositive\b|\(\+\)|\+|\bmet\b)|"
                                 r"\b(?:positive|\(\+\)) Ottawa\b"),
        ("gross instability", r"\bgross(?:ly)? (?:instability|unstable|laxity|lax)\b|\bfrank(?:ly)? (?:instability|unstable)\b"),
        ("DVT signs", r"\bcalf (?:pain (?:and|or|/|with) )?(?:swelling|tenderness|warmth|redness|edema)\b|"
                      r"\bswollen calf\b|\bHoman'?s\b|"
                      r"\b(?-i:DVT)\b(?! (?:prophylaxis|ppx|precautions|risk|prevention))|\bdeep vein thrombosis\b|"
                      r"\bpulmonary embol\w*|\b(?-i:PE)\b(?= (?:symptoms|signs))"),
        ("chest pain", r"\bchest (?:pain|pressure|tightness)\b|\bangina\b"),
        ("shortness of breath", r"\bshortness of breath\b|\b(?-i:SOB)\b|\bdyspnea\b"),
        # cervical arterial dysfunction (VBI): dizziness, drop attacks, the other D's and N's
        ("dizziness", r"\bdizz(?:y|iness)\b|\bvertigo\b|\blight-?headed(?:ness)?\b"),
        ("drop attacks", r"\bdrop attacks?\b"),
        ("VBI signs", r"\b(?-i:VBI)\b|\bvertebrobasilar\b|\bcervical arterial dysfunction\b|\bdiplopia\b|"
                      r"\bdouble vision\b|\bdysarthria\b|\bdysphagia\b|\bnystagmus\b"),
        # cervical myelopathy: symptoms in both arms or legs, hand clumsiness, upper motor neuron signs
        ("bilateral paresthesia", r"\b(?:bilateral|both|B/L|bilat) (?:hands?|arms?|UEs?|upper extremities|feet|legs?|"
                                  r"LEs?|lower extremities) (?:numbness|tingling|paresthesias?)\b|\b(?:numbness|tingling|"
                                  r"paresthesias?)(?: and (?:numbness|tingling))? (?:in|of|into) (?:both|bilateral|B/L|bilat) "
                                  r"(?:hands|arms|UEs|upper extremities|feet|legs|LEs|lower extremities)\b|"
                                  r"\b(?:numbness|tingling|paresthesias?) (?:in |of )?(?:hands|arms|feet|legs) bilaterally\b"),
        ("myelopathy signs", r"\bmyelopath\w*|\bclumsy hands?\b|\b(?:hand )?clumsiness\b|\bdropping (?:objects|things)\b|"
                             r"\bhyper-?reflexi\w*|\bHoffmann?'?s?\b|\bBabinski\b|\b(?:sustained )?clonus\b|"
                             r"\bL'?hermitte'?s?\b")],
}

# Narrative kinds: words of a plan (no event is narrated), and the reason given for a gap.
PLANNING = r"\b(?:goals?|STG|LTG|expected|anticipated|plans? to|will)\b"
REASON = r"\b(?:due to|because(?: of)?|secondary to|d/t)\s+([^,;.]{1,60})"
# A visit number: "Visit #2", "tx 5 of 12".
VISIT = (r"\b(?:visit|treatment|session|tx)\s*(?:#|no\.?|number)?\s*(\d{1,3})(?:\s*(?:/|of)\s*(\d{1,3}))?"
         r"(?![\d/%:-])(?!\s*(?:x\b|times|visits|weeks|days))")

# Imaging: modalities (name, pattern), and words for positive, negative, equivocal and planned results;
# ultrasound given as a treatment, and imaging not done.
MODALITIES = [
    ("radiograph", r"\bx-?rays?\b|\bradiograph\w*|\b(?-i:XR)\b|\bplain films?\b"),
    ("MRI", r"\b(?-i:MRI|MRA)s?\b|\bmagnetic resonance\b|\bMR arthrogra\w*"),
    ("CT", r"\b(?-i:CT)\b|\bcomputed tomography\b|\bCAT scan\b"), ("ultrasound", r"\bultrasound\b|\bsonogra\w*")]
POSITIVE = (r"\b(?:tear|torn|fracture|(?-i:OA)|osteoarthritis|arthritis|arthrosis|arthritic|(?-i:FAI)|"
            r"impingement|cam|pincer|dysplasia|effusion|degenerat\w*|bursitis|tendin(?:opathy|osis|itis)|"
            r"avascular|(?-i:AVN)|osteonecrosis|stress reaction|lesion|mass|narrowing|osteophytes?|"
            r"spurs?|cyst|edema|abnormal\w*)\b")
NEGATIVE = r"\b(?:negative|unremarkable|normal|(?-i:WNL)|within normal limits)\b"
EQUIVOCAL = (r"\b(?:equivocal|inconclusive|indeterminate|possible|questionable|suspicious for|"
             r"cannot (?:be )?rule[ds]? out)\b")
PLANNED = (r"\b(?:order(?:ed)?|recommend(?:ed)?|refer(?:red)?|pending|scheduled|will|consider|"
           r"request(?:ed)?)\b")
TREATMENT_US = r"MHz|W/cm|therapeutic ultrasound|phonophoresis"
NOT_DONE = r"\W*(?:none|not (?:done|performed|obtained|available))\b"
