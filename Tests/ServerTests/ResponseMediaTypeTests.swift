@testable import Server
import Testing

@Suite("Accept negotiation")
struct ResponseMediaTypeTests {
    @Test("picks the response media type", arguments: [
        // No or empty Accept: application/json (draft: assume it for legacy clients).
        (nil, ResponseMediaType.json),
        ("", .json),
        ("application/json", .json),
        ("application/graphql-response+json", .graphQLResponseJSON),
        ("application/graphql-response+json; charset=utf-8", .graphQLResponseJSON),
        ("APPLICATION/GRAPHQL-RESPONSE+JSON;CHARSET=UTF-8", .graphQLResponseJSON),
        // Wildcards reach application/json (audit 47DE).
        ("*/*", .json),
        ("application/*", .json),
        // Explicit beats wildcard; between explicit ones graphql-response+json; q decides first.
        ("application/graphql-response+json, application/json", .graphQLResponseJSON),
        ("application/json, application/graphql-response+json", .graphQLResponseJSON),
        ("application/graphql-response+json, application/json;q=0.9", .graphQLResponseJSON),
        ("application/graphql-response+json;q=0.5, application/json", .json),
        ("application/graphql-response+json, */*;q=0.1", .graphQLResponseJSON),
        ("*/*, application/graphql-response+json", .graphQLResponseJSON),
        ("application/json;q=0.2, */*", .graphQLResponseJSON),
        // Browsers.
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", .json),
        // A non-UTF-8 charset does not match; q=0 excludes.
        ("application/graphql-response+json;charset=latin1, application/json", .json),
        ("application/json;q=0, application/graphql-response+json", .graphQLResponseJSON),
        ("*/*, application/json;q=0", .graphQLResponseJSON),
    ] as [(String?, ResponseMediaType)])
    func negotiates(accept: String?, expected: ResponseMediaType) {
        #expect(ResponseMediaType.negotiate(accept: accept) == expected)
    }

    @Test("nothing acceptable → nil (406)", arguments: [
        "text/html", "application/xml", "image/*", "application/json;charset=latin1",
        "application/json;q=0, application/graphql-response+json;q=0", "*/*;q=0",
    ])
    func notAcceptable(accept: String) {
        #expect(ResponseMediaType.negotiate(accept: accept) == nil)
    }

    @Test("a browser asking for HTML gets the explorer; API clients do not")
    func html() {
        #expect(ResponseMediaType.prefersHTML(accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
        #expect(ResponseMediaType.prefersHTML(accept: "text/html"))
        #expect(!ResponseMediaType.prefersHTML(accept: nil))
        #expect(!ResponseMediaType.prefersHTML(accept: "*/*"))
        #expect(!ResponseMediaType.prefersHTML(accept: "application/json"))
        #expect(!ResponseMediaType.prefersHTML(accept: "application/json, text/html;q=0.5"))
        #expect(!ResponseMediaType.prefersHTML(accept: "text/html;q=0"))
    }

    @Test("media ranges parse parameters and quoted values")
    func mediaRange() throws {
        let range = try #require(MediaRange(#" Application/JSON ; Charset="UTF-8" ; q=0.5 "#[...]))
        #expect(range.type == "application" && range.subtype == "json")
        #expect(range.charset == "utf-8" && range.allowsUTF8)
        #expect(range.quality == 0.5)
        #expect(MediaRange("json"[...]) == nil)
        #expect(MediaRange("*/json"[...]) == nil)
    }
}
