"""District maps: nine districts drawn, the right colour classes, labels, legend, attribution, export."""

import itertools
import json
import re

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

import workbench as wb
from workbench._labels import note_as_given
from workbench._maps import NO_DATA_COLOUR, NOT_SELECTED_COLOUR, WITHHELD_COLOUR, class_breaks, classify
from workbench._units import place_name
from workbench._words import MAP as WORDS

CODES = [d.code for d in wb.districts()]


def _table(values, kind="events", measure="attendees", extra=()) -> pd.DataFrame:
    """A small by-district result as the query helpers return it."""
    rows = list(zip(CODES, values, strict=True)) + list(extra)
    frame = pd.DataFrame(rows, columns=["district_code", measure])
    frame.insert(1, "district", [place_name(c) for c in frame["district_code"]])
    frame.attrs.update(kind=kind, geography="harmonised", filters=wb.Filters())
    return frame


def _faces(ax) -> dict[int, tuple]:
    """District code -> face colour of its polygons (all of a district's polygons agree)."""
    collection = next(c for c in ax.collections if c.get_gid() == "districts")
    faces: dict[int, set] = {}
    for code, face in zip(collection.district_codes, collection.get_facecolors(), strict=True):
        faces.setdefault(code, set()).add(tuple(np.round(face, 6)))
    assert all(len(f) == 1 for f in faces.values())
    return {code: next(iter(f)) for code, f in faces.items()}


def _rgba(colour) -> tuple:
    return tuple(np.round(to_rgba(colour), 6))


def test_map_draws_the_nine_districts_in_the_expected_fixed_classes():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    ax = wb.district_map(_table(values), breaks=[0, 3, 6, 9])
    faces = _faces(ax)
    assert sorted(faces) == CODES
    expected_class = {
        code: (0 if v < 3 else 1 if v < 6 else 2) for code, v in zip(CODES, values, strict=True)
    }
    by_class = {}
    for code, klass in expected_class.items():
        by_class.setdefault(klass, set()).add(faces[code])
    assert all(len(colours) == 1 for colours in by_class.values())  # one colour per class
    assert len({next(iter(c)) for c in by_class.values()}) == 3  # three different colours
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["0 – 3", "3 – 6", "6 – 9"]
    assert "ngưỡng cố định" in legend.get_title().get_text()
    # darker for more: the classes' colours get darker in order
    darkness = [sum(by_class[k].pop()[:3]) for k in (0, 1, 2)]
    assert darkness == sorted(darkness, reverse=True)


def test_labels_are_vietnamese_names_with_values_and_attribution_is_drawn():
    ax = wb.district_map(_table([10, 20, 30, 40, 50, 60, 70, 80, 1234]))
    labels = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid() and t.get_gid().startswith("label-")}
    assert labels["label-916"] == "Ninh Kiều\n10"
    assert labels["label-927"] == "Thới Lai\n1.234"
    assert labels["label-917"].startswith("Ô Môn")
    attribution = [t.get_text() for t in ax.texts if t.get_gid() == "attribution"]
    assert attribution == ["Ranh giới: gis.chinhphu.vn (qua dvhcvn)"]
    assert "Ranh giới: gis.chinhphu.vn (qua dvhcvn)" in wb.footer(ax.figure)
    # A table with no filters recorded: all years, the whole city.
    assert ax.get_title() == "Lượt người tham dự theo quận/huyện (ranh giới 2019)\nmọi năm · toàn thành phố"


def test_quantile_classes_put_every_class_to_use():
    values = [5, 1, 9, 3, 7, 2, 8, 4, 6]
    edges = class_breaks(values, classes=3)
    klass = classify(values, edges)
    assert sorted(set(klass)) == [0, 1, 2]
    assert [klass[values.index(v)] for v in (1, 5, 9)] == [0, 1, 2]
    ax = wb.district_map(_table(values), classes=3)
    assert len(set(_faces(ax).values())) == 3
    assert "phân vị" in ax.get_legend().get_title().get_text()


def test_ties_merge_classes_instead_of_inventing_empty_ones():
    assert classify([4] * 9, class_breaks([4] * 9, classes=5)) == [0] * 9
    ax = wb.district_map(_table([4] * 9))
    assert len(set(_faces(ax).values())) == 1


def test_rates_are_per_100000_estimated_population():
    ax = wb.district_map(_table([d.population for d in wb.districts()]), value="rate")
    labels = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label-")]
    assert all(label.endswith("\n100.000") for label in labels)
    assert "trên 100.000 dân" in ax.get_title()
    assert "ước tính" in wb.footer(ax.figure)  # the denominator says it is an estimate


def test_area_groups_are_listed_not_dropped():
    table = _table([1] * 9, extra=[(93, 12.0), (94, 30.0)])
    ax = wb.district_map(table)
    outside = next(t.get_text() for t in ax.texts if t.get_gid() == "outside")
    assert "Khu vực Hậu Giang cũ: 12" in outside and "Khu vực Sóc Trăng cũ: 30" in outside


@pytest.mark.parametrize(
    ("mode", "kind", "measure"),
    [(None, "victims", "victims"), ("internal", "victims", "victims"), ("internal", "events", "attendees")],
    ids=["no-mode-victims", "internal-victims", "internal-events"],
)
def test_publish_true_on_a_table_not_from_publish_mode_is_refused(mode, kind, measure):
    """A review found publish=True on an internal table printing a true 0 ('Bình Thủy 0'), with no
    complementary suppression and nothing in the release register."""
    table = _table([0, 1, 4, 5, 6, 7, 8, 9, 10], kind=kind, measure=measure)
    if mode:
        table.attrs["mode"] = mode
    with pytest.raises(wb.WorkbenchError, match=r'wb\.connect\(mode="publish"\)') as raised:
        wb.district_map(table, publish=True)
    assert isinstance(raised.value, PermissionError)  # a DisclosureError, also a builtin
    assert raised.value.valid == ("publish",) and raised.value.given == mode
    assert str(mode or "unknown") in str(raised.value)  # says what it was given
    unpublished = wb.district_map(table)  # internally the same table draws, exact
    assert _faces(unpublished)[917] != _rgba(WITHHELD_COLOUR)


def test_a_publish_mode_table_never_shows_a_count_below_k():
    """Even where a publish-mode table's status says 'published', no people count below k (0
    included) is written: 0 would be a true zero, and a district absent from the table too."""
    table = _table([0, 1, 4, 5, 6, 7, 8, 9, 10], kind="victims", measure="victims", extra=[(93, 0.0)])
    table["victims_status"] = "published"
    table.attrs["mode"] = "publish"
    with pytest.raises(wb.DisclosureError):  # saying it is publish mode's is not enough
        wb.district_map(table, publish=True)
    note_as_given(table, published=True)  # as publish mode seals what it hands over
    ax = wb.district_map(table, publish=True)
    faces = _faces(ax)
    assert faces[916] == faces[917] == faces[918] == _rgba(WITHHELD_COLOUR)  # 0, 1 and 4
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels["label-916"] == "Ninh Kiều\n<5" and labels["label-917"] == "Ô Môn\n<5"
    assert labels["label-919"] == "Cái Răng\n5"
    # Sóc Trăng's area has no row: listed withheld, not left out (which would say it is 0).
    assert "Khu vực Hậu Giang cũ: <5" in labels["outside"] and "Khu vực Sóc Trăng cũ: <5" in labels["outside"]
    assert "Ẩn (số nhỏ hơn 5)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_cells_a_publish_mode_table_withheld_stay_withheld():
    table = _table([np.nan, 6, 7, 8, 9, 10, 11, 12, 13], kind="victims", measure="victims")
    table["victims_status"] = ["primary"] + ["published"] * 8
    ax = wb.district_map(table)
    assert _faces(ax)[916] == _rgba(WITHHELD_COLOUR)
    assert {t.get_gid(): t.get_text() for t in ax.texts}["label-916"] == "Ninh Kiều\n<5"


def test_missing_values_are_grey_and_said_so():
    table = _table([1.0, np.nan, 3, 4, 5, 6, 7, 8, 9])
    ax = wb.district_map(table)
    assert _faces(ax)[917] == _rgba(NO_DATA_COLOUR)
    assert "Không có số liệu" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_english_map_keeps_vietnamese_place_names():
    ax = wb.district_map(_table(list(range(1, 10))), lang="en")
    assert ax.get_title() == "Attendees by district (2019 boundaries)\nall years · whole city"
    assert any(t.get_text().startswith("Cờ Đỏ") for t in ax.texts)
    # the boundaries' source in English too: it was the map's one Vietnamese line
    attribution = [t.get_text() for t in ax.texts if t.get_gid() == "attribution"]
    assert attribution == ["Boundaries: gis.chinhphu.vn (via dvhcvn)"]
    assert "Boundaries: gis.chinhphu.vn" in wb.footer(ax.figure) and "Ranh giới" not in wb.footer(ax.figure)


@pytest.mark.parametrize(
    ("table", "kwargs", "error", "text"),
    [
        pytest.param(
            pd.DataFrame({"year": [2020], "events": [3]}),
            {},
            wb.UnknownFieldError,
            "grouped by 'district'",
            id="no-district",
        ),
        pytest.param(None, {"value": "rates"}, wb.InvalidFilterError, "did you mean 'rate'", id="value"),
        pytest.param(
            None, {"measure": "atendees"}, wb.UnknownFieldError, "did you mean 'attendees'", id="measure"
        ),
    ],
)
def test_bad_map_requests_say_what_is_valid(table, kwargs, error, text):
    table = _table(list(range(9))) if table is None else table
    with pytest.raises(error, match=text):
        wb.district_map(table, **kwargs)


def test_intensity_needs_events_and_recorded_units_need_harmonising(db):
    victims = db.victims(by="district")
    with pytest.raises(wb.InvalidFilterError, match="needs an events table"):
        wb.district_map(victims, value="intensity")
    recorded = db.events(years=(2025, 2026), by="district", geography="recorded")
    with pytest.raises(wb.InvalidFilterError, match="geography='harmonised'"):
        wb.district_map(recorded)


@pytest.mark.slow
def test_attendees_2016_2026_map_from_the_database_exports_like_any_figure(db, tmp_path):
    table = db.events(years=(2016, 2026), by="district")
    ax = wb.district_map(table, "attendees", value="intensity", meta=db.metadata)
    assert sorted(_faces(ax)) == CODES
    assert "Quy đổi về 9 quận/huyện năm 2019" in wb.footer(ax.figure)
    written = wb.export_figure(ax, tmp_path / "map", data=table, meta=db.metadata, formats=["svg"])
    assert [p.name for p in written] == ["map.svg", "map.svg.json"]
    sidecar = json.loads(written[1].read_text(encoding="utf-8"))
    assert sidecar["queries"][0]["geography"] == "harmonised"
    assert sidecar["queries"][0]["geography_note"] == table.attrs["geography_note"]
    assert "Ranh giới: gis.chinhphu.vn (qua dvhcvn)" in written[0].read_text(encoding="utf-8")
    assert all(p.stat().st_size > 0 for p in written)
    assert mpl.get_backend()  # drawing needed no display and no network


@pytest.mark.slow
def test_map_of_a_publish_mode_table_keeps_its_suppression_and_rule(db_path):
    with wb.connect(db_path, mode="publish") as published:
        table = published.victims(years=(2016, 2026), by="district")
    ax = wb.district_map(table)
    faces = _faces(ax)
    labels = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    for code, status in zip(table["district_code"], table["victims_status"], strict=True):
        if code in faces:
            assert (faces[code] == _rgba(WITHHELD_COLOUR)) == (status != "published")
            mark = table.loc[table["district_code"] == code, "victims_display"].iloc[0]
            assert labels[f"label-{code}"].endswith(f"\n{mark}")
            assert (mark in ("<5", "x")) == (status != "published")
    assert table.attrs["protected"].rule("vi") in wb.footer(ax.figure).replace("\n", " ")


def _classes(ax) -> list[set[int]]:
    """The whole numbers each numeric legend class stands for ('6' -> {6}, '8–11' -> {8..11})."""
    found = []
    for label in (t.get_text() for t in ax.get_legend().get_texts()):
        parts = label.replace(".", "").split("–")
        if all(p.strip().isdigit() for p in parts):
            low, high = int(parts[0]), int(parts[-1])
            found.append(set(range(low, high + 1)))
    return found


@pytest.mark.parametrize(
    "values, expected",
    [
        pytest.param([6, 6, 6, 7, 7, 7, 8, 9, 11], ["6", "7–8", "9–11"], id="reviewed-victims"),
        pytest.param([3, 3, 3, 3, 8, 8, 8, 8, 8], ["3", "4–8"], id="two-values"),
        pytest.param([4] * 9, ["4"], id="one-value"),
        pytest.param([1, 2, 3, 4, 5, 6, 7, 8, 9], None, id="spread"),
        pytest.param([0, 1, 2, 2, 2, 30, 31, 31, 200], None, id="skewed"),
    ],
)
def test_whole_count_quantile_classes_are_whole_ranges_that_never_overlap(values, expected):
    """The victim map's legend read '6 – 6', '6 – 7', '7 – 7', '7 – 8', '8 – 11'."""
    ax = wb.district_map(_table(values, kind="victims", measure="victims"))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    classes = _classes(ax)
    assert len(classes) == len(labels) and classes, labels
    for a, b in itertools.pairwise(classes):
        assert not a & b and max(a) < min(b), labels
    assert all(any(v in c for c in classes) for v in values), (values, labels)
    if expected is not None:
        assert labels == expected
    # Each district sits in the class whose range holds its number.
    faces, colours = _faces(ax), [h.get_facecolor() for h in ax.get_legend().legend_handles]
    for code, value in zip(CODES, values, strict=True):
        klass = next(i for i, c in enumerate(classes) if value in c)
        assert faces[code] == tuple(np.round(colours[klass], 6)), (code, value, labels)


def _luminance(colour) -> float:
    rgb = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgba(colour)[:3]]
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


@pytest.mark.parametrize("kind, measure", [("events", "attendees"), ("victims", "victims")])
def test_map_labels_read_on_every_class_colour(kind, measure):
    """Black on the darkest class (Thốt Nốt 27.548, Ninh Kiều 39.121) could not be read."""
    values = [1000, 5000, 9000, 13000, 17000, 21000, 27548, 39121, 30000]
    ax = wb.district_map(_table(values, kind=kind, measure=measure))
    faces = _faces(ax)
    for t in ax.texts:
        gid = t.get_gid() or ""
        if not gid.startswith("label-"):
            continue
        face, ink = faces[int(gid.removeprefix("label-"))], t.get_color()
        light, dark = sorted((_luminance(face), _luminance(ink)), reverse=True)
        contrast = (light + 0.05) / (dark + 0.05)
        assert contrast >= 4.5, f"{t.get_text()!r}: {ink} on {face}, contrast {contrast:.1f}"


def test_map_labels_are_anchored_inside_their_district():
    ax = wb.district_map(_table(list(range(1, 10))))
    shapes = {s.code: s for s in wb._maps.district_shapes()}
    for t in ax.texts:
        gid = t.get_gid() or ""
        if gid.startswith("label-"):
            shape = shapes[int(gid.removeprefix("label-"))]
            inside = any(mpl.path.Path(r).contains_point(t.get_position()) for r in shape.rings)
            assert inside, f"{t.get_text()!r} anchored outside its district"


@pytest.mark.parametrize(
    ("selected", "lang", "word"),
    [
        pytest.param([916, 925], "vi", "Không chọn", id="two-districts-vi"),
        pytest.param([927], "en", "Not selected", id="one-district-en"),
    ],
)
def test_districts_outside_the_selection_are_drawn_as_not_selected(selected, lang, word):
    values = [0 if code not in selected else 100 + i for i, code in enumerate(CODES)]
    values[CODES.index(next(c for c in CODES if c not in selected))] = 563  # held, but not chosen
    ax = wb.district_map(_table(values), lang=lang, selected=selected)
    faces = _faces(ax)
    labels = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("label-")}
    for code in CODES:
        if code in selected:
            assert faces[code] != _rgba(NOT_SELECTED_COLOUR)
            assert "\n" in labels[f"label-{code}"]
        else:
            assert faces[code] == _rgba(NOT_SELECTED_COLOUR)
            assert labels[f"label-{code}"] == place_name(code)  # the name alone: no 0, no 563
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == word
    assert not any("563" in text for text in legend)  # the district left out sets no class


def test_a_map_of_every_district_has_no_not_selected_entry():
    ax = wb.district_map(_table([1, 2, 3, 4, 5, 6, 7, 8, 9]), selected=())
    assert _rgba(NOT_SELECTED_COLOUR) not in _faces(ax).values()
    assert "Không chọn" not in [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.mark.parametrize(
    ("years", "publish"),
    [((2016, 2026), True), ((2016, 2026), False), ((2019, 2020), True)],
    ids=["across-the-reform-published", "across-the-reform-internal", "two-years-published"],
)
def test_a_map_with_a_long_footer_keeps_its_title_on_the_figure(db, db_path, years, publish):
    """A review saw the victims map of 2016-2026 (seven footer lines) with its title's first line
    cut off at the top of the image."""
    source = wb.connect(db_path, mode="publish") if publish else db
    victims = source.victims(years=years, by="district")
    ax = wb.district_map(victims, publish=publish, meta=source.metadata)
    figure = ax.figure
    figure.canvas.draw()
    title = ax.title.get_window_extent()
    assert title.y1 <= figure.bbox.height and title.y0 >= 0
    footer = next(t for t in figure.texts if t.get_gid() == "workbench-footer").get_window_extent()
    assert footer.y1 <= ax.get_window_extent().y0 + 1  # the footer under the map, not over it


def _shown_numbers(text: str) -> list[int]:
    """The counts a map text states: whole numbers not after '<' ('<5' states no count)."""
    return [int(n.replace(".", "")) for n in re.findall(r"(?<![<\d.])\d{1,3}(?:\.\d{3})*(?![\d.])", text)]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("years", [(2021, 2026), (2016, 2026)], ids=["after-2020", "all-years"])
def test_attack_a_published_victims_map_reveals_no_count_below_k(db, db_path, years, lang):
    """The attack on the published map: the map of victims, every label, the list under it and the
    legend read for a count below 5 (0 included: Bình Thủy had none in 2021-2026, as had former
    Sóc Trăng's area)."""
    exact = db.victims(years=years, by="district", lang=lang)
    with pytest.raises(wb.WorkbenchError, match="publish"):
        wb.district_map(exact, publish=True, lang=lang)
    with wb.connect(db_path, mode="publish") as published:
        victims = published.victims(years=years, by="district", lang=lang)
        ax = wb.district_map(victims, publish=True, lang=lang, meta=published.metadata)
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    labels = {gid: text for gid, text in texts.items() if gid.startswith("label-")}
    assert len(labels) == 9
    for gid, label in labels.items():
        written = label.split("\n")[1]
        assert written in ("<5", "x") or int(written.replace(".", "")) >= 5, (gid, label)
    outside = texts["outside"]
    for name in ("Hậu Giang", "Sóc Trăng"):  # both former provinces listed, neither as a number below 5
        shown = outside.split(name)[1].split(":")[1].split(";")[0].strip()
        assert shown in ("<5", "x") or int(shown.replace(".", "")) >= 5, outside
    withheld = {"Ẩn (số nhỏ hơn 5)", "Withheld (fewer than 5)"} | {
        word.format(k=5) for word in WORDS["withheld_any"]
    }
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(entry in withheld for entry in legend)  # some district is withheld, and said so
    for entry in legend:
        if entry not in withheld:
            assert all(n >= 5 for n in _shown_numbers(entry)), entry
    # The exact map of the same table does say 0 somewhere: the attack had something to find.
    exact_texts = [t.get_text() for t in wb.district_map(exact, lang=lang).texts]
    assert any(text.endswith("\n0") or ": 0" in text for text in exact_texts)


def _legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


NARROW_RATES = [15856.4, 15990.0, 16071.6, 16072.2, 16150.0, 16243.0, 16800.0, 17100.0, 17759.0]


@pytest.mark.parametrize(
    ("lang", "first", "note"),
    [
        ("vi", "15.856–", "Chênh lệch nhỏ: cao nhất hơn thấp nhất 12%"),
        ("en", "15,856–", "Small differences: the highest is 12% above the lowest"),
    ],
    ids=["vi", "en"],
)
def test_rate_classes_over_a_narrow_range_never_share_an_edge_and_say_the_spread_is_small(lang, first, note):
    """A review read '15.856 – 16.072 | 16.072 – 16.243' on a map whose colours spanned 12%."""
    population = {d.code: d.population for d in wb.districts()}
    table = _table([r * population[c] / 100_000 for r, c in zip(NARROW_RATES, CODES, strict=True)])
    ax = wb.district_map(table, value="rate", lang=lang)
    labels = _legend(ax)
    assert len(labels) <= 3 and labels[0].startswith(first), labels  # fewer classes, whole numbers
    ranges = [[int(n.replace(".", "").replace(",", "")) for n in label.split("–")] for label in labels]
    for (_, high), (low, _) in itertools.pairwise(ranges):
        assert low == high + 1, labels  # the next class starts one above: no number in two classes
    assert ranges[0][0] == 15856 and ranges[-1][-1] == 17759
    assert ax.get_legend().get_title().get_text().split("\n")[-1] == note
    # Every district's written rate lies in the range of its colour's class.
    faces, written = _faces(ax), {}
    for t in ax.texts:
        if (t.get_gid() or "").startswith("label-"):
            written[int(t.get_gid()[6:])] = int(
                t.get_text().split("\n")[-1].replace(".", "").replace(",", "")
            )
    handles = {
        label: tuple(np.round(h.get_facecolor(), 6))
        for label, h in zip(labels, ax.get_legend().legend_handles, strict=True)
    }
    for code, value in written.items():
        (label,) = [lab for lab, face in handles.items() if face == faces[code]]
        low, high = ranges[labels.index(label)]
        assert low <= value <= high, (code, value, label)


def test_a_wide_range_keeps_five_classes_and_no_small_spread_note():
    ax = wb.district_map(_table([10, 20, 30, 40, 50, 60, 70, 80, 1234]))
    assert len(_legend(ax)) == 5
    assert ax.get_legend().get_title().get_text().split("\n")[-1] == "Phân lớp theo phân vị"
    assert class_breaks([100.0, 101.0, 102.0, 103.0, 104.0, 105.0], classes=5, decimals=0)[-1] == 105.0


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_map_with_every_district_withheld_names_no_colour_classes(lang):
    """No district is coloured by a class: the legend says what is withheld, not how classes that
    are not drawn were made."""
    table = _table([1, 2, 3, 4, 1, 2, 3, 4, 1], kind="victims", measure="victims")
    table["victims_status"] = "primary"
    table.attrs["mode"] = "publish"
    note_as_given(table, published=True)
    title = wb.district_map(table, publish=True, lang=lang).get_legend().get_title().get_text()
    for key in ("classes_quantile", "classes_fixed"):
        assert WORDS[key][lang != "vi"] not in title
    shown = wb.district_map(_table(range(1, 10)), lang=lang).get_legend().get_title().get_text()
    assert WORDS["classes_quantile"][lang != "vi"] in shown  # a map with classes still says how
