import Foundation
import Spreadsheet
import TestSupport
import Testing

/// Workbooks crossing to and from tools other people use: Python's openpyxl and LibreOffice (headless). Both must be
/// installed (`.ci/run` installs them); a missing tool fails the test rather than skipping it. One tool at a time: each
/// takes a core while it starts, and the other suites' timing checks share the machine.
@Suite("Workbooks and other tools", .serialized)
struct InteroperabilityTests {
    static let tool = Repository.url("Tests/SpreadsheetTests/Fixtures/openpyxl_tool.py").path

    static func day(_ text: String) throws -> CalendarDay { try #require(CalendarDay(parsing: text)) }

    /// What the tests write: every kind of cell a template or an answer holds.
    static func writeSample(to url: URL) throws {
        let writer = try XLSXWriter(url: url)
        try writer.addSheet("clusters", columnWidths: [18, 40], freezeHeader: true) { sheet in
            try sheet.append([.text("集群编号 (cluster_code)"), .text("名称 (name)"), .text("认定日期 (recognized_on)"),
                              .text("金额（元） (amount_yuan)"), .text("高耗能 (energy_intensive)")], bold: true)
            try sheet.append([.text("GZ-2023-001"), .text("遵义市汇川区航空航天装备集群（样例）"), .date(try day("2023-03-01")),
                              .number("12345678.91"), .boolean(true)])
            try sheet.append([.text("GZ-2023-002"), .text("A & B <c>, \"quoted\"\nsecond line"), .date(try day("2024-02-29")),
                              .number("0.35"), .boolean(false)])
            try sheet.append([.text("GZ-2023-003"), .empty, .empty, .empty, .text("after a gap")])
        }
        try writer.addSheet("企业") { sheet in
            try sheet.append([.text("统一社会信用代码"), .text("名称")])
            try sheet.append([.text("91520302MA6DXXXX0X"), .text("贵阳某某有限公司（样例）")])
        }
        try writer.close()
    }

    @Test("a workbook written here opens in openpyxl with its values: text, days as dates, numbers, booleans, gaps")
    func openpyxlReadsOurs() async throws {
        let url = try Scratch.newDirectory("interop").appendingPathComponent("ours.xlsx")
        try Self.writeSample(to: url)
        let (status, output) = try await ChildProcess.run("/usr/bin/env", ["python3", Self.tool, "dump", url.path])
        #expect(status == 0, "\(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [[Any]]])
        #expect(json.keys.sorted() == ["clusters", "企业"])
        let rows = try #require(json["clusters"])
        #expect(rows.count == 4)
        #expect(rows[1][0] as? String == "GZ-2023-001")
        #expect(rows[1][1] as? String == "遵义市汇川区航空航天装备集群（样例）")
        #expect((rows[1][2] as? [String: String])?["date"] == "2023-03-01")
        #expect(rows[1][3] as? Double == 12345678.91)
        #expect(rows[1][4] as? Bool == true)
        #expect(rows[2][1] as? String == "A & B <c>, \"quoted\"\nsecond line")
        #expect((rows[2][2] as? [String: String])?["date"] == "2024-02-29")
        #expect(rows[2][4] as? Bool == false)
        #expect(rows[3][1] is NSNull && rows[3][4] as? String == "after a gap")
        #expect((json["企业"]?[1][1] as? String) == "贵阳某某有限公司（样例）")
    }

    @Test("a workbook openpyxl writes (shared strings, dates with a format) reads here as written")
    func oursReadsOpenpyxl() async throws {
        let url = try Scratch.newDirectory("interop").appendingPathComponent("openpyxl.xlsx")
        let (status, output) = try await ChildProcess.run("/usr/bin/env", ["python3", Self.tool, "write", url.path])
        #expect(status == 0, "\(output)")
        let reader = try XLSXReader(url: url)
        #expect(reader.sheetNames == ["clusters", "企业"])
        let rows = try reader.rows(sheet: "clusters")
        #expect(rows.map(\.number) == [1, 2, 3, 4])
        #expect(rows[0].cells.first == .text("集群编号 (cluster_code)"))
        #expect(rows[1].cells == [.text("GZ-2023-001"), .text("遵义市汇川区航空航天装备集群（样例）"),
                                  .number(String(try Self.day("2023-03-01").serial)), .number("1234567.89"), .boolean(true)])
        #expect(rows[2].cells[1] == .text("A & B <c> \"quoted\""))
        #expect(rows[2].cells[2] == .number("61"), "1900-03-01 is serial 61")
        #expect(rows[3].cells == [.text("GZ-2023-003"), .empty, .empty, .empty, .text("gap before me")])
        #expect(try reader.rows(sheet: "企业")[1].cells == [.text("91520302MA6DXXXX0X"), .text("多行\n名称")])
        // The sheet's dimension (for an import's progress), read from its first bytes.
        #expect(try reader.dimensionRows(sheet: "clusters") == 4)
        #expect(try reader.dimensionRows(sheet: "企业") == 2)
    }

    @Test("LibreOffice converts a workbook written here to the expected CSV, and its own .xlsx reads here")
    func libreOffice() async throws {
        let folder = try Scratch.newDirectory("interop")
        let ours = folder.appendingPathComponent("ours.xlsx")
        try Self.writeSample(to: ours)
        let profile = "-env:UserInstallation=file://" + folder.appendingPathComponent("profile").path
        // UTF-8 (76), comma, double quotes, values as shown (days then read yyyy-mm-dd).
        let converted = try await ChildProcess.run("/usr/bin/env", [
            "soffice", profile, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "--outdir", folder.path, ours.path,
        ])
        #expect(converted.status == 0, "\(converted.output)")
        var csv = CSVReader(url: folder.appendingPathComponent("ours.csv"))
        let rows = try csv.rows().map { $0.cells.map { $0.displayText ?? "" } }
        #expect(rows == [
            ["集群编号 (cluster_code)", "名称 (name)", "认定日期 (recognized_on)", "金额（元） (amount_yuan)", "高耗能 (energy_intensive)"],
            ["GZ-2023-001", "遵义市汇川区航空航天装备集群（样例）", "2023-03-01", "12345678.91", "TRUE"],
            ["GZ-2023-002", "A & B <c>, \"quoted\"\nsecond line", "2024-02-29", "0.35", "FALSE"],
            ["GZ-2023-003", "", "", "", "after a gap"],
        ])

        // LibreOffice's own workbook, from that CSV: shared strings, its styles, its zip layout.
        let back = folder.appendingPathComponent("back")
        let reconverted = try await ChildProcess.run("/usr/bin/env", [
            "soffice", profile, "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", back.path,
            folder.appendingPathComponent("ours.csv").path,
        ])
        #expect(reconverted.status == 0, "\(reconverted.output)")
        let reader = try XLSXReader(url: back.appendingPathComponent("ours.xlsx"))
        let read = try reader.rows(sheet: try #require(reader.sheetNames.first))
        #expect(read.count == 4)
        #expect(read[1].cells[0] == .text("GZ-2023-001"))
        #expect(read[1].cells[1] == .text("遵义市汇川区航空航天装备集群（样例）"))
        #expect(read[2].cells[1] == .text("A & B <c>, \"quoted\"\nsecond line"))
        // LibreOffice recognised the day and the amount: numbers now.
        #expect(read[1].cells[2] == .number(String(try Self.day("2023-03-01").serial)))
        #expect(read[1].cells[3] == .number("12345678.91"))
        #expect(read[3].cells[4] == .text("after a gap"))
    }
}
