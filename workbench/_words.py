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
        "Số nạn nhân được xác định bị ẩn (<{k}, x): không công bố, trong dải xám gạch chéo dưới thang, "
        "không phải tỷ lệ thấp",
        "Identified victims withheld (<{k}, x): not published, in the hatched grey strip below the scale, "
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
    # After the extract, when the database holds imported files: how many import batches of the
    # city's records, and the last day the data cover (_build.stamp_data_to, _labels.data_note).
    "imported_batch": ("+ {n} đợt nhập, đến ngày {date}", "+ {n} imported batch, to {date}"),
    "imported_batches": ("+ {n} đợt nhập, đến ngày {date}", "+ {n} imported batches, to {date}"),
    "version_unknown": ("phiên bản không rõ", "version unknown"),
    "filters": ("Lọc", "Filters"),
    "adhoc": ("truy vấn SQL riêng", "ad hoc SQL"),
    "own_table": ("bảng tự lập", "a table of one's own"),
    # The footer of a chart of a table made by hand, given no database's metadata: it named the
    # database as its source, its data version "unknown" and its filters "none".
    "own_table_source": (
        "bảng tự lập, không phải kết quả truy vấn cơ sở dữ liệu",
        "a table of one's own, not a result of the database's queries",
    ),
    "own_table_filters": ("không rõ (bảng tự lập)", "not known (a table of one's own)"),
    "internal": ("Nội bộ – không công bố", "Internal – not for publication"),
    # A published chart whose every cell is withheld: one line in place of a mark per cell.
    "all_withheld": (
        "Mọi số liệu đều được ẩn (nhỏ hơn {k} hoặc để bảo vệ ô khác)",
        "All counts withheld (fewer than {k} or protecting others)",
    ),
    "withheld_drawn": (
        "Ô bị ẩn không có cột, chỉ ghi dấu (<{k}, x) ở trục",
        "Withheld cells have no bar: only their mark (<{k}, x) at the axis",
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
        "Số người được tiếp nhận bị ẩn (<{k}, x): không công bố, trong dải xám gạch chéo dưới thang, "
        "không phải tỷ lệ thấp",
        "People received withheld (<{k}, x): not published, in the hatched grey strip below the scale, "
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
    # the publish-mode dashboard, where publication of a view is refused (after the records changed,
    # until the team has checked them; or an audit that could not finish): the same words whatever
    # the reason, which the server's log says in full for the team
    "not_published_now": (
        "Hiện chưa thể công bố các số liệu này. Các thẻ khác vẫn xem được.",
        "These figures cannot be published at the moment. The other tabs still work.",
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
        "dữ liệu; ô bị ẩn (<{k}, x) được chọn cùng mọi lần công bố trước, để không ghép được ra số nhỏ. Lập "
        "lại tài liệu này sau những lần công bố khác có thể ẩn thêm ô, dù dữ liệu không đổi. Xem sổ đăng "
        "ký: lệnh `workbench releases`.",
        "Published counts: this pack's victim counts are release no. {releases} in this database's register; "
        "withheld cells (<{k}, x) are chosen together with every earlier release, so that no small count can "
        "be worked out by putting them side by side. The same pack built again after other releases may "
        "withhold more cells, though the data are unchanged. The register: the command `workbench releases`.",
    ),
}


# District maps.
MAP = {
    "count": ("", ""),
    # where the district boundaries come from (the government's GIS portal, through dvhcvn)
    "attribution": ("Ranh giới: gis.chinhphu.vn (qua dvhcvn)", "Boundaries: gis.chinhphu.vn (via dvhcvn)"),
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


# A publish-mode command waiting for the release register, which another workbench process holds
# while it releases (_release.Register.locked), or for its release's audit: said at once, or the
# silent wait reads as a hang.
REGISTER_WAIT: dict[str, tuple[str, str]] = {
    "waiting": (
        "Đang chờ: một tiến trình workbench khác đang dùng sổ đăng ký công bố của cơ sở dữ liệu {db} "
        "(đang công bố); lệnh này tiếp tục khi tiến trình đó xong…",
        "Waiting: another workbench process is using the release register of the database {db} "
        "(releasing counts); this command goes on when it has finished…",
    ),
    "acquired": (
        "Đã có sổ đăng ký công bố của {db} sau {seconds} giây chờ: tiếp tục.",
        "Got the release register of {db} after waiting {seconds} s: going on.",
    ),
    # the audit of a release (`_waiting.told_while_audited`): elapsed time only
    "auditing": (
        "Đang kiểm tra lần công bố mới ({cells} ô) cùng mọi lần công bố trước để không lộ số nhỏ; "
        "việc này có thể mất vài phút…",
        "Auditing the new release ({cells} cells) together with every earlier release so that no small "
        "count can be worked out; this can take a few minutes…",
    ),
    "still_auditing": (
        "Vẫn đang kiểm tra lần công bố mới: đã {seconds} giây…",
        "Still auditing the new release: {seconds} s so far…",
    ),
    "audited": (
        "Đã kiểm tra xong lần công bố mới sau {seconds} giây.",
        "Audited the new release in {seconds} s.",
    ),
}


# What the commands print when they have done their work (_cli): `workbench figures`, `brief`,
# `build`, `backup`, `imports`, in the language of their --lang (Vietnamese by default). Paths,
# file and table names and commands in backticks are filled in as they are; counts as each language
# writes them (54.131, 54,131), dates too (`moment_text`).
COMMAND_WORDS: dict[str, tuple[str, str]] = {
    "figures_wrote": ("đã ghi {count} tệp vào {out}", "wrote {count} files into {out}"),
    "brief_wrote": ("đã ghi {path}", "wrote {path}"),
    "built": ("Đã dựng {db}", "Built {db}"),
    "built_default": (
        "Đã dựng cơ sở dữ liệu workbench tại {db}",
        "Built the workbench database at {db}",
    ),
    # `wb.connect(path)` where no database was: built, and said on stderr (a mistyped path would
    # otherwise answer from the sample records, an analyst's imports nowhere, without a word).
    "connect_built_new": (
        "Chưa có cơ sở dữ liệu tại {db}: đã dựng mới từ {data} và {imports} lần nhập",
        "No database was at {db}: a new one was built from {data} and {imports} imports",
    ),
    "build_national": (
        "{db} là cơ sở dữ liệu toàn quốc (do `workbench generate --national` ghi, không dựng từ "
        "data/): đã đọc mọi khối và đối chiếu các lần nhập với bản kê khai (manifest) của chúng",
        "{db} is a national database (written by `workbench generate --national`, not built "
        "from data/): every block read and its imports checked against their manifests",
    ),
    "build_up_to_date": (
        "{db} đã cập nhật theo {data} (đã đọc và kiểm tra mọi khối)",
        "{db} is up to date with {data} (every block read and checked)",
    ),
    "backup_copied": (
        "Đã sao chép {source} sang {target} (dữ liệu của nó ở {generation} bên cạnh) và {batches} lô "
        "đã nhập vào kho nhập của bản sao.",
        "Copied {source} to {target} (its data in {generation} beside it) and "
        "{batches} imported batch(es) into its import store.",
    ),
    "backup_register": (
        "Sổ đăng ký công bố cũng được sao chép theo ({name}): chỉ công bố từ một trong hai bản "
        "(docs/releases.md).",
        "Its release register came with it ({name}): publish from one of the two only (docs/releases.md).",
    ),
    "imports_none": ("Kho nhập chưa có lô nhập nào.", "No import batch in the import store."),
    "imports_rows": ("{tables}: {rows} dòng", "{tables}: {rows} rows"),
    "imports_nothing_added": ("không thêm dòng nào (đã có sẵn)", "0 rows added (already there)"),
    "imports_source": ("  nguồn {profile} {source}", "  {profile} source {source}"),
    "imports_removed": (
        "Đã gỡ lô {name}; cơ sở dữ liệu đã được dựng lại không có lô này. Lô được giữ trong {kept}:",
        "Removed batch {name}; the database was rebuilt without it. The batch is kept in {kept}:",
    ),
    "imports_restore": (
        "chuyển thư mục đó trở lại {store} rồi chạy `workbench build{db}` để khôi phục.",
        "move that folder back into {store} and run `workbench build{db}` to restore it.",
    ),
    "imports_left": (
        "{n} bản ghi của lô này đã rời khỏi cơ sở dữ liệu (lô đã thêm: {tables}).",
        "{n} record(s) of this batch left the database (the batch added: {tables}).",
    ),
    # workbench context
    "context_none": (
        "Chưa có nguồn bối cảnh nào: nhập một nguồn bằng `workbench import --profile ctdc FILE`.",
        "No context source: import one with `workbench import --profile ctdc FILE`.",
    ),
    "context_source": (
        "{source}  ({profile}, công bố {released}, {k})  {records} hồ sơ  từ {file}, "
        "nhập lúc {imported} UTC  lô {batch}",
        "{source}  ({profile}, released {released}, {k})  {records} records  from {file}, "
        "imported {imported} UTC  batch {batch}",
    ),
    "context_k": ("k = {k}", "k = {k}"),
    "context_k_unknown": ("k không nêu", "k not stated"),
    "context_removed": (
        "Đã gỡ nguồn bối cảnh {name}; cơ sở dữ liệu đã được dựng lại không có nguồn này. Lô của nó được giữ "
        "trong",
        "Removed the context source {name}; the database was rebuilt without it. Its batch is kept in",
    ),
    "context_restore": (
        "{kept}: chuyển thư mục đó trở lại {store} rồi chạy `workbench build` để khôi phục.",
        "{kept}: move that folder back into {store} and run `workbench build` to restore it.",
    ),
    # workbench generate
    "generate_wrote": ("đã ghi {path}", "wrote {path}"),
    "generate_national": (
        "đã ghi {path}: {events} hoạt động, {victims} hồ sơ nạn nhân ({seconds} giây)",
        "wrote {path}: {events} events, {victims} victim records ({seconds} s)",
    ),
    "generate_open": (
        "mở bằng wb.connect({path}) hoặc WORKBENCH_DB={db}",
        "open it with wb.connect({path}) or WORKBENCH_DB={db}",
    ),
    # workbench export: the report (_share.Report.text) and the line after it
    "export_wrote": (
        "Đã ghi {written} trên {records} hồ sơ nạn nhân theo bố cục {format} vào {file} (nội bộ: dữ liệu "
        "từng hồ sơ, chỉ cho bên nhận có thỏa thuận chia sẻ dữ liệu).",
        "Wrote {written} of {records} victim record(s) in the {format} layout to {file} (internal: "
        "record-level data, for a recipient under a data-sharing agreement).",
    ),
    "export_none_selected": (
        "Không chọn được hồ sơ nào: {why} Tệp chỉ có dòng tiêu đề.",
        "0 records selected: {why} The file has its header only.",
    ),
    "export_no_victim": (
        "cơ sở dữ liệu không có nạn nhân nào đã được xác định.",
        "the database holds no identified victim.",
    ),
    "export_none_in_years": (
        "không có nạn nhân đã xác định nào được tiếp nhận trong {asked} ({n} nạn nhân của cơ sở dữ liệu "
        "được tiếp nhận trong {held}).",
        "no identified victim was received in {asked} (the database's {n} were received {held}).",
    ),
    "export_any_year": ("bất kỳ năm nào", "any year"),
    "export_fewer_than_k": (
        "Không đủ k = {k} hồ sơ có chung các đặc điểm gần định danh: tệp chỉ có dòng tiêu đề.",
        "Fewer than k = {k} records could share their quasi-identifiers: the file has its header only.",
    ),
    "export_k": (
        "k = {k} trên {qis}: nhóm nhỏ nhất trong tệp: {smallest}.",
        "k = {k} over {qis}: smallest group in the file {smallest}.",
    ),
    "export_no_row": ("- (không có dòng nào)", "- (no row)"),
    "export_levels": ("Mức cho mọi hồ sơ: {levels}.", "Levels for every record: {levels}."),
    "export_recoding": ("Mã hóa lại chung: {steps}.", "Global recoding: {steps}."),
    "export_step": (
        "{qi} {finest} -> {level} cho mọi hồ sơ (mã hóa lại chung)",
        "{qi} {finest} -> {level} for every record (global recoding)",
    ),
    "export_withheld": (
        "Ô bị ẩn (ẩn cục bộ, để trống trong tệp): {cells}.",
        "Cells withheld (local suppression, empty in the file): {cells}.",
    ),
    "export_withheld_none": ("không có", "none"),
    "export_generalised": (
        "Chỉ một số dòng được khái quát thêm một bậc: {counts}.",
        "Generalised one step in some rows only: {counts}.",
    ),
    "export_left_out": (
        "Không ghi: {n} hồ sơ vẫn thuộc một nhóm nhỏ hơn {k}.",
        "Left out: {n} record(s) still in a group smaller than {k}.",
    ),
    "export_keys": (
        "Khóa là khóa mới của lần xuất này (không phải khóa đã lưu; không ghép được hai lần xuất).",
        "Keys are new for this export (not the stored keys; two exports cannot be joined).",
    ),
    "export_report": ("đã ghi báo cáo vào {path}", "wrote the report to {path}"),
    # workbench lab: the working folder brought up to date (_lab.Change), then JupyterLab started
    "lab_copied": ("{name} được sao chép từ {folder}/", "{name} copied from {folder}/"),
    "lab_updated": (
        "{name} đã được cập nhật theo phiên bản mới của bản mẫu (bạn chưa lưu bản này)",
        "{name} updated to the new version of its template (you had not saved it)",
    ),
    "lab_offered": (
        "{template} có phiên bản mới; bản bạn đã lưu được giữ nguyên, phiên bản mới là {name}",
        "{template} has a new version; your saved copy is kept as it is, the new version is {name}",
    ),
    "lab_running": (
        "JupyterLab trên {workspace} (các bản làm việc của bạn; bản mẫu ở notebooks/)",
        "JupyterLab on {workspace} (your working copies; templates in notebooks/)",
    ),
    # workbench dashboard: before Voilà starts
    "dashboard_publish": (
        "Bảng điều khiển công bố (publish mode): chỉ các số được công bố",
        "Public dashboard (publish mode): published numbers only",
    ),
    "dashboard_internal": (
        "Bảng điều khiển nội bộ: mở địa chỉ có ?token=... in bên dưới",
        "Internal dashboard: open the address with ?token=... printed below",
    ),
    "imports_still_held": (
        "{n} bản ghi của lô này vẫn được giữ trong cơ sở dữ liệu vì một lô khác (hoặc data/) cũng có chúng.",
        "{n} record(s) of this batch stay in the database because another batch (or data/) also holds them.",
    ),
    "imports_unsure": (
        "Lưu ý: lô {batches} được nhập bằng phiên bản cũ, không ghi lại những bản ghi đã có sẵn mà tệp "
        "của nó cũng có: nếu tệp đó có bản ghi của lô vừa gỡ, hãy nhập lại tệp đó để giữ chúng.",
        "Note: batch {batches} was imported by an earlier version, which did not record the records "
        "already there that its file also held: if that file holds records of the batch just removed, "
        "import it again to keep them.",
    ),
}


def command_text(key: str, lang: str = "vi", **fields: object) -> str:
    """A line a command prints (`COMMAND_WORDS`) in `lang` ('vi' or 'en'), its {fields} filled as
    given (counts written by the caller as the language writes them: `_text.format_number`)."""
    vi, en = COMMAND_WORDS[key]
    return (vi if lang == "vi" else en).format(**fields)


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
