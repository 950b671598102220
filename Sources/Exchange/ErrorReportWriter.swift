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
        let annotated = try bySheet.keys.sorted().compactMap { place -> (SheetPlace, [[CellValue]])? in
            guard let source = sources.first(where: { $0.lastPathComponent == place.file }) else { return nil }
            return (place, try annotatedRows(source, sheet: place.sheet, problems: bySheet[place] ?? []))
        }
        if url.pathExtension.lowercased() == "xlsx" {
            let workbook = try XLSXWriter(url: url)
            try workbook.addSheet(problemsSheet, columnWidths: [24, 24, 8, 30, 60, 60], freezeHeader: true) { sheet in
                for (index, row) in list.enumerated() { try sheet.append(row, bold: index == 0) }
            }
            var used: Set<String> = [problemsSheet.lowercased()]
            for (place, rows) in annotated {
                let name = XLSXWriter.sheetName(for: place.sheet, used: &used)
                try workbook.addSheet(name, freezeHeader: true) { sheet in
                    for (index, row) in rows.enumerated() { try sheet.append(row, bold: index == 0) }
                }
            }
            try workbook.close()
        } else {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            var listFile = try CSVWriter(url: url.appendingPathComponent("problems.csv"))
            for row in list { try listFile.append(row) }
            try listFile.close()
            for (place, rows) in annotated {
                let stem = (place.file as NSString).deletingPathExtension
                let name = place.sheet == stem ? stem : stem + "-" + place.sheet
                var file = try CSVWriter(url: url.appendingPathComponent(name.replacingOccurrences(of: "/", with: "_") + ".errors.csv"))
                for row in rows { try file.append(row) }
                try file.close()
            }
        }
    }

    /// The sheet as given, its rows as they were (blank rows too, so row numbers stay), with the problems column.
    static func annotatedRows(_ source: URL, sheet: String, problems: [ImportProblem]) throws -> [[CellValue]] {
        let byRow = Dictionary(grouping: problems) { $0.place.row ?? 0 }
        var rows: [[CellValue]] = []
        var width = 0
        let add: (SheetRow) -> Void = { row in
            while rows.count < row.number - 1 { rows.append([]) }
            rows.append(row.cells)
            width = max(width, row.cells.count)
        }
        if source.pathExtension.lowercased() == "xlsx" {
            try XLSXReader(url: source).readRows(sheet: sheet, add)
        } else {
            var reader = CSVReader(url: source)
            try reader.readRows(add)
        }
        return rows.enumerated().map { index, cells in
            let padded = cells + Array(repeating: CellValue.empty, count: width - cells.count)
            if index == 0 { return padded + [.text(appendedHeader)] }
            let notes = (byRow[index + 1] ?? []).map { problem in
                (problem.place.column.map { $0.letters + " " + $0.header + "：" } ?? "") + problem.message + " / " + problem.messageEnglish
            }
            return padded + [notes.isEmpty ? .empty : .text(notes.joined(separator: "\n"))]
        }
    }
}
