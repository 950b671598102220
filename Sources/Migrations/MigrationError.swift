import Postgres

/// Why migrating stopped. Every case names the file involved, because the fix is always in a file.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    /// The migrations folder is missing or unreadable.
    case directoryNotFound(String)
    /// A `.sql` file whose name is not `NNNN_lowercase_name.sql`.
    case badFileName(String)
    /// Two files with the same number.
    case duplicateVersion(Int, [String])
    /// A file that was applied earlier has been edited since.
    case changedAfterApplied(version: Int, fileName: String, recorded: String, current: String)
    /// The database records a migration this build of qunji does not have: the database is newer than the code.
    case unknownApplied(version: Int, name: String)
    /// The SQL of a migration failed; nothing of it was kept.
    case failed(fileName: String, PostgresError)

    public var description: String {
        switch self {
        case .directoryNotFound(let path):
            return "migrations folder not found: \(path) (pass --sql-dir or set QUNJI_SQL_DIR to the project's sql/ folder)"
        case .badFileName(let name):
            return "\(name) is not a migration file name: expected NNNN_lowercase_name.sql"
        case .duplicateVersion(let version, let files):
            return "migration number \(version) is used by several files: \(files.joined(separator: ", "))"
        case .changedAfterApplied(let version, let fileName, let recorded, let current):
            return "migration \(fileName) (version \(version)) was changed after it was applied "
                + "(recorded checksum \(recorded.prefix(12))…, file now \(current.prefix(12))…): "
                + "never edit an applied migration; put the change in a new file"
        case .unknownApplied(let version, let name):
            return "the database has migration \(version) (\(name)) that this qunji does not know: "
                + "it was migrated by a newer version"
        case .failed(let fileName, let error):
            return "migration \(fileName) failed and was rolled back: \(error)"
        }
    }
}
