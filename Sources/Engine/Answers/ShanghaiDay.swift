import Foundation

/// The day in Asia/Shanghai (UTC+8 all year: China has no daylight saving time), kept until the next midnight there,
/// so that asking costs a clock read and a comparison.
final class ShanghaiDay: @unchecked Sendable {
    static let shared = ShanghaiDay()

    private let lock = NSLock()
    private var day = ""
    private var endsAt = Date.distantPast
    private let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current
        return calendar
    }()

    /// `YYYY-MM-DD`.
    func today(now: Date = Date()) -> String {
        lock.lock()
        defer { lock.unlock() }
        if now < endsAt, now >= endsAt.addingTimeInterval(-86_400) { return day }
        let start = calendar.startOfDay(for: now)
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        endsAt = calendar.date(byAdding: .day, value: 1, to: start) ?? now.addingTimeInterval(60)
        return day
    }
}
