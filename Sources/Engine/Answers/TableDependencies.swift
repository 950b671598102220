import Postgres

/// Which tables a statement reads, through every view and function it calls, and whether its answer depends on the
/// day (a function reading the clock, such as `qunji_today()`): what the answer cache drops an answer for.
///
/// Read from the database's own definitions (`SchemaDefinition`): a name of a table, view or function appearing as
/// a word in a statement or a body counts as a use. That can only over-count (a word in a comment, a column named
/// like a table), which costs a needless invalidation, never a stale answer. Functions that build SQL at run time
/// (`EXECUTE`) would escape it; `TableDependencyTests` checks that none of those is reachable from a query.
public struct TableDependencies: Sendable {
    /// What a statement depends on.
    public struct Uses: Sendable, Equatable {
        public var tables: Set<String>
        /// true: the answer may change at midnight with no write (the statement reads the date or time).
        public var readsClock: Bool
    }

    /// Words that read the clock in a function body.
    static let clockWords: Set<String> = ["now", "current_date", "current_timestamp", "localtimestamp", "clock_timestamp",
                                          "statement_timestamp", "transaction_timestamp", "localtime", "current_time"]

    private let tables: Set<String>
    /// For each view and function: the tables it reads and whether it reads the clock, closed over what it calls.
    private let closure: [String: Uses]

    public init(_ definitions: [SchemaDefinition]) {
        let tables = Set(definitions.filter { $0.kind == .table }.map(\.name))
        let callable = Set(definitions.filter { $0.kind != .table }.map(\.name))
        // Direct uses: overloaded functions share a name, so their bodies are merged.
        var direct: [String: (names: Set<String>, clock: Bool)] = [:]
        for definition in definitions where definition.kind != .table {
            let words = Self.words(definition.body)
            var entry = direct[definition.name] ?? ([], false)
            entry.names.formUnion(words.intersection(tables.union(callable)).subtracting([definition.name]))
            entry.clock = entry.clock || !words.isDisjoint(with: Self.clockWords)
            direct[definition.name] = entry
        }
        var closure: [String: Uses] = [:]
        for name in callable {
            var seen: Set<String> = [name]
            var stack = [name]
            var uses = Uses(tables: [], readsClock: false)
            while let next = stack.popLast() {
                guard let entry = direct[next] else { continue }
                uses.readsClock = uses.readsClock || entry.clock
                for used in entry.names {
                    if tables.contains(used) { uses.tables.insert(used) }
                    if callable.contains(used), seen.insert(used).inserted { stack.append(used) }
                }
            }
            closure[name] = uses
        }
        self.tables = tables
        self.closure = closure
    }

    /// What `sql` reads.
    public func uses(of sql: String) -> Uses {
        var uses = Uses(tables: [], readsClock: false)
        for word in Self.words(sql) {
            if tables.contains(word) { uses.tables.insert(word) }
            if let called = closure[word] {
                uses.tables.formUnion(called.tables)
                uses.readsClock = uses.readsClock || called.readsClock
            }
            if Self.clockWords.contains(word) { uses.readsClock = true }
        }
        return uses
    }

    /// The identifier-like words of a text, lowercased (SQL folds unquoted names to lower case).
    static func words(_ text: String) -> Set<String> {
        var words: Set<String> = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(current[0]) {
                words.insert(String(decoding: current, as: UTF8.self))
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                current.append(byte + 32)
            default:
                flush()
            }
        }
        flush()
        return words
    }
}
