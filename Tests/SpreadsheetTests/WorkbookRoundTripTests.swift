import Foundation
import Spreadsheet
import TestSupport
import Testing

/// qunji's workbooks read back by qunji: every kind of cell, text XML cannot hold as it stands, many rows.
@Suite("Workbooks written and read")
struct WorkbookRoundTripTests {
    static func day(_ text: String) -> CalendarDay {
        guard let day = CalendarDay(parsing: text) else { fatalError("test day \(text)") }
        return day
    }

    static let rows: [[CellValue]] = [
        [.text("集群编号 (cluster_code)"), .text("名称 (name)"), .text("日期 (on)"), .text("金额 (yuan)"), .text("是否 (flag)")],
        [.text("GZ-2023-001"), .text("遵义市汇川区航空航天装备集群（样例）"), .date(day("2023-03-01")), .number("12345678901234.56"), .boolean(true)],
        [.text("A & B <c> \"q\" 'a'"), .text("line\nbreak\tand tab, carriage\rreturn"), .date(day("1900-03-01")), .number("-0.0001"), .boolean(false)],
        [.text("\u{1}control\u{1F}"), .text("literal _x0041_ stays"), .date(day("1900-02-28")), .number("1.5E+10"), .empty],
        [.empty, .empty, .empty, .empty, .text("only the last")],
        [.text("emoji 🏭 and 𠀋"), .text("  spaces kept  "), .date(day("9999-12-31")), .number("0"), .error("#N/A")],
    ]

    @Test("every kind of cell reads back as written, with sheets in order and gaps kept")
    func roundTrip() throws {
        let url = try Scratch.newDirectory("xlsx").appendingPathComponent("round-trip.xlsx")
        let writer = try XLSXWriter(url: url)
        try writer.addSheet("clusters", columnWidths: [20, 40], freezeHeader: true) { sheet in
            for (index, row) in Self.rows.enumerated() { try sheet.append(row, bold: index == 0) }
        }
        try writer.addSheet("企业 & 资质") { sheet in try sheet.append([.text("一")]) }
        try writer.close()

        let reader = try XLSXReader(url: url)
        #expect(reader.sheetNames == ["clusters", "企业 & 资质"])
        #expect(reader.uses1904Dates == false)
        #expect(try reader.dimensionRows(sheet: "clusters") == nil, "written streamed: no dimension")
        let read = try reader.rows(sheet: "clusters")
        #expect(read.map(\.number) == [1, 2, 3, 4, 5, 6])
        for (written, got) in zip(Self.rows, read) {
            // Days come back as their serial numbers (styles are not read); the column decides they are days.
            let expected = written.map { cell -> CellValue in
                if case .date(let day) = cell { return .number(String(day.serial)) }
                return cell
            }
            var trimmed = expected
            while let last = trimmed.last, last == .empty { trimmed.removeLast() }
            #expect(got.cells == trimmed)
        }
        #expect(try reader.rows(sheet: "企业 & 资质") == [SheetRow(number: 1, cells: [.text("一")])])
        #expect(throws: SpreadsheetError.noSuchSheet("funds", available: ["clusters", "企业 & 资质"])) {
            try reader.rows(sheet: "funds")
        }
    }

    @Test("a sheet of 30,000 rows streams out and back")
    func manyRows() async throws {
        let url = try Scratch.newDirectory("xlsx").appendingPathComponent("many.xlsx")
        // Seconds of CPU in a debug build: off Swift's cooperative threads, which other suites' servers need.
        let (count, last) = try await ProjectDatabase.settingUp { () throws -> (Int, SheetRow?) in
            let writer = try XLSXWriter(url: url)
            try writer.addSheet("enterprises") { sheet in
                for index in 0..<30_000 {
                    try sheet.append([.text("9152\(index)"), .text("企业\(index)（样例）"), .number(String(index)), .date(Self.day("2020-01-01"))])
                }
            }
            try writer.close()
            var count = 0
            var last: SheetRow?
            try XLSXReader(url: url).readRows(sheet: "enterprises") { row in
                count += 1
                last = row
            }
            return (count, last)
        }
        #expect(count == 30_000)
        #expect(last?.cells[1] == .text("企业29999（样例）"))
        #expect(last?.number == 30_000)
    }

    @Test("sheet names Excel refuses are refused before anything is written")
    func sheetNames() throws {
        let url = try Scratch.newDirectory("xlsx").appendingPathComponent("names.xlsx")
        let writer = try XLSXWriter(url: url)
        for bad in ["", "a/b", "[x]", "what?", String(repeating: "长", count: 32), "'quoted'"] {
            #expect(throws: SpreadsheetError.invalidSheetName(bad)) { try writer.addSheet(bad) { _ in } }
        }
        try writer.addSheet("Funds") { _ in }
        #expect(throws: SpreadsheetError.invalidSheetName("funds")) { try writer.addSheet("funds") { _ in } }
        try writer.close()
        #expect(try XLSXReader(url: url).sheetNames == ["Funds"])
    }

    @Test("a file that is not a workbook is named as such, not a crash")
    func notAWorkbook() throws {
        let folder = try Scratch.newDirectory("xlsx")
        let text = folder.appendingPathComponent("plain.xlsx")
        try Data("集群编号,名称\n".utf8).write(to: text)
        #expect(throws: SpreadsheetError.self) { try XLSXReader(url: text) }
        let missing = folder.appendingPathComponent("missing.xlsx")
        #expect(throws: SpreadsheetError.self) { try XLSXReader(url: missing) }
    }
}
