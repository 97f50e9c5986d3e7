"""Every word of the importer's messages, in Vietnamese and English (the rest of the package's
words are in `_words`)."""

from __future__ import annotations

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
    # after an import that changed the records victim figures are counted from, in a database that
    # has released figures (_import_release): no count or release named, as the stop names none
    "publication_stopped": (
        "Việc công bố số liệu nạn nhân (số nạn nhân, số nạn nhân được hỗ trợ, các bước tiếp nhận, xác "
        "minh, xác định và hỗ trợ; cùng số vụ việc và liên hệ đường dây nóng) nay đã dừng lại: cơ sở "
        "dữ liệu này đã công bố số liệu, và lần nhập này đã thay đổi các bản ghi mà số liệu được tính "
        "từ đó. Kiểm tra thay đổi bằng `workbench releases --accept --db {db}` để công bố tiếp "
        "(docs/releases.md, Revisions). Chế độ nội bộ vẫn làm việc như thường.",
        "Publication of victim figures (victims, victims supported, the funnel; cases and hotline "
        "contacts with them) is now stopped: this database has released figures, and this import "
        "changed the records they are counted from. Check the change with `workbench releases "
        "--accept --db {db}` to publish again (docs/releases.md, Revisions). Internal mode works as "
        "usual.",
    ),
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
    # a whole file that cannot be read (read.file_error): said after the file's name
    "file_missing": ("không có tệp này.", "no such file."),
    "file_folder": (
        "là một thư mục, không phải tệp. Hãy đưa các tệp CSV hoặc XLSX trong thư mục đó.",
        "is a folder, not a file. Give the CSV or XLSX files inside it.",
    ),
    "file_empty": ("tệp trống (0 byte).", "the file is empty (0 bytes)."),
    "file_unreadable": ("không đọc được tệp ({reason}).", "cannot be read ({reason})."),
    "file_suffix": (
        "không nhập được tệp '{suffix}'. Hợp lệ: .csv, .xlsx (hoặc .xls, .ods).",
        "cannot import a '{suffix}' file. Valid: .csv, .xlsx (or .xls, .ods).",
    ),
    "not_spreadsheet": (
        "không phải bảng tính đọc được ({reason}): tệp bị cắt dở, là tệp khóa '~$' của Excel, hoặc là "
        "tệp khác bị đổi đuôi thành bảng tính — mở tệp gốc trong Excel và lưu lại.",
        "not a readable spreadsheet ({reason}): a file cut short, an Excel lock file ('~$'), or another "
        "kind of file renamed as a spreadsheet — open the original in Excel and save it again.",
    ),
    "no_header_sheet": (
        "không trang tính nào có dòng tiêu đề mà chương trình nhận ra (các trang: {sheets}). Dòng tiêu "
        "đề cần ít nhất hai tên cột đã biết, như 'Ngày tổ chức' và 'Quận/Huyện'; thêm tên cột của bạn "
        "bằng --header 'Tên cột=trường' (headers={{'Tên cột': 'trường'}}).",
        "no sheet has a header the import recognises (sheets: {sheets}). A header needs at least two "
        "known column names, such as 'Ngày tổ chức' and 'Quận/Huyện'; add your own with --header "
        "'Tên cột=field' (headers={{'Tên cột': 'field'}}).",
    ),
    "no_records": (
        "tệp có dòng tiêu đề nhưng không có bản ghi nào: không có gì để nhập",
        "the file has headings but holds no records: nothing to import",
    ),
    "no_records.fix": (
        "kiểm tra đã gửi đúng tệp chưa (có thể là mẫu trống)",
        "check that this is the right file (it may be an empty template)",
    ),
    "no_sheet": (
        "tệp không có trang tính hoạt động hay nạn nhân nào",
        "no events or victims sheet in this file",
    ),
    # what the reading found (read.Said): of a sheet, or of one it skipped
    "sheet_no_header": (
        "không có dòng tiêu đề nào khớp với từ điển tiêu đề: bỏ qua",
        "no header row the header dictionary recognises: skipped",
    ),
    "sheet_no_header.fix": (
        "nếu trang tính có bản ghi cần nhập, thêm tiêu đề của nó bằng --header 'Tiêu đề=trường' "
        "(headers={{...}})",
        "if the sheet holds records to import, add its headings with --header 'Heading=field' "
        "(headers={{...}})",
    ),
    "hidden_sheet": ("trang tính bị ẩn: không nhập", "a hidden sheet: not imported"),
    "hidden_sheet.fix": (
        "nếu trang tính này có bản ghi cần nhập, bỏ ẩn nó trong chương trình bảng tính rồi nhập lại tệp",
        "if this sheet holds records to import, unhide it in the spreadsheet program and import the file "
        "again",
    ),
    "summary_sheet": (
        "trang tính tổng hợp bên cạnh các trang tính nó cộng lại: không nhập (các dòng tổng sẽ bị đếm "
        "hai lần)",
        "a summary sheet beside the sheets it adds up: not imported (its totals would be counted twice)",
    ),
    "summary_sheet.fix": (
        "nếu trang tính này có bản ghi riêng cần nhập, đổi tên nó rồi nhập lại tệp",
        "if this sheet holds records of its own, rename it and import the file again",
    ),
    "hidden_rows": (
        "dòng {rows} bị ẩn trong bảng tính và đã được đọc như các dòng khác",
        "row(s) {rows} are hidden in the spreadsheet and were read like the others",
    ),
    "hidden_rows_more": (
        "dòng {rows} và {n} dòng khác bị ẩn trong bảng tính và đã được đọc như các dòng khác",
        "row(s) {rows} and {n} more are hidden in the spreadsheet and were read like the others",
    ),
    "hidden_rows.fix": (
        "bỏ ẩn các dòng đó để kiểm tra chúng thuộc báo cáo",
        "unhide them to check they belong to the report",
    ),
    "read_tcvn3": (
        "văn bản được chuyển từ bảng mã cũ TCVN3 (ABC) sang Unicode",
        "text converted from the legacy TCVN3 (ABC) encoding to Unicode",
    ),
    "read_cp1258": ("văn bản được đọc theo bảng mã Windows-1258", "text read as Windows-1258"),
    "read_utf16": ("văn bản được đọc theo bảng mã UTF-16", "text read as UTF-16"),
    # columns and cells of a sheet
    "second_column": (
        "cột thứ hai cho cùng trường với cột {first}: bỏ qua",
        "a second column for the same field as column {first}: ignored",
    ),
    "second_column_differs": (
        "cột thứ hai cho {field}, cột {first} ghi '{value}' ở dòng này: không biết cột nào đúng",
        "a second column for {field}, where column {first} holds '{value}' in this row: which is right "
        "cannot be told",
    ),
    "second_column_differs.fix": (
        "giữ một cột; để bỏ cột '{heading}': --header '{heading}=ignored' (headers={{...}})",
        "keep one of the columns; to leave out '{heading}': --header '{heading}=ignored' (headers={{...}})",
    ),
    # (no label before the words: the line starts with the severity, 'ghi chú' / 'note', already)
    "remarks": (
        "không nhập (workbench không lưu văn bản tự do)",
        "not imported (the workbench keeps no free text)",
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
    "no_column": ("tệp không có cột {heading} ({field})", "the file has no column {heading} ({field})"),
    # Also the advice of a column the file lacks whose records are recorded as its empty cells
    # (absent_column): the command's --set first, then what Python's import_files takes instead.
    "no_column.fix": (
        "thêm cột ({aliases}), hoặc đặt một giá trị cho cả tệp: --set {field}=<giá trị> "
        "(defaults={{'{field}': ...}})",
        "add the column ({aliases}), or give the whole file one value: --set {field}=VALUE "
        "(defaults={{'{field}': ...}})",
    ),
    # a field the file has no column for whose empty cell is recorded as something (_absent_columns)
    "absent_column": (
        "tệp không có cột {heading} ({field}): {n} bản ghi {recorded}{uncounted}",
        "the file has no column {heading} ({field}): {n} record(s) {recorded}{uncounted}",
    ),
    "absent_uncounted": (
        "; không rõ tình trạng thì không được tính vào số liệu công bố nào (nạn nhân, nạn nhân được hỗ trợ)",
        "; of unknown status, they are in no published count (victims, victims supported)",
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
        "quận/huyện đã bị bãi bỏ từ ngày {reform} mà bản ghi này ghi ngày {on}: để trống "
        "{district_column} và ghi xã/phường mới vào {unit_column}",
        "districts were abolished on {reform} and this record is dated {on}: leave {district_column} "
        "empty and give the new commune/ward in {unit_column}",
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
        "trước ngày đó ghi quận/huyện vào {district_column} (và, nếu muốn, xã/phường cũ vào {unit_column})",
        "{unit} is a unit of the 2025 reform, valid from {reform}, but the record is dated {on}: before "
        "the reform give the district in {district_column} (and, optionally, the former commune in "
        "{unit_column})",
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
    # No value in the words: in a victim or case file the cell is not shown, nor may its parts be.
    "no_such_day": (
        "không phải ngày: không có ngày này trên lịch",
        "not a date: no such day on the calendar",
    ),
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
    "same_person_stored": (
        "một người cùng ngày tiếp nhận, địa bàn, giới tính, nhóm tuổi, quốc tịch và nơi bị đưa đến đã "
        "được lưu ({where}) với một mã khác: nếu là cùng một người, tệp này nhận diện người đó khác với "
        "lần trước (thêm CCCD, chỉ có năm sinh) và hai bản ghi đếm người đó hai lần",
        "a person received on the same day, at the same place, of the same sex, age band, citizenship "
        "and destination is stored ({where}) under another key: if it is the same person, this file "
        "identifies the person otherwise than before (an ID card added, a birth year only) and the two "
        "records count the person twice",
    ),
    "same_person_stored.fix": (
        "nếu là cùng một người: nhận diện người đó như lần trước (cùng mã hồ sơ, hoặc cùng họ tên và "
        "ngày sinh), hoặc gỡ lô cũ (workbench imports remove {batch}) rồi nhập tệp này; nếu là hai người "
        "được tiếp nhận cùng nhau, không cần làm gì",
        "if it is the same person: identify the person as before (the same case code, or the same name "
        "and birth date), or take the earlier batch out (workbench imports remove {batch}) and import "
        "this file; if they are two people received together, nothing to do",
    ),
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
        "{key} đã có trong cơ sở dữ liệu với {columns} khác",
        "{key} is already in the database with a different {columns}",
    ),
    "this_record": ("bản ghi này", "this record"),
    "this_key": ("mã này", "this key"),
    "record_differs.fix": (
        "cơ sở dữ liệu giữ bản ghi đầu tiên; sửa ở nguồn hoặc dùng mã mới",
        "the database keeps the first record; correct it at the source or give a new key",
    ),
    # a stored event the file corrects, or seems to (validate._check_corrections)
    "stored_in": (" (bản ghi đã lưu: {where})", " (the stored record: {where})"),
    "origin_batch": ("lô {batch}, tệp {file}", "batch {batch}, file {file}"),
    "origin_data": ("dữ liệu gốc data/", "the data/ extract"),
    "correction.fix": (
        "nếu tệp này là bản đã sửa: gỡ lô đó (workbench imports remove {batch}) rồi nhập tệp này; "
        "các bản ghi mà tệp này cũng có vẫn được giữ",
        "if this file is the corrected one: take that batch out (workbench imports remove {batch}), "
        "then import this file; the records this file also holds are kept",
    ),
    "correction_key": (
        ". Không dùng mã mới: hoạt động sẽ bị đếm hai lần",
        ". Do not give a new key: the event would be counted twice",
    ),
    "correction_data.fix": (
        "nếu tệp này là bản đã sửa: sửa bản ghi trong dữ liệu gốc data/ rồi dựng lại; không nhập "
        "thêm bản ghi mới: hoạt động sẽ bị đếm hai lần",
        "if this file is the corrected one: correct the record in the data/ extract and build "
        "again; do not import it as another record: the event would be counted twice",
    ),
    "correction_beside": (
        "một hoạt động cùng ngày, địa bàn, đơn vị tổ chức và hình thức đã được lưu ({where}) với "
        "{stored}; tệp này ghi {given}: hoạt động của tệp này là một hoạt động thứ hai bên cạnh",
        "an event of the same day, place, organiser and type is stored ({where}) with {stored}; "
        "this file says {given}: its event is a second one beside that one",
    ),
    "empty_value": ("(trống)", "(empty)"),
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
        "để trống dù bản ghi đã qua bước này ({status_column} {status}, {workflow_column} {workflow}): "
        "vẫn được tính ở bước này nhưng không tính số ngày giữa các bước",
        "empty although the record has reached this stage ({status_column} {status}, {workflow_column} "
        "{workflow}): it counts at the stage but not in the days between stages",
    ),
    "stage_not_reached": (
        "có ngày cho một bước bản ghi chưa qua ({status_column} {status}, {workflow_column} {workflow})",
        "a date for a stage this record has not reached ({status_column} {status}, {workflow_column} "
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
    "near_count.fix": (
        "nếu cột này đếm thứ khác (chỉ nữ, dự kiến, còn tồn…), đừng nhập nó là {field}: "
        "--header '{heading}=ignored' (headers={{...}}); nếu đúng là {field}: --header '{heading}={field}'",
        "if this column counts something else (women only, planned, left over…), do not import it as "
        "{field}: --header '{heading}=ignored' (headers={{...}}); if it is {field}: --header "
        "'{heading}={field}'",
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
    "identifier_dropped": (
        "chứa {what}, là thông tin nhận diện: không nhập, không lưu",
        "holds {what}, which identify people: not imported, not stored",
    ),
    "identifier_dropped.victims": (
        "chỉ họ tên, ngày sinh và số CMND/CCCD của chính nạn nhân được đọc, để tạo mã ẩn danh khi tệp "
        "không có cột mã; nên xóa cột này khỏi tệp trước khi gửi đi",
        "only the victim's own name, birth date and ID-card number are read, to derive the "
        "pseudonymous key when the file has no code column; better delete this column before the "
        "file is sent on",
    ),
    "identifier_dropped.cases": (
        "hồ sơ vụ án không giữ thông tin nhận diện của ai (đối tượng chỉ là một con số, 'Số đối "
        "tượng'); nên xóa cột này khỏi tệp trước khi gửi đi",
        "a case record holds no one's identifiers (suspects are a number, 'Số đối tượng'); better "
        "delete this column before the file is sent on",
    ),
    "identifier.full_name": ("họ tên", "names"),
    "identifier.id_number": ("số CMND/CCCD", "ID-card numbers"),
    "identifier.phone": ("số điện thoại", "phone numbers"),
    "identifier.address": ("địa chỉ", "addresses"),
    "identifier.birth_date": ("ngày sinh", "birth dates"),
    "identifier.email": ("địa chỉ e-mail", "e-mail addresses"),
    "identifier.social": ("tài khoản mạng xã hội", "social media accounts"),
    "identifier.birthplace": ("nơi sinh", "birthplaces"),
    "identifier.passport": ("số hộ chiếu", "passport numbers"),
    "identifier.given_name": ("tên người", "people's names"),
    "identifier.person": ("tên người", "people's names"),
    "identifier.personal_data": (
        "thông tin nhận diện một người (họ tên, số giấy tờ, e-mail, tài khoản mạng xã hội, nơi sinh…)",
        "a person's identifiers (name, document numbers, e-mail, social account, birthplace…)",
    ),
    "code_is_identifier": (
        "ô giống {what} chứ không phải một mã: không nhập (giá trị không hiện)",
        "the cell looks like {what}, not a code: not imported (value not shown)",
    ),
    "code_is_identifier.fix": (
        "mã là số hồ sơ hay số vụ việc của cơ quan (ví dụ HS-2024-015), không bao giờ là số CMND/CCCD, "
        "số điện thoại, e-mail hay họ tên của một người: ghi mã của cơ quan vào ô, hoặc bỏ cột mã để "
        "mã ẩn danh được tạo từ họ tên, ngày sinh hay số CCCD",
        "a code is the agency's case or file number (e.g. HS-2024-015), never a person's ID-card "
        "number, phone number, e-mail or name: write the agency's code in the cell, or leave the code "
        "column out so the pseudonymous key is derived from the name, birth date or ID-card number",
    ),
    "code_looks.id_number": ("một số CMND/CCCD", "an ID-card number (CMND/CCCD)"),
    "code_looks.phone": ("một số điện thoại", "a phone number"),
    "code_looks.email": ("một địa chỉ e-mail", "an e-mail address"),
    "code_looks.full_name": ("họ tên của một người", "a person's name"),
    "id_number_length": (
        "số CMND/CCCD không đúng độ dài: CMND có 9 chữ số, CCCD 12 (giá trị không hiện)",
        "an ID-card number of the wrong length: a CMND has 9 digits, a CCCD 12 (value not shown)",
    ),
    "id_number_length.fix": (
        "sửa ô theo giấy tờ; một số bị Excel bỏ mất số 0 đầu thì định dạng cột là Văn bản (Text) và gõ "
        "lại cả số 0",
        "correct the cell from the card; a number whose leading zero Excel dropped: format the column "
        "as Text and type it again with its zero",
    ),
    "id_zero_restored": (
        "{n} ô số trong cột '{heading}' có {digits} chữ số: Excel đã bỏ mất số 0 đầu, được đọc lại với "
        "số 0 ({kind} có {length} chữ số)",
        "{n} number cell(s) of column '{heading}' have {digits} digits: Excel dropped their leading "
        "zero, read with it restored (a {kind} has {length} digits)",
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
