import Foundation
import Spreadsheet

/// The problems of an import as a spreadsheet the official fixes from: every problem in a list, and each sheet that
/// has problems as it was given, with a column appended saying what is wrong with each row. As a workbook (`.xlsx`:
/// a "问题 problems" sheet, then the sheets), or as a folder of CSV files (`problems.csv`, then one file per sheet).
public enum ErrorReportWriter {
    public static let problemsSheet = "问题 problems"
    static let appendedHeader = "问题 problems"

    public static func write(_ problems: [ImportProblem], sources: [URL], to url: URL) throws {
        let bySheet = Dictionary(grouping: problems.filter { $0.place.row != nil }) { SheetPlace(file: $0.place.file, sheet: $0.place.sheet) }
        let list = [[CellValue.text("文件 file"), .text("工作表 sheet"), .text("行 row"), .text("列 column"), .text("问题"), .text("problem")]]
            + problems.map { problem in
                [.text(problem.place.file), .text(problem.place.sheet), problem.place.row.map { .number(String($0)) } ?? .empty,
                 .text(problem.place.column.map { ($0.letters + " " + $0.header).trimmingCharacters(in: .whitespaces) } ?? ""),
                 .text(problem.message), .text(problem.messageEnglish)]
            }
        // Each sheet with problems, read again and written as it is read: a report on 300,000 rows is never held.
        let annotated = bySheet.keys.sorted().compactMap { place -> (SheetPlace, URL)? in
            sources.first(where: { $0.lastPathComponent == place.file }).map { (place, $0) }
        }
        if url.pathExtension.lowercased() == "xlsx" {
            let workbook = try XLSXWriter(url: url)
            try workbook.addSheet(problemsSheet, columnWidths: [24, 24, 8, 30, 60, 60], freezeHeader: true) { sheet in
                for (index, row) in list.enumerated() { try sheet.append(row, bold: index == 0) }
            }
            var used: Set<String> = [problemsSheet.lowercased()]
            for (place, source) in annotated {
                let name = XLSXWriter.sheetName(for: place.sheet, used: &used)
                try workbook.addSheet(name, freezeHeader: true) { sheet in
                    try annotatedRows(source, sheet: place.sheet, problems: bySheet[place] ?? []) { row, header in
                        try sheet.append(row, bold: header)
                    }
                }
            }
            try workbook.close()
        } else {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            var listFile = try CSVWriter(url: url.appendingPathComponent("problems.csv"))
            for row in list { try listFile.append(row) }
            try listFile.close()
            for (place, source) in annotated {
                let stem = (place.file as NSString).deletingPathExtension
                let name = place.sheet == stem ? stem : stem + "-" + place.sheet
                var file = try CSVWriter(url: url.appendingPathComponent(name.replacingOccurrences(of: "/", with: "_") + ".errors.csv"))
                try annotatedRows(source, sheet: place.sheet, problems: bySheet[place] ?? []) { row, _ in try file.append(row) }
                try file.close()
            }
        }
    }

    /// The sheet as given, row by row as it is read (blank rows too, so row numbers stay), each with the problems
    /// column after the header's last column; `emit` gets each row and whether it is the header.
    static func annotatedRows(_ source: URL, sheet: String, problems: [ImportProblem],
                              _ emit: ([CellValue], Bool) throws -> Void) throws {
        let byRow = Dictionary(grouping: problems) { $0.place.row ?? 0 }
        var width = 0
        var next = 1
        let add: (SheetRow) throws -> Void = { row in
            while next < row.number {
                try emit([], false)
                next += 1
            }
            if row.number == 1 { width = row.cells.count }
            let padded = row.cells + Array(repeating: CellValue.empty, count: max(0, width - row.cells.count))
            if row.number == 1 {
                try emit(padded + [.text(appendedHeader)], true)
            } else {
                let notes = (byRow[row.number] ?? []).map { problem in
                    (problem.place.column.map { $0.letters + " " + $0.header + "：" } ?? "") + problem.message + " / " + problem.messageEnglish
                }
                try emit(padded + [notes.isEmpty ? .empty : .text(notes.joined(separator: "\n"))], false)
            }
            next = row.number + 1
        }
        if source.pathExtension.lowercased() == "xlsx" {
            try XLSXReader(url: source).readRows(sheet: sheet, add)
        } else {
            var reader = CSVReader(url: source)
            try reader.readRows(add)
        }
    }
}
