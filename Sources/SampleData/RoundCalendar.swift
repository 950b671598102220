/// The dates of each yearly application round (Art. 12-15). Calls, deadlines and decisions are sample
/// dates, except the 2023 public notice (2023-07-31 to 08-04), which is the real publicity period.
struct RoundCalendar {
    let year: Int
    let callIssued: SampleDate
    let deadline: SampleDate
    let provincialReviewDone: SampleDate
    let noticeFrom: SampleDate
    let noticeTo: SampleDate
    let decided: SampleDate

    static let cutoff = SampleDate(2026, 11, 15)

    static let rounds: [Int: RoundCalendar] = [
        2023: RoundCalendar(year: 2023, callIssued: SampleDate(2023, 5, 10), deadline: SampleDate(2023, 6, 30),
                            provincialReviewDone: SampleDate(2023, 7, 25), noticeFrom: SampleDate(2023, 7, 31),
                            noticeTo: SampleDate(2023, 8, 4), decided: SampleDate(2023, 8, 25)),
        2024: RoundCalendar(year: 2024, callIssued: SampleDate(2024, 4, 15), deadline: SampleDate(2024, 6, 14),
                            provincialReviewDone: SampleDate(2024, 8, 16), noticeFrom: SampleDate(2024, 8, 26),
                            noticeTo: SampleDate(2024, 8, 30), decided: SampleDate(2024, 9, 20)),
        2025: RoundCalendar(year: 2025, callIssued: SampleDate(2025, 4, 10), deadline: SampleDate(2025, 6, 13),
                            provincialReviewDone: SampleDate(2025, 8, 15), noticeFrom: SampleDate(2025, 8, 25),
                            noticeTo: SampleDate(2025, 8, 29), decided: SampleDate(2025, 9, 19)),
        2026: RoundCalendar(year: 2026, callIssued: SampleDate(2026, 4, 20), deadline: SampleDate(2026, 6, 19),
                            provincialReviewDone: SampleDate(2026, 11, 6), noticeFrom: SampleDate(2026, 11, 23),
                            noticeTo: SampleDate(2026, 11, 27), decided: SampleDate(2026, 12, 18)),
    ]

    static let years = [2023, 2024, 2025, 2026]
}
