/// A day of the proleptic Gregorian calendar, with no time and no zone: what the programme's records hold (a
/// recognition on 2023-03-01 is that day in Guizhou, whatever the reader's clock says).
///
/// Spreadsheets store days as serial numbers counted from an epoch; `init(serial:uses1904Dates:)` and `serial`
/// convert, including Excel's fictitious 1900-02-29 (serial 60), which Lotus 1-2-3 introduced and every tool keeps.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid day, or nil (2023-02-29 is not one).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CalendarDay.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// From `YYYY-MM-DD`, also `YYYY/MM/DD` and `YYYY.MM.DD`, months and days with one or two digits, or
    /// `YYYY年M月D日` as Chinese spreadsheets write days typed as text.
    public init?(parsing text: String) {
        var parts: [Int] = []
        var current = ""
        let trimmed = text.trimmingSpaces()
        let separators: Set<Character> = ["-", "/", ".", "年", "月"]
        for (index, character) in trimmed.enumerated() {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else if separators.contains(character) || (character == "日" && index == trimmed.count - 1) {
                guard !current.isEmpty, let value = Int(current) else { return nil }
                parts.append(value)
                current = ""
            } else {
                return nil
            }
        }
        if !current.isEmpty {
            guard let value = Int(current) else { return nil }
            parts.append(value)
        }
        guard parts.count == 3, String(parts[0]).count == 4 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    /// From a spreadsheet's serial number (whole days; a time of day, the fraction, is dropped).
    public init?(serial: Double, uses1904Dates: Bool = false) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        if uses1904Dates {
            self.init(daysSinceEpoch: CalendarDay.daysFromCivil(1904, 1, 1) + whole)
        } else {
            // Serial 1 is 1900-01-01; 60 is the 29 February 1900 that never was; from 61 on, days since 1899-12-30.
            guard whole >= 1, whole != 60 else { return nil }
            let base = whole < 60 ? CalendarDay.daysFromCivil(1899, 12, 31) : CalendarDay.daysFromCivil(1899, 12, 30)
            self.init(daysSinceEpoch: base + whole)
        }
    }

    /// The serial number in the 1900 date system, as workbooks written here use.
    public var serial: Int {
        let days = CalendarDay.daysFromCivil(year, month, day)
        let afterLeapBug = days - CalendarDay.daysFromCivil(1899, 12, 30)
        return afterLeapBug >= 61 ? afterLeapBug : days - CalendarDay.daysFromCivil(1899, 12, 31)
    }

    /// `YYYY-MM-DD`, as PostgreSQL and GraphQL write a date.
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public var description: String { iso }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private init?(daysSinceEpoch days: Int) {
        let (year, month, day) = CalendarDay.civilFromDays(days)
        self.init(year: year, month: month, day: day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (H. Hinnant's algorithm: exact for every Gregorian day).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension String {
    /// Without leading and trailing white space, including the ideographic space (U+3000) Chinese input leaves.
    /// Most cells have none: when the first and last bytes are printable ASCII the text is answered as it is,
    /// without looking at its characters (a workbook of 300,000 rows has millions of cells).
    public func trimmingSpaces() -> String {
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        if let first = self.first, let last = self.last, !isSpace(first), !isSpace(last) { return self }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
