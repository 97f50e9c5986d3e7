"""District maps: a choropleth of the nine 2019 districts, drawn offline from the boundary file.

The boundaries are read with the json module and drawn as matplotlib polygons: no tile server, no
network, no GIS stack. Values come from a query result grouped by district, harmonised to the 2019
districts; units of former Sóc Trăng and Hậu Giang, which have no polygon here, are listed under
the map instead of being dropped. Colours are classes (quantiles of the nine values, or fixed
breaks), so the legend says which range each colour stands for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from ._charts import MEASURES, new_figure, set_footer
from ._disclosure import refusal
from ._districts import districts
from ._errors import InvalidFilterError, UnknownFieldError, unknown_value
from ._figure import check_table, figure_of, note_drawn, set_title, table_lang
from ._kinds import KINDS, counts_people
from ._labels import is_published, measure_text, population_note, text, without_axis
from ._paths import REFERENCE_DIR
from ._text import format_number
from ._units import AREA_GROUPS, BOUNDARY_FILE
from ._words import MAP as WORDS

VALUES = ("count", "rate", "intensity")
# Victim counts below this are withheld in publish mode (the disclosure threshold k).
PUBLISH_MIN_COUNT = 5
NO_DATA_COLOUR = "#d9d9d9"
WITHHELD_COLOUR = "#f0f0f0"
NOT_SELECTED_COLOUR = "#bdbdbd"  # outside the filters: not a count of 0, so no class and no number
# Sequential palettes: blue for awareness work, orange-red for victims (as in the charts).
CMAPS = {name: kind.colours for name, kind in KINDS.items()}


@dataclass(frozen=True, slots=True)
class DistrictShape:
    code: int
    name: str
    rings: tuple[np.ndarray, ...]  # outer rings, (n, 2) arrays of lon, lat

    @property
    def label_point(self) -> tuple[float, float]:
        """The centroid of the largest ring, or where that falls outside the ring (a bent
        district), the middle of the widest stretch of the ring across the centroid's latitude."""
        ring = max(self.rings, key=lambda r: abs(_area(r)))
        x, y = ring[:, 0], ring[:, 1]
        cross = x * np.roll(y, -1) - np.roll(x, -1) * y
        area = cross.sum() / 2
        cx = float(((x + np.roll(x, -1)) * cross).sum() / (6 * area))
        cy = float(((y + np.roll(y, -1)) * cross).sum() / (6 * area))
        if MplPath(ring).contains_point((cx, cy)):
            return cx, cy
        x2, y2 = np.roll(x, -1), np.roll(y, -1)
        crossing = (y - cy) * (y2 - cy) < 0
        at = x[crossing] + (cy - y[crossing]) * (x2[crossing] - x[crossing]) / (y2[crossing] - y[crossing])
        at = np.sort(at)
        spans = list(zip(at[::2], at[1::2], strict=False))
        low, high = max(spans, key=lambda span: span[1] - span[0])
        return float((low + high) / 2), cy


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float((x * np.roll(y, -1) - np.roll(x, -1) * y).sum() / 2)


@cache
def district_shapes() -> tuple[DistrictShape, ...]:
    """The nine districts' outlines from `data/reference/cantho_districts_2019.geojson`."""
    collection = json.loads((REFERENCE_DIR / BOUNDARY_FILE).read_text(encoding="utf-8"))
    names = {d.code: d.name_vi for d in districts()}
    shapes = []
    for feature in collection["features"]:
        code = int(feature["properties"]["gso_code"])
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        # Outer rings only: the 2019 district polygons have no holes worth drawing at this scale.
        rings = tuple(np.asarray(polygon[0], dtype=float) for polygon in polygons)
        shapes.append(DistrictShape(code, names[code], rings))
    return tuple(sorted(shapes, key=lambda s: s.code))


# A spread (highest above lowest) under this share of the lowest value is a narrow range: quantile
# classes would stretch the whole colour scale over differences of a few percent.
NARROW_SPREAD = 0.25
NARROW_CLASSES = 3


def spread(values: Sequence[float]) -> float | None:
    """How far the highest value is above the lowest, as a share of the lowest (0.12 = 12%);
    None with no values or a lowest value of 0 or less (no share to speak of)."""
    present = [float(v) for v in values if v == v]
    if not present or min(present) <= 0:
        return None
    return (max(present) - min(present)) / min(present)


def class_breaks(
    values: Sequence[float],
    classes: int = 5,
    breaks: Sequence[float] | None = None,
    whole: bool = False,
    decimals: int | None = None,
) -> list[float]:
    """Class edges, lowest first: the given fixed breaks, or quantiles of the values (ties merged).

    `whole` (counts of people): quantile edges rounded up to whole numbers and merged, so classes
    are whole ranges that never share a number ('6', '7', '8–11', never '6 – 6', '6 – 7').
    `decimals` does the same at that many decimals (rates written as whole numbers: 0), for values
    classed as written. Quantile classes over a narrow range (the highest less than `NARROW_SPREAD`
    above the lowest) are at most `NARROW_CLASSES`: the map's legend says the differences are small."""
    if breaks is not None:
        edges = sorted(float(b) for b in breaks)
        if len(edges) < 2:
            raise InvalidFilterError(
                f"breaks need at least two edges, not {list(breaks)!r}.", given=list(breaks)
            )
        return edges
    present = np.asarray([v for v in values if v == v], dtype=float)  # NaN is no data
    if classes < 1:
        raise InvalidFilterError(f"classes must be at least 1, not {classes}.", given=classes)
    if len(present) == 0:
        return [0.0, 0.0]
    narrow = spread(present.tolist())
    if narrow is not None and narrow < NARROW_SPREAD:
        classes = min(classes, NARROW_CLASSES)
    quantiles = np.unique(np.quantile(present, np.linspace(0, 1, classes + 1)))
    if whole:
        decimals = 0
    if decimals is not None:
        step = 10.0**decimals
        quantiles = np.unique(np.round(np.ceil(np.round(quantiles * step, 9)) / step, decimals))
    return [float(e) for e in quantiles] if len(quantiles) > 1 else [float(quantiles[0])] * 2


def classify(values: Sequence[float], edges: Sequence[float]) -> list[int | None]:
    """The class (0-based) of each value; None for no data. Values on an edge go to the upper
    class except the top edge, which closes the last class; values outside fixed breaks are clipped."""
    inner = np.asarray(edges[1:-1], dtype=float)
    last = max(len(edges) - 2, 0)
    return [None if v != v else min(int(np.searchsorted(inner, v, side="right")), last) for v in values]


def district_map(
    data: pd.DataFrame,
    measure: str | None = None,
    *,
    value: str = "count",
    classes: int = 5,
    breaks: Sequence[float] | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
    meta: Mapping[str, str] | None = None,
    notes: Iterable[str] = (),
    publish: bool = False,
    k: int = PUBLISH_MIN_COUNT,
    selected: Iterable[int] | None = None,
) -> Axes:
    """A choropleth of a table grouped `by="district"`: counts, rates per 100,000 or intensity.

    `value`: 'count' (the measure as is), 'rate' (per 100,000 estimated population) or
    'intensity' (awareness attendees per 100,000; needs an events table). Classes are quantiles of
    the nine values, or `breaks` (edges, lowest first). A publish-mode table (from
    `wb.connect(mode="publish")`) is drawn as published: every cell it marks withheld in its
    `<measure>_status` column is hatched with its mark and no number, and no victim count below `k`
    (0 included) is ever written. `publish=True` on any other table is refused: a map that says it
    is published shows only what publish mode releases (its complementary suppression and release
    register included), never counts withheld here alone. Returns the Axes; export it with
    `wb.export_figure`. `selected` (district codes) draws every other district as not selected:
    grey, no number, not in any class (a table `complete=True` holds them as 0, not as counts).
    """
    lang = table_lang(data, lang)
    check_table(data, "A district map")
    if "district_code" not in data.columns:
        raise UnknownFieldError(
            "A district map needs a table grouped by 'district'; this one has columns "
            f"{', '.join(data.columns)}."
        )
    if value not in VALUES:
        raise unknown_value(InvalidFilterError, "map value", value, VALUES)
    kind = data.attrs.get("kind", "events")
    if value == "intensity":
        if kind != "events":
            raise InvalidFilterError(
                "Awareness intensity is attendees per 100,000: it needs an events table."
            )
        measure = "attendees"
    measure = _measure(data, measure, kind)
    known = {s.code for s in district_shapes()} | set(AREA_GROUPS)
    strange = sorted(set(data["district_code"].astype("int64")) - known)
    if strange:
        raise InvalidFilterError(
            f"A district map draws the 2019 districts, but this table has places {strange[:5]} recorded "
            "after the reform: query it with geography='harmonised'."
        )
    from_publish = is_published(data)  # as publish mode handed it over, not only saying so
    if publish and not from_publish:
        # Withholding small cells here alone would publish true zeros and leave the withheld
        # districts recoverable from a published total: only publish mode releases counts.
        raise refusal(
            "map_not_published",
            {"mode": repr(data.attrs.get("mode", "unknown"))},
            lang,
            given=data.attrs.get("mode"),
            valid=("publish",),
            closest="publish",
        )
    by_code = dict(zip(data["district_code"].astype("int64"), data[measure].astype(float), strict=True))
    publish = from_publish
    population = {d.code: d.population for d in districts()}
    shapes = district_shapes()
    counts = [by_code.get(s.code, 0.0) for s in shapes]  # a district missing from the table had none
    shown = [
        c / population[s.code] * 100_000 if value != "count" else c
        for s, c in zip(shapes, counts, strict=True)
    ]
    # A publish-mode result says itself which cells it withheld (`<measure>_status`). As a second
    # fence, a people count below k (0 included, or a district the table does not hold) is never
    # written on a published map, whatever the status says.
    status = dict(zip(data["district_code"].astype("int64"), data.get(f"{measure}_status", []), strict=False))
    # How a withheld count is written ('<5', 'x'): the table's own mark, never '–' (which reads as none).
    marks = dict(zip(data["district_code"].astype("int64"), data.get(f"{measure}_display", []), strict=False))
    withheld = [
        (publish and counts_people(kind) and not c >= k)
        or status.get(s.code, "published") not in ("published", None)
        for s, c in zip(shapes, counts, strict=True)
    ]
    chosen = None if not selected else {int(c) for c in selected}
    left_out = [chosen is not None and s.code not in chosen for s in shapes]
    shown = [float("nan") if out else v for v, out in zip(shown, left_out, strict=True)]
    withheld = [w and not out for w, out in zip(withheld, left_out, strict=True)]
    if value == "count":
        # Harmonised shares are fractional: events keep one decimal, victims are whole people.
        whole = counts_people(kind) or all(float(c).is_integer() or c >= 100 for c in shown if c == c)
        decimals = 0 if whole else 1
    else:
        decimals = 0 if max((c for c in shown if c == c), default=0) >= 100 else 1
    # Whole counts (victims, or events that are all whole) get whole, non-overlapping classes.
    integers = (
        value == "count"
        and breaks is None
        and (counts_people(kind) or all(float(c).is_integer() for c in shown if c == c))
    )
    # Classed as written: a harmonised share of 7,6 victims shows as 8 and sits in 8's class, a
    # rate written 16.072 in 16.072's class (the legend's ranges never share a number).
    places = 0 if integers else decimals
    classed = [
        float(np.floor(v * 10**places + 0.5) / 10**places) if breaks is None and v == v else v for v in shown
    ]
    drawn = [v for v, w in zip(classed, withheld, strict=True) if not w and v == v]  # left out: NaN
    edges = class_breaks(
        drawn, classes, breaks, whole=integers, decimals=None if breaks is not None else places
    )
    klass = classify(classed, edges)
    palette = mpl.colormaps[CMAPS.get(kind, "Blues")]
    n_classes = max(len(edges) - 1, 1)
    colours = [palette(0.2 + 0.75 * i / max(n_classes - 1, 1)) for i in range(n_classes)]

    owned = ax is None
    if ax is None:
        _, (ax,) = new_figure((7.5, 7.0))
    faces = []
    for k_, w, out in zip(klass, withheld, left_out, strict=True):
        face = WITHHELD_COLOUR if w else NO_DATA_COLOUR if k_ is None else colours[k_]
        faces.append(NOT_SELECTED_COLOUR if out else face)
    rings, ring_faces, ring_codes = [], [], []
    for shape, face in zip(shapes, faces, strict=True):
        for ring in shape.rings:
            rings.append(ring)
            ring_faces.append(face)
            ring_codes.append(shape.code)
    collection = PolyCollection(rings, facecolors=ring_faces, edgecolors="#555555", linewidths=0.6)
    collection.set_gid("districts")
    collection.district_codes = ring_codes  # type: ignore[attr-defined]  # which district each polygon draws, for readers and tests
    ax.add_collection(collection)
    if any(withheld):
        hatched = [r for r, code in zip(rings, ring_codes, strict=True) if withheld[_index(shapes, code)]]
        ax.add_collection(PolyCollection(hatched, facecolors="none", edgecolors="#999999", hatch="///", lw=0))
    for shape, number, w, face, out in zip(shapes, shown, withheld, faces, left_out, strict=True):
        x, y = shape.label_point
        written = (
            (marks.get(shape.code) or f"<{k}") if w else format_number(number, lang=lang, decimals=decimals)
        )
        figure_text = f"{shape.name}\n{written}"
        figure_text = shape.name if out else figure_text
        ax.text(
            x,
            y,
            figure_text,
            ha="center",
            va="center",
            fontsize=7.5,
            color=label_colour(face),
            gid=f"label-{shape.code}",
        )
    all_points = np.concatenate(rings)
    ax.set_xlim(all_points[:, 0].min() - 0.02, all_points[:, 0].max() + 0.02)
    ax.set_ylim(all_points[:, 1].min() - 0.02, all_points[:, 1].max() + 0.02)
    # Degrees of longitude are shorter than degrees of latitude by cos(latitude).
    ax.set_aspect(1 / np.cos(np.radians(all_points[:, 1].mean())))
    ax.set_axis_off()
    # Only the classes some district on the map falls in (withheld and left-out districts have none).
    used = {
        k_
        for k_, w, out in zip(klass, withheld, left_out, strict=True)
        if k_ is not None and not w and not out
    }
    handles = [
        Patch(
            facecolor=colours[i],
            edgecolor="#555555",
            label=_range_label(edges, i, lang, decimals, integers, fixed=breaks is not None),
        )
        for i in range(n_classes)
        if i in used
    ]
    if any(left_out):
        handles.append(
            Patch(facecolor=NOT_SELECTED_COLOUR, edgecolor="#555555", label=_word("not_selected", lang))
        )
    if any(k_ is None and not out and not w for k_, out, w in zip(klass, left_out, withheld, strict=True)):
        handles.append(Patch(facecolor=NO_DATA_COLOUR, edgecolor="#555555", label=_word("no_data", lang)))
    if any(withheld):
        # An 'x' (withheld to protect another cell) may hold any number: the legend says so.
        any_x = any(
            w and (marks.get(s.code) or f"<{k}") != f"<{k}" for s, w in zip(shapes, withheld, strict=True)
        )
        label = _word("withheld_any" if any_x else "withheld", lang).format(k=k)
        handles.append(Patch(facecolor=WITHHELD_COLOUR, edgecolor="#999999", hatch="///", label=label))
    method = _word("classes_fixed" if breaks is not None else "classes_quantile", lang)
    narrow = _spread_note(drawn, lang) if breaks is None else None
    if narrow:
        method = f"{method}\n{narrow}"
    title = _value_title(measure, value, lang, data)
    ax.legend(
        handles=handles,
        # No district coloured by a class (all withheld, say): no classes to say how they were made.
        title=f"{title}\n{method}" if used else title,
        loc="upper right",
        fontsize=7.5,
        title_fontsize=7.5,
        frameon=False,
    )
    heading = f"{_value_title(measure, value, lang, data)} {_word('map_title', lang)}"
    # On a map of its own, a second line with the period and the selection (as the charts have).
    set_title(ax, heading, data, owned, lang)
    victims = counts_people(kind)
    outside = (
        _outside(data, measure, lang, publish and victims, k, whole=victims)
        if value == "count"
        else _outside_no_rate(data, lang)
    )
    if outside:
        # Broken at its parts, short of the attribution in the other corner.
        outside = outside.replace("): ", "):\n", 1).replace(" — ", "\n— ")
        ax.text(0.0, 0.0, outside, transform=ax.transAxes, fontsize=7, va="bottom", gid="outside")
    ax.text(
        1.0,
        0.0,
        _word("attribution", lang),
        transform=ax.transAxes,
        fontsize=6.5,
        ha="right",
        va="bottom",
        color="#444444",
        gid="attribution",
    )
    if owned:
        extra = [_word("attribution", lang), *notes]
        # A publish-mode table states its rule in the footer itself (once); a table withheld here
        # by `publish` gets the map's own rule.
        protected = data.attrs.get("protected")
        if (protected is None or not hasattr(protected, "rule")) and any(withheld):
            extra.insert(0, _word("withheld", lang).format(k=k))
        if value != "count":
            extra.insert(0, population_note(lang))
        # A map drawn with publish=True shows protected counts: not internal, whatever the table.
        # No axis on a map: the footer leaves out how a chart draws a withheld cell at its axis. The
        # data version comes from the table when `meta` is not given.
        set_footer(figure_of(ax), without_axis(data), meta, lang, extra, internal=False if publish else None)
        _fit_title(ax)
    if not publish:  # a map drawn with publish=True shows protected counts
        note_drawn(ax, data)
    return ax


def _fit_title(ax: Axes) -> None:
    """Make the figure taller while its title is cut off at the top: a map keeps its shape (equal
    aspect), so with a long footer the layout has no room left for the title and pushed it off
    the figure (a review saw the victims map's first title line cut in half)."""
    figure = figure_of(ax)
    for _ in range(4):
        figure.canvas.draw()  # the layout engine runs at draw time
        top = ax.title.get_window_extent().y1
        over = top - figure.bbox.height
        if over <= 0:
            return
        figure.set_figheight(figure.get_figheight() + over / figure.dpi + 0.3)


def label_colour(face) -> str:
    """White on a dark fill, black on a light one: by the fill's relative luminance (WCAG), so
    a label keeps a contrast of at least about 4.5:1 on every class colour."""
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in mpl.colors.to_rgb(face)
    )
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    # Equal contrast with white and black at about 0.18: above it black reads better.
    return "black" if luminance > 0.18 else "white"


def _index(shapes: tuple[DistrictShape, ...], code: int) -> int:
    return next(i for i, s in enumerate(shapes) if s.code == code)


def _measure(data: pd.DataFrame, measure: str | None, kind: str) -> str:
    valid = [m for m in MEASURES.get(kind, ()) if m in data.columns]
    if measure is None:
        if not valid:
            raise UnknownFieldError(f"No measure in this table; columns: {', '.join(data.columns)}.")
        return valid[0]
    if measure not in data.columns:
        raise unknown_value(
            UnknownFieldError, "measure", measure, valid, lead=f"No measure {measure!r} in this table"
        )
    return measure


def _word(key: str, lang: str) -> str:
    vi, en = WORDS[key]
    return vi if lang == "vi" else en


def _value_title(measure: str, value: str, lang: str, data: pd.DataFrame) -> str:
    if value == "intensity":
        return text("intensity", lang)
    if value == "rate":
        return f"{measure_text(measure, data, lang)} {text('rate', lang)}"
    return measure_text(measure, data, lang)


def _range_label(
    edges: Sequence[float], i: int, lang: str, decimals: int, integers: bool = False, fixed: bool = False
) -> str:
    """A class's range as written on the map, never sharing a number with the next class: a class
    holds its low edge up to the next class's low less one step of the numbers written (1, or 0,1
    at one decimal); the last holds its top ('15.856–16.071', '16.072–16.243')."""
    places = 0 if integers else decimals
    step = 10.0**-places
    low, high = edges[i], edges[i + 1]
    if fixed:  # the caller's own edges, values classed unrounded: written as given
        written = [format_number(e, lang=lang, decimals=decimals) for e in dict.fromkeys((low, high))]
        return " – ".join(written)
    high = high if i == len(edges) - 2 else round(high - step, places)
    if high <= low:
        return format_number(low, lang=lang, decimals=places)
    return (
        f"{format_number(low, lang=lang, decimals=places)}–{format_number(high, lang=lang, decimals=places)}"
    )


def _spread_note(values: Sequence[float], lang: str) -> str | None:
    """The legend's line for quantile classes over a narrow range: how small the differences are."""
    share = spread(values)
    if share is None or share >= NARROW_SPREAD:
        return None
    return _word("small_spread", lang).format(share=format_number(share * 100, lang=lang))


def _outside_no_rate(data: pd.DataFrame, lang: str) -> str:
    """Under a rate map, the area groups in the table named with no number: they have no
    population denominator here, and a raw count beside rates would read as one."""
    codes = sorted(set(data["district_code"].astype("int64")) & set(AREA_GROUPS))
    if not codes:
        return ""
    areas = ", ".join(AREA_GROUPS[int(code)][0 if lang == "vi" else 1] for code in codes)
    return _word("outside_no_rate", lang).format(areas=areas)


def _outside(data: pd.DataFrame, measure: str, lang: str, publish: bool, k: int, whole: bool = False) -> str:
    """'Ngoài bản đồ: Khu vực Hậu Giang cũ 34; ...' for the area groups, once the table holds any.

    Every former province is listed, the ones the table does not hold too (they had none): a list
    that names one and leaves the other out tells its reader the missing one is 0, which a
    published map may not say (there it is withheld as any count below k)."""
    codes = data["district_code"].astype("int64")
    rows = data[codes.isin(list(AREA_GROUPS))]
    if rows.empty:
        return ""
    missing = [code for code in AREA_GROUPS if code not in set(codes)]
    if missing:
        rows = pd.concat(
            [rows, pd.DataFrame({"district_code": missing, measure: [0.0] * len(missing)})],
            ignore_index=True,
        )
        rows = rows.sort_values("district_code", kind="stable")
    parts = []
    marks = rows.get(f"{measure}_display", pd.Series([None] * len(rows), index=rows.index))
    statuses = rows.get(f"{measure}_status", pd.Series(["published"] * len(rows), index=rows.index))
    for code, number, mark, status in zip(
        rows["district_code"].astype("int64"), rows[measure].astype(float), marks, statuses, strict=True
    ):
        name = AREA_GROUPS[int(code)][0 if lang == "vi" else 1]
        # A group the table did not hold has no status nor mark of its own (its count is 0).
        status = None if pd.isna(status) else status
        mark = None if pd.isna(mark) else mark
        if status not in ("published", None) or (publish and not number >= k):
            shown = mark or f"<{k}"  # withheld as everywhere ('–' would read as none)
        else:
            shown = format_number(number, lang=lang, decimals=0 if whole or number.is_integer() else 1)
        parts.append(f"{name}: {shown}")
    return f"{_word('outside', lang)}: " + "; ".join(parts)
