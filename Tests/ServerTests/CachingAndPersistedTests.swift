import Auth
import Engine
import Foundation
import Planner
@testable import Server
import Testing

/// Persisted queries, trusted documents, HTTP caching and CORS (issue 6 §3).
@Suite("Persisted queries, caching and CORS")
struct CachingAndPersistedTests {
    static let json = ("Content-Type", "application/json")
    static let query = "{ clusters { totalCount } }"
    static var hash: String { PersistedDocuments.hash(query) }

    static func post(_ fields: String) -> String { "{" + fields + "}" }
    static func persisted(_ hash: String) -> String { #""extensions":{"persistedQuery":{"version":1,"sha256Hash":"\#(hash)"}}"# }

    static func percent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    @Test("automatic persisted queries: unknown hash, register with text, then hash only (POST and GET)")
    func automatic() async throws {
        let executor = ScriptedExecutor { request in .executed(body: Array(#"{"data":{"q":"\#(request.query)"}}"#.utf8)) }
        try await withTestServer(executor) { client in
            let unknown = try await client.send("POST", "/graphql", headers: [Self.json], body: Self.post(Self.persisted(Self.hash)))
            #expect(String(decoding: unknown.body, as: UTF8.self)
                    == #"{"errors":[{"message":"PersistedQueryNotFound","extensions":{"code":"PERSISTED_QUERY_NOT_FOUND"}}]}"#)
            let mismatch = try await client.send("POST", "/graphql", headers: [Self.json],
                                                 body: Self.post(#""query":"{ __typename }","# + Self.persisted(Self.hash)))
            #expect(String(decoding: mismatch.body, as: UTF8.self).contains("PERSISTED_QUERY_HASH_MISMATCH"))
            let register = try await client.send("POST", "/graphql", headers: [Self.json],
                                                 body: Self.post(#""query":"\#(Self.query)","# + Self.persisted(Self.hash)))
            #expect(register.status == 200)
            let byHash = try await client.send("POST", "/graphql", headers: [Self.json], body: Self.post(Self.persisted(Self.hash)))
            #expect(byHash.status == 200)
            let get = try await client.send("GET", "/graphql?extensions=" + Self.percent(#"{"persistedQuery":{"version":1,"sha256Hash":"\#(Self.hash)"}}"#))
            #expect(get.status == 200)
            let badHash = try await client.send("POST", "/graphql", headers: [Self.json], body: Self.post(Self.persisted("xyz")))
            #expect(badHash.status == 400)
        }
        #expect(executor.received.map(\.query) == [Self.query, Self.query, Self.query])
    }

    @Test("automatic persisted queries store only texts that ran: refused ones (too long, invalid) are not served by their hash; the store stays within its byte budget")
    func onlyValidStored() async throws {
        let executor = ScriptedExecutor { request in
            request.query.contains("invalid") || request.query.utf8.count > 10_000
                ? .rejected(errors: [GraphQLResponseError(message: "no", code: request.query.utf8.count > 10_000 ? "QUERY_TOO_LONG" : "GRAPHQL_VALIDATION_FAILED")])
                : .executed(body: Array(#"{"data":{}}"#.utf8))
        }
        let documents = PersistedDocuments(budget: 64 << 10)
        try await withTestServer(executor, persisted: documents, metrics: ServerMetrics(logger: quietLogger)) { client in
            let refused = ["{ invalid }", "{ a }" + String(repeating: " ", count: 20_000)]
            for text in refused {
                let hash = PersistedDocuments.hash(text)
                let body = try JSONSerialization.data(withJSONObject: [
                    "query": text, "extensions": ["persistedQuery": ["version": 1, "sha256Hash": hash]]])
                _ = try await client.send("POST", "/graphql", headers: [Self.json], body: Array(body))
                let byHash = try await client.send("POST", "/graphql", headers: [Self.json], body: Self.post(Self.persisted(hash)))
                #expect(byHash.firstErrorCode == "PERSISTED_QUERY_NOT_FOUND", "\(text.prefix(20)): \(byHash.text)")
            }
            #expect(documents.usage.entries == 0 && documents.usage.bytes == 0)
            // Valid texts of 5 KB each: the store keeps the most recent within 64 KB.
            for index in 0..<40 {
                let text = "{ a\(index) }" + String(repeating: " ", count: 5000)
                let body = try JSONSerialization.data(withJSONObject: [
                    "query": text, "extensions": ["persistedQuery": ["version": 1, "sha256Hash": PersistedDocuments.hash(text)]]])
                #expect(try await client.send("POST", "/graphql", headers: [Self.json], body: Array(body)).status == 200)
            }
            let usage = documents.usage
            #expect(usage.bytes <= 64 << 10 && usage.entries >= 10 && usage.entries < 40, "\(usage)")
            let newest = "{ a39 }" + String(repeating: " ", count: 5000)
            let byHash = try await client.send("POST", "/graphql", headers: [Self.json],
                                               body: Self.post(Self.persisted(PersistedDocuments.hash(newest))))
            #expect(byHash.status == 200 && byHash.firstErrorCode == nil, "\(byHash.text)")
            let metrics = String(decoding: try await client.metrics.send("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains(#"qunji_cache_bytes{cache="persisted"} \#(usage.bytes)"#), "\(metrics)")
            #expect(metrics.contains(#"qunji_cache_budget_bytes{cache="persisted"} 65536"#))
        }
    }

    @Test("trusted documents only: manifest documents run, other texts and unknown hashes are refused, admins may register")
    func trustedOnly() async throws {
        let manifest = try FileManager.default.temporaryDirectory.appendingPathComponent("qunji-manifest-\(UUID().uuidString).json")
        try Data(#"{"format":"apollo-persisted-query-manifest","version":1,"operations":[{"id":"\#(Self.hash)","name":"Count","type":"query","body":"\#(Self.query)"}]}"#.utf8)
            .write(to: manifest)
        defer { try? FileManager.default.removeItem(at: manifest) }
        let documents = PersistedDocuments(mode: .trustedOnly, manifest: try PersistedDocuments.loadManifest(from: manifest))
        let secret = "trusted-documents-test-secret-0123456789"
        let tokens = try await TokenVerifier(secret: secret)
        let admin = try await tokens.sign(role: "admin", expires: Date().addingTimeInterval(600))
        let executor = ScriptedExecutor(body: #"{"data":{}}"#)
        let other = "{ funds { totalCount } }"
        let otherHash = PersistedDocuments.hash(other)
        try await withTestServer(executor, authenticator: Authenticator(pool: nil, tokens: tokens), persisted: documents) { client in
            #expect(try await client.send("POST", "/graphql", headers: [Self.json], body: Self.post(Self.persisted(Self.hash))).status == 200)
            let raw = try await client.send("POST", "/graphql", headers: [Self.json], body: Self.post(#""query":"\#(other)""#))
            #expect(String(decoding: raw.body, as: UTF8.self).contains("PERSISTED_QUERY_REQUIRED"))
            let unregistered = try await client.send("POST", "/graphql", headers: [Self.json],
                                                     body: Self.post(#""query":"\#(other)","# + Self.persisted(otherHash)))
            #expect(String(decoding: unregistered.body, as: UTF8.self).contains("PERSISTED_QUERY_NOT_FOUND"))
            // An admin registers it; then anyone may run it by hash.
            let registered = try await client.send("POST", "/graphql", headers: [Self.json, ("Authorization", "Bearer " + admin)],
                                                   body: Self.post(#""query":"\#(other)","# + Self.persisted(otherHash)))
            #expect(registered.status == 200)
            #expect(try await client.send("POST", "/graphql", headers: [Self.json], body: Self.post(Self.persisted(otherHash))).status == 200)
        }
        #expect(executor.received.map(\.query) == [Self.query, other, other])
        // A manifest whose ids do not match their documents is refused at start-up.
        try Data(#"{"\#(otherHash)":"\#(Self.query)"}"#.utf8).write(to: manifest)
        #expect(throws: PersistedDocuments.ManifestError.self) { try PersistedDocuments.loadManifest(from: manifest) }
    }

    @Test("GET answers carry an ETag; If-None-Match gets 304; Cache-Control by who asks; POST and errors are not stored")
    func etags() async throws {
        let executor = ScriptedExecutor { request in
            request.query.contains("fail")
                ? .executed(body: Array(#"{"errors":[{"message":"x","extensions":{"code":"QUERY_TIMEOUT"}}],"data":null}"#.utf8))
                : .executed(body: Array(#"{"data":{"n":1}}"#.utf8))
        }
        let tokens = try await TokenVerifier(secret: "etag-test-secret-0123456789-0123456789")
        let analyst = try await tokens.sign(role: "analyst", expires: Date().addingTimeInterval(600))
        var configuration = ServerConfiguration()
        configuration.anonymousCacheMaxAge = 120
        try await withTestServer(executor, configuration: configuration, authenticator: Authenticator(pool: nil, tokens: tokens)) { client in
            let target = "/graphql?query=" + Self.percent(Self.query)
            let first = try await client.send("GET", target)
            let tag = try #require(first.header("etag"))
            #expect(first.status == 200)
            #expect(first.header("cache-control") == "public, max-age=120")
            #expect(first.header("vary")?.contains("Authorization") == true)
            let again = try await client.send("GET", target, headers: [("If-None-Match", "W/\"other\", " + tag)])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            #expect(again.header("etag") == tag)
            let stale = try await client.send("GET", target, headers: [("If-None-Match", "\"stale\"")])
            #expect(stale.status == 200)
            let private_ = try await client.send("GET", target, headers: [("Authorization", "Bearer " + analyst)])
            #expect(private_.header("cache-control") == "private, no-cache")
            #expect(private_.header("etag") == tag)
            let failed = try await client.send("GET", "/graphql?query=" + Self.percent("{ fail }"))
            #expect(failed.header("cache-control") == "no-store" && failed.header("etag") == nil)
            let post = try await client.send("POST", "/graphql", headers: [Self.json], body: #"{"query":"{ n }"}"#)
            #expect(post.header("cache-control") == "no-store")
        }
    }

    @Test("CORS allow-list: listed origins get the headers and preflights, others get none")
    func corsAllowList() async throws {
        var configuration = ServerConfiguration()
        configuration.corsAllowedOrigin = "https://dashboard.example.gov, https://studio.example.org"
        try await withTestServer(ScriptedExecutor(body: #"{"data":{}}"#), configuration: configuration) { client in
            for origin in ["https://dashboard.example.gov", "https://studio.example.org"] {
                let preflight = try await client.send("OPTIONS", "/graphql", headers: [
                    ("Origin", origin), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "authorization"),
                ])
                #expect(preflight.status == 204)
                #expect(preflight.header("access-control-allow-origin") == origin)
                #expect(preflight.header("access-control-allow-headers")?.contains("Authorization") == true)
            }
            let stranger = try await client.send("POST", "/graphql", headers: [Self.json, ("Origin", "https://evil.example.com")],
                                                 body: #"{"query":"{ a }"}"#)
            #expect(stranger.header("access-control-allow-origin") == nil)
            #expect(stranger.header("vary")?.contains("Origin") == true)
            let strangerPreflight = try await client.send("OPTIONS", "/graphql", headers: [
                ("Origin", "https://evil.example.com"), ("Access-Control-Request-Method", "POST"),
            ])
            #expect(strangerPreflight.header("access-control-allow-origin") == nil)
        }
    }
}
