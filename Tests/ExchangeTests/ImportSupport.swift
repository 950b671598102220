import Exchange
import Foundation
import Postgres
import Spreadsheet
import TestSupport

/// Running imports and exports in the tests as `qunji import` and `qunji export` run them.
enum ImportSupport {
    static let fixtures = Repository.url("Tests/ExchangeTests/Fixtures")

    /// The test-data workbook, written now by openpyxl (`make_workbook.py`), as a department's tool writes one.
    static func workbook(errors: Bool = false) async throws -> URL {
        let url = try Scratch.newDirectory("workbook").appendingPathComponent(errors ? "province-records-with-errors.xlsx" : "province-records.xlsx")
        var arguments = ["python3", fixtures.appendingPathComponent("make_workbook.py").path, url.path]
        if errors { arguments.append("--errors") }
        let (status, output) = try await ChildProcess.run("/usr/bin/env", arguments)
        guard status == 0 else { throw ImportTestError.tool(output) }
        return url
    }

    /// Reads the files and imports them, as the command does.
    static func run(_ urls: [URL], into database: PostgresConfiguration, options: ImportOptions = ImportOptions(),
                    prepare: @escaping @Sendable (PostgresConnection) throws -> Void = { _ in }) async throws -> ImportReport {
        try await ProjectDatabase.withConnection(database) { connection in
            let files = urls.map { ImportedFile(name: $0.lastPathComponent, sha256: String(repeating: "0", count: 64), bytes: 0) }
            return try Importer(connection: connection, logger: TestLogging.logger, options: options)
                .run(urls, codes: try CodeBook.load(from: connection), described: files, prepare: prepare)
        }
    }

    /// The rows of the files as the import reads them (in memory).
    static func read(_ urls: [URL], codes: CodeBook) throws -> (ImportReader, CollectingSink) {
        var reader = ImportReader(codes: codes)
        var sink = CollectingSink()
        for url in urls { try reader.read(url, into: &sink) }
        return (reader, sink)
    }

    static func export(_ database: PostgresConfiguration, to url: URL) async throws -> [RecordKind: Int] {
        try await ProjectDatabase.withConnection(database) { connection in
            try Exporter(connection: connection, logger: TestLogging.logger).export(to: url)
        }
    }

    /// Rows in every table of the records, to see that nothing was written.
    static func tableCounts(_ database: PostgresConfiguration) async throws -> [String: Int] {
        try await ProjectDatabase.withConnection(database) { connection in
            var counts: [String: Int] = [:]
            for sheet in RecordSheets.all {
                counts[sheet.table] = Int(try connection.query("SELECT count(*) FROM \(sheet.table)").scalar ?? "") ?? -1
            }
            counts["data_set"] = Int(try connection.query("SELECT count(*) FROM data_set").scalar ?? "") ?? -1
            return counts
        }
    }

    static func query(_ database: PostgresConfiguration, _ sql: String) async throws -> PostgresRows {
        try await ProjectDatabase.withConnection(database) { connection in try connection.query(sql) }
    }

    /// Writes text to a file in GB18030, as Chinese Excel saves "CSV".
    static func writeGB18030(_ text: String, to url: URL) async throws {
        let script = "import sys; open(sys.argv[1], 'wb').write(sys.stdin.read().encode('gb18030'))"
        let source = url.appendingPathExtension("utf8")
        try Data(text.utf8).write(to: source)
        let (status, output) = try await ChildProcess.run("/bin/sh", ["-c", "python3 -c \"\(script)\" '\(url.path)' < '\(source.path)'"])
        guard status == 0 else { throw ImportTestError.tool(output) }
        try FileManager.default.removeItem(at: source)
    }
}

enum ImportTestError: Error {
    case tool(String)
}
