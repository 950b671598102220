/// The memory each cache may hold, in bytes. Every cache of the server is bounded by one of these, so the
/// server's memory is bounded by their sum plus a fixed base whatever clients send (README, "Memory").
///
/// The per-role caches (documents, compiled operations, introspection answers) split their budget evenly
/// between the four roles: a role cannot crowd another's entries out.
public struct CacheBudgets: Sendable, Equatable {
    /// Parsed and validated documents (and the errors of rejected ones), by text.
    public var documents: Int
    /// Compiled statements, by text, operation, variables and region.
    public var compiledOperations: Int
    /// Introspection answers, by text and variables.
    public var introspection: Int
    /// Texts registered by automatic persisted queries (trusted manifests are not counted: an operator
    /// loads them).
    public var persistedDocuments: Int
    /// Answers for credentials (`Authorization` headers).
    public var credentials: Int

    public init(documents: Int, compiledOperations: Int, introspection: Int, persistedDocuments: Int, credentials: Int) {
        self.documents = documents
        self.compiledOperations = compiledOperations
        self.introspection = introspection
        self.persistedDocuments = persistedDocuments
        self.credentials = credentials
    }

    /// 64 MiB in all: room for tens of thousands of dashboard-sized documents and statements.
    public static let standard = CacheBudgets(megabytes: 64)

    /// A total split in fixed shares: documents 3/8, compiled operations 3/8, introspection 1/8,
    /// persisted documents 3/32, credentials 1/32.
    public init(megabytes: Int) {
        let total = max(1, megabytes) << 20
        self.init(documents: total / 8 * 3, compiledOperations: total / 8 * 3, introspection: total / 8,
                  persistedDocuments: total / 32 * 3, credentials: total / 32)
    }

    /// One role's share of a per-role budget.
    static func perRole(_ budget: Int) -> Int { max(1, budget / Role.allCases.count) }
}

/// What a cache holds now, for `/metrics`.
public struct CacheUsage: Sendable, Equatable {
    public var entries: Int
    public var bytes: Int
    public var budget: Int

    public init(entries: Int = 0, bytes: Int = 0, budget: Int = 0) {
        self.entries = entries
        self.bytes = bytes
        self.budget = budget
    }

    public static func + (left: CacheUsage, right: CacheUsage) -> CacheUsage {
        CacheUsage(entries: left.entries + right.entries, bytes: left.bytes + right.bytes, budget: left.budget + right.budget)
    }
}
