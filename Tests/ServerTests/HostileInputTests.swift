import Engine
import Foundation
import Planner
import Postgres
@testable import Server
import TestSupport
import Testing

/// Hostile input against the real service over HTTP (issue 6 §6): every answer is a spec-shaped error or data,
/// never a 5xx, a crash or a hang, and the database is unchanged afterwards.
@Suite("Hostile input")
struct HostileInputTests {
    static let json = ("Content-Type", "application/json")

    /// A fingerprint of the database's content: every table's rows, hashed.
    static func fingerprint(_ connection: PostgresConnection) throws -> String {
        let tables = try connection.query("""
            SELECT string_agg(format('(SELECT %L || count(*) || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), '''') FROM %I t)', c.relname, c.relname), ' || ')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'
            """).scalar ?? "''"
        return try connection.query("SELECT md5(\(tables))").scalar ?? ""
    }

    static let metacharacters = ["'; DROP TABLE cluster; --", "\" OR 1=1 --", "\\", "%_%", "$1", "${x}", "/* */", "\u{0}", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 集群 ‮RTL",
                                 "e\u{301}", String(repeating: "长", count: 5000), "\u{FEFF}", ")); SELECT pg_sleep(10); --"]

    @Test("SQL metacharacters and Unicode in every kind of string argument and variable; huge numbers; deep input; cyclic fragments; invalid UTF-8; a 10 MB body")
    func hostile() async throws {
        let database = try await ProjectDatabase.seeded("hostile")
        let before = try await ProjectDatabase.withConnection(database) { try Self.fingerprint($0) }
        let pool = ConnectionPool(configuration: database, options: .init(size: 2, sessionSettings: QueryService.sessionSettings),
                                  logger: quietLogger)
        defer { Task { await pool.shutdown() } }
        let schema = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        var limits = RequestLimits.standard
        limits.statementTimeout = .seconds(5)
        let serviceLimits = limits
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: .single(schema), catalog: .qunji, pool: pool, logger: quietLogger, limits: serviceLimits)
        }
        var configuration = ServerConfiguration()
        configuration.maximumBodySize = 1 << 20
        try await withTestServer(service, configuration: configuration) { client in
            func post(_ body: [UInt8]) async throws -> RawHTTPClient.Reply {
                try await client.send("POST", "/graphql", headers: [Self.json, ("Accept", "application/graphql-response+json")], body: body)
            }
            func postJSON(_ object: [String: Any]) async throws -> RawHTTPClient.Reply {
                try await post(Array(try JSONSerialization.data(withJSONObject: object)))
            }
            func expectShaped(_ reply: RawHTTPClient.Reply, _ what: String) {
                #expect(reply.status < 500, "\(what): \(reply.status)")
                let text = String(decoding: reply.body, as: UTF8.self)
                #expect(text.hasPrefix(#"{"data""#) || text.hasPrefix(#"{"errors""#), "\(what): \(text.prefix(200))")
                if text.hasPrefix(#"{"errors""#) { #expect(text.contains(#""code":""#), "\(what): errors carry a code") }
            }
            let variableQueries = [
                "query($s: String) { clusters(where: {name: {contains: $s}}) { totalCount } }",
                "query($s: String) { clusters(where: {name: {like: $s}}) { totalCount } }",
                "query($s: String) { clusters(where: {code: {in: [$s]}}) { totalCount } }",
                "query($s: String!) { cluster(code: $s) { name } }",
                "query($s: String!) { enterprise(creditCode: $s) { name } }",
                "query($s: String) { clusters(after: $s) { totalCount } }",
                "query($s: ID!) { node(id: $s) { id } }",
                "query($s: String) { clusters(first: 1) { nodes { eligibility(standard: $s) { eligible } } } }",
                "query($s: String) { enterprises(where: {name: {icontains: $s}}) { totalCount } }",
                "query($s: Date) { clusters(asOf: $s) { totalCount } }",
                "query($s: Decimal) { supportMeasures(where: {amountYuan: {gt: $s}}) { totalCount } }",
            ]
            for text in Self.metacharacters {
                for query in variableQueries {
                    expectShaped(try await postJSON(["query": query, "variables": ["s": text]]), "\(query) with \(text.prefix(20))")
                }
                // Inline in the document too, escaped as a GraphQL string.
                let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "\u{0}", with: "\\u0000")
                expectShaped(try await postJSON(["query": "{ clusters(where: {name: {eq: \"\(escaped)\"}}) { totalCount } }"]), "inline \(text.prefix(20))")
            }
            for number in ["1e999", "99999999999999999999999999", "-1", "1.5", "NaN"] {
                expectShaped(try await post(Array(#"{"query":"query($n: Int) { clusters(first: $n) { totalCount } }","variables":{"n":\#(number)}}"#.utf8)), number)
                expectShaped(try await post(Array(#"{"query":"{ clusters(first: \#(number)) { totalCount } }"}"#.utf8)), "inline \(number)")
            }
            var nested = #"{"code":{"eq":"x"}}"#
            for _ in 0..<200 { nested = #"{"not":\#(nested)}"# }
            expectShaped(try await post(Array(#"{"query":"query($w: ClusterFilter) { clusters(where: $w) { totalCount } }","variables":{"w":\#(nested)}}"#.utf8)), "deep input")
            expectShaped(try await postJSON(["query": "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"]), "cyclic fragments")
            expectShaped(try await post([0x7B, 0x22, 0x71, 0x75, 0x65, 0x72, 0x79, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC0, 0x22, 0x7D]), "invalid UTF-8")
            let huge = try await post(Array(repeating: 0x20, count: 10 << 20))
            #expect(huge.status == 413)
            // Still answering normally.
            let ok = try await postJSON(["query": "{ prefectures { totalCount } }"])
            #expect(String(decoding: ok.body, as: UTF8.self) == #"{"data":{"prefectures" : {"totalCount" : 9}}}"#)
        }
        let after = try await ProjectDatabase.withConnection(database) { try Self.fingerprint($0) }
        #expect(before == after, "nothing stored changed")
    }
}
