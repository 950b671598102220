import Foundation

/// The checkout this test build came from, so tests can read `sql/`, `schema/` and other files in place
/// regardless of the working directory `swift test` was started in.
public enum Repository {
    /// The package root: this file is `<root>/Tests/TestSupport/Repository.swift`.
    public static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Tests/TestSupport
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // <root>
    }

    /// A file or folder inside the package, e.g. `Repository.url("sql/schema.sql")`.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }
}
