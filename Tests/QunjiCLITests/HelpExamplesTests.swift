import EmbeddedPostgres
import Foundation
import TestSupport
import Testing

/// Every example printed by a `--help` runs, as a new user would run it (issue 15 §2-3): in a checkout of their own,
/// after starting the demo database, with no DATABASE_URL, through a shell. Each example fits one line of 80 columns.
@Suite("--help examples")
struct HelpExamplesTests {
    /// The commands whose help shows examples.
    static let commands: [[String]] = [["query"], ["explain"], ["check"], ["schema", "print"], ["schema", "generate"], ["migrate"], ["seed"], ["keys"], ["export"], ["import"]]

    @Test("every --help example fits 80 columns and runs on the demo database, with no database named")
    func examplesRun() async throws {
        // A new user's folder: the repository's operation files and test fixtures, nothing else; the demo database is created here.
        let folder = URL(fileURLWithPath: Scratch.newFolder("help-examples"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("Benchmarks"),
                                                   withDestinationURL: Repository.url("Benchmarks"))
        // And the README's worked example of an import (its workbooks).
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("Tests"), withDestinationURL: Repository.url("Tests"))
        // Nothing to use yet: a command that needs a database says what to do.
        let before = try await CommandRunner.run(["keys", "list"], directory: folder)
        #expect(before.status != 0 && before.status != nil)
        #expect(before.error.contains("qunji serve --demo") && before.error.contains("DATABASE_URL"), "\(before.error)")

        let databasePort = try LocalPort.pickFree()
        let started = try await CommandRunner.run(["db", "start", "--detach", "--port", String(databasePort), "--log-level", "warning"],
                                                  timeout: .seconds(240), directory: folder)
        #expect(started.status == 0, "db start: \(started.error)")
        let httpPort = try LocalPort.pickFree()
        let server = try CommandRunner(["serve", "--demo", "--port", String(httpPort), "--log-level", "warning"], directory: folder)
        do {
            try await runExamples(in: folder, httpPort: httpPort, server: server)
        } catch {
            await Self.stop(server, in: folder)
            throw error
        }
        await Self.stop(server, in: folder)
    }

    /// `script` run by /bin/sh in `folder`, as a user with `qunji` on the PATH and the demo server as $QUNJI_URL.
    private static func shell(_ script: String, in folder: URL, httpPort: Int) throws -> CommandRunner {
        let path = CommandRunner.executable.deletingLastPathComponent().path + ":"
            + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try CommandRunner(["-c", script], environment: ["PATH": path, "QUNJI_URL": "http://127.0.0.1:\(httpPort)"],
                                 directory: folder, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// serve --demo stops the demo server when it ends; `db stop` makes sure, in the same folder. Waited for without
    /// blocking a thread of Swift's cooperative pool, which the other tests' servers need.
    private static func stop(_ server: CommandRunner, in folder: URL) async {
        server.process.terminate()
        _ = try? await server.exitStatus(within: .seconds(60))
        _ = try? await CommandRunner.run(["db", "stop"], directory: folder)
    }

    private func runExamples(in folder: URL, httpPort: Int, server: CommandRunner) async throws {
        let up = try await server.wait(upTo: .seconds(120)) { runner in
            !runner.process.isRunning || !LocalPort.isFree(httpPort)
        }
        #expect(up && server.process.isRunning, "serve --demo did not come up: \(server.errorOutput)")

        var ran = 0
        for command in Self.commands {
            let help = try await CommandRunner.run(command + ["--help"], directory: folder)
            let lines = help.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let examples = lines.filter { $0.hasPrefix("  qunji ") }
            #expect(!examples.isEmpty, "qunji \(command.joined(separator: " ")) --help shows no example")
            for (index, line) in lines.enumerated() where line.hasPrefix("  qunji ") {
                // One line each: within 80 columns, quotes closed, not continued on the next line.
                #expect(line.count <= 80, "too wide for 80 columns: \(line)")
                #expect(line.filter { $0 == "'" }.count % 2 == 0 && !line.hasSuffix("\\"), "cut in two: \(line)")
                if index + 1 < lines.count {
                    let next = lines[index + 1]
                    #expect(next.isEmpty || next.hasPrefix("  qunji ") || !next.hasPrefix("   "), "continued: \(line) / \(next)")
                }
            }
            for example in examples {
                let shell = try Self.shell(example.trimmingCharacters(in: .whitespaces), in: folder, httpPort: httpPort)
                let status = try await shell.exitStatus(within: .seconds(120))
                #expect(status == 0, "\(example) → exit \(status.map(String.init) ?? "none"): \(shell.errorOutput.prefix(600))")
                ran += 1
            }
        }
        #expect(ran >= 14)

        // The README's shell examples that run on this machine (not those naming db.example or Docker), block by block,
        // as a new user pastes them: `qunji …` lines and curl against the demo server.
        let readme = try String(contentsOf: Repository.url("README.md"), encoding: .utf8)
        var blocks = 0
        for match in readme.matches(of: /```sh\n([\s\S]*?)```/) {
            let lines = match.output.1.split(separator: "\n").map(String.init)
                .filter { $0.hasPrefix("qunji ") || $0.hasPrefix("curl ") || $0.hasPrefix("h=") || $0.firstMatch(of: #/^[a-z]+=\$\(qunji /#) != nil }
            guard !lines.isEmpty, !match.output.1.contains("db.example"), !match.output.1.contains("docker") else { continue }
            let script = "set -e\n" + lines.joined(separator: "\n").replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(httpPort)")
            let shell = try Self.shell(script, in: folder, httpPort: httpPort)
            let status = try await shell.exitStatus(within: .seconds(120))
            #expect(status == 0 && !shell.output.isEmpty, "README block \(lines) → exit \(status.map(String.init) ?? "none"): \(shell.errorOutput.prefix(600))")
            // curl answers carry data (or, for a persisted hash asked first, the documented PERSISTED_QUERY_NOT_FOUND).
            if lines.contains(where: { $0.hasPrefix("curl ") }) {
                #expect(shell.output.contains("\"data\"") || shell.output.contains("PERSISTED_QUERY_NOT_FOUND"), "\(shell.output.prefix(300))")
            }
            blocks += 1
        }
        #expect(blocks >= 3, "README shell blocks run: \(blocks)")
        let csvFile = (try? String(contentsOf: folder.appendingPathComponent("zunyi-little-giants.csv"), encoding: .utf8)) ?? ""
        #expect(csvFile.hasPrefix("code,name"), "\(csvFile.prefix(200))")
        // What the examples wrote is what they say.
        let csv = (try? String(contentsOf: folder.appendingPathComponent("funds.csv"), encoding: .utf8)) ?? ""
        #expect(csv.contains("SME_DEVELOPMENT_FUND"), "\(csv.prefix(300))")
        let sdl = (try? String(contentsOf: folder.appendingPathComponent("qunji.graphql"), encoding: .utf8)) ?? ""
        // The worked import: the problems written as a workbook, the records exported after the import.
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("problems.xlsx").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("province-records-export.xlsx").path))
        #expect(sdl.contains("type Query") && !sdl.contains("type SupportMeasure "), "the anonymous schema")
    }
}
