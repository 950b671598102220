/// An exact amount of yuan held in fen (1/100 yuan), rendered as PostgreSQL `numeric` text.
///
/// Money must never pass through a `Double` on its way into a `numeric` column, or the stored digits
/// would depend on rounding; figures are computed in floating point and rounded to fen exactly once.
struct Money: Hashable, Comparable, CustomStringConvertible {
    let fen: Int64

    init(fen: Int64) {
        self.fen = fen
    }

    /// Rounds `yuan` to the nearest `step` yuan (e.g. 10,000 for 万元 figures).
    init(yuan: Double, roundedTo step: Int64 = 1) {
        let steps = (yuan / Double(step)).rounded()
        fen = Int64(steps) * step * 100
    }

    var yuan: Double { Double(fen) / 100 }

    var description: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }
    static func + (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen + rhs.fen) }
}
