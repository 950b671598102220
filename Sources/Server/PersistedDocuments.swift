import Crypto
import Engine
import Foundation
import Planner

/// Query texts known by their SHA-256: Apollo's automatic persisted queries (APQ) and trusted documents.
///
/// - Automatic (the default): a client first sends only the hash; an unknown hash is answered
///   `PERSISTED_QUERY_NOT_FOUND`, and the client sends the text with its hash, which is checked and
///   remembered once the text has passed parsing, validation and every limit and run (within a budget in
///   bytes, least recently used dropped): a text the server refuses is never stored, so refused requests
///   cannot fill memory. Dashboards then send a short GET that caches well.
/// - Trusted only (`--persisted-only`): only documents of the manifest, or registered by an admin (who sends
///   text and hash), may run; anything else is `PERSISTED_QUERY_NOT_FOUND` (a hash) or
///   `PERSISTED_QUERY_REQUIRED` (a text). Admins may still send ad-hoc texts.
///
/// - Important: `@unchecked Sendable` because `registered` is touched only with `lock` held.
public final class PersistedDocuments: @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        case automatic
        case trustedOnly
    }

    public let mode: Mode
    private let manifest: [String: String]
    private let lock = NSLock()
    private var registered: ByteBoundedLRU<String, String>

    /// - Parameter budget: bytes the registered texts may take (hash and text of each).
    public init(mode: Mode = .automatic, manifest: [String: String] = [:], budget: Int = CacheBudgets.standard.persistedDocuments) {
        self.mode = mode
        self.manifest = manifest
        self.registered = ByteBoundedLRU(budget: budget)
    }

    /// Registered texts (the manifest not counted).
    public var usage: CacheUsage {
        lock.withLock { CacheUsage(entries: registered.count, bytes: registered.bytes, budget: registered.budget) }
    }

    /// Lower-case hex SHA-256 of a text, as clients compute it.
    public static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Fills in `request.query` from the store, or registers its text, or says why the request cannot run.
    func resolve(_ request: inout QueryRequest) -> GraphQLResponseError? {
        guard let hash = request.persistedQueryHash else {
            if mode == .trustedOnly && request.principal.role != .admin {
                return GraphQLResponseError(
                    message: "This server runs trusted documents only: send extensions.persistedQuery with the hash of a registered document.",
                    code: "PERSISTED_QUERY_REQUIRED")
            }
            return nil
        }
        if request.query.isEmpty {
            guard let text = lookup(hash) else {
                return GraphQLResponseError(message: "PersistedQueryNotFound", code: "PERSISTED_QUERY_NOT_FOUND")
            }
            request.query = text
            return nil
        }
        guard Self.hash(request.query) == hash else {
            return GraphQLResponseError(message: "The query's SHA-256 is not extensions.persistedQuery.sha256Hash.",
                                        code: "PERSISTED_QUERY_HASH_MISMATCH")
        }
        if lookup(hash) == nil, mode == .trustedOnly, request.principal.role != .admin {
            return GraphQLResponseError(message: "PersistedQueryNotFound: only an admin may register documents on this server.",
                                        code: "PERSISTED_QUERY_NOT_FOUND")
        }
        return nil
    }

    /// Remembers a request's text under its hash, if it came with both: called once the text has passed
    /// every check and run, never before.
    func register(_ request: QueryRequest) {
        guard let hash = request.persistedQueryHash, !request.query.isEmpty, manifest[hash] == nil else { return }
        lock.withLock {
            if registered.value(for: hash) == nil {
                registered.insert(request.query, for: hash, cost: CacheCost.text(hash) + CacheCost.text(request.query))
            }
        }
    }

    private func lookup(_ hash: String) -> String? {
        if let text = manifest[hash] { return text }
        return lock.withLock { registered.value(for: hash) }
    }

    /// Reads a manifest: Apollo's persisted-query manifest (`{"format":"apollo-persisted-query-manifest",
    /// "operations":[{"id":…,"body":…}]}`) or a plain object of hash → text. Every hash is checked.
    public static func loadManifest(from url: URL) throws -> [String: String] {
        let data = try Data(contentsOf: url)
        let object = try JSONSerialization.jsonObject(with: data)
        var documents: [String: String] = [:]
        if let manifest = object as? [String: Any], let operations = manifest["operations"] as? [[String: Any]] {
            for operation in operations {
                guard let body = operation["body"] as? String else { throw ManifestError.malformed("an operation has no body") }
                let id = (operation["id"] as? String)?.lowercased() ?? hash(body)
                documents[id] = body
            }
        } else if let map = object as? [String: String] {
            for (id, body) in map { documents[id.lowercased()] = body }
        } else {
            throw ManifestError.malformed("expected an Apollo persisted-query manifest or an object of hash → document")
        }
        for (id, body) in documents where hash(body) != id {
            throw ManifestError.hashMismatch(id)
        }
        return documents
    }

    public enum ManifestError: Error, CustomStringConvertible {
        case malformed(String)
        case hashMismatch(String)

        public var description: String {
            switch self {
            case .malformed(let why): return "the persisted-document manifest is malformed: \(why)"
            case .hashMismatch(let id): return "the manifest's document \(id) does not hash to its id"
            }
        }
    }
}
