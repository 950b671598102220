/// A lexical pass over a query text before the parser sees it: counts tokens and the nesting of `{`, `(`
/// and `[`, stopping at the first limit crossed. Linear in the text, no allocation, no recursion, so a
/// hostile text costs one pass and never reaches GraphQL 4.3.0's recursive-descent parser.
///
/// It follows the GraphQL lexer closely enough to count: ignored tokens (whitespace, commas, comments,
/// BOM) are skipped, strings and block strings are one token each (brackets inside them do not nest), `...`
/// is one token. Anything it does not recognise counts as one token and is left for the parser to reject.
package enum QueryTextScan {
    package enum Violation: Equatable {
        case tooManyTokens(limit: Int)
        case tooDeep(limit: Int)
    }

    package static func check(_ text: String, maximumTokens: Int, maximumDepth: Int) -> Violation? {
        var tokens = 0
        var depth = 0
        var utf8 = text.utf8.makeIterator()
        var pending: UInt8?
        func next() -> UInt8? {
            if let byte = pending {
                pending = nil
                return byte
            }
            return utf8.next()
        }
        while let byte = next() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0xEF, 0xBB, 0xBF:
                continue  // whitespace, commas, the BOM's bytes
            case 0x23:  // `#` comment to the end of the line
                while let c = next(), c != 0x0A, c != 0x0D {}
                continue
            case 0x22:  // `"`: a string, or `"""` a block string
                let second = next()
                if second == 0x22 {
                    let third = next()
                    if third == 0x22 {
                        skipBlockString(&utf8)
                    } else {
                        pending = third  // `""`: the empty string
                    }
                } else if second != nil && second != 0x0A && second != 0x0D {
                    if second == 0x5C { _ = next() }
                    if second != 0x22 { skipString(&utf8) }
                }
            case 0x7B, 0x28, 0x5B:  // { ( [
                depth += 1
                if depth > maximumDepth { return .tooDeep(limit: maximumDepth) }
            case 0x7D, 0x29, 0x5D:  // } ) ]
                depth = max(0, depth - 1)
            case 0x2E:  // `...` (or a stray dot): one token
                var dots = 1
                while dots < 3, let c = next() {
                    if c != 0x2E { pending = c; break }
                    dots += 1
                }
            case _ where isNameOrNumber(byte):
                while let c = next() {
                    if !isNameOrNumber(c) && c != 0x2E && c != 0x2B { pending = c; break }
                }
            default:
                break  // other punctuators and unknown characters: one token each
            }
            tokens += 1
            if tokens > maximumTokens { return .tooManyTokens(limit: maximumTokens) }
        }
        return nil
    }

    private static func isNameOrNumber(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x5F || byte == 0x2D
    }

    /// Past the closing `"` of a string (or the end of its line, where the parser will report it).
    private static func skipString(_ utf8: inout String.UTF8View.Iterator) {
        while let c = utf8.next() {
            if c == 0x5C { _ = utf8.next(); continue }
            if c == 0x22 || c == 0x0A || c == 0x0D { return }
        }
    }

    /// Past the closing `"""` of a block string (`\"""` does not close it).
    private static func skipBlockString(_ utf8: inout String.UTF8View.Iterator) {
        var quotes = 0
        while let c = utf8.next() {
            if c == 0x22 {
                quotes += 1
                if quotes == 3 { return }
            } else if c == 0x5C {
                quotes = 0
                // `\"""` is an escaped triple quote: consume it whole.
                var escaped = 0
                while escaped < 3, let d = utf8.next() {
                    if d != 0x22 { break }
                    escaped += 1
                }
            } else {
                quotes = 0
            }
        }
    }
}
