/// One cell of a sheet, as a workbook or CSV file holds it.
///
/// Numbers are kept as the decimal text the file wrote: an amount in yuan read as a `Double` could lose its fen
/// (`12345678901234.56` has no exact binary form), and the import judges them as exact decimals. What a number
/// means (a day, an amount, a count) is the reader's to decide from its column; a workbook's styles are ignored,
/// as different tools mark dates differently.
public enum CellValue: Sendable, Hashable {
    case empty
    case text(String)
    /// A number, as the file wrote it (`45291`, `0.35`, `1.5E+10`).
    case number(String)
    case boolean(Bool)
    /// A calendar day; written to a workbook as a serial number with a date format, so that spreadsheets show and
    /// sort it as a date.
    case date(CalendarDay)
    /// A formula error (`#N/A`, `#DIV/0!`).
    case error(String)

    /// The cell as a person reads it; nil when empty.
    public var displayText: String? {
        switch self {
        case .empty: return nil
        case .text(let text): return text
        case .number(let text): return text
        case .boolean(let value): return value ? "TRUE" : "FALSE"
        case .date(let day): return day.iso
        case .error(let text): return text
        }
    }

    /// Whether a person would see nothing: no value, or only spaces.
    public var isBlank: Bool {
        switch self {
        case .empty: return true
        case .text(let text):
            // Printable ASCII first: not blank, without looking at every character.
            if let first = text.utf8.first, (0x21...0x7E).contains(first) { return false }
            return text.allSatisfy(\.isWhitespace)
        default: return false
        }
    }
}

/// A row of a sheet: its number as the spreadsheet shows it (the first row is 1) and its cells by column (the first
/// column, A, is index 0). Cells after the last one written are absent; `cell(at:)` answers `.empty` for them.
public struct SheetRow: Sendable, Equatable {
    public let number: Int
    public let cells: [CellValue]

    public init(number: Int, cells: [CellValue]) {
        self.number = number
        self.cells = cells
    }

    public func cell(at column: Int) -> CellValue {
        column >= 0 && column < cells.count ? cells[column] : .empty
    }

    /// True when every cell is blank: spreadsheets keep formatted but empty rows, which are no records.
    public var isBlank: Bool { cells.allSatisfy(\.isBlank) }
}
