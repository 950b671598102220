import ArgumentParser
import Exchange
import Foundation
import Postgres

/// `qunji export`: the import template, or every record, as a workbook or a folder of CSV files.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every record, or the import template, as an Excel workbook (.xlsx) or a folder of CSV files.",
        discussion: """
            Every record, in the template's format: the instructions, one sheet per kind of record sorted by its key, \
            the code lists. Imported into an empty database and exported again, an export gives the same files. \
            With --template, the empty template: an instructions sheet, one sheet per kind of record (header row in \
            Chinese and English, required columns starred, the identifying key first) and the code lists (GB/T 2260 \
            divisions, title kinds, support kinds, …) read from the database. A path ending in .xlsx is a workbook; \
            any other path a folder of CSV files (UTF-8 with a byte-order mark, one per sheet: clusters.csv, …). \
            With no database named, the demo database of `qunji serve --demo` (.qunji/db).

            Examples (each runs in the tests, on the demo database):
              qunji export --template qunji-template.xlsx
              qunji export --template qunji-template
              qunji export qunji-records.xlsx
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var tool: ToolOptions

    @Argument(help: "Write every record to this .xlsx file or folder.")
    var output: String?

    @Option(name: .customLong("template"), help: "Write the empty import template to this .xlsx file or folder.")
    var template: String?

    func validate() throws {
        guard (template == nil) != (output == nil) else {
            throw ValidationError("Give a file (FILE.xlsx or a folder) to export every record, or --template FILE to write the template.")
        }
    }

    func run() async throws {
        let logger = tool.logger("qunji.export")
        if let output {
            let url = URL(fileURLWithPath: output)
            let counts = try database.withConnection(logger: logger) { connection in
                try Exporter(connection: connection, logger: logger).export(to: url)
            }
            let total = counts.values.reduce(0, +)
            print("wrote \(total) records to \(url.path): "
                  + RecordKind.allCases.compactMap { kind in counts[kind].map { "\(kind.rawValue) \($0)" } }.joined(separator: ", "))
            return
        }
        guard let template else { return }
        let url = URL(fileURLWithPath: template)
        let codes = try database.withConnection(logger: logger) { connection in try CodeBook.load(from: connection) }
        try TemplateWriter.write(to: url, codes: codes)
        let sheets = RecordSheets.all.count
        print(url.pathExtension.lowercased() == "xlsx"
              ? "wrote the import template \(url.path): \(sheets) record sheets, the instructions and the code lists"
              : "wrote the import template to the folder \(url.path): \(sheets) CSV files, instructions.csv and codes.csv")
    }
}
