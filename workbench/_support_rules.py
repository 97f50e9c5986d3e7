"""Who may receive which support: Law 53/2024/QH15 art. 37, in force from 1 July 2025.

Art. 37(1) lists the supports as items a–k; each of the workbench's support types is one of them.
Who receives which items:

- identified victims who are Vietnamese citizens (or stateless residents): all of a–k (cl. 1);
- people still being identified, in Viet Nam: a–g; abroad: a–d (cl. 3);
- foreign nationals trafficked in Viet Nam, victims or being identified: a, b, c, d, đ and g (cl. 4);
- people found not to be victims: none (they leave the process at verification).

Under-18s accompanying a victim receive a–h (cl. 2): the records hold no accompanying persons, so
that line is listed for reading and checked nowhere. Support records here are the city's own,
given in Viet Nam: the 'abroad' line is listed and not applied. Before 1 July 2025 the 2011 law
(art. 32, Decree 09/2013) applied; its rules are not checked here.
"""

from __future__ import annotations

import datetime as dt

from ._codes import CODESETS, COMMUNES_TOOK_OVER, SUPPORT_2024, SUPPORT_ITEM, UNKNOWN, label

IN_FORCE = COMMUNES_TOOK_OVER  # 1 July 2025, the same day as the reform
ARTICLE = "Luật 53/2024/QH15 Điều 37"
# The supports the 2024 law added (employment counselling, first-year health insurance,
# interpreting, legal support): none is given before it is in force.
ADDED_IN_2024 = frozenset(c.code for c in CODESETS["support_type"] if c.basis == SUPPORT_2024)

ITEMS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k")

# (recipient, its clause, the items it may receive, whether the records let it be checked)
RECIPIENTS = (
    ("victim", "khoản 1", ITEMS, True),
    ("accompanying_minor", "khoản 2", ITEMS[: ITEMS.index("h") + 1], False),
    ("being_identified_in_vn", "khoản 3", ITEMS[: ITEMS.index("g") + 1], True),
    ("being_identified_abroad", "khoản 3", ITEMS[: ITEMS.index("d") + 1], False),
    ("foreign_national", "khoản 4", ("a", "b", "c", "d", "đ", "g"), True),
)
RECIPIENT_LABELS = {
    "victim": ("Nạn nhân là công dân Việt Nam", "Victim, Vietnamese citizen"),
    "accompanying_minor": ("Người dưới 18 tuổi đi cùng nạn nhân", "Under-18 accompanying a victim"),
    "being_identified_in_vn": (
        "Người đang trong quá trình xác định là nạn nhân, ở trong nước",
        "Person being identified as a victim, in Viet Nam",
    ),
    "being_identified_abroad": (
        "Người đang trong quá trình xác định là nạn nhân, ở nước ngoài",
        "Person being identified as a victim, abroad",
    ),
    "foreign_national": (
        "Người nước ngoài bị mua bán tại Việt Nam",
        "Foreign national trafficked in Viet Nam",
    ),
}
_ITEMS_OF = {name: set(items) for name, _clause, items, _checked in RECIPIENTS}
# What a person still being identified may receive in Viet Nam (cl. 3), whatever their citizenship
# (cl. 4 gives a foreign national fewer).
BEING_IDENTIFIED_ITEMS = frozenset(_ITEMS_OF["being_identified_in_vn"])


def recipient(status: str, citizenship: str) -> str | None:
    """The art. 37 line a person falls under (in Viet Nam), or None when the law gives them no
    support ('not_victim') or the record cannot tell (an unknown status or citizenship)."""
    if status not in ("actual", "possible") or citizenship == UNKNOWN:
        return None if status == "not_victim" else UNKNOWN
    if citizenship != "VN":
        return "foreign_national"
    return "victim" if status == "actual" else "being_identified_in_vn"


def ineligible_reason(support_type: str, status: str, citizenship: str, on: dt.date) -> str | None:
    """Why art. 37 does not give `support_type` to this person on `on`, or None when it does (or
    cannot be judged: a date before 1 July 2025, an unknown type, status or citizenship)."""
    item = SUPPORT_ITEM.get(support_type)
    if on < IN_FORCE or item is None:
        return None
    # A person found not to be a victim was being identified until then, with the support khoản 3
    # (or 4) gives: the record keeps the outcome, not when it came, so that support is allowed.
    who = recipient("possible" if status == "not_victim" else status, citizenship)
    if who == UNKNOWN or who is None:
        return None
    if item in _ITEMS_OF[who]:
        return None
    clause = next(c for name, c, _items, _checked in RECIPIENTS if name == who)
    allowed = ", ".join(sorted(_ITEMS_OF[who], key=ITEMS.index))
    return (
        f"{ARTICLE} {clause} gives {RECIPIENT_LABELS[who][1].lower()} items {allowed} of khoản 1; "
        f"{support_type!r} is item {item}"
    )


def support_eligibility(lang: str = "vi"):
    """The art. 37 table as a DataFrame: a row per support type (its item of khoản 1) and a column
    per recipient, True where the law gives it. In force from 1 July 2025; the 2011 law before."""
    import pandas as pd

    rows = []
    for support_type, item in sorted(SUPPORT_ITEM.items(), key=lambda kv: (ITEMS.index(kv[1]), kv[0])):
        row: dict[str, str | bool] = {
            "support_type": support_type,
            "support_type_label": label("support_type", support_type, lang),
            "item": f"{ARTICLE} khoản 1 điểm {item}",
        }
        for name, _clause, items, _checked in RECIPIENTS:
            row[RECIPIENT_LABELS[name][0 if lang == "vi" else 1]] = item in items
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["in_force_from"] = IN_FORCE.isoformat()
    return frame
