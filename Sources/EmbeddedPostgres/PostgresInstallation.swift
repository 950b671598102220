import Foundation

/// Where the PostgreSQL server programs (`initdb`, `pg_ctl`, `postgres`) of this machine live.
///
/// Distributions put them in different places: Debian and Ubuntu keep them out of `PATH` in
/// `/usr/lib/postgresql/<major>/bin` (several majors can be installed side by side), Homebrew and most
/// others put them on `PATH`, and `pg_config --bindir` knows the answer wherever the development package
/// is installed. We try those in that order.
public struct PostgresInstallation: Sendable, Equatable {
    /// A folder that contains `initdb`, `pg_ctl` and `postgres`.
    public let binDirectory: String

    /// Uses `binDirectory` as is; prefer `locate()`, which checks the folder really holds the programs.
    public init(binDirectory: String) {
        self.binDirectory = binDirectory
    }

    /// Full path of one of the installation's programs, e.g. `executable("pg_ctl")`.
    public func executable(_ name: String) -> String {
        URL(fileURLWithPath: binDirectory).appendingPathComponent(name).path
    }

    /// The advice given when nothing is found: which package to install, or how to point us at the programs.
    public static let installAdvice =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them, e.g. "
        + "`apt-get install postgresql-15` (Debian/Ubuntu), or put their folder on PATH."

    /// Finds the server programs: `pg_config --bindir`, then the highest `/usr/lib/postgresql/<major>/bin`,
    /// then each folder of `PATH`. The first folder that holds both `initdb` and `pg_ctl` wins.
    ///
    /// - Parameters:
    ///   - environment: supplies `PATH` (for `pg_config` and the last step) and an optional `PG_CONFIG`
    ///     naming a specific `pg_config`.
    ///   - pgConfig: a `pg_config` to ask instead of the one from `PG_CONFIG`/`PATH`; tests point it at a
    ///     missing file.
    ///   - versionedRoots: folders laid out like Debian's `/usr/lib/postgresql` (`<major>/bin`).
    /// - Throws: `.notInstalled` with advice naming the package to install.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        pgConfig: String? = nil,
        versionedRoots: [String] = ["/usr/lib/postgresql"]
    ) throws(EmbeddedPostgresError) -> PostgresInstallation {
        let pathFolders = (environment["PATH"] ?? "")
            .split(separator: ":", omittingEmptySubsequences: true)
            .map(String.init)

        let pgConfigProgram = pgConfig
            ?? environment["PG_CONFIG"]
            ?? pathFolders.lazy.map { "\($0)/pg_config" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        if let pgConfigProgram, let folder = binDirectory(fromPgConfig: pgConfigProgram), hasServerPrograms(folder) {
            return PostgresInstallation(binDirectory: folder)
        }
        for root in versionedRoots {
            for folder in versionedBinFolders(under: root) where hasServerPrograms(folder) {
                return PostgresInstallation(binDirectory: folder)
            }
        }
        for folder in pathFolders where hasServerPrograms(folder) {
            return PostgresInstallation(binDirectory: folder)
        }
        throw .notInstalled(installAdvice)
    }

    /// Asks `pg_config --bindir`; nil if it is missing or fails (it is only one of our sources).
    private static func binDirectory(fromPgConfig program: String) -> String? {
        guard FileManager.default.isExecutableFile(atPath: program),
              let result = try? Subprocess.run(program, ["--bindir"]), result.succeeded
        else { return nil }
        let folder = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return folder.isEmpty ? nil : folder
    }

    /// `<root>/<major>/bin` folders, highest major first (numerically: 15 before 9.6).
    private static func versionedBinFolders(under root: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        let versions = names.compactMap { name -> (name: String, key: [Int])? in
            let parts = name.split(separator: ".").map { Int($0) }
            guard !parts.isEmpty, !parts.contains(nil) else { return nil }
            return (name, parts.compactMap { $0 })
        }
        return versions
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .reversed()
            .map { "\(root)/\($0.name)/bin" }
    }

    private static func hasServerPrograms(_ folder: String) -> Bool {
        ["initdb", "pg_ctl"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
    }
}
