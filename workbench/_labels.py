"""Words on figures, in Vietnamese (default) and English, and the one footer every figure carries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ._districts import districts
from ._query import KINDS
from ._units import geography_note

# key -> (Vietnamese, English)
TEXT: dict[str, tuple[str, str]] = {
    # measures, as axis labels
    "events": ("Số hoạt động tuyên truyền", "Awareness events"),
    "attendees": ("Lượt người tham dự", "Attendees"),
    "leaflets": ("Tờ rơi đã phát", "Leaflets handed out"),
    "victims": ("Số nạn nhân tiếp nhận", "Victims received"),
    "services": ("Lượt hỗ trợ", "Support services"),
    "victims_supported": ("Số nạn nhân được hỗ trợ", "Victims supported"),
    # groupings, as axis labels and title endings
    "year": ("Năm", "Year"),
    "district": ("Quận/huyện", "District"),
    "organiser": ("Đơn vị tổ chức", "Organiser"),
    "event_type": ("Loại hoạt động", "Event type"),
    "topic": ("Chủ đề", "Topic"),
    "sex": ("Giới tính", "Sex"),
    "age_band": ("Nhóm tuổi", "Age band"),
    "exploitation": ("Hình thức bóc lột", "Form of exploitation"),
    "destination": ("Nước bị đưa đến", "Destination country"),
    "reception_channel": ("Hình thức tiếp nhận", "Reception channel"),
    "support_type": ("Loại hỗ trợ", "Support type"),
    "trafficking_status": ("Tình trạng xác định nạn nhân", "Victim status"),
    "minor_status": ("Độ tuổi theo luật", "Age group under the law"),
    "under_16": ("Người dưới 16 tuổi", "Under 16"),
    "under_18": ("Người dưới 18 tuổi", "Under 18"),
    # title joiners and phrases
    "by": ("theo", "by"),
    "rate": ("trên 100.000 dân", "per 100,000 population"),
    "period_total": ("cả giai đoạn", "whole period"),
    "denominator": ("Mẫu số: dân số", "Denominator: population"),
    "estimate": ("ước tính", "estimate"),
    "intensity": ("Lượt tham dự tuyên truyền trên 100.000 dân", "Awareness attendees per 100,000 population"),
    "incidence": ("Nạn nhân trên 100.000 dân", "Victims per 100,000 population"),
    "effort_title": (
        "Nỗ lực tuyên truyền và nơi nạn nhân sinh sống, theo quận/huyện",
        "Where the awareness effort went and where victims come from, by district",
    ),
    "heatmap_title": ("theo quận/huyện và năm", "by district and year"),
    # footer
    "source": ("Nguồn", "Source"),
    "source_name": (
        "Cơ sở dữ liệu phòng, chống mua bán người, TP Cần Thơ",
        "Cần Thơ anti-trafficking programme database",
    ),
    "data": ("Dữ liệu", "Data"),
    "synthetic": ("mô phỏng", "synthetic"),
    "generated_on": ("trích xuất ngày", "extracted"),
    "version_unknown": ("phiên bản không rõ", "version unknown"),
    "filters": ("Lọc", "Filters"),
    "adhoc": ("truy vấn SQL riêng", "ad hoc SQL"),
    "internal": ("Nội bộ – không công bố", "Internal – not for publication"),
    "withheld_drawn": (
        "Ô bị ẩn vẽ gạch chéo, cao bằng ngưỡng",
        "Withheld cells hatched, drawn at the threshold",
    ),
    "total": ("Tổng", "Total"),
    "brief_title": ("Tài liệu giao ban: phòng, chống mua bán người", "Briefing pack: counter-trafficking"),
    "key_figures": ("Số liệu chính", "Key figures"),
    "figure": ("Chỉ tiêu", "Figure"),
    "value": ("Số lượng", "Value"),
}

# Kinds whose counts are of victims: small numbers, internal until disclosure control.
SENSITIVE_KINDS = frozenset({"victims", "support"})


def text(key: str, lang: str = "vi") -> str:
    """The label for `key` in `lang` ('vi' or 'en'); an unknown key is a programming error."""
    vi, en = TEXT[key]
    return vi if lang == "vi" else en


def title(measure: str, by: str | None = None, lang: str = "vi") -> str:
    """'Lượt người tham dự theo năm' / 'Attendees by year'."""
    words = text(measure, lang)
    return f"{words} {text('by', lang)} {text(by, lang).lower()}" if by else words


def population_note(lang: str = "vi") -> str:
    """'Mẫu số: dân số ước tính năm 2019 (cả thành phố 1.235.171)': denominators say what they are."""
    from ._text import format_number

    rows = districts()
    years = sorted({d.population_year for d in rows})
    estimate = any(d.population_is_estimate for d in rows)
    year_text = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    total = format_number(sum(d.population for d in rows), lang=lang)
    if lang == "vi":
        kind = f"{text('estimate', lang)} " if estimate else ""
        return f"{text('denominator', lang)} {kind}năm {year_text} (toàn thành phố {total})"
    kind = "estimated " if estimate else ""
    return f"Denominator: {kind}population {year_text} (city total {total})"


def _frames(data: pd.DataFrame | Iterable[pd.DataFrame]) -> list[pd.DataFrame]:
    return [data] if isinstance(data, pd.DataFrame) else list(data)


def filters_text(data: pd.DataFrame | Iterable[pd.DataFrame], lang: str = "vi") -> str:
    """The filters behind query results, each described once, only with fields that apply to it."""
    seen: list[str] = []
    for frame in _frames(data):
        filters, kind = frame.attrs.get("filters"), frame.attrs.get("kind")
        if filters is not None:
            applicable = KINDS[kind].filter_fields if kind in KINDS else None
            described = filters.describe(lang, applicable)
        elif "sql" in frame.attrs:  # an ad hoc query: its parameters are its filters
            values = ", ".join(f"{k} = {v}" for k, v in (frame.attrs.get("params") or {}).items())
            described = f"{text('adhoc', lang)}" + (f" ({values})" if values else "")
        else:
            continue
        if described not in seen:
            seen.append(described)
    return " | ".join(seen) if seen else filters_none(lang)


def filters_none(lang: str) -> str:
    return "Không lọc" if lang == "vi" else "No filters"


def footer_text(
    data: pd.DataFrame | Iterable[pd.DataFrame],
    meta: Mapping[str, str] | None,
    lang: str = "vi",
    notes: Iterable[str] = (),
) -> str:
    """The footer of every figure: source, data version and extract date, filters, notes.

    Built here and nowhere else. `notes` is where later marks go (disclosure mode, suppression);
    victim data get the internal-use mark until then.
    """
    frames = _frames(data)
    meta = meta or {}
    if meta.get("data_version"):
        version = meta["data_version"]
        if meta.get("synthetic") in ("true", True):
            version += f" ({text('synthetic', lang)})"
        if meta.get("generated_on"):
            version += f", {text('generated_on', lang)} {meta['generated_on']}"
    else:
        version = text("version_unknown", lang)
    lines = [
        f"{text('source', lang)}: {text('source_name', lang)} · {text('data', lang)}: {version}",
        f"{text('filters', lang)}: {filters_text(frames, lang)}",
    ]
    # Where places matter (by district, or filtered by place), how they were counted across the
    # 2025 reform: as recorded, or harmonised to the 2019 districts by a stated rule.
    lines += dict.fromkeys(
        geography_note(f.attrs["geography"], lang)
        for f in frames
        if f.attrs.get("geography")
        and ("district_code" in f.columns or getattr(f.attrs.get("filters"), "districts", ()))
    )
    # Victim and support tables: which people were counted (Law 53/2024's statuses).
    lines += dict.fromkeys(f.attrs["status_note"] for f in frames if f.attrs.get("status_note"))
    marks = list(notes)
    # Internal mode: exact counts, and every output says it is not for publication. Publish mode:
    # the suppression rule, once, from the protected tables drawn.
    if any(f.attrs.get("mode", "internal") == "internal" for f in frames) and frames:
        marks.insert(0, text("internal", lang))
    rules = dict.fromkeys(f.attrs["protected"].rule(lang) for f in frames if "protected" in f.attrs)
    if rules:
        marks = [*rules, text("withheld_drawn", lang), *marks]
    if marks:
        lines.append(" · ".join(marks))
    return "\n".join(lines)
