/// The two media types a GraphQL response can be sent as (GraphQL over HTTP, "Accept").
///
/// They differ in status codes: with `application/graphql-response+json` a request that fails before
/// execution (parse, validation, variable coercion) is a 400 without `data`; with `application/json` a
/// well-formed request always answers 200, because legacy clients treat non-200 as a transport failure.
enum ResponseMediaType: Sendable, Equatable {
    case graphQLResponseJSON
    case json

    /// The `Content-Type` value written on responses (always UTF-8).
    var contentType: String {
        switch self {
        case .graphQLResponseJSON: "application/graphql-response+json; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }

    var subtype: String {
        switch self {
        case .graphQLResponseJSON: "graphql-response+json"
        case .json: "json"
        }
    }

    /// Picks the response type for an `Accept` header (nil: none acceptable, answer 406).
    ///
    /// - No header (or an empty one) means `application/json`: the draft says to assume it for clients that
    ///   predate `application/graphql-response+json`.
    /// - Each candidate gets the quality of the most specific range that matches it (RFC 9110 §12.5.1); a
    ///   `charset` other than UTF-8 does not match. Quality 0 means "not acceptable".
    /// - The higher quality wins. On a tie, a candidate named explicitly beats one reached through a wildcard,
    ///   and between two explicit ones `application/graphql-response+json` wins. When both are reached only
    ///   through wildcards (`*/*`, `application/*`), `application/json` wins: the graphql-http audit 47DE
    ///   expects `Accept: */*` to get `application/json`.
    static func negotiate(accept header: String?) -> ResponseMediaType? {
        guard let header, header.contains(where: { $0 != " " && $0 != "\t" && $0 != "," }) else { return .json }
        let ranges = MediaRange.parseList(header)
        guard !ranges.isEmpty else { return .json }  // an unparseable header is treated like a missing one
        let modern = Self.match(.graphQLResponseJSON, in: ranges)
        let legacy = Self.match(.json, in: ranges)
        switch (modern, legacy) {
        case (nil, nil):
            return nil
        case (.some, nil):
            return .graphQLResponseJSON
        case (nil, .some):
            return .json
        case (.some(let modern), .some(let legacy)):
            if modern.quality != legacy.quality {
                return modern.quality > legacy.quality ? .graphQLResponseJSON : .json
            }
            if modern.specificity != legacy.specificity {
                return modern.specificity > legacy.specificity ? .graphQLResponseJSON : .json
            }
            return modern.specificity == 2 ? .graphQLResponseJSON : .json
        }
    }

    /// Quality and specificity of the most specific acceptable range matching `candidate`, nil when none
    /// matches or the best match has q=0.
    private static func match(_ candidate: ResponseMediaType, in ranges: [MediaRange])
        -> (quality: Double, specificity: Int)?
    {
        let matching = ranges.filter {
            $0.matches(type: "application", subtype: candidate.subtype) && $0.allowsUTF8
        }
        guard let best = matching.max(by: { $0.specificity < $1.specificity }) else { return nil }
        // Several ranges of the same specificity (e.g. repeated): take the highest weight among them.
        let quality = matching.filter { $0.specificity == best.specificity }.map(\.quality).max() ?? best.quality
        return quality > 0 ? (quality, best.specificity) : nil
    }

    /// Whether the client explicitly asks for HTML (`text/html` or `text/*` with q > 0, not just `*/*`) at
    /// least as much as for JSON: a browser opening the endpoint, which gets the explorer page.
    static func prefersHTML(accept header: String?) -> Bool {
        guard let header else { return false }
        let ranges = MediaRange.parseList(header)
        let html = ranges.filter { $0.type == "text" && ($0.subtype == "html" || $0.subtype == "*") }
        guard let htmlQuality = html.map(\.quality).max(), htmlQuality > 0 else { return false }
        let jsonQuality = ranges.filter {
            $0.type == "application" && ($0.subtype == "json" || $0.subtype == "graphql-response+json")
        }.map(\.quality).max() ?? 0
        return htmlQuality >= jsonQuality
    }
}
