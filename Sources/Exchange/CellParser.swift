import Foundation
import Spreadsheet

/// Reads one cell as its column's kind says, and gives the text the database takes for it (a day as
/// `YYYY-MM-DD`, a decimal exact and without exponent, a boolean `true`/`false`, a code as the code), or says in
/// Chinese and English what is wrong. An empty cell is nil.
struct CellParser {
    let codes: CodeBook
    let uses1904Dates: Bool

    enum Outcome: Equatable {
        case value(String?)
        case problem(String, String)
    }

    func parse(_ cell: CellValue, as kind: ColumnKind) -> Outcome {
        if cell.isBlank { return .value(nil) }
        switch kind {
        case .text(let maximum):
            let text = (cell.displayText ?? "").trimmingSpaces()
            guard text.count <= maximum else {
                return .problem("文字过长：\(text.count) 字，至多 \(maximum) 字", "too long: \(text.count) characters, at most \(maximum)")
            }
            return .value(text)
        case .day:
            return day(cell)
        case .integer(let range):
            guard case .value(let text?) = decimal(cell, precision: 18, scale: 0, minimum: nil) else {
                return .problem("应为整数，而不是“\(cell.displayText ?? "")”", "expected a whole number, not \"\(cell.displayText ?? "")\"")
            }
            guard let value = Int(text), range.contains(value) else {
                return .problem("应在 \(range.lowerBound) 到 \(range.upperBound) 之间", "must be between \(range.lowerBound) and \(range.upperBound)")
            }
            return .value(String(value))
        case .decimal(let precision, let scale, let minimum):
            return decimal(cell, precision: precision, scale: scale, minimum: minimum)
        case .boolean:
            return boolean(cell)
        case .code(let list):
            let text = (cell.displayText ?? "").trimmingSpaces()
            guard let code = codes.code(text, in: list) else {
                return .problem("“\(text)”不在代码表“\(list.title.chinese)”中（见“代码 codes”表）",
                                "\"\(text)\" is not in the code list \(list.rawValue) (see the \"代码 codes\" sheet)")
            }
            return .value(code)
        case .creditCode:
            let text = (cell.displayText ?? "").uppercased().filter { !$0.isWhitespace }
            guard text.count == 18 else {
                return .problem("统一社会信用代码应为 18 位，此处为 \(text.count) 位", "a unified social credit code has 18 characters, not \(text.count)")
            }
            guard text.first != "X" else {
                return .problem("以 X 开头的代码不是登记管理部门所发，而是样例数据的代码", "a code starting with X was issued by no registration authority: it is a sample-data code")
            }
            return .value(text)
        }
    }

    private func day(_ cell: CellValue) -> Outcome {
        switch cell {
        case .date(let day):
            return .value(day.iso)
        case .number(let text):
            if let serial = Double(text), let day = CalendarDay(serial: serial, uses1904Dates: uses1904Dates) {
                return .value(day.iso)
            }
        case .text(let text):
            if let day = CalendarDay(parsing: text) { return .value(day.iso) }
        default:
            break
        }
        return .problem("应为日期（如 2023-03-01），而不是“\(cell.displayText ?? "")”",
                        "expected a day (e.g. 2023-03-01), not \"\(cell.displayText ?? "")\"")
    }

    private func boolean(_ cell: CellValue) -> Outcome {
        if case .boolean(let value) = cell { return .value(value ? "true" : "false") }
        let text = (cell.displayText ?? "").trimmingSpaces().lowercased()
        if ["是", "有", "y", "yes", "true", "t", "1", "√"].contains(text) { return .value("true") }
        if ["否", "无", "n", "no", "false", "f", "0", "×"].contains(text) { return .value("false") }
        return .problem("应为“是”或“否”，而不是“\(cell.displayText ?? "")”", "expected yes or no, not \"\(cell.displayText ?? "")\"")
    }

    /// An exact decimal: digits with a point, a sign, an exponent (as workbooks write large numbers) and, in text,
    /// thousands separators; checked against numeric(precision, scale) and the minimum; written without exponent
    /// or trailing zeros.
    func decimal(_ cell: CellValue, precision: Int, scale: Int, minimum: Int?) -> Outcome {
        let raw: String
        switch cell {
        case .number(let text): raw = text
        case .text(let text): raw = text.contains(where: { $0 == "," || $0 == "，" }) ? String(text.filter { $0 != "," && $0 != "，" }) : text
        default: return .problem("应为数字，而不是“\(cell.displayText ?? "")”", "expected a number, not \"\(cell.displayText ?? "")\"")
        }
        guard let number = ExactDecimal(raw.trimmingSpaces()) else {
            return .problem("应为数字，而不是“\(cell.displayText ?? "")”", "expected a number, not \"\(cell.displayText ?? "")\"")
        }
        if number.fractionDigits.count > scale {
            return scale == 0
                ? .problem("应为整数，而不是 \(number.text)", "expected a whole number, not \(number.text)")
                : .problem("至多 \(scale) 位小数：\(number.text)（请先四舍五入）", "at most \(scale) decimals: \(number.text) (round it first)")
        }
        if number.integerDigits.count > precision - scale {
            return .problem("数值过大：\(number.text)", "too large: \(number.text)")
        }
        if let minimum, number.isNegative, minimum >= 0 {
            return .problem("不能为负数：\(number.text)", "cannot be negative: \(number.text)")
        }
        return .value(number.text)
    }
}

/// A decimal number held as its digits, so nothing is lost: `1.5E+10` is 15000000000 exactly.
struct ExactDecimal: Equatable {
    let isNegative: Bool
    /// Without leading zeros ("" for a number below one).
    let integerDigits: String
    /// Without trailing zeros.
    let fractionDigits: String

    init?(_ text: String) {
        var body = Substring(text)
        var negative = false
        if body.hasPrefix("-") || body.hasPrefix("+") {
            negative = body.hasPrefix("-")
            body = body.dropFirst()
        }
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(body[body.index(after: e)...]), abs(value) < 400 else { return nil }
            exponent = value
            body = body[..<e]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !(parts[0].isEmpty && (parts.count == 1 || parts[1].isEmpty)),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        var digits = String(parts[0]) + (parts.count == 2 ? String(parts[1]) : "")
        var point = parts[0].count + exponent
        if point < 0 {
            digits = String(repeating: "0", count: -point) + digits
            point = 0
        }
        if point > digits.count { digits += String(repeating: "0", count: point - digits.count) }
        let integer = String(digits.prefix(point)).drop { $0 == "0" }
        let fraction = String(digits.dropFirst(point).reversed().drop { $0 == "0" }.reversed())
        integerDigits = String(integer)
        fractionDigits = fraction
        isNegative = negative && !(integer.isEmpty && fraction.isEmpty)
    }

    /// `-1234.5`, `0.35`, `0`.
    var text: String {
        (isNegative ? "-" : "") + (integerDigits.isEmpty ? "0" : integerDigits) + (fractionDigits.isEmpty ? "" : "." + fractionDigits)
    }
}
