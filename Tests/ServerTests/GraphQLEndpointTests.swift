import Engine
import Foundation
import Planner
@testable import Server
import Testing

/// GraphQL over HTTP end to end: a real server on a loopback port, raw HTTP requests, a scripted executor.
@Suite("GraphQL endpoint over HTTP")
struct GraphQLEndpointTests {
    static let json = ("Content-Type", "application/json")
    static let modern = ("Accept", "application/graphql-response+json")
    static let legacy = ("Accept", "application/json")
    static let typename = #"{"query":"{ __typename }"}"#

    /// Bytes no JSON encoder would produce: odd spacing, a number beyond Double, raw UTF-8, escaped slash.
    static let handMadeBody = "{\"data\" :{ \"fund\":{\"amount\":12345678901234567.89,\"name\":\"贵州\\/遵义\"}} }"

    static let rejection = QueryResult.rejected(errors: [
        GraphQLResponseError(message: "Syntax Error: Expected Name, found <EOF>.",
                             locations: [.init(line: 1, column: 2)], code: "GRAPHQL_PARSE_FAILED"),
    ])

    @Test("executed bodies are written byte for byte, with the negotiated Content-Type", arguments: [
        (nil, "application/json; charset=utf-8"),
        ("application/json", "application/json; charset=utf-8"),
        ("*/*", "application/json; charset=utf-8"),
        ("application/graphql-response+json", "application/graphql-response+json; charset=utf-8"),
        ("application/graphql-response+json, application/json;q=0.9", "application/graphql-response+json; charset=utf-8"),
    ] as [(String?, String)])
    func executedAsIs(accept: String?, contentType: String) async throws {
        let executor = ScriptedExecutor(body: Self.handMadeBody)
        try await withTestServer(executor) { client in
            var headers = [Self.json]
            if let accept { headers.append(("Accept", accept)) }
            let reply = try await client.send("POST", "/graphql", headers: headers, body: Self.typename)
            #expect(reply.status == 200)
            #expect(reply.header("content-type") == contentType)
            #expect(reply.body == Array(Self.handMadeBody.utf8))
            #expect(reply.header("content-length") == String(Self.handMadeBody.utf8.count))
        }
        #expect(executor.received.map(\.query) == ["{ __typename }"])
        #expect(executor.received.first?.method == .post)
    }

    @Test("rejected requests: 400 without data for graphql-response+json, 200 for application/json")
    func rejected() async throws {
        try await withTestServer(ScriptedExecutor { _ in Self.rejection }) { client in
            for (accept, status, contentType) in [
                (Self.modern, 400, "application/graphql-response+json; charset=utf-8"),
                (Self.legacy, 200, "application/json; charset=utf-8"),
                (("Accept", "*/*"), 200, "application/json; charset=utf-8"),
            ] {
                let reply = try await client.send("POST", "/graphql", headers: [Self.json, accept], body: #"{"query":"{"}"#)
                #expect(reply.status == status, "\(accept)")
                #expect(reply.header("content-type") == contentType)
                #expect(reply.text == #"{"errors":[{"message":"Syntax Error: Expected Name, found <EOF>.","locations":[{"line":1,"column":2}],"extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}"#)
            }
        }
    }

    @Test("GET: parameters from the query string, executed with method .get")
    func get() async throws {
        let executor = ScriptedExecutor(body: #"{"data":{"__type":null}}"#)
        try await withTestServer(executor) { client in
            let reply = try await client.send(
                "GET",
                "/graphql?query=query+Type(%24name%3A+String!)+%7B+__type(name%3A+%24name)+%7B+name+%7D+%7D"
                    + "&variables=%7B%22name%22%3A%22sometype%22%7D&operationName=Type",
                headers: [Self.modern])
            #expect(reply.status == 200)
            #expect(reply.text == #"{"data":{"__type":null}}"#)
            #expect(reply.header("content-type") == "application/graphql-response+json; charset=utf-8")
        }
        let request = try #require(executor.received.first)
        #expect(request.method == .get)
        #expect(request.query == "query Type($name: String!) { __type(name: $name) { name } }")
        #expect(request.operationName == "Type")
        #expect(request.variables == ["name": .string("sometype")])
    }

    @Test("a mutation over GET is 405 with Allow: POST")
    func mutationOverGET() async throws {
        try await withTestServer(ScriptedExecutor { $0.method == .get ? .notAllowedOverGET : .executed(body: []) }) { client in
            for accept in [Self.modern, Self.legacy] {
                let reply = try await client.send("GET", "/graphql?query=mutation+%7B+__typename+%7D", headers: [accept])
                #expect(reply.status == 405)
                #expect(reply.header("allow") == "POST")
                #expect(reply.firstErrorCode == "METHOD_NOT_ALLOWED")
            }
        }
    }

    @Test("a mutation's Idempotency-Key and the client's address reach the executor; a key over 255 characters is 400")
    func idempotencyKeyHeader() async throws {
        let executor = ScriptedExecutor(body: #"{"data":{"x":1}}"#)
        try await withTestServer(executor) { client in
            let mutation = #"{"query":"mutation { __typename }"}"#
            let keyed = try await client.send("POST", "/graphql", headers: [Self.json, ("Idempotency-Key", "step-2026-0001")], body: mutation)
            #expect(keyed.status == 200)
            let plain = try await client.send("POST", "/graphql", headers: [Self.json], body: mutation)
            #expect(plain.status == 200)
            let long = try await client.send("POST", "/graphql", headers: [Self.json, ("Idempotency-Key", String(repeating: "k", count: 256))],
                                             body: mutation)
            #expect(long.status == 400)
            #expect(long.firstErrorCode == "BAD_REQUEST")
        }
        let received = executor.received
        #expect(received.map(\.idempotencyKey) == ["step-2026-0001", nil])
        #expect(received.allSatisfy { $0.clientAddress == "127.0.0.1" })
    }

    @Test("other methods on the endpoint are 405 with Allow: GET, POST; HEAD gets no body")
    func otherMethods() async throws {
        let executor = ScriptedExecutor(body: "{}")
        try await withTestServer(executor) { client in
            for method in ["PUT", "DELETE", "PATCH", "OPTIONS"] {
                let reply = try await client.send(method, "/graphql", headers: [Self.json], body: Self.typename)
                #expect(reply.status == 405, "\(method)")
                #expect(reply.header("allow") == "GET, POST")
                #expect(reply.firstErrorCode == "METHOD_NOT_ALLOWED")
                #expect(reply.header("content-type") == "application/json; charset=utf-8")
            }
            let head = try await client.send("HEAD", "/graphql?query=%7Ba%7D")
            #expect(head.status == 405)
            #expect(head.body.isEmpty)
        }
        #expect(executor.received.isEmpty)
    }

    @Test("Accept allowing neither JSON type: 406 NOT_ACCEPTABLE in application/json")
    func notAcceptable() async throws {
        let executor = ScriptedExecutor(body: "{}")
        try await withTestServer(executor) { client in
            let post = try await client.send("POST", "/graphql", headers: [Self.json, ("Accept", "application/xml")], body: Self.typename)
            #expect(post.status == 406)
            #expect(post.header("content-type") == "application/json; charset=utf-8")
            #expect(post.firstErrorCode == "NOT_ACCEPTABLE")
            let get = try await client.send("GET", "/graphql?query=%7Ba%7D", headers: [("Accept", "text/plain")])
            #expect(get.status == 406)
        }
        #expect(executor.received.isEmpty)
    }

    @Test("POST bodies that are not application/json: 415", arguments: [
        [], [("Content-Type", "text/plain;charset=UTF-8")], [("Content-Type", "application/json; charset=iso-8859-1")],
        [("Content-Type", "application/x-www-form-urlencoded")],
    ] as [[(String, String)]])
    func unsupportedMediaType(headers: [(String, String)]) async throws {
        let executor = ScriptedExecutor(body: "{}")
        try await withTestServer(executor) { client in
            let reply = try await client.send("POST", "/graphql", headers: headers + [Self.modern], body: Self.typename)
            #expect(reply.status == 415)
            #expect(reply.firstErrorCode == "UNSUPPORTED_MEDIA_TYPE")
            #expect(reply.header("content-type") == "application/graphql-response+json; charset=utf-8")
        }
        #expect(executor.received.isEmpty)
    }

    @Test("bodies over the limit: 413, by Content-Length or while streaming a chunked body")
    func payloadTooLarge() async throws {
        let executor = ScriptedExecutor(body: #"{"data":{}}"#)
        var configuration = ServerConfiguration()
        configuration.maximumBodySize = 1024
        try await withTestServer(executor, configuration: configuration) { client in
            let padding = String(repeating: " ", count: 1024)
            let big = try await client.send("POST", "/graphql", headers: [Self.json], body: #"{"query":"{ a }"}"# + padding)
            #expect(big.status == 413)
            #expect(big.firstErrorCode == "PAYLOAD_TOO_LARGE")
            #expect(big.header("content-type") == "application/json; charset=utf-8")

            // Chunked: no Content-Length, the limit applies while reading.
            let chunk = Array(padding.utf8)
            var chunked: [UInt8] = []
            for _ in 0..<3 {
                chunked += Array("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + Array("\r\n".utf8)
            }
            chunked += Array("0\r\n\r\n".utf8)
            let streamed = try await client.send("POST", "/graphql",
                                                 headers: [Self.json, ("Transfer-Encoding", "chunked"), ("Content-Length", "")].filter { !$0.1.isEmpty },
                                                 body: chunked)
            #expect(streamed.status == 413)

            // Exactly at the limit is fine.
            let fits = #"{"query":"{ a }"}"# + String(repeating: " ", count: 1024 - 17)
            let ok = try await client.send("POST", "/graphql", headers: [Self.json], body: fits)
            #expect(ok.status == 200)
        }
        #expect(executor.received.count == 1)
    }

    @Test("malformed requests: 400 BAD_REQUEST whatever the Accept, executor not called")
    func badRequests() async throws {
        let executor = ScriptedExecutor(body: "{}")
        try await withTestServer(executor) { client in
            for body in ["{ \"not a JSON", "", #"{"qeury":"{ a }"}"#, #"{"query":0}"#, #"{"query":"{ a }","variables":"x"}"#] {
                for accept in [Self.modern, Self.legacy] {
                    let reply = try await client.send("POST", "/graphql", headers: [Self.json, accept], body: body)
                    #expect(reply.status == 400, "\(body)")
                    #expect(reply.firstErrorCode == "BAD_REQUEST")
                    #expect((reply.json as? [String: Any])?["data"] == nil)
                }
            }
            let get = try await client.send("GET", "/graphql?operationName=x", headers: [Self.legacy])
            #expect(get.status == 400)
            #expect(get.firstErrorCode == "BAD_REQUEST")
        }
        #expect(executor.received.isEmpty)
    }

    @Test("unknown paths are 404")
    func notFound() async throws {
        try await withTestServer(ScriptedExecutor(body: "{}")) { client in
            let reply = try await client.send("GET", "/nothing")
            #expect(reply.status == 404)
        }
    }

    @Test("CORS, when configured: preflight answered, origin echoed on responses")
    func cors() async throws {
        var configuration = ServerConfiguration()
        configuration.corsAllowedOrigin = "https://studio.example.org"
        try await withTestServer(ScriptedExecutor(body: #"{"data":{}}"#), configuration: configuration) { client in
            let preflight = try await client.send("OPTIONS", "/graphql", headers: [
                ("Origin", "https://studio.example.org"), ("Access-Control-Request-Method", "POST"),
            ])
            #expect(preflight.status == 204)
            #expect(preflight.header("access-control-allow-origin") == "https://studio.example.org")
            #expect(preflight.header("access-control-allow-methods")?.contains("POST") == true)
            let post = try await client.send("POST", "/graphql", headers: [Self.json, ("Origin", "https://studio.example.org")],
                                             body: Self.typename)
            #expect(post.status == 200)
            #expect(post.header("access-control-allow-origin") == "https://studio.example.org")
        }
    }
}
