"""Every word the workbench shows people, in Vietnamese and English, kept in one place.

Each entry is (Vietnamese, English) or {"vi": ..., "en": ...}; Vietnamese is the default everywhere,
English is for donor briefings (`lang="en"`). Labels of coded values are with their value sets
(`_codes`), district and unit names with the reference data.
"""

from __future__ import annotations

import datetime as dt

# Chart, table and footer words, by key.
# key -> (Vietnamese, English)
TEXT: dict[str, tuple[str, str]] = {
    # measures, as axis labels
    "events": ("Số hoạt động tuyên truyền", "Awareness events"),
    "attendees": ("Lượt người tham dự", "Attendees"),
    "leaflets": ("Tờ rơi đã phát", "Leaflets handed out"),
    # A victim count takes identified victims only unless statuses are chosen (_query): its label
    # says so; a count of other statuses reads PEOPLE_COUNTED's words (_labels.measure_text).
    "victims": ("Số nạn nhân được xác định", "Identified victims"),
    "services": ("Lượt hỗ trợ", "Support services"),
    # Support goes to victims and to people being identified (Law 53/2024 art. 37): people.
    "victims_supported": ("Số người được hỗ trợ", "People supported"),
    # groupings, as axis labels and title endings
    "year": ("Năm", "Year"),
    "district": ("Quận/huyện", "District"),
    "organiser": ("Đơn vị tổ chức", "Organiser"),
    "event_type": ("Loại hoạt động", "Event type"),
    "topic": ("Chủ đề", "Topic"),
    "sex": ("Giới tính", "Sex"),
    "age_band": ("Nhóm tuổi", "Age band"),
    # Law 53/2024 art. 2 names what trafficking is for its purposes ("nhằm mục đích").
    "exploitation": ("Mục đích mua bán người", "Purpose of trafficking"),
    "destination": ("Nước bị đưa đến", "Destination country"),
    "reception_channel": ("Hình thức tiếp nhận", "Reception channel"),
    "support_type": ("Loại hỗ trợ", "Support type"),
    "trafficking_status": ("Tình trạng xác định nạn nhân", "Victim status"),
    "minor_status": ("Độ tuổi theo luật", "Age group under the law"),
    "under_16": ("Người dưới 16 tuổi", "Under 16"),
    "under_18": ("Người dưới 18 tuổi", "Under 18"),
    # criminal cases (the police's figures): measures and their grouping
    # Every case record from its detection on, whatever stage it reached: detected matters ("vụ
    # việc"), not only the prosecuted ones a "vụ án" would be (case_stage tells them apart).
    "cases": ("Số vụ việc mua bán người được phát hiện", "Trafficking cases detected (any stage)"),
    "suspects": ("Số đối tượng", "Suspects"),
    "victims_linked": ("Số nạn nhân liên quan (có hồ sơ)", "Victims linked (with a record)"),
    "stage": ("Giai đoạn tố tụng", "Stage of proceedings"),
    # title joiners and phrases
    "by": ("theo", "by"),
    "rate": ("trên 100.000 dân", "per 100,000 population"),
    "period_total": ("cả giai đoạn", "whole period"),
    "denominator": ("Mẫu số: dân số", "Denominator: population"),
    "estimate": ("ước tính", "estimate"),
    "intensity": ("Lượt tham dự tuyên truyền trên 100.000 dân", "Awareness attendees per 100,000 population"),
    "incidence": ("Nạn nhân được xác định trên 100.000 dân", "Identified victims per 100,000 population"),
    "effort_title": (
        "Nỗ lực tuyên truyền và nơi nạn nhân sinh sống, theo quận/huyện",
        "Where the awareness effort went and where victims live, by district",
    ),
    "average_intensity": (
        "Lượt tham dự trên 100.000 dân, các quận/huyện trên biểu đồ gộp lại",
        "Attendees per 100,000, the districts shown taken together",
    ),
    "average_incidence": (
        "Nạn nhân được xác định trên 100.000 dân, các quận/huyện trên biểu đồ gộp lại",
        "Identified victims per 100,000, the districts shown taken together",
    ),
    # the effort chart's hollow marker in a grey band under the scale: a district whose count is withheld
    "withheld_in_band": (
        "Số nạn nhân được xác định bị ẩn (<5, x): không công bố, trong dải xám gạch chéo dưới thang, "
        "không phải tỷ lệ thấp",
        "Identified victims withheld (<5, x): not published, in the hatched grey strip below the scale, "
        "not a low rate",
    ),
    # the effort chart's strip for withheld districts, named on its incidence axis
    "not_published_band": ("Không công bố", "Not published"),
    # the effort chart with no district's victim count published: said once, no empty scale
    "effort_none_published": (
        "Không quận/huyện nào được công bố số nạn nhân (đều bị ẩn): biểu đồ chỉ cho thấy nỗ lực tuyên truyền",
        "No district's victim count is published (all withheld): the chart shows the awareness effort only",
    ),
    "heatmap_title": ("theo quận/huyện và năm", "by district and year"),
    # hotline contacts and online and media communication (items put out, never events)
    "contacts": ("Lượt liên hệ đường dây nóng", "Hotline contacts"),
    "items": ("Tin, bài, lượt chia sẻ, lượt phát", "Posts, shares, broadcasts and articles"),
    "reach": ("Lượt tiếp cận (nếu có báo cáo)", "Reach (where reported)"),
    "line": ("Đường dây", "Line"),
    "channel": ("Kênh liên hệ", "Channel"),
    "referral": ("Kết quả chuyển gửi", "Referral"),
    "medium": ("Hình thức truyền thông", "Medium"),
    "month": ("Tháng", "Month"),
    "communication_items": (
        "Tin, bài, lượt chia sẻ, lượt phát trên mạng và báo chí (không tính là hoạt động)",
        "Online and media items: posts, shares, broadcasts, articles (not events)",
    ),
    "communication_beside_events": (
        "Truyền thông trên mạng và báo chí (không tính là hoạt động)",
        "Online and media communication (not counted as events)",
    ),
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
    # A published chart whose every cell is withheld: one line in place of a mark per cell.
    "all_withheld": (
        "Mọi số liệu đều được ẩn (nhỏ hơn {k} hoặc để bảo vệ ô khác)",
        "All counts withheld (fewer than {k} or protecting others)",
    ),
    "withheld_drawn": (
        "Ô bị ẩn không có cột, chỉ ghi dấu (<5, x) ở trục",
        "Withheld cells have no bar: only their mark (<5, x) at the axis",
    ),
    "internal_band": (
        # Victims, cases and their suspects: the same band, so it names no one kind.
        "NỘI BỘ – KHÔNG CÔNG BỐ · số chính xác, chưa ẩn số nhỏ",
        "INTERNAL – NOT FOR PUBLICATION · exact counts, small ones not withheld",
    ),
    "no_data": ("Không có dữ liệu", "No data"),
    "no_data_hint": ("cho lựa chọn này", "for this selection"),
    # Figure 14 over years whose people received were all identified as victims: recorded zeros
    # (every record carries a status), drawn as zeros, not as 'no data'.
    "all_zero_statuses": (
        "0 người mỗi năm: mọi người được tiếp nhận trong lựa chọn này đều đã được xác định là nạn nhân",
        "0 people every year: everyone received in this selection was identified as a victim",
    ),
    "all_years": ("mọi năm", "all years"),
    "whole_city": ("toàn thành phố", "whole city"),
    "total": ("Tổng", "Total"),
    "brief_title": (
        "Tài liệu giao ban: phòng, chống mua bán người – TP Cần Thơ",
        "Briefing pack: counter-trafficking – Cần Thơ city",
    ),
    "key_figures": ("Số liệu chính", "Key figures"),
    # the cover's counts of people received who are not identified victims (Law 53/2024 art. 2)
    "people_possible": (
        "Số người đang trong quá trình xác định là nạn nhân",
        "People being identified as victims",
    ),
    "people_not_victim": ("Số người được xác định không phải là nạn nhân", "People found not to be victims"),
    "figure": ("Chỉ tiêu", "Figure"),
    "value": ("Số lượng", "Value"),
    # small words of titles, filter lines and links
    "and": ("và", "and"),
    "no_filters": ("Không lọc", "No filters"),
    "download_table": ("Tải bảng", "Download table"),
    # the line under a rate: {estimate} is the word "estimate" and a space, or nothing
    "population_note": (
        "Mẫu số: dân số {estimate}năm {years} (toàn thành phố {total})",
        "Denominator: {estimate}population {years} (city total {total})",
    ),
    "estimated": ("ước tính", "estimated"),
    # Under a chart by a field one record can hold several values of (purposes of trafficking):
    # its bars count mentions, not people.
    "mentions_note": (
        "Một {unit} có thể được tính ở nhiều {field}: số trên biểu đồ là lượt ghi nhận, cộng lại lớn "
        "hơn số {unit}",
        "One {unit} can count under more than one {field}: the bars count mentions and add up to more "
        "than the number of {units}",
    ),
    "unit_person": ("người", "person"),
    "unit_persons": ("người", "people"),
    "unit_case": ("vụ việc", "case"),
    "unit_cases": ("vụ việc", "cases"),
    # Under a chart by CTDC's age bands: the 9–17 band straddles the Criminal Code's line at 16.
    "age_band_note": (
        "Nhóm 9–17 tuổi không tách được người dưới 16 tuổi (BLHS 2015, Điều 151); số người dưới 16 tuổi "
        "theo trường “Độ tuổi theo luật”",
        "The 9–17 band cannot separate under-16s (Criminal Code 2015, art. 151); count under-16s by the "
        "“Age group under the law” field",
    ),
    # A rate chart's withheld row: the count's mark, and that its rate is not published (written
    # at the axis, a bare '<5 người' there read as a rate of zero).
    "withheld_people": ("{mark} người: tỷ lệ không công bố", "{mark} people: rate not published"),
    "withheld_cases": ("{mark} vụ việc: tỷ lệ không công bố", "{mark} cases: rate not published"),
    "withheld_rate": ("{mark}: tỷ lệ không công bố", "{mark}: rate not published"),  # 'x': any count
    "part_year": (
        "Năm {year} chưa trọn: số liệu đến ngày {date}",
        "{year} is a part year: data to {date}",
    ),
    "not_applicable_note": (
        "—: không áp dụng (khu vực Hậu Giang cũ, Sóc Trăng cũ thuộc thành phố từ 01/07/2025)",
        "—: not applicable (the former Hậu Giang and Sóc Trăng areas are part of the city from 1 July 2025)",
    ),
    "no_denominator": (
        "{areas}: không có mẫu số dân số, không tính tỷ lệ",
        "{areas}: no population denominator here, so no rate",
    ),
    # disclosure control's rule, under a protected table
    "small_count_rule": (
        "Số dưới {k} được ẩn (<{k}); 'x': ẩn thêm để không suy ra được từ tổng, có thể là số bất kỳ, kể cả 0",
        "Counts below {k} withheld (<{k}); 'x': also withheld so none can be derived from totals, "
        "any number, 0 included",
    ),
    "rounded_to": ("; làm tròn đến bội số của {rounding}.", "; rounded to multiples of {rounding}."),
    # the lines above a table in a downloaded file
    "file_filters": ("Bộ lọc", "Filters"),
    "file_data_version": ("Phiên bản dữ liệu", "Data version"),
    "file_database": ("CSDL", "database"),
    # The sample's victim records after the merger (docs/data.md): on every victim, support and
    # case figure whose period reaches 1 July 2025 (_labels.footer_text).
    "merger_understated": (
        "Từ 01/07/2025 số nạn nhân, người được hỗ trợ, vụ việc của dữ liệu mẫu chưa điều chỉnh theo quy mô "
        "thành phố mới (giữ chuỗi số của Cần Thơ cũ): thấp hơn thực tế",
        "From 1 July 2025 the sample's victims, people supported and cases are not scaled to the merged "
        "city (they keep former Cần Thơ's series): understated",
    ),
    # publish mode's notes on how it counted
    "published_support_years": (
        "Công bố: người được hỗ trợ trong nhiều năm được tính một lần cho mỗi năm",
        "Published: a person supported in several years counts once in each year",
    ),
}


# A victim count of other statuses than identified victims (statuses chosen, or grouped by status):
# people received, whichever statuses the footer's status note names. Keys as in TEXT.
PEOPLE_COUNTED: dict[str, tuple[str, str]] = {
    "victims": ("Số người được tiếp nhận", "People received"),
    "incidence": ("Người được tiếp nhận trên 100.000 dân", "People received per 100,000 population"),
    "average_incidence": (
        "Người được tiếp nhận trên 100.000 dân, các quận/huyện trên biểu đồ gộp lại",
        "People received per 100,000, the districts shown taken together",
    ),
    "withheld_in_band": (
        "Số người được tiếp nhận bị ẩn (<5, x): không công bố, trong dải xám gạch chéo dưới thang, "
        "không phải tỷ lệ thấp",
        "People received withheld (<5, x): not published, in the hatched grey strip below the scale, "
        "not a low rate",
    ),
}


# Filter fields as footers and panels title them.
FIELD_TITLES = {
    "provinces": ("Tỉnh/thành phố", "Provinces"),
    "districts": ("Quận/huyện", "Districts"),
    "years": ("Năm", "Years"),
    "organisers": ("Đơn vị tổ chức", "Organisers"),
    "event_types": ("Loại hoạt động", "Event types"),
    "topics": ("Chủ đề", "Topics"),
    "sexes": ("Giới tính", "Sex"),
    "age_bands": ("Nhóm tuổi", "Age bands"),
    "exploitation_forms": ("Mục đích mua bán người", "Purpose of trafficking"),
    "destinations": ("Nước bị đưa đến", "Destination"),
    "reception_channels": ("Hình thức tiếp nhận", "Reception channel"),
    "trafficking_statuses": ("Tình trạng xác định", "Trafficking status"),
    "support_types": ("Loại hỗ trợ", "Support type"),
    "case_stages": ("Giai đoạn tố tụng", "Stage of proceedings"),
    "lines": ("Đường dây", "Line"),
    "hotline_topics": ("Nội dung liên hệ", "Contact topic"),
    "referrals": ("Kết quả chuyển gửi", "Referral"),
    "media": ("Hình thức truyền thông", "Medium"),
}


# The dashboard page.
PAGE_TITLE = {
    "vi": "Bảng điều khiển phòng, chống mua bán người – Cần Thơ",
    "en": "Counter-trafficking dashboard – Cần Thơ",
}

INTERNAL_MARK = {
    "vi": "Nội bộ – không công bố: số nạn nhân theo quận/huyện và năm hầu hết dưới 5.",
    "en": "Internal – not for publication: nearly every district-year count is below 5.",
}

BAND = {
    "internal": ("NỘI BỘ – không công bố: số chính xác", "INTERNAL – not for publication: exact counts"),
    "publish": (
        "Số liệu công bố: số nạn nhân dưới ngưỡng được ẩn",
        "Published figures: small victim counts withheld",
    ),
}

PUBLISHED_VICTIMS_TAB = ("Nạn nhân", "Victims")
# A tab of another kind that counts people, in publish mode (the victims' title otherwise).
PUBLISHED_TABS = {"cases": ("Vụ việc phát hiện", "Cases detected")}

DASHBOARD = {
    "reset": ("Đặt lại", "Reset"),
    "measure": ("Chỉ số", "Measure"),
    "break_down": ("Chia theo", "Break down"),
    "export": ("Xuất hình", "Export"),
    "chart": ("Biểu đồ", "Chart"),
    "format": ("Định dạng", "Format"),
    "trend": ("Theo năm", "By year"),
    "saved": ("Đã lưu: ", "Saved: "),
    "download": ("Tải xuống", "Download"),
    "no_data": (
        "Không có dữ liệu cho lựa chọn này. Bỏ bớt bộ lọc hoặc bấm Đặt lại.",
        "No data for this selection. Remove a filter or press Reset.",
    ),
    "hint": (
        "Chọn nhiều mục: giữ Ctrl (⌘ trên máy Mac) khi bấm. Không chọn mục nào = tất cả.",
        "Several items: hold Ctrl (⌘ on a Mac) while clicking. Nothing chosen = all.",
    ),
    "map_note": (
        "Bản đồ theo bộ lọc của thẻ Tuyên truyền (số hoạt động, người dự, tờ rơi), thẻ Nạn nhân, thẻ Đường "
        "dây nóng hoặc thẻ Truyền thông trên mạng (theo nơi đơn vị đăng tin đặt trụ sở).",
        "The map follows the filters of the events tab (events, attendees, leaflets), the victims tab, the "
        "hotline tab or the online and media tab (placed where the organiser sits).",
    ),
    "unreadable": (
        "Phần địa chỉ không đọc được, đã bỏ qua: ",
        "Parts of the address not understood, ignored: ",
    ),
    # what a part of a link says is wrong with it, in the page's language
    "link_valid": ("hợp lệ", "valid"),
    "link_unknown": ("không có trong danh mục", "not a known value"),
    "link_did_you_mean": ("có phải", "did you mean"),
    "link_not_setting": ("không phải thiết lập của trang này", "not a setting of this page"),
    "link_too_long": (
        "địa chỉ dài {n} ký tự; đã mở trang mặc định",
        "the address is {n} characters long; opened the default view",
    ),
    "link_years_outside": (
        "ngoài các năm có số liệu ({first}–{last}); ",
        "outside the years held ({first}–{last}); ",
    ),
    "link_opened_years": ("đã mở {first}–{last}", "opened {first}–{last}"),
    "link_opened_all_years": ("đã mở mọi năm", "opened all years"),
}


# The review totals table (_brief.review_totals): the 2016–2020 review's figures, a row each.
REVIEW_TOTALS: dict[str, tuple[str, str]] = {
    "integrated_sessions": (
        "Buổi tuyên truyền lồng ghép (Sở LĐ-TB&XH)",
        "Integrated awareness sessions (Dept. of Labour, Invalids and Social Affairs)",
    ),
    "integrated_attendees": ("Lượt người tham dự", "Attendees"),
    "community_sessions": (
        "Buổi truyền thông cộng đồng (Đội CTXH tình nguyện)",
        "Community communication sessions (volunteer social-work teams)",
    ),
    "community_attendees": ("Lượt người tham dự", "Attendees"),
    "leaflets": ("Tờ rơi đã phát", "Leaflets handed out"),
    "victims": ("Nạn nhân trở về được xác định, hỗ trợ", "Returned victims identified and supported"),
}


# The briefing pack's cover (_brief._cover_page).
COVER: dict[str, tuple[str, str]] = {
    # the whole period's totals, every organiser and event type together
    "all_events": (
        "Số hoạt động tuyên truyền (mọi đơn vị, mọi loại)",
        "Awareness events (all organisers, all types)",
    ),
    "all_attendees": ("Lượt người tham dự (mọi hoạt động)", "Attendees (all events)"),
    "all_leaflets": ("Tờ rơi đã phát (mọi đơn vị)", "Leaflets handed out (all organisers)"),
    # the lines of the programme's five-year review (Đề án 3, 2016–2020), counted as it counts them
    "review_heading": (
        "Theo cách đếm của báo cáo tổng kết Đề án 3 giai đoạn 2016–2020",
        "As the programme's 2016–2020 review (component 3) counts them",
    ),
    # a pack reaching past 2016–2020: the review's lines of its years inside 2016–2020 only, said so
    "review_heading_part": (
        "{years}, theo cách đếm của báo cáo tổng kết Đề án 3 giai đoạn 2016–2020",
        "{years}, as the programme's 2016–2020 review (component 3) counts them",
    ),
    "review_integrated": (
        "Sở LĐ-TB&XH tổ chức tuyên truyền lồng ghép",
        "Integrated awareness sessions by the Dept. of Labour, Invalids and Social Affairs",
    ),
    "review_community": (
        "Đội Công tác xã hội tình nguyện tổ chức truyền thông cộng đồng",
        "Community communication sessions by the volunteer social-work teams",
    ),
    "review_leaflets": ("Sở LĐ-TB&XH phát tờ rơi", "Leaflets handed out by the department"),
    "sessions_attendees": (
        "{sessions} buổi, {attendees} lượt người tham dự",
        "{sessions} sessions, {attendees} attendees",
    ),
    # "hơn 40.000 tờ rơi": the review's rounding beside the exact count (a 2016–2020 pack only)
    "leaflets_over": ("{count} tờ rơi (hơn {floor})", "{count} leaflets (more than {floor})"),
    "leaflets_count": ("{count} tờ rơi", "{count} leaflets"),
    # publish mode: what the pack's withheld counts depend on (docs/releases.md)
    "release_history": (
        "Số công bố: số nạn nhân của tài liệu này thuộc lần công bố số {releases} trong sổ đăng ký của cơ sở "
        "dữ liệu; ô bị ẩn (<5, x) được chọn cùng mọi lần công bố trước, để không ghép được ra số nhỏ. Lập "
        "lại tài liệu này sau những lần công bố khác có thể ẩn thêm ô, dù dữ liệu không đổi. Xem sổ đăng "
        "ký: lệnh `workbench releases`.",
        "Published counts: this pack's victim counts are release no. {releases} in this database's register; "
        "withheld cells (<5, x) are chosen together with every earlier release, so that no small count can "
        "be worked out by putting them side by side. The same pack built again after other releases may "
        "withhold more cells, though the data are unchanged. The register: the command `workbench releases`.",
    ),
}


# District maps.
MAP = {
    "count": ("", ""),
    "no_data": ("Không có số liệu", "No data"),
    "not_selected": ("Không chọn", "Not selected"),
    "withheld": ("Ẩn (số nhỏ hơn {k})", "Withheld (fewer than {k})"),
    # the legend of a published map with cells withheld to protect others: 'x' may hold any number
    "withheld_any": (
        "Ẩn (<{k}: số nhỏ hơn {k}; x: số bất kỳ, kể cả 0)",
        "Withheld (<{k}: fewer than {k}; x: any number, 0 included)",
    ),
    "outside": ("Ngoài bản đồ (đơn vị từ ngày 01/07/2025)", "Not on the map (units from 1 July 2025)"),
    # under a rate map: the former provinces have no population denominator here, so no rate (and
    # no raw count, which is not a rate)
    "outside_no_rate": (
        "Ngoài bản đồ (đơn vị từ ngày 01/07/2025): {areas} — không có mẫu số dân số, không tính tỷ lệ",
        "Not on the map (units from 1 July 2025): {areas} — no population denominator here, so no rate",
    ),
    "classes_quantile": ("Phân lớp theo phân vị", "Classes by quantiles"),
    # Quantile classes over a narrow range (the highest under 25% above the lowest): fewer classes,
    # and the legend says the colours span small differences.
    "small_spread": (
        "Chênh lệch nhỏ: cao nhất hơn thấp nhất {share}%",
        "Small differences: the highest is {share}% above the lowest",
    ),
    "classes_fixed": ("Phân lớp theo ngưỡng cố định", "Classes by fixed breaks"),
    "map_title": ("theo quận/huyện (ranh giới 2019)", "by district (2019 boundaries)"),
}


# Downloaded and exported files: which mode they come from.
MODE_WORDS = {
    # In file names: `internal` files are never to be mistaken for published ones.
    "internal": ("Nội bộ – không công bố (số chính xác)", "Internal – not for publication (exact counts)"),
    "publish": ("Số công bố: số nạn nhân nhỏ đã được ẩn", "Published figures: small victim counts withheld"),
}


# What a count of people counted (Law 53/2024/QH15), on every table and footer: _query.status_note.
STATUS_NOTES = {
    ("victims", "default"): (
        "Chỉ tính nạn nhân đã được xác định (Luật 53/2024/QH15); người đang trong quá trình xác định "
        "là nạn nhân và người được xác định không phải là nạn nhân tính riêng",
        "Identified victims only (Law 53/2024/QH15); people being identified and people found not to "
        "be victims are counted separately",
    ),
    ("support", "default"): (
        "Hỗ trợ cho nạn nhân và người đang trong quá trình xác định là nạn nhân (Luật 53/2024/QH15, Điều 37)",
        "Support to victims and to people being identified as victims (Law 53/2024/QH15, art. 37)",
    ),
    ("victims", "chosen"): ("Tình trạng theo Luật 53/2024/QH15: ", "Status under Law 53/2024/QH15: "),
}


# Dashboard tabs: one per record kind that has one (_kinds.Kind.dashboard_prefix), and the map.
TAB_TITLES = {
    "events": ("Tuyên truyền", "Awareness events"),
    "victims": ("Nạn nhân (nội bộ)", "Victims (internal)"),
    "map": ("Bản đồ", "Map"),
    "cases": ("Vụ việc (nội bộ)", "Cases detected (internal)"),
    "hotline": ("Đường dây nóng", "Hotline contacts"),
    "communication": ("Mạng, báo chí", "Online and media"),  # short: a tab shows about 20 letters
}


# How places were counted across the 2025 reform (_units.geography_note). A harmonised table's note
# lists the apportioning rules in use, each with how many of the 2025 units got it, from
# `_units.harmonisation_rules()`: never a rule no unit uses.
GEOGRAPHY = {
    "harmonised": (
        "Quy đổi về 9 quận/huyện năm 2019: {units} xã/phường mới gồm xã/phường cũ của nhiều quận/huyện "
        "được chia cho các quận/huyện đó {rules}; đơn vị từ Sóc Trăng, Hậu Giang cũ tính riêng",
        "Harmonised to the 9 districts of 2019: {units} new communes/wards formed from several districts "
        "are shared among them {rules}; units from former Sóc Trăng and Hậu Giang are shown separately",
    ),
    "recorded": (
        "Theo địa bàn ghi nhận: quận/huyện trước ngày 01/07/2025, xã/phường mới từ ngày 01/07/2025",
        "As recorded: districts before 1 July 2025, new communes/wards from 1 July 2025",
    ),
    # Each rule, with "{n} đơn vị" / "{n} unit(s)" after it; the figures come from the merger scheme.
    "population": (
        "theo dân số mỗi phần đóng góp (đề án sắp xếp, NQ 1668/NQ-UBTVQH15): {n} đơn vị",
        "by the population each part brought in (merger scheme, Res. 1668/NQ-UBTVQH15): {n} {unit}",
    ),
    "area": (
        "theo diện tích mỗi phần đóng góp (đề án sắp xếp, NQ 1668/NQ-UBTVQH15): {n} đơn vị",
        "by the area each part brought in (merger scheme, Res. 1668/NQ-UBTVQH15): {n} {unit}",
    ),
    "equal": (
        "chia đều cho các xã/phường cũ hợp thành (thiếu số liệu dân số, diện tích): {n} đơn vị",
        "equally among the former communes/wards that formed them (population and area not found): "
        "{n} {unit}",
    ),
    "unit": ("đơn vị", "unit"),
    "units": ("đơn vị", "units"),
    # Publish mode rounds the shares to whole victims (_publish).
    "published_whole": (
        " Công bố: mỗi nạn nhân được tính trọn vào một quận/huyện theo tỷ lệ đó.",
        " Published: each victim counted whole in one district, by those shares.",
    ),
}


# On every table and figure whose period spans 1 July 2025 (_units.territory_note): "toàn thành phố"
# is a different territory on either side of the date.
TERRITORY = (
    "Địa bàn thay đổi: từ ngày 01/07/2025 thành phố Cần Thơ gồm cả Sóc Trăng, Hậu Giang cũ "
    "(NQ 202/2025/QH15); số liệu trước ngày đó chỉ của Cần Thơ cũ",
    "The territory changed: from 1 July 2025 Cần Thơ city includes former Sóc Trăng and Hậu Giang "
    "(Res. 202/2025/QH15); figures before that date are of former Cần Thơ only",
)


def say(key: str, lang: str) -> str:
    """A word of the dashboard and the explorer panels (`DASHBOARD`) in `lang` ('vi' or 'en')."""
    vi, en = DASHBOARD[key]
    return vi if lang == "vi" else en


# The victim funnel (_stages, _funnel): its stages, chart and notes.
FUNNEL_WORDS: dict[str, tuple[str, str]] = {
    "received": ("Được tiếp nhận", "Received"),
    "verified": ("Đã xác minh", "Verified"),
    "identified": ("Được xác định là nạn nhân", "Identified as victims"),
    "supported": ("Được hỗ trợ", "Supported"),
    "reintegrated": ("Đã tái hòa nhập", "Reintegrated"),
    "title": ("Các bước tiếp nhận, xác minh, xác định và hỗ trợ nạn nhân", "The victim funnel"),
    "people": ("Số người", "People"),
    "status_note": (
        "Mọi người được tiếp nhận, theo bước xa nhất đã qua (Luật 53/2024/QH15: tiếp nhận, xác minh, "
        "xác định, bảo vệ, hỗ trợ, tái hòa nhập)",
        "Everyone received, by the furthest step reached (Law 53/2024/QH15: reception, verification, "
        "identification, protection, support, reintegration)",
    ),
    "median_days": ("trung vị {days} ngày", "median {days} days"),
    # A median is shown only where the counts it is taken over are published (_funnel).
    "median_withheld": ("trung vị ẩn (số người không công bố)", "median withheld (its count not published)"),
    "share_of_received": ("{share} số được tiếp nhận", "{share} of those received"),
    # Under a published funnel with withheld stages: why they are withheld (not that they are small).
    "withheld_why": (
        "Bước ghi x hoặc <{k} không công bố: số của bước đó, hoặc chênh lệch giữa nó và một số đã công "
        "bố (như số nạn nhân được xác định), dưới {k} người; công bố sẽ cho suy ra một nhóm nhỏ",
        "Stages marked x or <{k} are not published: their count, or its difference from a published "
        "count (such as the identified victims), is below {k} people and would give a small group away",
    ),
}

# Programme targets (_targets): the figure and table.
TARGET_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Chỉ tiêu chương trình và kết quả đo được", "Programme targets and what was measured"),
    "indicator": ("Nội dung", "Indicator"),
    "programme": ("Chương trình", "Programme"),
    "target": ("Chỉ tiêu", "Target"),
    "measured": ("Đo được", "Measured"),
    "source": ("Nguồn", "Source"),
    "uncertain": ("chưa xác nhận văn bản", "target text not confirmed"),
    "uncertain_note": (
        "(*) Chỉ tiêu chưa đối chiếu được với văn bản gốc của quyết định: dùng thận trọng",
        "(*) Target not checked against the decision's own text: use with care",
    ),
    "withheld": ("ẩn (số nhỏ)", "withheld (small count)"),
    "no_data": ("chưa có số liệu", "no data"),
    "percent_axis": ("Tỷ lệ (%)", "Share (%)"),
    "measured_how": ("Cách đo", "How it is measured"),
    # A period shorter than the programme's (a year still running, a range from mid-year): the
    # target compared is the whole programme's, a share to hold all along, not pro-rated.
    "whole_programme": ("cả chương trình", "whole programme"),
    # a programme's decision as each language names it: 'QĐ 193/QĐ-TTg', 'Decision 193/QĐ-TTg'
    "decision": ("QĐ", "Decision"),
    "partial": ("chưa trọn", "part period"),
    "partial_note": (
        "{label} ({programme}): đo {period}, {months} trên {total} tháng",
        "{label} ({programme}): measured {period}, {months} of {total} months",
    ),
    "partial_rule": (
        "Kỳ đo chưa trọn: so với chỉ tiêu tỷ lệ của cả chương trình, không chia theo thời gian",
        "Part periods: compared with the whole programme's target, a share, not pro-rated",
    ),
}

# Context sources (_context, _context_charts): published datasets beside the city's records.
CONTEXT_WORDS: dict[str, tuple[str, str]] = {
    "city": ("Cần Thơ", "Cần Thơ"),
    "vietnam": ("Việt Nam ({source})", "Viet Nam ({source})"),
    "region": ("Đông Nam Á ({source})", "South-East Asia ({source})"),
    "title": (
        "Cần Thơ bên cạnh Việt Nam và khu vực: nạn nhân theo {by}",
        "Cần Thơ beside Viet Nam and the region: victims by {by}",
    ),
    "share_axis": ("Tỷ lệ trong tổng số của từng nguồn (%)", "Share of each series' total (%)"),
    "context_note": (
        "Bối cảnh: {source} ({what}); {scope}; mỗi dòng là một hồ sơ, không phải một người",
        "Context: {source} ({what}); {scope}; each row a record, not a person",
    ),
    "released": ("{profile}, công bố {release}, {k}", "{profile}, released {release}, {k}"),
    "invented": (
        "ví dụ bịa theo bố cục {profile}, không phải dữ liệu {profile} thật, {k}",
        "an invented example in {profile}'s layout, not real {profile} data, {k}",
    ),
    "scope_either": (
        "Việt Nam: quốc tịch hoặc nơi bị bóc lột là Việt Nam; khu vực: Đông Nam Á",
        "Viet Nam: citizenship or country of exploitation Viet Nam; region: South-East Asia",
    ),
    "scope_citizens": (
        "Việt Nam: công dân Việt Nam (theo quốc tịch, như nạn nhân trở về của Cần Thơ), không gồm người nước "
        "ngoài bị bóc lột tại Việt Nam; khu vực: công dân các nước Đông Nam Á",
        "Viet Nam: Vietnamese citizens (by citizenship, as Cần Thơ's returned victims are), not foreigners "
        "exploited in Viet Nam; region: citizens of South-East Asian countries",
    ),
    "coverage_note": (
        "{source} có số liệu các năm {first}–{last}: năm ngoài khoảng đó ghi “không có số liệu”, "
        "không phải 0",
        "{source} covers {first}–{last}: years outside are marked “no data”, not 0",
    ),
    "coverage_none": (
        "{source} không có hồ sơ nào ghi năm: các năm ghi “không có số liệu”",
        "{source} has no record with a year: years are marked “no data”",
    ),
    "not_coded_note": (
        "{profile} không có mã cho: {categories} — ghi “nguồn không mã hoá”, không phải 0",
        "{profile} has no code for: {categories} — marked “not coded by the source”, not 0",
    ),
    "no_data": ("không có số liệu", "no data"),
    "not_coded": ("nguồn không mã hoá", "not coded by the source"),
    "example_source": ("Ví dụ {profile}", "{profile} example"),  # an invented example's default name
    "series_n": ("{name}, n\u00a0=\u00a0{n}", "{name}, n\u00a0=\u00a0{n}"),
    "synthetic": ("mô phỏng", "synthetic"),
    "k": ("k\u00a0=\u00a0{k}", "k\u00a0=\u00a0{k}"),  # kept on one line of the footer
    "k_unknown": ("k không nêu", "k not stated"),
    "withheld": ("ẩn", "withheld"),
    "by_year": ("năm", "year"),
    "by_sex": ("giới tính", "sex"),
    "by_age_band": ("nhóm tuổi", "age band"),
    "by_exploitation": ("hình thức bóc lột", "form of exploitation"),
    "by_destination": ("nước bị bóc lột", "country of exploitation"),
    "no_source": (
        "Chưa có nguồn bối cảnh nào trong cơ sở dữ liệu {db}: nhập một nguồn bằng "
        "`workbench import --profile ctdc FILE`",
        "No context source in the database {db}: import one with `workbench import --profile ctdc FILE`",
    ),
}


# English month names, fixed (the C library's would follow the machine's locale).
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def date_text(on: dt.date | str, lang: str = "vi") -> str:
    """A date as each language writes it, the same on every footer and message: '28/11/2026' in
    Vietnamese (dd/mm/yyyy), '28 November 2026' in English (as the English words write '1 July
    2025'). A string that is not an ISO date is shown as it was given."""
    if not isinstance(on, dt.date):
        try:
            on = dt.date.fromisoformat(str(on))
        except ValueError:
            return str(on)
    return f"{on:%d/%m/%Y}" if lang == "vi" else f"{on.day} {MONTHS[on.month - 1]} {on.year}"


def moment_text(stamp: object, lang: str = "vi") -> str:
    """A stored 'YYYY-MM-DD HH:MM:SS' time as each language writes its date, the time after it; a
    text that is not one is shown as it was given."""
    text = str(stamp)
    day, _, time = text.partition(" ")
    shown = date_text(day, lang)
    return f"{shown} {time}".strip() if shown != day else text


# The importer's messages (`workbench import`, `wb.import_files`): the problem table's problems and
# suggestions, the summary and the printed report, in the language the import was asked in
# (`lang=`, `--lang`). `import_text(key, lang, **fields)` fills the {fields}; a key ending in
# '.fix' is the suggestion that goes with the problem of the same name. Values from the file are
# filled in as given (never translated), labels of value sets in Vietnamese as files write them.
IMPORT_WORDS: dict[str, tuple[str, str]] = {
    # the summary and the report
    "summary": (
        "{file}: {status} — {added} bản ghi {added_how}, {skipped} bản ghi đã có, {errors} lỗi, "
        "{warnings} cảnh báo",
        "{file}: {status} — {added} {added_how}, {skipped} already there, {errors} error(s), "
        "{warnings} warning(s)",
    ),
    "added": ("được thêm", "added"),
    "would_be_added": ("sẽ được thêm", "would be added"),  # --check adds nothing
    "status_imported": ("đã nhập", "imported"),
    "status_unchanged": ("không có gì mới", "unchanged"),
    "status_checked": ("đã kiểm tra", "checked"),
    "status_refused": ("bị từ chối", "refused"),
    "severity_error": ("lỗi", "error"),
    "severity_warning": ("cảnh báo", "warning"),
    "severity_note": ("ghi chú", "note"),
    "at_sheet": ("trang tính {sheet}", "sheet {sheet}"),
    "at_row": ("dòng {row}", "row {row}"),
    "at_column": ("cột {column}", "column {column}"),
    "notes_hidden": (
        "({n} ghi chú không in ra: thêm --notes để xem, hoặc ghi tất cả vào tệp bằng --problems FILE)",
        "({n} note(s) not shown: add --notes to see them, or write them all with --problems FILE)",
    ),
    "more": ("... và {n} dòng nữa", "... and {n} more"),
    "wrote_problems": ("đã ghi bảng lỗi vào {path}", "wrote the problem table to {path}"),
    # a whole file
    "imported_before": (
        "tệp này đã được nhập trước đây ({when} UTC)",
        "this file was imported before ({when} UTC)",
    ),
    "imported_before.fix": (
        "bản ghi đã có trong cơ sở dữ liệu được bỏ qua",
        "records already in the database are skipped",
    ),
    "other_key": (
        "khóa bí danh ({key}) không phải khóa đã dùng khi nhập các tệp nạn nhân trước ({file}, {when} UTC): "
        "cùng một người sẽ mang khóa khác và bị tính hai lần",
        "the pseudonym key ({key}) is not the one earlier victim files were imported with ({file}, "
        "{when} UTC): the same people would get other keys and be counted twice",
    ),
    "other_key.fix": (
        "nhập bằng khóa đã dùng cho các tệp đó (WORKBENCH_KEY_FILE hoặc --key-file)",
        "import with the key those files were imported with (WORKBENCH_KEY_FILE or --key-file)",
    ),
    "not_a_sheet": (
        "không phải trang tính hoạt động hay nạn nhân: bỏ qua",
        "not an events or victims sheet: skipped",
    ),
    "not_a_sheet.fix": (
        "truyền kind='events' hoặc kind='victims' (--kind) để nhập trang này",
        "pass kind='events' or kind='victims' to import it",
    ),
    "no_sheet": (
        "tệp không có trang tính hoạt động hay nạn nhân nào",
        "no events or victims sheet in this file",
    ),
    # columns and cells of a sheet
    "second_column": ("cột thứ hai cho {field}: bỏ qua", "a second column for {field}: ignored"),
    "remarks": (
        "ghi chú: không nhập (workbench không lưu văn bản tự do)",
        "remarks: not imported (the workbench keeps no free text)",
    ),
    "remarks.fix": (
        "ghi chú làm thay đổi bản ghi (hủy, hoãn, tính hai lần) phải được sửa trong chính các ô của bản "
        "ghi: sửa các ô đó, hoặc bỏ dòng ra",
        "a remark that changes a record (cancelled, postponed, counted twice) must be made in the "
        "record's own cells: correct them, or leave the row out",
    ),
    "set_and_column": (
        "tệp đã có cột cho {field} ({heading}): --set / defaults chỉ đặt giá trị cho trường tệp không có cột",
        "the file has a column for {field} ({heading}): --set / defaults gives a value only to a field "
        "the file has no column for",
    ),
    "set_and_column.fix": (
        "điền cột đó trong tệp, hoặc bỏ --set cho tệp này",
        "fill in the column in the file, or leave out the --set for this file",
    ),
    "no_column": ("tệp không có cột cho {field}", "the file has no column for {field}"),
    "no_column.fix": (
        "thêm một cột có tiêu đề {aliases}, hoặc đặt giá trị cho cả tệp bằng defaults={{'{field}': ...}}",
        "add a column with one of the headings {aliases}, or set it for the whole file with "
        "defaults={{'{field}': ...}}",
    ),
    "rows_skipped": ("bỏ qua {n} dòng trống hoặc dòng tổng", "{n} empty or total row(s) skipped"),
    "required": ("ô này phải có giá trị", "a value is required"),
    "required.fix": ("điền vào ô", "fill in the cell"),
    "blank_cells": ("{n} ô trống {recorded}", "{n} empty cell(s) {recorded}"),
    "recorded_as": ("được ghi là {value}", "recorded as {value}"),
    "recorded_zero": ("được ghi là 0", "recorded as 0"),
    "recorded_empty_count": ("để trống (không rõ số)", "left empty (count unknown)"),
    "no_case_key": ("không có cột nào chứa mã vụ án", "no column holds the case's key"),
    "no_case_key.fix": (
        "thêm cột 'Mã vụ án': mã bí danh thống nhất với công an, giống nhau cho một vụ án ở mọi tệp "
        "(không bao giờ là số hồ sơ vụ án hay tên người)",
        "add a 'Mã vụ án' column: a pseudonymous key agreed with the police, the same for a case in "
        "every file (never the case file number, nor anyone's name)",
    ),
    "no_identity_column": ("không có cột nào nhận diện người", "no column identifies the person"),
    "no_identity_column.fix": (
        "thêm 'Họ và tên' cùng 'Ngày sinh', hoặc 'Số CCCD' (chỉ dùng để tạo khóa bí danh, không lưu), "
        "hoặc cột 'Mã nạn nhân'",
        "add 'Họ và tên' with 'Ngày sinh', or 'Số CCCD' (used only to derive a pseudonymous key, never "
        "stored), or a 'Mã nạn nhân' column",
    ),
    "no_identity": (
        "không có họ tên hay số CCCD của người này",
        "no name or ID-card number for this person",
    ),
    "no_identity.fix": (
        "điền họ tên (và ngày sinh) hoặc số CCCD",
        "fill in the name (and birth date) or the ID-card number",
    ),
    "name_only": ("chỉ có họ tên để nhận diện người này", "only the name identifies this person"),
    "name_only.fix": (
        "thêm ngày sinh hoặc số CCCD để người trùng tên không bị tính là một",
        "add the birth date or ID-card number so namesakes are not taken for one person",
    ),
    # what a message shows instead of a cell it never repeats
    "victim_value": ("(không hiện: hồ sơ nạn nhân)", "(not shown: victim record)"),
    "case_value": ("(không hiện: hồ sơ vụ việc)", "(not shown: case record)"),
    "hidden_value": ("(ẩn: thông tin nhận diện trực tiếp)", "(hidden: direct identifier)"),
    "value_not_shown": ("(giá trị không hiện)", "(value not shown)"),
    "long_value": ("… ({n} ký tự)", "… ({n} characters)"),
    # place cells and the 2025 reform (_load._place_rule, _units.resolve_unit_on)
    "fill_district": (
        "điền quận/huyện, hoặc xã/phường của thời điểm đó (Xã/Phường). Quận/huyện hợp lệ: {valid}",
        "fill in the district, or the commune/ward of that time (Xã/Phường). Valid districts: {valid}",
    ),
    "fill_unit": (
        "điền xã/phường mới, bằng tên hoặc mã đơn vị hành chính",
        "fill in the new commune/ward, by name or GSO code",
    ),
    "district_after_reform": (
        "quận/huyện đã bị bãi bỏ từ ngày {reform} mà bản ghi này ghi ngày {on}: để trống district_code "
        "và ghi xã/phường mới vào unit_code",
        "districts were abolished on {reform} and this record is dated {on}: leave district_code empty "
        "and give the new commune/ward in unit_code",
    ),
    "unit_needed": (
        "bản ghi từ ngày {reform} trở đi cần có xã/phường mới",
        "a record dated from {reform} on needs its new commune/ward",
    ),
    "district_needed": (
        "bản ghi trước ngày {reform} cần có quận/huyện",
        "a record dated before {reform} needs its district",
    ),
    "commune_elsewhere": (
        "xã/phường cũ này thuộc {district} ({code}), không thuộc {given} ({given_code})",
        "this former commune lies in district {district} ({code}), not in {given} ({given_code})",
    ),
    "unit_too_early": (
        "{unit} là đơn vị sau sắp xếp năm 2025, có hiệu lực từ ngày {reform}, nhưng bản ghi ghi ngày {on}: "
        "trước ngày đó ghi quận/huyện vào district_code (và, nếu muốn, xã/phường cũ vào unit_code)",
        "{unit} is a unit of the 2025 reform, valid from {reform}, but the record is dated {on}: before "
        "the reform give the district in district_code (and, optionally, the former commune in unit_code)",
    ),
    "commune_too_late": (
        "{commune} là xã/phường cũ, có hiệu lực đến hết ngày {last}, nhưng bản ghi ghi ngày {on}: từ ngày "
        "{reform} ghi một trong các xã/phường mới",
        "{commune} is a former commune, valid until {last}, but the record is dated {on}: from {reform} "
        "give one of the new communes/wards",
    ),
    "unknown_former_commune": (
        "không có xã/phường cũ này của Cần Thơ vào ngày {on}{hint}",
        "unknown former commune/ward of Cần Thơ on {on}{hint}",
    ),
    "unknown_new_unit": (
        "không có xã/phường này của thành phố Cần Thơ sau sáp nhập vào ngày {on}{hint}",
        "unknown commune/ward of the merged Cần Thơ city on {on}{hint}",
    ),
    "after_national": (
        "sau ngày {last}: cơ sở dữ liệu toàn quốc này chỉ có các quận/huyện trước sắp xếp năm 2025",
        "after {last}: this national database holds the districts before the 2025 reform only",
    ),
    "after_national.fix": (
        "nhập bản ghi từ ngày {reform} (ghi xã/phường mới) vào cơ sở dữ liệu của thành phố",
        "import records from {reform} (they name the new communes and wards) into the city database",
    ),
    # bodies named on a date they did not exist (_codes.body_problem)
    "body_ended": (
        "{body} ({code}) đã kết thúc ngày {ended}; bản ghi này ghi ngày {on}",
        "{body} ({code}) ended on {ended}; this record is dated {on}",
    ),
    "body_began": (
        "{body} ({code}) bắt đầu từ ngày {began}; bản ghi này ghi ngày {on}",
        "{body} ({code}) began on {began}; this record is dated {on}",
    ),
    "body_from": ("{body} ({code}) từ ngày {start}", "{body} ({code}) from {start}"),
    "body_then": (" (từ ngày {start}: {body} ({code}))", " (from {start}: {body} ({code}))"),
    "body_for": (" cho {work}", " for {work}"),
    "body_work": ("công việc của cơ quan này", "its work"),
    "body_work_of": ("công việc {support} của cơ quan này", "its {support} work"),
    "body_passed": ("{work} chuyển cho {bodies}", "{work} passed to {bodies}"),
    "body_and": (", và cho ", ", and to "),
    "body_successor": ("ghi cơ quan đã nhận công việc đó", "name the body that took over its work"),
    "body_before": ("trước ngày đó: {bodies}", "before then: {bodies}"),
    "body_or": (" hoặc ", " or "),
    "body_then_doing": ("ghi cơ quan làm công việc đó khi ấy", "name the body that did the work then"),
    # cell values (values.py)
    "error_value": (
        "giá trị lỗi ({value}) của công thức, không phải dữ liệu",
        "an error value ({value}) from a formula, not data",
    ),
    "error_value.fix": (
        "sửa công thức trong bảng tính hoặc gõ giá trị, rồi xuất lại",
        "correct the formula in the spreadsheet or type the value, and export again",
    ),
    "date_order": ("không phải ngày theo thứ tự ngày/tháng/năm", "not a date in day/month/year order"),
    "date_order.fix": (
        "ngày viết theo ngày/tháng/năm: có phải {date}?",
        "dates are written day/month/year: did you mean {date}?",
    ),
    "not_date": ("không phải ngày", "not a date"),
    "not_date.fix": (
        "viết ngày dạng dd/mm/yyyy (05/03/2024) hoặc yyyy-mm-dd",
        "write dates as dd/mm/yyyy (05/03/2024) or yyyy-mm-dd",
    ),
    "no_such_day": ("không có ngày này (ngày {day}, tháng {month}, năm {year})", "not a date ({error})"),
    "no_such_day.fix": (
        "kiểm tra ngày và tháng: ngày viết theo ngày/tháng/năm",
        "check day and month: dates are day/month/year",
    ),
    "too_large": ("quá lớn để là một số đếm", "too large to be a count"),
    "too_large.fix": (
        "kiểm tra chữ số thừa hoặc một số điện thoại bị dán vào",
        "check for extra digits or a pasted phone number",
    ),
    "not_whole": ("không phải số nguyên", "not a whole number"),
    "not_whole.fix": (
        "số đếm là số nguyên: làm tròn, hoặc kiểm tra dấu phân cách",
        "counts are whole numbers: round it, or check the separator",
    ),
    "not_number": ("không phải số", "not a number"),
    "not_number.fix": (
        "viết một số nguyên như 1.234 hoặc 1234",
        "write a whole number such as 1.234 or 1234",
    ),
    "unknown_code": ("không có trong danh mục {codeset}", "unknown {codeset}"),
    "did_you_mean": ("có phải {match}?", "did you mean {match}?"),
    "valid": ("Hợp lệ: {valid}", "Valid: {valid}"),
    "citizenship": ("quốc tịch", "citizenship"),
    "country": ("quốc gia", "country"),
    "country_valid": (
        "mã ISO 3166-1 (VN, CN, KH, ...) hoặc tên nước bằng tiếng Việt hoặc tiếng Anh",
        "an ISO 3166-1 code (VN, CN, KH, ...) or a country's name in Vietnamese or English",
    ),
    "country_not_taken": (
        "{code} ({name}) không phải {what} mà trường này nhận",
        "{code} ({name}) is not a {what} this field takes",
    ),
    "not_iso": ("không phải mã ISO 3166-1: '{value}'", "not an ISO 3166-1 code: '{value}'"),
    "unknown_country": ("không có {what} này", "unknown {what}"),
    "write_country": ("Viết {valid}.", "Write {valid}."),
    "read_as": (
        "đọc là {code}: {level}địa danh viết sau tên không thuộc mã",
        "read as {code}: {level}the place written after the name is not part of the code",
    ),
    "level_district": ("cơ quan cấp quận/huyện; ", "a district-level body; "),
    "level_commune": ("cơ quan cấp xã/phường; ", "a commune-level body; "),
    "item_of": ("{problem}: '{item}' (mục {at} trong {count})", "{problem}: '{item}' (item {at} of {count})"),
    "unknown_district": ("không có quận/huyện này", "unknown district"),
    "district_hint": ("có phải '{name}' ({code})? ", "did you mean '{name}' ({code})? "),
    "unknown_district.fix": ("{hint}Hợp lệ: {valid}.", "{hint}Valid: {valid}."),
    # rules on records (validate.py)
    "before_programme": ("trước giai đoạn của chương trình", "before the programme period"),
    "before_programme.fix": (
        "bản ghi bắt đầu từ ngày {start}: kiểm tra năm",
        "records start on {start}: check the year",
    ),
    "future": ("ngày trong tương lai", "in the future"),
    "future.fix": (
        "kiểm tra năm, và thứ tự ngày/tháng (ngày viết theo ngày/tháng/năm)",
        "check the year, and the day/month order (dates are day/month/year)",
    ),
    "at_least": ("phải từ {minimum} trở lên", "must be at least {minimum}"),
    "at_least.fix": ("số đếm không thể âm", "a count cannot be negative"),
    "implausible": ("không hợp lý: hơn {limit}", "implausible: more than {limit}"),
    "implausible.fix": (
        "kiểm tra chữ số thừa; một hoạt động hay đợt phát tờ rơi không thể đạt số này",
        "check for extra digits; one event or drive cannot reach this many",
    ),
    "unusually_large": ("lớn bất thường (trên {limit})", "unusually large (over {limit})"),
    "typo.fix": (
        "kiểm tra có gõ nhầm không; vẫn nhập như đã ghi",
        "check it is not a typo; imported as it is",
    ),
    "outlier": (
        "gấp hơn 10 lần số người dự thường thấy của loại hoạt động này ({median})",
        "more than 10 times the usual attendance for this kind of event ({median})",
    ),
    "age_conflict": ("không khớp với nhóm tuổi {band}", "does not match the age band {band}"),
    "age_conflict.fix": ("kiểm tra nhóm tuổi và độ tuổi theo luật", "check age band and minor status"),
    "at_row_of": ("dòng {row}", "row {row}"),
    "at_row_of_sheet": ("dòng {row} của trang tính {sheet}", "row {row} of sheet {sheet}"),
    "duplicate_person": (
        "trùng: cùng một người (cùng số CCCD, hoặc cùng họ tên và ngày sinh) với {where}; {differences}",
        "duplicate: the same person (same ID-card number, or same name and birth date) as {where}; "
        "{differences}",
    ),
    "duplicate_person.fix": (
        "kiểm tra dòng nào đúng và sửa tệp; không dòng nào của nó được nhập cho đến khi đó",
        "check which of the two rows is right and correct the file; nothing of it is imported until then",
    ),
    "rows_same": ("hai dòng giống hệt nhau", "the two rows are the same"),
    "rows_differ": ("hai dòng khác nhau ở {headings}", "the rows differ in {headings}"),
    "duplicate_record": (
        "trùng: cùng bản ghi (cùng ngày, địa bàn, đơn vị, loại và số liệu) với {where}",
        "duplicate: the same record (same date, place, organiser, kind and counts) as {where}",
    ),
    "duplicate_key": ("trùng: cùng {key} với {where}", "duplicate: the same {key} as {where}"),
    "duplicate.fix": ("xóa một trong hai dòng", "delete one of the two rows"),
    "person_differs": (
        "người này đã có trong cơ sở dữ liệu với giá trị khác ở {headings}",
        "this person is already in the database with a different value in {headings}",
    ),
    "person_differs.fix": (
        "kiểm tra bản ghi nào đúng: cơ sở dữ liệu giữ bản ghi đang có; nếu bản đó sai, sửa ở nguồn đã "
        "nhập nó",
        "check which record is right: the database keeps the one it has; if it is wrong, correct it at "
        "the source it was imported from",
    ),
    "record_differs": (
        "{key} {value} đã có trong cơ sở dữ liệu với {columns} khác",
        "{key} {value} is already in the database with a different {columns}",
    ),
    "record_differs.fix": (
        "cơ sở dữ liệu giữ bản ghi đầu tiên; sửa ở nguồn hoặc dùng mã mới",
        "the database keeps the first record; correct it at the source or give a new key",
    ),
    "id_too_long": ("mã dài {n} ký tự: tối đa {most}", "an id of {n} characters: at most {most}"),
    "id_error_value": (
        "giá trị lỗi ({value}) của công thức, không phải mã",
        "an error value ({value}) from a formula, not an id",
    ),
    "id_formula": (
        "mã bắt đầu bằng = + - hoặc @, bảng tính sẽ chạy nó như một công thức",
        "an id starting with = + - or @, which a spreadsheet would run as a formula",
    ),
    "id_control": (
        "mã chứa ký tự điều khiển (tab, xuống dòng, ...)",
        "an id holding a control character (tab, line break, ...)",
    ),
    "id.fix": (
        "mã là chuỗi ngắn gồm chữ, số, '-', '/' và '.'",
        "ids are short codes of letters, digits, '-', '/' and '.'",
    ),
    # the funnel's stage dates (_stages.stage_problems)
    "stage_empty": (
        "để trống dù bản ghi đã qua bước này (trafficking_status {status}, workflow_stage {workflow}): "
        "vẫn được tính ở bước này nhưng không tính số ngày giữa các bước",
        "empty although the record has reached this stage (trafficking_status {status}, workflow_stage "
        "{workflow}): it counts at the stage but not in the days between stages",
    ),
    "stage_not_reached": (
        "có ngày cho một bước bản ghi chưa qua (trafficking_status {status}, workflow_stage {workflow})",
        "a date for a stage this record has not reached (trafficking_status {status}, workflow_stage "
        "{workflow})",
    ),
    "stage_before": (
        "trước {earlier} trên cùng dòng: bước sau không thể trước bước trước",
        "before {earlier} on the same row: a later stage cannot come before an earlier one",
    ),
    "stage_order.fix": (
        "kiểm tra thứ tự ngày/tháng và các ngày của từng bước trên dòng này",
        "check the day/month order and the stage dates of this row",
    ),
    "stage_empty.fix": ("điền ngày nếu biết", "fill in the date if it is known"),
    # columns the dictionary does not know, cells a reader shows as empty, rows of the wrong width
    "no_heading": ("(cột {letters}, không có tiêu đề)", "(column {letters}, no heading)"),
    "near_heading": (
        "đọc là {field} (từ điển có '{heading}')",
        "read as {field} (the dictionary has '{heading}')",
    ),
    "near_heading.fix": (
        "thêm tiêu đề bằng --header 'Tiêu đề=trường' (headers={{...}}) để đọc khác đi",
        "add the heading with --header 'Heading=field' (headers={{...}}) to map it otherwise",
    ),
    "empty_unknown_columns": (
        "các cột không có trong từ điển tiêu đề, để trống: bỏ qua",
        "columns not in the header dictionary, empty: ignored",
    ),
    "other_table_column": (
        "chứa {field}, một trường của bảng khác, ở {n} dòng: không nhập",
        "holds {field}, a field of another table, in {n} row(s): not imported",
    ),
    "other_table_column.fix": (
        "nhập như {table} mà không có cột này, hoặc kiểm tra có đúng tệp không",
        "import it as {table} without it, or check the file is the right one",
    ),
    "closest_field": (
        "trường gần nhất là {field} ('{heading}'); ",
        "the closest field is {field} ('{heading}'); ",
    ),
    "unknown_column": (
        "một cột từ điển tiêu đề không biết có dữ liệu ở {n} dòng: không nhập",
        "a column the header dictionary does not know holds data in {n} row(s): not imported",
    ),
    "unknown_column.fix": (
        "{hint}để nhập cột này thêm --header '{heading}={field}' (headers={{...}}), hoặc xóa cột",
        "{hint}to import it add --header '{heading}={field}' (headers={{...}}), or remove the column",
    ),
    "heading_word": ("Tiêu đề", "Heading"),
    "field_word": ("trường", "field"),
    "formula": (
        "công thức được lưu mà không có giá trị (chương trình ghi tệp không tính toán)",
        "a formula saved without its value (the program that wrote the file does not calculate)",
    ),
    "uncalculated": (
        "công thức chưa bao giờ được tính: sổ tính yêu cầu tính lại khi mở (chương trình ghi tệp không "
        "tính toán), nên giá trị lưu kèm không phải kết quả",
        "a formula never calculated: the workbook asks to be recalculated when opened (the program that "
        "wrote it does not calculate), so the value saved with it is no result",
    ),
    "recalculate.fix": (
        "mở tệp bằng Excel hoặc LibreOffice, để tính lại, lưu và nhập lại",
        "open the file in Excel or LibreOffice, let it recalculate, save it and import it again",
    ),
    "cell_error_value": (
        "giá trị lỗi ({value}) của công thức: ô không có giá trị",
        "an error value ({value}) from a formula: the cell has no value",
    ),
    "cell_error_value.fix": (
        "sửa công thức hoặc gõ giá trị, lưu và nhập lại",
        "correct the formula or type the value, save and import again",
    ),
    "row_short": (
        "dòng có {cells} ô, tiêu đề có {width}: thiếu ô cho {columns}",
        "the row has {cells} cells, the header {width}: no cell for {columns}",
    ),
    "row_short.fix": (
        "mất một ô hoặc một dấu phân cách: đối chiếu dòng này với tiêu đề",
        "a cell or a separator was lost: check the row against the header",
    ),
    "row_long": (
        "dòng có {cells} ô, tiêu đề có {width}: các ô bị lệch",
        "the row has {cells} cells, the header {width}: its cells are shifted",
    ),
    "row_long.fix": (
        "dấu phân cách trong một ô không có ngoặc kép (dấu phẩy trong địa chỉ) làm lệch dòng: đặt ô đó "
        "trong ngoặc kép hoặc bỏ dấu phân cách",
        "a separator inside a cell that is not quoted (a comma in an address) shifts the row: quote "
        "that cell or remove the separator",
    ),
    "identifier_column": (
        "chứa {what}: bản ghi {table} không chứa thông tin nhận diện của ai",
        "holds {what}: a {table} record holds no identifier of anyone",
    ),
    "identifier_column.fix": (
        "xóa cột và nhập lại tệp (không có gì được đọc hay lưu từ cột này)",
        "delete the column and import the file again (nothing was read from it or stored)",
    ),
}


# The two kinds of work the labour sector's 2025 split gave to different bodies (_codes.LABOUR_WORK,
# _codes.SOCIAL_WORK), as the body messages name them.
WORK_WORDS: dict[str, tuple[str, str]] = {
    "labour": (
        "lao động, việc làm (đào tạo nghề, tư vấn việc làm, vay vốn)",
        "labour and employment (vocational training, employment counselling, loans)",
    ),
    "social": (
        "bảo trợ xã hội, trẻ em, phòng chống tệ nạn xã hội",
        "social protection, children and social-evils prevention",
    ),
}


# Value sets as a Vietnamese message names them where TEXT has no title for them ("không có trong
# danh mục {codeset}"); English names a set by its name ('hotline topic').
CODESET_WORDS: dict[str, str] = {
    "country": "quốc gia",
    "published_country": "quốc gia",
    "citizenship": "quốc tịch",
    "published_citizenship": "quốc tịch",
    "means_of_control": "thủ đoạn kiểm soát",
    "recruitment": "hình thức tuyển mộ",
    "majority_status": "tình trạng thành niên",
    "data_source": "nguồn dữ liệu",
    "labour_sector": "ngành bị bóc lột lao động",
    "sex_exploitation_type": "hình thức bóc lột tình dục",
    "world_region": "khu vực trên thế giới",
    "recruiter_relation": "quan hệ với đối tượng",
    "referring_body": "cơ quan chuyển giao",
    "case_status": "tình trạng hồ sơ",
    "workflow_stage": "bước hỗ trợ",
    "yes_no": "có/không",
    "provider": "cơ quan hỗ trợ",
    "hotline_line": "đường dây",
    "contact_channel": "kênh liên hệ",
    "hotline_topic": "nội dung liên hệ",
    "referral_outcome": "kết quả chuyển gửi",
    "case_stage": "giai đoạn tố tụng",
}


def import_text(key: str, lang: str, /, **fields: object) -> str:
    """One of the importer's messages (`IMPORT_WORDS`) in `lang` ('vi' or 'en'), its {fields} filled."""
    vi, en = IMPORT_WORDS[key]
    return (vi if lang == "vi" else en).format(**fields)
