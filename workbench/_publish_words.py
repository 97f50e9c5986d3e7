"""The words of publish mode's refusals and of `workbench releases`, in Vietnamese and English.

The errors' words of `_error_words` for publish mode (its k and its 2025 units are there): what an
analyst meets after an import (the stop, a revision, a public figure the records contradict), the
selections publish mode does not count, the audit that could not finish, the register that cannot
be found or written, what `workbench releases --accept` / `--new-edition` print, and the lines
of its listing (the public figures, the register's entries). Read through
`_error_words.error_text` and `said`. None of them names a count of people the records hold: they
say what was asked and why nothing was released (the listing: how many cells each release published
and withheld, and a public figure's own published value), never what the records hold.
"""

from __future__ import annotations

# key -> (Vietnamese, English); `_error_words.error_text` fills the {fields}.
PUBLISH_WORDS: dict[str, tuple[str, str]] = {
    # _publish._refuse_since_changed: the stop after every change of the victim data or the figures
    "publish_changed": (
        "Dữ liệu nạn nhân (cùng vụ việc và liên hệ đường dây nóng) của {db}, hoặc các số liệu đã công "
        "khai khai báo trong data/reference/public_figures.csv, đã thay đổi kể từ lần công bố gần "
        "nhất. Việc công bố số liệu nạn nhân, nạn nhân được hỗ trợ và quy trình tiếp nhận – hỗ trợ "
        "(cùng số vụ việc và liên hệ đường dây nóng) tạm dừng sau mỗi thay đổi như vậy, dù đó là thay "
        "đổi gì, để việc tạm dừng không cho ai biết điều gì đã thay đổi. Để tiếp tục, hãy đối chiếu "
        "thay đổi với những gì đã công bố: `workbench releases --accept --db {db}` (docs/releases.md, "
        "mục Revisions). Chế độ nội bộ vẫn hoạt động bình thường.",
        "The victim records (with cases and hotline contacts) of {db}, or the public figures declared "
        "in data/reference/public_figures.csv, changed since the last release. Publication of victims, "
        "victims supported and the funnel stops (cases and hotline contacts with them) after every "
        "such change, whatever it is, so that the stop tells no one what changed. To go on, check the "
        "change against what was released: `workbench releases --accept --db {db}` (docs/releases.md, "
        "Revisions). Internal mode works as usual.",
    ),
    # _publish: a declared public figure publication cannot go on beside ({problems}: the figures)
    "publish_figures": (
        "Không có số liệu nào được công bố từ {db}: {problems}. Một số nạn nhân được công bố bên cạnh "
        "một số liệu đã công khai mà dữ liệu không đếm ra sẽ cho người đọc đang giữ số liệu đó biết "
        "rằng dữ liệu khác với nó. Hãy sửa dữ liệu, hoặc ghi vào cột 'superseded' của "
        "data/reference/public_figures.csv lý do số liệu đó không còn đúng (và xóa ghi chú ấy ở số "
        "liệu mà dữ liệu vẫn đếm ra), để công bố khi đã biết người đọc sẽ thấy sự khác biệt "
        '(docs/releases.md, mục "Figures already public"). Chế độ nội bộ vẫn hoạt động bình thường.',
        "Nothing was released from {db}: {problems}. A victim count released beside a public figure the "
        "records do not count would tell a reader holding it that the records differ from it. Correct the "
        "records, or write in the column 'superseded' of data/reference/public_figures.csv why the figure "
        "no longer holds (and clear it for a figure the records count), to publish knowing a reader will "
        'see the difference (docs/releases.md, "Figures already public"). Internal mode works as usual.',
    ),
    # one figure of {problems} (its public value only, never the records')
    "figure_not_counted": (
        "dữ liệu không đếm ra số liệu của thành phố {name} ({value})",
        "the records do not count the city's {name} ({value})",
    ),
    "figure_superseded_counted": (
        "{name} ({value}) được ghi là không còn đúng (superseded) nhưng dữ liệu vẫn đếm ra đúng số đó",
        "{name} ({value}) is marked superseded but the records count it",
    ),
    # _revisions.refuse: earlier releases the data now contradict
    "publish_revised": (
        "Dữ liệu nạn nhân của {db} đã thay đổi (do nhập thêm hoặc dựng lại) kể từ các lần công bố "
        "trong sổ đăng ký của nó: những số các lần đó đã công bố không còn đúng với dữ liệu hiện nay. "
        "Một bảng mới đặt cạnh chúng sẽ cho người đọc suy ra thay đổi bằng phép trừ (những người được "
        "thêm vào, và ở đâu), nên không có số liệu nào được công bố. Để công bố dữ liệu đã sửa đổi, "
        "hãy bắt đầu một ấn bản mới của sổ đăng ký: `workbench releases --new-edition --db {db}` "
        '(docs/releases.md, mục "Revisions" nói rõ việc đó có rủi ro gì). Chế độ nội bộ vẫn hoạt '
        "động bình thường.",
        "The victim records of {db} changed (an import or a rebuild) since releases of its "
        "register were made: counts they showed are no longer true of the data now. "
        "A new table beside them would let a reader work out the change by difference (the people "
        "added, and where), so nothing was released. To publish the revised data, start a new edition "
        "of the register: `workbench releases --new-edition --db {db}` (docs/releases.md, "
        '"Revisions", says what that risks). Internal mode works as usual.',
    ),
    # _publish, _workbench: ad hoc SQL ({error}: the database's own message, as it gave it)
    "publish_sql_victims": (
        "Ở chế độ công bố, truy vấn SQL tự do không đọc được hồ sơ nạn nhân; hãy dùng db.victims(...), "
        "hàm này ẩn các số nhỏ, hoặc một kết nối ở chế độ nội bộ. ({error})",
        "In publish mode ad hoc SQL cannot read victim records; use db.victims(...), which "
        "suppresses small counts, or an internal-mode connection. ({error})",
    ),
    "publish_sql_hotline": (
        "Ở chế độ công bố, truy vấn SQL tự do không đọc được các lượt liên hệ đường dây nóng (một lượt "
        "trong một xã và một tháng có thể chỉ ra một gia đình); hãy dùng db.count('hotline', ...), hàm "
        "này ẩn các số nhỏ, hoặc một kết nối ở chế độ nội bộ. ({error})",
        "In publish mode ad hoc SQL cannot read hotline contacts (a count of one in a "
        "commune and month could point at a family); use db.count('hotline', ...), which "
        "withholds small counts, or an internal-mode connection. ({error})",
    ),
    # _publish: one k per register
    "publish_k_used": (
        "Các lần công bố trong sổ đăng ký của {db} dùng k={used}; kết nối này dùng k={k}. Các dấu "
        "'<{used}' và 'x' của chúng sẽ bị đọc theo k sai, nên không có số liệu nào được công bố: hãy "
        "kết nối với k={used} (docs/releases.md, mục Limits).",
        "The releases in the register of {db} were made with k={used}; this "
        "connection has k={k}. Their '<{used}' and 'x' would be read with the wrong "
        "k, so nothing was released: connect with k={used} (docs/releases.md, Limits).",
    ),
    "publish_closed": (
        "Kết nối chế độ công bố tới {db} đã đóng.",
        "The publish-mode connection to {db} is closed.",
    ),
    # _publish_tables, _disclosure, _funnel: selections publish mode does not count
    "publish_groupings": (
        "Chế độ công bố chỉ bảo vệ bảng có tối đa hai cách nhóm; đã yêu cầu {count} ({dims}). Hãy nhóm "
        "theo ít hơn, hoặc làm việc ở chế độ nội bộ.",
        "Publish mode protects tables of at most two groupings; {count} were asked for "
        "({dims}). Group by fewer, or work in internal mode.",
    ),
    "publish_not_by": (
        "Chế độ công bố đếm {what} theo {valid}; không theo {dim}. Hãy làm việc ở chế độ nội bộ để có "
        "phân tổ chi tiết hơn.",
        "Publish mode counts {what} by {valid}; not by {dim}. Work in internal mode for finer breakdowns.",
    ),
    "publish_geography": (
        "Chế độ công bố đếm nạn nhân theo các quận/huyện năm 2019 (geography='harmonised'): các đơn vị "
        "hành chính năm 2025 có quá ít nạn nhân để công bố. Hãy bỏ tham số geography, hoặc làm việc ở "
        "chế độ nội bộ.",
        "Publish mode counts victims by the 2019 districts (geography='harmonised'): the 2025 "
        "units hold too few victims to publish. Leave geography out, or work in internal mode.",
    ),
    "publish_not_narrowed": (
        "Chế độ công bố không lọc {what} theo {unhonoured}: chỉ lọc theo {honoured}. Hãy bỏ bộ lọc đó, "
        "hoặc làm việc ở chế độ nội bộ.",
        "Publish mode does not narrow {what} by {unhonoured}: it narrows by {honoured}. "
        "Leave it out, or work in internal mode.",
    ),
    "publish_other_countries": (
        "Chế độ công bố đếm {dim} theo {listed} và các nước khác; {unlisted} được tính vào các nước "
        "khác. Hãy nhóm theo {dim} (các nước khác là một dòng của bảng), hoặc làm việc ở chế độ nội bộ.",
        "Publish mode counts {dim} by {listed} and other countries; {unlisted} is counted among the "
        "other countries. Group by {dim} (the other countries are one row of it), or work in internal "
        "mode.",
    ),
    "publish_one_breakdown": (
        "Chế độ công bố đếm nạn nhân theo nơi, năm và mỗi lần một cách phân tổ khác (hoặc hai cách "
        "phân tổ mà mỗi người chỉ có một giá trị, nhóm cùng nhau); đã yêu cầu {families}. Hãy làm việc "
        "ở chế độ nội bộ để kết hợp chúng.",
        "Publish mode counts victims by place, year and one other breakdown at a time (or two "
        "single-valued breakdowns grouped together); {families} were asked for. "
        "Work in internal mode to cross them.",
    ),
    "publish_one_category": (
        "Chế độ công bố mỗi lần chỉ lọc {family} theo một nhóm (một nạn nhân có thể thuộc nhiều nhóm). "
        "Hãy nhóm theo {family}.",
        "Publish mode narrows {family} to one category at a time (a victim can have several). "
        "Group by {family} instead.",
    ),
    "publish_funnel_not_narrowed": (
        "Chế độ công bố không lọc quy trình tiếp nhận – hỗ trợ nạn nhân theo {unhonoured}: chỉ lọc theo "
        "{honoured}. Hãy bỏ bộ lọc đó, hoặc làm việc ở chế độ nội bộ.",
        "Publish mode does not narrow the funnel by {unhonoured}: it narrows "
        "by {honoured}. Leave it out, or work in internal mode.",
    ),
    # _brief: the briefing pack
    "pack_no_table": (
        "Bộ tài liệu báo cáo không công bố bảng {table}.",
        "The briefing pack releases no {table} table.",
    ),
    "pack_no_victim_table": (
        "Bộ tài liệu báo cáo không có bảng nạn nhân đã bảo vệ theo {key}.",
        "The briefing pack has no protected victim table by {key}.",
    ),
    "pack_internal": (
        "Hình nội bộ cần một kết nối ở chế độ nội bộ: wb.connect(mode='internal').",
        "Internal figures need an internal-mode connection: wb.connect(mode='internal').",
    ),
    # _reader, _unions, _programmes: the audit could not finish ({message}: the solver's own words)
    "audit_whole": (
        "Bước kiểm tra không hoàn tất được các bài toán quy hoạch nguyên kiểm tra mọi số dưới k trong "
        "{seconds} giây ({message}). Không có số liệu nào được công bố. Hãy yêu cầu ít bảng hơn và lớn "
        "hơn (một bộ tài liệu công bố chúng cùng nhau), hoặc làm việc ở chế độ nội bộ "
        "(docs/releases.md, mục Limits).",
        "The audit could not finish the integer programmes that check every count below k "
        "in {seconds} s ({message}). Nothing was released. Ask for fewer, larger tables "
        "(a pack releases them together), or work in internal mode (docs/releases.md, Limits).",
    ),
    "audit_whole_over": (
        "Bước kiểm tra không hoàn tất được các bài toán quy hoạch nguyên kiểm tra mọi số dưới k trên "
        "{width} phần của lần công bố này và các lần trước trong {seconds} giây ({message}). Không có "
        "số liệu nào được công bố. Hãy yêu cầu ít bảng hơn và lớn hơn (một bộ tài liệu công bố chúng "
        "cùng nhau), hoặc làm việc ở chế độ nội bộ (docs/releases.md, mục Limits).",
        "The audit could not finish the integer programmes that check every count below k "
        "over the {width} pieces of this release and those before it, in {seconds} s ({message}). "
        "Nothing was released. Ask for fewer, larger tables "
        "(a pack releases them together), or work in internal mode (docs/releases.md, Limits).",
    ),
    "audit_overlaps": (
        "Bước kiểm tra không hoàn tất được việc tìm những số dưới k mà hai trong {cells} ô được công "
        "bố khoanh ra, trong {seconds} giây. Không có số liệu nào được công bố. Hãy yêu cầu ít bảng hơn "
        "và lớn hơn (một bộ tài liệu công bố chúng cùng nhau), hoặc làm việc ở chế độ nội bộ "
        "(docs/releases.md, mục Limits).",
        "The audit could not finish its search for counts below k that two of the "
        "{cells} cells released mark out, in {seconds} s. Nothing was "
        "released. Ask for fewer, larger tables (a pack releases them together), or work in "
        "internal mode (docs/releases.md, Limits).",
    ),
    "audit_unions": (
        "Bước kiểm tra không hoàn tất được việc tìm những số dưới k mà lần công bố này cùng {published} "
        "số và quan hệ đã công bố trước đó sẽ xác định được (trên {pieces} phần, trong {seconds} giây: "
        "{message}). Không có số liệu nào được công bố. Hãy yêu cầu ít bảng hơn và lớn hơn (một bộ tài "
        "liệu công bố chúng cùng nhau), hoặc làm việc ở chế độ nội bộ (docs/releases.md, mục Limits).",
        "The audit could not finish its search for counts below k that this release "
        "and the {published} published counts and relations before it would pin "
        "(over {pieces} pieces, in {seconds} s: {message}). "
        "Nothing was released. Ask for fewer, larger tables (a pack releases them "
        "together), or work in internal mode (docs/releases.md, Limits).",
    ),
    # {what}: what went wrong, in the solver's terms (English only: for whoever maintains it)
    "audit_programme": (
        "Bài toán quy hoạch tuyến tính của bước kiểm tra gặp lỗi (the audit's linear programme {what}). "
        "Không có số liệu nào được công bố.",
        "The audit's linear programme {what}. Nothing was released.",
    ),
    # _maps, _export: published figures drawn from what publish mode did not release
    "map_not_published": (
        "district_map(publish=True) nhận một bảng từ kết nối ở chế độ {mode}; bản đồ công bố chỉ thể "
        'hiện những gì chế độ công bố cho ra. Hãy truy vấn bảng qua wb.connect(mode="publish") (hoặc '
        "vẽ bản đồ nội bộ, không có publish=True).",
        "district_map(publish=True) was given a table from a connection in mode "
        "{mode}; a published map shows only what publish mode releases. Query the table "
        'through wb.connect(mode="publish") (or draw an internal map without publish=True).',
    ),
    "export_exact": (
        "Hình này được vẽ từ số chính xác ({kinds}, chế độ nội bộ), còn việc xuất hình mặc định là công "
        "bố. Hãy vẽ nó từ wb.connect(mode='publish'), nơi các số nạn nhân nhỏ được ẩn, hoặc xuất với "
        "mode='internal' để ghi hình kèm dấu 'Nội bộ – không công bố'.",
        "This figure is drawn from exact counts ({kinds}, internal mode) and "
        "export publishes by default. Draw it from wb.connect(mode='publish'), which withholds small "
        "victim counts, or export with mode='internal' to write it marked 'INTERNAL – NOT FOR "
        "PUBLICATION'.",
    ),
    "export_changed": (
        "Bảng đưa vào đã bị thêm hoặc sửa cột sau khi truy vấn ({columns}): chế độ công bố chỉ bảo đảm "
        "bảng đúng như các hàm truy vấn trả về, nên số trong các cột đó có thể là số chính xác của bất "
        "kỳ ai; còn việc xuất hình mặc định là công bố. Hãy vẽ từ bảng như db.victims(...) / db.events(...) "
        "của wb.connect(mode='publish') trả về (chọn dòng, bỏ cột vẫn được), hoặc xuất với mode='internal'.",
        "The table given had columns added or changed after its query ({columns}): publish mode vouches "
        "for a table only as its query helpers return it, so the numbers in those columns may be anyone's "
        "exact counts; and export publishes by default. Draw from the table as db.victims(...) / "
        "db.events(...) of wb.connect(mode='publish') returns it (rows chosen and columns dropped are "
        "fine), or export with mode='internal'.",
    ),
    "export_data_differs": (
        "data= đưa vào không phải là các bảng mà biểu đồ của hình được vẽ và phần chân trang được viết "
        "từ đó: tệp công bố sẽ ghi (trong tệp phụ và sổ công bố) những lần công bố mà nó không chứa. "
        "Không có tệp nào được ghi. Hãy bỏ data= (mặc định là các bảng đã vẽ) hoặc vẽ lại hình từ bảng đó.",
        "The data= given are not the tables the figure's charts were drawn and its footer written "
        "from: the published file would be noted (in its sidecar and the register) as holding releases "
        "it does not hold. No file was written. Leave data= out (the tables drawn are the default) or "
        "draw the figure again from that table.",
    ),
    "export_meta_differs": (
        "meta= đưa vào nói khác về cơ sở dữ liệu so với các bảng công bố ({keys}): tệp phụ (sidecar) "
        "của một tệp công bố ghi nguồn của số liệu như các bảng nói. Không có tệp nào được ghi. Hãy bỏ "
        "meta= (mặc định là điều các bảng nói) hoặc đưa db.metadata của chính kết nối đó.",
        "The meta= given says otherwise of the database than the published tables do ({keys}): a "
        "published file's sidecar names where its numbers came from as its tables say. No file was "
        "written. Leave meta= out (the tables' own is the default) or pass the connection's db.metadata.",
    ),
    "export_release_changed": (
        "Bảng đưa vào ghi một sổ công bố hoặc những lần công bố không có ({register}): thông tin công "
        "bố của bảng (attrs['release']) đã bị sửa sau khi truy vấn, hoặc sổ đã bị xóa hay chuyển đi. "
        "Không có tệp nào được ghi. Hãy vẽ từ bảng như wb.connect(mode='publish') trả về.",
        "The table given names a release register, or releases, that do not exist ({register}): its "
        "release (attrs['release']) was changed after its query, or the register was deleted or moved. "
        "No file was written. Draw from the table as wb.connect(mode='publish') returns it.",
    ),
    "export_exact_figure": (
        "Hình này mang số chính xác: một biểu đồ đã được vẽ lên nó từ kết nối nội bộ, hoặc nó mang dấu "
        "'Nội bộ – không công bố', bất kể data đưa vào là gì; còn việc xuất hình mặc định là công bố. "
        "Hãy vẽ lại nó trên một hình mới từ wb.connect(mode='publish'), hoặc xuất với mode='internal'.",
        "This figure holds exact counts: a chart was drawn on it from an internal connection, or it "
        "carries the 'internal' mark, whatever data was passed; and export publishes by default. Draw it "
        "again on a new figure from wb.connect(mode='publish'), or export with mode='internal'.",
    ),
    # _release: the register and the declared figures
    "register_missing": (
        "Cơ sở dữ liệu {db} đã công bố số nạn nhân, ghi trong sổ đăng ký công bố {name}, nhưng sổ này "
        "không có trong {folder}: cơ sở dữ liệu đã bị sao chép hoặc di chuyển mà không kèm sổ. Chế độ "
        "công bố kiểm tra mỗi bảng mới cùng mọi thứ đã công bố trước đó, nên không công bố gì khi thiếu "
        "sổ. Hãy sao chép {name} từ thư mục nguồn của cơ sở dữ liệu sang thư mục này (`workbench backup` "
        "sao chép sổ cùng cơ sở dữ liệu; docs/releases.md). Chỉ khi sổ đã mất hẳn: `workbench "
        "releases --new-edition` bắt đầu một sổ mới, và khi đó người đọc đang giữ các bảng công bố "
        "trước đây có thể trừ chúng với các bảng mới. Chế độ nội bộ vẫn hoạt động bình thường.",
        "The database {db} has released victim counts, recorded in its release register "
        "{name}, which is not in {folder}: the database was copied or moved "
        "without it. Publish mode audits every new table with everything released before, so it "
        "releases nothing without it. Copy {name} from the folder the database came "
        "from into this one (`workbench backup` copies it with the database; docs/releases.md). "
        "Only if it is lost for good: `workbench releases --new-edition` starts a new register, and a "
        "reader holding tables released before can then difference them with new ones. Internal mode "
        "works as usual.",
    ),
    "register_unwritable": (
        "Chế độ công bố ghi mọi lần công bố vào {path} nhưng không ghi được tệp này ({error}). Hãy cho "
        "phép ghi vào thư mục của cơ sở dữ liệu, hoặc làm việc ở chế độ nội bộ.",
        "Publish mode records every release in {path} and cannot write it ({error}). "
        "Make the database's folder writable, or work in internal mode.",
    ),
    "register_busy": (
        "Một tiến trình workbench khác đã giữ sổ đăng ký công bố của {db} ({lock}) quá {seconds} giây, "
        "nên không có số liệu nào được công bố. Hãy chạy lại lệnh khi tiến trình đó đã xong.",
        "Another workbench process held the release register of {db} ({lock}) "
        "for more than {seconds} s, so nothing was released. Run the command again "
        "when that process has finished.",
    ),
    "figures_unreadable": (
        "{path}, dòng {row}: không đọc được một số liệu đã công khai ({error}); các cột: figure, measure, "
        "places (all), year_from, year_to, statuses (a|b), value, source, superseded (không bắt buộc: "
        "lý do số liệu không còn đúng).",
        "{path}, row {row}: a public figure cannot be read ({error}); "
        "columns: figure, measure, places (all), year_from, year_to, statuses (a|b), value, source, "
        "superseded (optional: why the figure no longer holds).",
    ),
    # `workbench releases --accept` / `--new-edition` (_cli)
    "releases_accepted": (
        "Dữ liệu nạn nhân và các số liệu đã công khai của {db} như hiện nay đã được chấp nhận: việc công "
        "bố tiếp tục. Đã kiểm tra mọi ô đã công bố trước đây và các số liệu đã công khai: không ô nào "
        "mâu thuẫn với dữ liệu hiện nay, nên chúng vẫn đúng và các lần công bố sau sẽ được kiểm tra cùng "
        "với chúng.",
        "The victim records and public figures of {db} as they are now are accepted: publication goes "
        "on. Every cell released before and every public figure was checked: none contradicts the data "
        "now, so they stand, and later releases are audited together with them.",
    ),
    "releases_contradicted": (
        "Thay đổi này mâu thuẫn với những số đã công bố từ {db}: một bảng mới đặt cạnh chúng sẽ cho người "
        "đọc suy ra thay đổi bằng phép trừ. Nếu một tệp bị nhập nhầm, hãy gỡ đợt nhập đó (`workbench "
        "imports remove ĐỢT --db {db}`) rồi chạy lại lệnh này. Để công bố dữ liệu đã sửa đổi, hãy bắt "
        "đầu một ấn bản mới: `workbench releases --new-edition --db {db}` — không thể hoàn tác: người "
        "đọc giữ bảng của cả ấn bản cũ và ấn bản mới có thể suy ra phần sửa đổi bằng phép trừ "
        "(docs/releases.md, mục Revisions).",
        "The change contradicts counts released from {db}: a new table beside them would let "
        "a reader work out the change by difference. If a file was imported by mistake, remove its "
        "batch (`workbench imports remove BATCH --db {db}`) and run this again. To publish the "
        "revised data, start a new edition: `workbench releases --new-edition --db {db}` — it cannot "
        "be undone: a reader holding tables of both the old and the new edition can work out the "
        "revision by difference (docs/releases.md, Revisions).",
    ),
    "releases_figures_first": (
        "Việc công bố từ {db} không thể tiếp tục: {problems}. Hãy sửa dữ liệu, hoặc ghi vào cột "
        "'superseded' của data/reference/public_figures.csv lý do số liệu đó không còn đúng (và xóa ghi "
        "chú ấy ở số liệu mà dữ liệu vẫn đếm ra); rồi chạy lại lệnh này (docs/releases.md, mục "
        '"Figures already public").',
        "Publication from {db} cannot go on: {problems}. Correct the records, or write "
        "in the column 'superseded' of data/reference/public_figures.csv why the figure no longer holds "
        "(and clear it for a figure the records count); then run this again (docs/releases.md, "
        '"Figures already public").',
    ),
    "releases_no_revision": (
        "Mọi số đã công bố từ {db} vẫn đúng với dữ liệu của nó: không có sửa đổi nào, và một ấn bản mới "
        "chỉ đưa các lần công bố trước ra khỏi bước kiểm tra. Không có gì thay đổi.",
        "Every count released from {db} is still true of its data: there is no revision, "
        "and a new edition would only take earlier releases out of the audit. Nothing was changed.",
    ),
    "releases_edition": (
        "Đã bắt đầu ấn bản {number} của sổ đăng ký của {db}: các lần công bố mà dữ liệu đã sửa đổi không "
        "còn khớp không còn được đưa vào bước kiểm tra, và có thể công bố số nạn nhân trở lại. Người đọc "
        "giữ bảng của cả hai ấn bản có thể suy ra phần sửa đổi bằng phép trừ.",
        "Edition {number} of the register of {db} started: the releases the revised data no "
        "longer agree with are no longer audited, and victims can be published again. A reader holding "
        "tables from both editions can work out the revision by difference.",
    ),
    "releases_lost": (
        "Đã bắt đầu ấn bản {number} của sổ đăng ký của {db} trong tệp mới {name}: sổ đăng ký những gì "
        "đã công bố trước đây đã mất, và những gì công bố từ nay không được kiểm tra cùng sổ đó. Người "
        "đọc giữ các bảng công bố trước đây có thể trừ chúng với các bảng mới.",
        "Edition {number} of the register of {db} started in a new {name}: the register "
        "of what was released before is lost, and nothing released from now on is audited with it. "
        "A reader holding earlier tables can difference them with new ones.",
    ),
    # `workbench releases`: its listing of the public figures and the register (_cli), said as it
    # was in English: nothing more (no count of people beyond a public figure's own value)
    "releases_none": (
        "Chưa có lần công bố nào từ {db} ({register} chưa ghi lần nào).",
        "No release from {db} yet ({register} does not list any).",
    ),
    "releases_entry_lost": (
        "ấn bản {edition}  {when}  bắt đầu không có sổ đăng ký trước đó (đã mất)",
        "edition {edition}  {when}  started without the earlier register (lost)",
    ),
    "releases_entry_accepted": (
        "đã chấp nhận  {when}  dữ liệu nạn nhân và các số liệu đã công khai như lúc đó",
        "accepted  {when}  the victim records and public figures as they were then",
    ),
    "releases_entry_edition": (
        "ấn bản {edition}  {when}  bắt đầu trên dữ liệu đã sửa đổi (các lần công bố mà phần sửa đổi "
        "mâu thuẫn không còn được kiểm tra)",
        "edition {edition}  {when}  started on revised data "
        "(releases the revision contradicted are no longer audited)",
    ),
    # {shown}, {withheld}: how many cells of the release were published and withheld; {asked}: JSON
    "releases_entry_release": (
        "lần công bố {release}  {when}  {shown} ô được công bố, {withheld} ô bị ẩn  {asked}",
        "release {release}  {when}  {shown} published, {withheld} withheld  {asked}",
    ),
    "releases_entry_file": ("    tệp {name}", "    file {name}"),
    # what a release asked, as `workbench releases` lists it: a table, a pack's tables
    "releases_asked_table": ("{what} phân theo {by}", "{what} by {by}"),
    "releases_asked_total": ("{what}, tổng", "{what}, total"),
    "releases_asked_pack": ("bộ báo cáo: {tables}", "briefing pack: {tables}"),
    # what `workbench brief` says after a pack in publish mode
    "brief_release": (
        "Lần công bố mới của tài liệu (số {release} trong sổ đăng ký, như lệnh `workbench releases --db "
        "{db}` liệt kê): {shown} trong {cells} ô số nạn nhân được công bố, {withheld} ô bị ẩn (<{k}, x); "
        "những số tài liệu dùng lại từ các lần công bố trước không tính ở đây.",
        "The pack's new release (release no. {release} in the register, as `workbench releases --db {db}` "
        "lists it): {shown} of {cells} victim cells published, {withheld} withheld (<{k}, x); numbers the"
        " pack shows from earlier releases are not counted here.",
    ),
    "brief_release_order": (
        "Các ô bị ẩn được chọn cùng những gì đã công bố trước đó (đến lần công bố {earlier} trong sổ đăng"
        " ký, lệnh `workbench releases --db {db}`): tài liệu lập trước các lần công bố khác ẩn ít ô hơn. "
        "Hãy lập tài liệu quan trọng nhất trước, và khám phá ở chế độ nội bộ (docs/analysts.md).",
        "What is withheld was chosen together with everything released before (up to release {earlier} in"
        " the register, `workbench releases --db {db}`): a pack made before other releases withholds "
        "fewer cells. Make the pack that matters most first, and explore in internal mode "
        "(docs/analysts.md).",
    ),
    "brief_release_again": (
        "Không có gì mới được công bố: số nạn nhân của tài liệu là những số đã công bố trước đó (lệnh "
        "`workbench releases --db {db}`).",
        "Nothing new was released: the pack's victim counts are those released before (`workbench "
        "releases --db {db}`).",
    ),
    # what `workbench figures` says after a set of figures in publish mode (a release, as a pack is)
    "figures_release": (
        "Lần công bố mới của bộ biểu đồ (số {release} trong sổ đăng ký, như lệnh `workbench releases "
        "--db {db}` liệt kê): {shown} trong {cells} ô số nạn nhân được công bố, {withheld} ô bị ẩn (<{k}, "
        "x); những số dùng lại từ các lần công bố trước không tính ở đây.",
        "The figures' new release (release no. {release} in the register, as `workbench releases --db {db}` "
        "lists it): {shown} of {cells} victim cells published, {withheld} withheld (<{k}, x); numbers "
        "shown from earlier releases are not counted here.",
    ),
    "figures_release_order": (
        "Các ô bị ẩn được chọn cùng những gì đã công bố trước đó (đến lần công bố {earlier} trong sổ đăng"
        " ký, lệnh `workbench releases --db {db}`): bộ biểu đồ hay tài liệu lập trước các lần công bố "
        "khác ẩn ít ô hơn. Hãy lập cái quan trọng nhất trước, và khám phá ở chế độ nội bộ "
        "(docs/analysts.md).",
        "What is withheld was chosen together with everything released before (up to release {earlier} in"
        " the register, `workbench releases --db {db}`): figures or a pack made before other releases "
        "withhold fewer cells. Make the one that matters most first, and explore in internal mode "
        "(docs/analysts.md).",
    ),
    "figures_release_again": (
        "Không có gì mới được công bố: số nạn nhân của các biểu đồ là những số đã công bố trước đó (lệnh "
        "`workbench releases --db {db}`).",
        "Nothing new was released: the figures' victim counts are those released before (`workbench "
        "releases --db {db}`).",
    ),
    # a declared public figure ({what}: its measure, named in the language) and its {state}
    "releases_public": (
        "công khai  {name}  {what} {years}, mọi nơi, trạng thái {statuses}: {value}  ({state})  "
        "nguồn: {source}",
        "public  {name}  {what} {years}, all places, statuses {statuses}: {value}  ({state})  "
        "source: {source}",
    ),
    "releases_public_superseded": (
        "không còn đúng (superseded): {reason}; không đưa vào kiểm tra",
        "superseded: {reason}; not audited",
    ),
    "releases_public_audited": ("được kiểm tra cùng mọi lần công bố", "audited with every release"),
    "releases_public_differs": (
        "khác với dữ liệu: việc công bố số nạn nhân bị từ chối cho đến khi dữ liệu được sửa hoặc số liệu "
        "được ghi là không còn đúng (superseded)",
        "differs from the data: victim releases refused until corrected or marked superseded",
    ),
}

# What a publish-mode table counts, as its refusals name it ({what}): the measure's column, as the
# frame has it, in English.
MEASURE_WORDS: dict[str, tuple[str, str]] = {
    "victims": ("nạn nhân", "victims"),
    "victims_supported": ("nạn nhân được hỗ trợ", "victims_supported"),
    "cases": ("vụ việc", "cases"),
    "contacts": ("lượt liên hệ đường dây nóng", "contacts"),
}
