/// One element of an `Accept` or `Content-Type` header: `type/subtype; name=value; q=0.8`.
///
/// Hummingbird's `MediaType` keeps one parameter and no quality, which is not enough for negotiation
/// (RFC 9110 §12.5.1), so this small parser is used for both headers. Type, subtype and parameter names
/// are lower-cased; parameter values keep their case except `charset`, which is compared case-insensitively.
struct MediaRange: Equatable, Sendable {
    var type: String
    var subtype: String
    /// Parameters other than `q`, in order, names lower-cased.
    var parameters: [(name: String, value: String)]
    /// Quality weight 0...1 (`q`), 1 when absent.
    var quality: Double

    /// The `charset` parameter, lower-cased, if any.
    var charset: String? {
        parameters.first { $0.name == "charset" }?.value.lowercased()
    }

    /// Whether `charset` is absent or names UTF-8 (the only encoding GraphQL over HTTP uses).
    var allowsUTF8: Bool {
        guard let charset else { return true }
        return charset == "utf-8" || charset == "utf8"
    }

    /// 2 for `type/subtype`, 1 for `type/*`, 0 for `*/*` (higher is more specific).
    var specificity: Int {
        if type == "*" { return 0 }
        return subtype == "*" ? 1 : 2
    }

    func matches(type: String, subtype: String) -> Bool {
        (self.type == "*" || self.type == type) && (self.subtype == "*" || self.subtype == subtype)
    }

    static func == (lhs: MediaRange, rhs: MediaRange) -> Bool {
        lhs.type == rhs.type && lhs.subtype == rhs.subtype && lhs.quality == rhs.quality
            && lhs.parameters.elementsEqual(rhs.parameters) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Parses one media range; nil when it is not `token/token` (such elements are ignored by callers).
    init?(_ text: Substring) {
        var pieces = text.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let essence = pieces.next() else { return nil }
        let typeAndSubtype = essence.split(separator: "/", omittingEmptySubsequences: false)
        guard typeAndSubtype.count == 2 else { return nil }
        let type = typeAndSubtype[0].trimmingHTTPWhitespace().lowercased()
        let subtype = typeAndSubtype[1].trimmingHTTPWhitespace().lowercased()
        guard !type.isEmpty, !subtype.isEmpty, !(type == "*" && subtype != "*") else { return nil }
        self.type = type
        self.subtype = subtype
        self.parameters = []
        self.quality = 1
        while let piece = pieces.next() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingHTTPWhitespace().lowercased()
            var value = piece[piece.index(after: equals)...].trimmingHTTPWhitespace()
            if value.count >= 2, value.first == "\"", value.last == "\"" {
                value = value.dropFirst().dropLast()
            }
            if name == "q" {
                // Malformed weights count as 1 rather than rejecting the whole header.
                if let weight = Double(value), (0...1).contains(weight) { self.quality = weight }
            } else if !name.isEmpty {
                self.parameters.append((name, String(value)))
            }
        }
    }

    /// All well-formed ranges of a header value (comma-separated; several header lines may be joined).
    static func parseList(_ header: String) -> [MediaRange] {
        header.split(separator: ",").compactMap { MediaRange($0) }
    }
}

extension Substring {
    /// Trims spaces and tabs (HTTP's optional whitespace).
    func trimmingHTTPWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
