import Foundation

/// Runs the built `qunji` executable as a user would, capturing its output.
///
/// The executable sits beside the test bundle (`swift build --build-tests` builds both). Output goes to
/// files rather than pipes: `qunji db start` starts PostgreSQL, and a pipe shared with a long-lived
/// process would keep readers waiting for an end of file that never comes.
final class CommandRunner: @unchecked Sendable {
    let process = Process()
    let outputFile: URL
    let errorFile: URL

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("qunji")
    }

    /// Runs `qunji arguments` (or, with `executable`, that program) in `directory` (default: a new empty folder, which
    /// also holds the captured output), with the environment less DATABASE_URL, plus `environment`.
    init(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, executable: URL? = nil) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outputFile = folder.appendingPathComponent("stdout")
        errorFile = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.executableURL = executable ?? Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? folder
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "DATABASE_URL")
        merged["QUNJI_SQL_DIR"] = TestPaths.sqlDirectory
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
    }

    var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }
    var errorOutput: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    /// Polls until `condition` holds or `timeout` passes; returns whether it held.
    func wait(upTo timeout: Duration, for condition: (CommandRunner) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition(self)
    }

    /// Waits for the process to end and returns its exit status, or nil if it outlived `timeout`.
    func exitStatus(within timeout: Duration) async throws -> Int32? {
        let ended = try await wait(upTo: timeout) { !$0.process.isRunning }
        return ended ? process.terminationStatus : nil
    }

    /// Runs a command to completion.
    static func run(_ arguments: [String], timeout: Duration = .seconds(60), environment: [String: String] = [:],
                    directory: URL? = nil) async throws
        -> (status: Int32?, output: String, error: String)
    {
        let runner = try CommandRunner(arguments, environment: environment, directory: directory)
        let status = try await runner.exitStatus(within: timeout)
        if status == nil { runner.process.terminate() }
        return (status, runner.output, runner.errorOutput)
    }
}
