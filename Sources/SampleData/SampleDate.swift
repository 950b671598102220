/// A calendar date for generated rows, with exact day arithmetic and ISO text.
///
/// Foundation's `Calendar` depends on the time zone and is slow in bulk; the generator only needs
/// proleptic Gregorian days, so this converts to and from a day number (Howard Hinnant's algorithm).
struct SampleDate: Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    let dayNumber: Int

    init(_ year: Int, _ month: Int, _ day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146_097 + doe - 719_468
    }

    private init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    var year: Int { components.year }

    func adding(days: Int) -> SampleDate {
        SampleDate(dayNumber: dayNumber + days)
    }

    /// Same day `years` later (29 February becomes 28 February), as PostgreSQL's `date + interval 'n years'`.
    func adding(years: Int) -> SampleDate {
        let (y, m, d) = components
        return SampleDate(y + years, m, (m == 2 && d == 29 && !SampleDate.isLeap(y + years)) ? 28 : d)
    }

    /// Same day next month, clamped to the month's end, as PostgreSQL's `date + interval '1 month'`.
    func addingMonth() -> SampleDate {
        let (y, m, d) = components
        let (ny, nm) = m == 12 ? (y + 1, 1) : (y, m + 1)
        return SampleDate(ny, nm, min(d, SampleDate.daysIn(year: ny, month: nm)))
    }

    func days(until other: SampleDate) -> Int {
        other.dayNumber - dayNumber
    }

    var description: String {
        let (y, m, d) = components
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    static func < (lhs: SampleDate, rhs: SampleDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
