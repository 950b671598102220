import Foundation
import ArgumentParser
import Postgres
import SampleData

/// `qunji seed`: loads deterministic sample data into a migrated database.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load generated SAMPLE data (not official records) into a migrated database.",
        discussion: """
            Scale 1 is the province as a dashboard sees it (about 30 recognised clusters, ~3,500 enterprises); larger \
            scales multiply clusters, enterprises, indicators and measures for benchmarks. The same scale and seed \
            always give the same rows. With no database named, the demo database of `qunji serve --demo` (.qunji/db).

            Examples (each runs in the tests, on the demo database):
              qunji seed --if-empty
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var tool: ToolOptions

    @Option(help: "Size multiplier (1 = the province; 100 = benchmark size).")
    var scale: Int = 1

    @Option(help: "Random seed; the same seed gives the same rows.")
    var seed: UInt64 = SampleDataGenerator.defaultSeed

    @Flag(help: "Replace sample data already in the database (refuses if it holds non-sample rows).")
    var replace = false

    @Flag(name: .customLong("if-empty"),
          help: "Load only into a database without clusters; otherwise say so and succeed (for start-up scripts such as docker compose).")
    var ifEmpty = false

    func validate() throws {
        guard (1...10_000).contains(scale) else { throw ValidationError("--scale must be between 1 and 10000") }
        guard !(replace && ifEmpty) else { throw ValidationError("--replace and --if-empty contradict each other") }
    }

    func run() async throws {
        let logger = tool.logger("qunji.seed")
        let target = try database.open(logger: logger)
        defer { target.close() }
        let connection = try PostgresConnection.connect(target.configuration, logger: logger)
        defer { connection.close() }
        let clock = ContinuousClock()
        let start = clock.now
        // Progress on standard error, so standard output stays the summary.
        let summary: SampleLoadSummary
        do {
            summary = try SampleDataGenerator(scale: scale, seed: seed, replace: replace).load(into: connection, logger: logger) { step in
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                FileHandle.standardError.write(Data(String(format: "[%6.1f s] %@\n", seconds, step).utf8))
            }
        } catch SampleDataError.alreadyLoaded(let clusters) where ifEmpty {
            print("the database already holds \(clusters) clusters: nothing loaded (--if-empty)")
            return
        }
        print(summary)
        print("loaded in \(clock.now - start)")
    }
}
