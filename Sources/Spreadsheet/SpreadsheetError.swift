/// Why a workbook or CSV file could not be read or written, in words for the person who gave it.
public enum SpreadsheetError: Error, Equatable, CustomStringConvertible {
    /// Not a zip archive, or one without the parts every workbook has.
    case notAWorkbook(String)
    case malformedXML(String)
    case noSuchSheet(String, available: [String])
    /// A CSV file whose bytes are not text in any encoding accepted here.
    case undecodableText(row: Int, encoding: String)
    case unterminatedQuote(row: Int)
    case invalidSheetName(String)
    case io(String)

    public var description: String {
        switch self {
        case .notAWorkbook(let detail):
            return "This is not an Excel workbook (.xlsx): \(detail). 不是 Excel 工作簿（.xlsx）。"
        case .malformedXML(let detail):
            return "The workbook is damaged: \(detail). 工作簿已损坏。"
        case .noSuchSheet(let name, let available):
            return "The workbook has no sheet \"\(name)\"; it has \(available.map { "\"\($0)\"" }.joined(separator: ", ")). 工作簿中没有工作表“\(name)”。"
        case .undecodableText(let row, let encoding):
            return "Row \(row) is not valid \(encoding) text; save the file as CSV UTF-8 (or GB18030). 第 \(row) 行不是有效的 \(encoding) 文本，请另存为 CSV UTF-8（或 GB18030）。"
        case .unterminatedQuote(let row):
            return "A quoted field that starts in row \(row) is never closed. 第 \(row) 行开始的引号字段没有结束。"
        case .invalidSheetName(let name):
            return "\"\(name)\" cannot name a sheet: at most 31 characters, none of : \\ / ? * [ ]. 工作表名称无效。"
        case .io(let detail):
            return detail
        }
    }
}
