"""The 29-respondent check case of the SKM method (IKM 91,48; docs/methodology.md), as plain values for any test layer."""

# Per element, how many respondents answered 4, 3 and 2.
CHECK_CASE_COUNTS = {
    "U1": (18, 11, 0),
    "U2": (14, 15, 0),
    "U3": (15, 12, 2),
    "U4": (29, 0, 0),
    "U5": (15, 14, 0),
    "U6": (18, 11, 0),
    "U7": (19, 10, 0),
    "U8": (18, 11, 0),
    "U9": (28, 1, 0),
}


def check_case_answers() -> list[dict[str, int]]:
    """29 answer sets, one per respondent, every element answered."""
    columns = {
        code: [4] * fours + [3] * threes + [2] * twos
        for code, (fours, threes, twos) in CHECK_CASE_COUNTS.items()
    }
    return [{code: columns[code][i] for code in columns} for i in range(29)]
