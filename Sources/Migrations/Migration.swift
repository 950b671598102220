import Foundation

/// One numbered migration file, `NNNN_description.sql`.
///
/// Versions order the files; the text is applied verbatim in one transaction. Once applied, a file's
/// text must never change (its checksum is recorded), so fixes go into a new, higher-numbered file.
public struct Migration: Sendable, Hashable {
    /// The number before the underscore: the order of application and the key in `schema_migrations`.
    public let version: Int
    /// The part after the number, e.g. `geography` for `0002_geography.sql`.
    public let name: String
    /// The SQL text, applied with the simple query protocol so a file may hold many statements.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The file name this migration is read from and reported as.
    public var fileName: String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
    }

    /// Parses `NNNN_description.sql` into `(version, name)`, or nil for a file that is not a migration.
    static func parseFileName(_ fileName: String) -> (version: Int, name: String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let version = Int(digits), version > 0,
              !name.isEmpty,
              name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { return nil }
        return (version, String(name))
    }
}
