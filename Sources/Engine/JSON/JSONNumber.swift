import Foundation
import GraphQL

/// Turns the text of a JSON number into GraphQL's `Number` without losing what the client wrote.
///
/// GraphQL's `Number` wraps an `NSNumber`, so the choice of backing decides what downstream code can recover:
///
/// | literal                                   | backing          | `storageType` | exact text                    |
/// |-------------------------------------------|------------------|---------------|-------------------------------|
/// | integer that fits `Int`                   | `Int`            | `.int`        | `String(number.intValue)`     |
/// | shortest `Double` spelling is the same value | `Double`      | `.double`     | `"\(number.doubleValue)"`     |
/// | otherwise, ≤ 38 significant digits        | `NSDecimalNumber`| `.unknown`    | `number.stringValue`          |
/// | otherwise                                 | nearest `Double` | `.double`     | (rounded: no exact form)      |
///
/// So `0.1`, `12.5`, `1e-7` stay `Double` (Float arguments get the IEEE value the client meant), while
/// `12345678901234567.89` or `9007199254740993` (money, big counts) keep every digit for a `Decimal`
/// argument instead of being rounded through a `Double`. `NSDecimalNumber.doubleValue` is not correctly
/// rounded on Linux, which is why decimals that *are* exact as `Double` are not stored as decimals.
package enum JSONNumber {
    /// The most significant digits `Decimal` holds exactly.
    static let maximumDecimalDigits = 38

    package static func number(for text: String, isInteger: Bool) -> Number {
        if isInteger, let int = Int(text) {
            return Number(int)
        }
        let double = Double(text) ?? .nan  // JSON grammar already checked: only overflow makes this ±inf
        guard let written = DecimalLiteral(text) else { return Number(double) }
        if double.isFinite, DecimalLiteral("\(double)") == written {
            return Number(double)
        }
        if written.digits.count <= maximumDecimalDigits {
            // Not `Decimal(string:)` first: it silently rounds longer literals, which is checked above.
            let decimal = NSDecimalNumber(string: text, locale: Locale(identifier: "en_US_POSIX"))
            if decimal != NSDecimalNumber.notANumber {
                return Number(decimal)
            }
        }
        return Number(double)
    }
}

/// A decimal literal reduced to sign, significant digits and exponent, so two spellings of the same value
/// (`12.50` and `1.25e1`) compare equal. Accepts JSON numbers and Swift's `Double` descriptions.
package struct DecimalLiteral: Equatable {
    /// Significant digits without leading or trailing zeros; empty for zero.
    let digits: [UInt8]
    /// Value = 0.digits × 10^exponent.
    let exponent: Int
    let negative: Bool

    package init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        } else if bytes.first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        var mantissa: [UInt8] = []
        var pointPosition: Int?
        var exponentPart = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                mantissa.append(byte)
            } else if byte == UInt8(ascii: "."), pointPosition == nil {
                pointPosition = mantissa.count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                guard let value = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)) else { return nil }
                exponentPart = value
                break
            } else {
                return nil  // "inf", "nan"
            }
            index += 1
        }
        guard !mantissa.isEmpty else { return nil }
        let integerDigits = pointPosition ?? mantissa.count
        let leadingZeros = mantissa.prefix { $0 == UInt8(ascii: "0") }.count
        guard leadingZeros < mantissa.count else {
            self.digits = []
            self.exponent = 0
            self.negative = false  // -0 and 0 are the same decimal value
            return
        }
        var significant = Array(mantissa[leadingZeros...])
        while significant.last == UInt8(ascii: "0") { significant.removeLast() }
        self.digits = significant
        self.exponent = integerDigits - leadingZeros + exponentPart
        self.negative = negative
    }
}
