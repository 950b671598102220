import Foundation

/// Writes ``ResultTable``s as aligned text for a terminal, and as CSV.
public enum TableText {
    /// Cells longer than this many terminal columns are cut with `…` (CSV keeps them whole).
    static let widestCell = 60

    public static func render(_ tables: [ResultTable]) -> String {
        var output: [String] = []
        for table in tables {
            var lines = ["\(table.name)" + (table.caption.isEmpty ? "" : "  (" + table.caption.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ")")]
            guard !table.columns.isEmpty else {
                output.append((lines + ["(no rows)"]).joined(separator: "\n"))
                continue
            }
            let cells = table.rows.map { row in table.columns.map { cut(row[$0] ?? "") } }
            let shortened = table.rows.reduce(0) { count, row in
                count + table.columns.filter { width((row[$0] ?? "").replacingOccurrences(of: "\n", with: " ")) > widestCell }.count
            }
            let numeric = table.columns.map { !table.textColumns.contains($0) }
            var widths = table.columns.map { width($0) }
            for row in cells { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], width(cell)) } }
            func line(_ values: [String]) -> String {
                values.enumerated().map { column, value in
                    let padding = String(repeating: " ", count: widths[column] - width(value))
                    return numeric[column] ? padding + value : value + padding
                }.joined(separator: "  ").trimmingTrailingSpaces()
            }
            lines.append(line(table.columns))
            lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
            lines += cells.map(line)
            lines.append("(\(table.rows.count) row\(table.rows.count == 1 ? "" : "s"))")
            if shortened > 0 {
                // Never silently: say what was cut and where to see it whole.
                lines.append("(\(shortened) cell\(shortened == 1 ? "" : "s") shortened to \(widestCell) columns, marked …; "
                             + "--format csv or --format json shows every cell whole)")
            }
            output.append(lines.joined(separator: "\n"))
        }
        return output.joined(separator: "\n\n")
    }

    /// RFC 4180 CSV, one block per table; with several tables each block starts with a line naming it.
    public static func csv(_ tables: [ResultTable]) -> String {
        var blocks: [String] = []
        for table in tables {
            var lines = tables.count > 1 ? [field(table.name)] : []
            lines.append(table.columns.map(field).joined(separator: ","))
            lines += table.rows.map { row in table.columns.map { field(row[$0] ?? "") }.joined(separator: ",") }
            blocks.append(lines.joined(separator: "\r\n"))
        }
        return blocks.joined(separator: "\r\n\r\n")
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func cut(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        guard width(flat) > widestCell else { return flat }
        var result = ""
        var used = 0
        for character in flat {
            let size = width(String(character))
            if used + size > widestCell - 1 { break }
            result.append(character)
            used += size
        }
        return result + "…"
    }

    /// Terminal columns: East Asian wide characters (Chinese names) take two.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return total + (wide ? 2 : (scalar.properties.generalCategory == .nonspacingMark ? 0 : 1))
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
