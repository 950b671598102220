import Crypto
import Foundation
import Hummingbird

/// HTTP caching of GET answers (issue 6 §3): a strong `ETag` over the body, `304 Not Modified` for a matching
/// `If-None-Match`, `Cache-Control` by who asked, and `Vary` on what changes the answer.
///
/// Anonymous answers are the same for everyone, so they are `public, max-age=N` (shared caches and CDNs may
/// keep them); answers for a key or token are `private, no-cache` (a browser keeps them but revalidates with
/// the ETag each time). Errors and POSTs are `no-store`.
enum ResponseCaching {
    /// `"…"`: the first 128 bits of the body's SHA-256, hex.
    static func entityTag(_ body: [UInt8]) -> String {
        // Hex by table: `String(format:)` per byte cost about 7 % of a persisted GET's CPU (perf, issue 7).
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\"")]
        text.reserveCapacity(34)
        for byte in SHA256.hash(data: body).prefix(16) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        text.append(UInt8(ascii: "\""))
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether an `If-None-Match` header (a list of tags, possibly weak, or `*`) matches `tag` (weak comparison,
    /// as RFC 9110 prescribes for If-None-Match).
    static func matches(_ header: String?, _ tag: String) -> Bool {
        guard let header else { return false }
        for candidate in header.split(separator: ",") {
            var value = candidate.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            if value.hasPrefix("W/") { value.removeFirst(2) }
            if value == tag { return true }
        }
        return false
    }

    /// The caching headers of a GET answer; a 304 in place of it when the client's copy is current.
    static func apply(to response: Response, body: [UInt8]?, ifNoneMatch: String?, anonymous: Bool, maxAge: Int) -> Response {
        var response = response
        response.headers.append(HTTPFields.Element(name: .vary, value: "Accept, Authorization"))
        // Only complete answers are cached: a body with errors (a timeout, say) is not.
        guard let body, response.status == .ok, body.starts(with: Array(#"{"data""#.utf8)) else {
            response.headers[.cacheControl] = "no-store"
            return response
        }
        let tag = entityTag(body)
        let cacheControl = anonymous ? "public, max-age=\(maxAge)" : "private, no-cache"
        if matches(ifNoneMatch, tag) {
            return Response(status: .notModified, headers: [
                .eTag: tag, .cacheControl: cacheControl, .vary: "Accept, Authorization",
            ])
        }
        response.headers[.eTag] = tag
        response.headers[.cacheControl] = cacheControl
        return response
    }
}
