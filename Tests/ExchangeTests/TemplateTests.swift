import Exchange
import Foundation
import Postgres
import Spreadsheet
import TestSupport
import Testing

/// The import template, read back as an official's spreadsheet tool would show it.
@Suite("Import template")
struct TemplateTests {
    static func codes() async throws -> CodeBook {
        let database = try await ExchangeFixture.shared.migrated()
        return try await ProjectDatabase.withConnection(database) { connection in try CodeBook.load(from: connection) }
    }

    @Test("every kind of record once, in loading order; each sheet's key first; headers in Chinese and English")
    func definitions() {
        #expect(RecordSheets.all.map(\.kind) == RecordKind.allCases)
        for sheet in RecordSheets.all {
            let keys = sheet.columns.prefix { $0.isKey }
            #expect(!keys.isEmpty && keys.count == sheet.keyColumns.count, "\(sheet.kind): the key columns come first")
            #expect(Set(sheet.columns.map(\.name)).count == sheet.columns.count, "\(sheet.kind): duplicate column names")
            #expect(sheet.sheetName.count <= 31)
            for column in sheet.columns {
                #expect(column.header.contains(column.title) && column.header.hasSuffix("(\(column.name))"))
                #expect(column.title.unicodeScalars.contains { $0.value >= 0x4E00 }, "\(column.name): no Chinese title")
            }
            // No internal ids, timestamps, sample flags or provenance.
            for column in sheet.columns {
                if case .column(let name) = column.target {
                    #expect(!["id", "is_sample", "loaded_at", "data_set_id", "status_code"].contains(name), "\(sheet.kind).\(name)")
                }
            }
        }
    }

    @Test("the workbook: instructions, a header-only sheet per kind, and every code list with the 88 counties")
    func workbook() async throws {
        let codes = try await Self.codes()
        let url = try Scratch.newDirectory("template").appendingPathComponent("template.xlsx")
        try TemplateWriter.write(to: url, codes: codes)
        let reader = try XLSXReader(url: url)
        #expect(reader.sheetNames == [TemplateWriter.instructionsSheet] + RecordSheets.all.map(\.sheetName) + [TemplateWriter.codesSheet])
        for sheet in RecordSheets.all {
            let rows = try reader.rows(sheet: sheet.sheetName)
            #expect(rows.count == 1, "\(sheet.kind): only the header")
            #expect(rows.first?.cells == sheet.columns.map { .text($0.header) })
        }
        let clusters = try reader.rows(sheet: RecordSheets.sheet(.clusters).sheetName)
        #expect(clusters.first?.cells.first == .text("*集群编号 (cluster_code)"))

        let codeRows = try reader.rows(sheet: TemplateWriter.codesSheet).dropFirst()
        let counties = codeRows.filter { $0.cells.first == .text("县（市、区） county") }
        #expect(counties.count == 88, "Guizhou has 88 county-level divisions")
        #expect(counties.contains { $0.cells[1] == .text("520382") && $0.cells[2] == .text("仁怀市") && $0.cells[4] == .text("520300") })
        let prefectures = codeRows.filter { $0.cells.first == .text("市（州） prefecture") }
        #expect(prefectures.count == 9)
        for list in CodeList.allCases {
            #expect(codeRows.contains { $0.cells.first == .text(list.title.chinese + " " + list.rawValue) }, "\(list) missing")
        }
        let instructions = try reader.rows(sheet: TemplateWriter.instructionsSheet)
        #expect(instructions.contains { $0.cells.contains(.text("*统一社会信用代码 (credit_code)")) })
    }

    @Test("the CSV folder: one file per kind named by it, header only, UTF-8 with a byte-order mark")
    func folder() async throws {
        let codes = try await Self.codes()
        let folder = try Scratch.newDirectory("template").appendingPathComponent("template")
        try TemplateWriter.write(to: folder, codes: codes)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == (RecordKind.allCases.map { $0.rawValue + ".csv" } + ["codes.csv", "instructions.csv"]).sorted())
        for sheet in RecordSheets.all {
            let url = folder.appendingPathComponent(sheet.kind.rawValue + ".csv")
            #expect(Array(try Data(contentsOf: url).prefix(3)) == [0xEF, 0xBB, 0xBF])
            var reader = CSVReader(url: url)
            #expect(try reader.rows().map(\.cells) == [sheet.columns.map { .text($0.header) }])
        }
    }
}
