import Foundation
@testable import Spreadsheet
import TestSupport
import Testing

/// The pieces under the workbook: days and serial numbers, the XML reader fed in any chunks, CSV in its encodings.
@Suite("Days, XML and CSV")
struct FormatPieceTests {
    @Test("serial numbers at the edges of Excel's 1900 system, and the 1904 one")
    func serials() throws {
        let cases: [(String, Int)] = [("1900-01-01", 1), ("1900-02-28", 59), ("1900-03-01", 61), ("1970-01-01", 25569),
                                      ("2023-01-01", 44927), ("2024-02-29", 45351), ("9999-12-31", 2_958_465)]
        for (text, serial) in cases {
            let day = try #require(CalendarDay(parsing: text))
            #expect(day.serial == serial, "\(text)")
            #expect(CalendarDay(serial: Double(serial)) == day, "\(serial)")
        }
        #expect(CalendarDay(serial: 60) == nil, "1900-02-29 never was")
        #expect(CalendarDay(serial: 0) == nil)
        #expect(CalendarDay(serial: 44927.99)?.iso == "2023-01-01", "a time of day is dropped")
        #expect(CalendarDay(serial: 0, uses1904Dates: true)?.iso == "1904-01-01")
        #expect(CalendarDay(serial: 43466, uses1904Dates: true)?.iso == "2023-01-02")
    }

    @Test("days typed as text: ISO, slashes, dots, Chinese; impossible days refused")
    func parsing() {
        #expect(CalendarDay(parsing: "2023-03-01")?.iso == "2023-03-01")
        #expect(CalendarDay(parsing: " 2023/3/1 ")?.iso == "2023-03-01")
        #expect(CalendarDay(parsing: "2023.03.01")?.iso == "2023-03-01")
        #expect(CalendarDay(parsing: "2023年3月1日")?.iso == "2023-03-01")
        #expect(CalendarDay(parsing: "\u{3000}2024-02-29")?.iso == "2024-02-29")
        for bad in ["2023-02-29", "2023-13-01", "23-03-01", "2023-03", "2023-03-01T00:00", "三月一日", "", "2023--01"] {
            #expect(CalendarDay(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("the XML reader gives the same events whatever the chunks")
    func chunks() throws {
        let xml = """
            <?xml version="1.0"?><!-- a comment with <tags> --><x:root a='1' b="&lt;&amp;&#x4E00;&#20108;">\
            text &quot;one&quot;<x:child/><![CDATA[<raw> & ]]><c r="A1"><v>12</v></c></x:root>
            """
        func events(chunkSize: Int) throws -> [String] {
            var reader = XMLStreamReader()
            var seen: [String] = []
            let record: (XMLStreamReader.Event) -> Void = { event in
                switch event {
                case .start(let name, let attributes):
                    seen.append("start \(name) \(attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })")
                case .end(let name): seen.append("end \(name)")
                case .text(let text):
                    if case let last? = seen.last, last.hasPrefix("text ") { seen[seen.count - 1] += text } else { seen.append("text " + text) }
                }
            }
            let bytes = Array(xml.utf8)
            var index = 0
            while index < bytes.count {
                try reader.feed(bytes[index..<min(index + chunkSize, bytes.count)], record)
                index += chunkSize
            }
            try reader.finish(record)
            return seen
        }
        let whole = try events(chunkSize: 1 << 20)
        #expect(whole.contains("start root [\"a=1\", \"b=<&一二\"]"))
        #expect(whole.contains("text text \"one\""))
        #expect(whole.contains("text <raw> & "))
        #expect(whole.contains("start child []") && whole.contains("end child"))
        for size in [1, 2, 3, 7, 64] {
            #expect(try events(chunkSize: size) == whole, "chunks of \(size)")
        }
        var reader = XMLStreamReader()
        #expect(throws: SpreadsheetError.self) {
            try reader.feed(Array("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".utf8)) { _ in }
        }
        var unfinished = XMLStreamReader()
        try unfinished.feed(Array("<a><b attr=\"".utf8)) { _ in }
        #expect(throws: SpreadsheetError.self) { try unfinished.finish { _ in } }
    }

    static let expectedEnterprises: [[CellValue]] = [
        [.text("统一社会信用代码"), .text("企业名称"), .text("成立日期"), .text("员工人数")],
        [.text("91520100MA6DXXXX1A"), .text("贵阳市某某科技有限公司（样例）"), .text("2015-06-01"), .text("120")],
        [.text("91520300MA6DXXXX2B"), .text("遵义\"黔北\"机械, 有限公司（样例）"), .text("2018/1/9")],
    ]

    @Test("CSV in GB18030, UTF-8 with a byte-order mark, and UTF-16 tab-separated text read alike",
          arguments: [("enterprises-gb18030.csv", TextEncoding.gb18030), ("enterprises-utf8-bom.csv", .utf8),
                      ("enterprises-utf16.txt", .utf16)])
    func encodings(file: String, encoding: TextEncoding) throws {
        var reader = CSVReader(url: Repository.url("Tests/SpreadsheetTests/Fixtures/" + file))
        let rows = try reader.rows()
        #expect(reader.encoding == encoding)
        #expect(rows.map(\.cells) == Self.expectedEnterprises)
        #expect(rows.map(\.number) == [1, 2, 3])
    }

    @Test("CSV: quoted line breaks keep the row numbers a spreadsheet shows; blank lines count; bad bytes are named")
    func csvEdges() throws {
        let folder = try Scratch.newDirectory("csv")
        let file = folder.appendingPathComponent("edges.csv")
        try Data("a,b\n\"multi\nline\",\"say \"\"hi\"\"\"\n\nlast,\"\"\r\nno newline at end".utf8).write(to: file)
        var reader = CSVReader(url: file)
        let rows = try reader.rows()
        #expect(rows.map(\.number) == [1, 2, 4, 5])
        #expect(rows[1].cells == [.text("multi\nline"), .text("say \"hi\"")])
        #expect(rows[2].cells == [.text("last")])
        #expect(rows[3].cells == [.text("no newline at end")])

        let open = folder.appendingPathComponent("open.csv")
        try Data("a,b\n1,\"never closed\n2,3\n".utf8).write(to: open)
        var openReader = CSVReader(url: open)
        #expect(throws: SpreadsheetError.unterminatedQuote(row: 2)) { try openReader.rows() }

        // UTF-8 for the first 64 KiB (detected so), then a byte that is not: named with its row.
        let mixed = folder.appendingPathComponent("mixed.csv")
        var bytes = Array(String(repeating: "甲\n", count: 17_500).utf8)
        bytes += [0x41, 0xFF, 0x0A]
        try Data(bytes).write(to: mixed)
        var mixedReader = CSVReader(url: mixed)
        #expect(throws: SpreadsheetError.undecodableText(row: 17_501, encoding: "UTF-8")) { try mixedReader.rows() }
        // Not UTF-8 from the start, and not GB18030 either (0xFF starts no GB18030 character).
        let binary = folder.appendingPathComponent("binary.csv")
        try Data(Array("名称\n".utf8) + [0xFF, 0xFF, 0x0A]).write(to: binary)
        var binaryReader = CSVReader(url: binary)
        #expect(throws: SpreadsheetError.undecodableText(row: 2, encoding: "GB18030")) { try binaryReader.rows() }
    }

    @Test("CSV written here reads back, and opens in Excel's way: byte-order mark, CRLF, quotes where needed")
    func csvWriter() throws {
        let file = try Scratch.newDirectory("csv").appendingPathComponent("out.csv")
        var writer = try CSVWriter(url: file)
        try writer.append([.text("名称"), .text("a,b"), .text("say \"hi\""), .text("two\nlines")])
        try writer.append([.date(try #require(CalendarDay(parsing: "2023-03-01"))), .number("1.50"), .boolean(true), .empty, .text(" pad ")])
        try writer.close()
        let data = try Data(contentsOf: file)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: data.dropFirst(3), as: UTF8.self)
            == "名称,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n2023-03-01,1.50,TRUE,,\" pad \"\r\n")
        var reader = CSVReader(url: file)
        #expect(try reader.rows().map(\.cells) == [
            [.text("名称"), .text("a,b"), .text("say \"hi\""), .text("two\nlines")],
            [.text("2023-03-01"), .text("1.50"), .text("TRUE"), .empty, .text(" pad ")],
        ])
    }
}
