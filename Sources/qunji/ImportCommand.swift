import AnswerTables
import ArgumentParser
import Crypto
import Exchange
import Foundation
import Postgres
import SampleData

/// `qunji import`: the department's records from workbooks and CSV files, every problem at once, all or nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load records from Excel workbooks (.xlsx) and CSV files: checked, all or nothing, idempotent.",
        discussion: """
            Each sheet (or CSV file) holds one kind of record, named as in the template (`qunji export --template`): \
            集群 clusters, 企业 enterprises, 企业称号 qualifications, … A workbook may hold only some of them. Every row \
            is checked — types and days, credit codes, county and other codes, references to clusters, enterprises and \
            funds (in the database or the same import), duplicate keys, shares summing to 100 %, the order of the \
            process (Art. 12-19) — and every problem is listed as file › sheet › row › column, in Chinese and English. \
            With any problem nothing is written. Rows are matched by their key (cluster code, credit code, …): \
            importing a file again updates what changed and nothing else. Each import is recorded in data_set. A \
            database holding sample data is refused unless --replace-sample removes the sample first. With no \
            database named, the demo database of `qunji serve --demo` (.qunji/db).

            Examples (each runs in the tests, on the demo database):
              qunji import qunji-template.xlsx --dry-run --replace-sample
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var tool: ToolOptions

    @Argument(help: "Workbooks (.xlsx) and CSV files (.csv; UTF-8 with or without a byte-order mark, or GB18030).")
    var files: [String]

    @Flag(name: .customLong("dry-run"), help: "Check everything and report what would change; write nothing.")
    var dryRun = false

    @Option(name: .customLong("delete-missing"),
            help: "Delete the records of this kind (e.g. support_measures) that the files do not hold. Repeatable.")
    var deleteMissing: [String] = []

    @Flag(name: .customLong("replace-sample"), help: "Remove the database's sample data first (refused if it holds other records too).")
    var replaceSample = false

    @Option(name: .customLong("errors-to"),
            help: "Write the problems as a spreadsheet: an .xlsx workbook, or a folder of CSV files; each sheet with problems as given, with a column saying what is wrong.")
    var errorsTo: String?

    func validate() throws {
        for name in deleteMissing where ImportReader.kind(named: name) == nil {
            throw ValidationError("--delete-missing \(name): no such kind of record; one of "
                                  + RecordKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("cannot read \(file)")
        }
    }

    func run() async throws {
        let logger = tool.logger("qunji.import")
        let urls = files.map { URL(fileURLWithPath: $0) }
        let target = try database.open(logger: logger)
        defer { target.close() }
        let connection = try PostgresConnection.connect(target.configuration, logger: logger)
        defer { connection.close() }

        let codes = try CodeBook.load(from: connection)
        let options = ImportOptions(dryRun: dryRun, deleteMissing: Set(deleteMissing.compactMap(ImportReader.kind(named:))))
        let importer = Importer(connection: connection, logger: logger, options: options) { step in Self.status(step) }
        let report = try importer.run(urls, codes: codes, described: try urls.map(Self.describe), readProgress: { progress in
            Self.status(Self.bar(progress))
        }) { connection in
            if replaceSample { try SampleDataGenerator.removeSample(from: connection) }
        }
        Self.status(nil)
        print(Self.summary(report))
        if let errorsTo, !report.problems.isEmpty {
            try ErrorReportWriter.write(report.problems, sources: urls, to: URL(fileURLWithPath: errorsTo))
            print("the problems, with each sheet as given: \(errorsTo)")
        }
        if !report.succeeded { throw ExitCode(1) }
    }

    /// The table of counts, then the problems or what happened.
    static func summary(_ report: ImportReport) -> String {
        var lines: [String] = []
        if !report.counts.isEmpty && report.problems.isEmpty {
            lines.append("kind                                  rows  inserted   updated unchanged   deleted")
            for kind in RecordKind.allCases {
                guard let counts = report.counts[kind] else { continue }
                let name = RecordSheets.sheet(kind).sheetName
                let padding = String(repeating: " ", count: max(0, 34 - TableText.width(name)))
                lines.append(name + padding + [counts.rows, counts.inserted, counts.updated, counts.unchanged, counts.deleted]
                    .map { String(repeating: " ", count: max(0, 10 - String($0).count)) + String($0) }.joined())
            }
        }
        if !report.problems.isEmpty {
            lines.append("\(report.problems.count) problem(s); nothing was written. 发现 \(report.problems.count) 个问题，未写入任何数据。")
            lines.append(contentsOf: report.problems.map(\.description))
        } else if report.dryRun {
            lines.append("dry run: no problems; nothing was written. 试运行：未发现问题，未写入数据。")
        } else {
            lines.append("imported as data set \(report.dataSet ?? "?"). 导入完成。")
        }
        return lines.joined(separator: "\n")
    }

    /// A file's name, SHA-256 and size, read in chunks.
    static func describe(_ url: URL) throws -> ImportedFile {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw ValidationError("cannot read \(url.path)") }
        defer { try? handle.close() }
        var hash = SHA256()
        var bytes = 0
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            hash.update(data: chunk)
            bytes += chunk.count
        }
        let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
        return ImportedFile(name: url.lastPathComponent, sha256: digest, bytes: bytes)
    }

    /// `企业 enterprises  [███████░░░░░░░░░░░░░]  35 %  106,000 rows`, or `… rows read` when the share is not known;
    /// a line ending in `…` is replaced by the next on a terminal and left out of logs.
    static func bar(_ progress: ReadProgress) -> String {
        let rows = "\(progress.rows.formatted()) rows"
        guard let fraction = progress.fraction else { return "\(progress.sheet): \(rows) read" + (progress.done ? "" : "…") }
        let filled = Int((fraction * 20).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled)
        return "\(progress.sheet)  [\(bar)] \(String(format: "%3d", Int((fraction * 100).rounded(.down)))) %  \(rows)" + (progress.done ? "" : "…")
    }

    /// A progress line on standard error, rewritten in place on a terminal (nil ends it); elsewhere (a log, a
    /// pipe) only the sheets' ends, one line each.
    static func status(_ text: String?) {
        if isatty(2) == 1 {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + (text ?? "")).utf8))
        } else if let text, !text.hasSuffix("…") {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }
}
