import Foundation

/// Finds and reads the project's `sql/` folder.
///
/// The SQL files are the source of truth for the data model and are not compiled into the binary, so
/// the folder is looked up at run time: an explicit path, then `QUNJI_SQL_DIR`, then the nearest
/// `sql/migrations` above the current directory or above the executable (which covers `swift run`,
/// `.build/debug/qunji` and an installed tree with `sql/` beside `bin/`).
public struct SQLDirectory: Sendable {
    /// The `sql/` folder.
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    /// `sql/migrations`.
    public var migrationsURL: URL { url.appendingPathComponent("migrations", isDirectory: true) }

    public static func locate(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = CommandLine.arguments.first
    ) throws(MigrationError) -> SQLDirectory {
        if let explicit, !explicit.isEmpty {
            return try checked(URL(fileURLWithPath: explicit, isDirectory: true))
        }
        if let fromEnvironment = environment["QUNJI_SQL_DIR"], !fromEnvironment.isEmpty {
            return try checked(URL(fileURLWithPath: fromEnvironment, isDirectory: true))
        }
        var starts = [URL(fileURLWithPath: currentDirectory, isDirectory: true)]
        if let executablePath, !executablePath.isEmpty {
            let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
            starts.append(resolved.deletingLastPathComponent())
        }
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                let candidate = folder.appendingPathComponent("sql", isDirectory: true)
                if isDirectory(candidate.appendingPathComponent("migrations")) {
                    return SQLDirectory(url: candidate)
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw .directoryNotFound("no sql/migrations above \(currentDirectory)")
    }

    /// Reads every migration, sorted by version. Non-`.sql` files (README, editor backups) are ignored;
    /// a `.sql` file with a bad name or a reused number is an error rather than silently skipped.
    public func migrations() throws(MigrationError) -> [Migration] {
        let folder = migrationsURL
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw .directoryNotFound(folder.path)
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            guard let (version, name) = Migration.parseFileName(fileName) else {
                throw .badFileName(fileName)
            }
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
                  let sql = String(data: data, encoding: .utf8)
            else {
                throw .directoryNotFound(folder.appendingPathComponent(fileName).path)
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        let byVersion = Dictionary(grouping: migrations, by: \.version)
        if let (version, group) = byVersion.first(where: { $0.value.count > 1 }) {
            throw .duplicateVersion(version, group.map(\.fileName).sorted())
        }
        return migrations.sorted { $0.version < $1.version }
    }

    private static func checked(_ url: URL) throws(MigrationError) -> SQLDirectory {
        guard isDirectory(url.appendingPathComponent("migrations")) else {
            throw .directoryNotFound(url.appendingPathComponent("migrations").path)
        }
        return SQLDirectory(url: url)
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
