import Foundation
import Hummingbird

/// The browser pages served from the repository's `web/` folder (the dashboard), read once at start-up.
///
/// Why files and not Swift string constants (like ``ExplorerPage``): the dashboard is a client of the public
/// GraphQL endpoint written in HTML and JavaScript, and is worked on as such; reading it at start-up keeps it
/// out of the compiled binary's concerns while serving it from memory like a constant.
///
/// Pages are sent with a content security policy that allows nothing but this server: they work offline and
/// cannot be made to call out.
public struct WebPages: Sendable {
    /// Page bodies by URL path, e.g. `/dashboard`.
    let pages: [String: ByteBuffer]
    /// Data the pages read, by URL path: the counties' simplified boundaries the dashboard's map is drawn from.
    let assets: [String: ByteBuffer]

    public init() {
        self.pages = [:]
        self.assets = [:]
    }

    /// Reads the known pages found in `folder`, and the data they read from `sql/data` beside it; missing ones are
    /// simply not served.
    public init(folder: URL) throws {
        var pages: [String: ByteBuffer] = [:]
        for (path, file) in Self.known {
            let url = folder.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            pages[path] = ByteBuffer(bytes: try Data(contentsOf: url))
        }
        self.pages = pages
        var assets: [String: ByteBuffer] = [:]
        let data = folder.deletingLastPathComponent().appendingPathComponent("sql/data")
        for (path, file) in Self.knownAssets {
            let url = data.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            assets[path] = ByteBuffer(bytes: try Data(contentsOf: url))
        }
        self.assets = assets
    }

    /// URL path → file in `sql/data`: the boundaries of Guizhou's 88 counties (real, simplified; sql/data/README.md).
    static let knownAssets: [(String, String)] = [("/dashboard/county-boundaries.geojson", "county_boundaries.geojson")]

    /// URL path → file in `web/`.
    static let known: [(String, String)] = [("/dashboard", "dashboard.html"), ("/explorer", "explorer.html")]

    /// The paths served, for logs and tests.
    public var paths: [String] { (Array(pages.keys) + Array(assets.keys)).sorted() }

    /// The page at `path`, if it was found.
    func response(_ path: String) -> Response? {
        pages[path].map { Response(status: .ok, headers: Self.headers(loadsGraphiQL: path == "/explorer"), body: ResponseBody(byteBuffer: $0)) }
    }

    /// The explorer: `web/explorer.html` when present, else the one built into the server.
    func explorer() -> Response {
        response("/explorer") ?? ExplorerPage.response()
    }

    func addRoutes(to router: Router<QunjiRequestContext>) {
        for path in pages.keys {
            router.get(RouterPath(path)) { _, _ in response(path) ?? Response(status: .notFound) }
        }
        for (path, body) in assets {
            // The same bytes for the life of the process: cacheable for a day, revalidated after.
            router.get(RouterPath(path)) { _, _ in
                var headers: HTTPFields = [.contentType: "application/geo+json", .cacheControl: "public, max-age=86400"]
                if let noSniff = HTTPFields.Element.Name("X-Content-Type-Options") { headers[noSniff] = "nosniff" }
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
            }
        }
    }

    /// Headers of a page: its policy allows this server only, except that `web/explorer.html` may load GraphiQL
    /// from unpkg.com when its user presses "Open GraphiQL" (nothing is fetched until then).
    static func headers(loadsGraphiQL: Bool) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"]
        if let noSniff = HTTPFields.Element.Name("X-Content-Type-Options") { fields[noSniff] = "nosniff" }
        if let policy = HTTPFields.Element.Name("Content-Security-Policy") {
            let cdn = loadsGraphiQL ? " https://unpkg.com" : ""
            fields[policy] = "default-src 'self'; script-src 'self' 'unsafe-inline'\(cdn); style-src 'self' 'unsafe-inline'\(cdn); "
                + "img-src 'self' data:; font-src 'self' data:\(cdn); connect-src 'self'; frame-ancestors 'self'"
        }
        return fields
    }
}
