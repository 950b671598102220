import ArgumentParser
import EmbeddedPostgres
import Foundation
import Logging
import Migrations
import Postgres
import SampleData

/// `qunji db …`: a private PostgreSQL for the demo, under a data folder of your choosing.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Run a private PostgreSQL with the qunji data model and sample data.",
        subcommands: [Start.self, Stop.self]
    )

    struct ServerOptions: ParsableArguments {
        @Option(name: .customLong("data-dir"),
                help: "Folder for the database files (default: .qunji/db; as root, /var/lib/qunji/… when the postgres account cannot reach .qunji).")
        var dataDirectory: String?

        @Option(help: "TCP port on 127.0.0.1.")
        var port: Int = 54329

        func server(_ tool: ToolOptions, logger: Logger) throws -> EmbeddedPostgres {
            let installation = try PostgresInstallation.locate()
            let folder = dataDirectory ?? EmbeddedPostgres.defaultDataDirectory(preferred: ".qunji/db")
            return EmbeddedPostgres(options: .init(dataDirectory: folder, port: port),
                                    installation: installation, logger: logger)
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the private server, migrate, load sample data on first start, and run until Ctrl-C."
        )

        @OptionGroup var server: ServerOptions
        @OptionGroup var tool: ToolOptions

        @Flag(help: "Start, migrate and seed, print the URL, and exit leaving the server running (stop it with `qunji db stop`).")
        var detach = false

        @Flag(name: .customLong("no-sample-data"), help: "Do not load sample data into an empty database.")
        var noSampleData = false

        func run() async throws {
            let logger = tool.logger("qunji.db")
            let migrations = try SQLDirectory.locate(explicit: tool.sqlDirectory).migrations()
            let postgres = try server.server(tool, logger: logger)
            let configuration = try postgres.start()
            do {
                let connection = try PostgresConnection.connect(configuration, logger: logger)
                defer { connection.close() }
                try MigrationRunner(migrations: migrations, logger: logger).migrate(connection)
                let clusters = try connection.query("SELECT count(*) FROM cluster").scalar ?? "0"
                if clusters == "0" && !noSampleData {
                    logger.info("first start: loading sample data (scale 1)")
                    try SampleDataGenerator().load(into: connection, logger: logger)
                }
            } catch {
                try? postgres.stop()
                throw error
            }
            print("""
                qunji database is running\(noSampleData ? "" : " (SAMPLE data, not official records)").
                  URL:  \(postgres.url)
                  psql: psql '\(postgres.url)'
                  data: \(postgres.dataDirectory)
                """)
            if detach { return }
            print("Press Ctrl-C to stop.")
            // Whoever started us may be reading the URL through a pipe: don't leave it in the buffer.
            fflush(nil)
            let signal = await SignalWaiter.waitForTermination()
            logger.info("received \(signal), stopping PostgreSQL")
            try postgres.stop()
            print("stopped")
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the private server of a data folder.")

        @OptionGroup var server: ServerOptions
        @OptionGroup var tool: ToolOptions

        func run() async throws {
            let logger = tool.logger("qunji.db")
            let postgres = try server.server(tool, logger: logger)
            guard postgres.isRunning else {
                print("not running (\(postgres.dataDirectory))")
                return
            }
            try postgres.stop()
            print("stopped")
        }
    }
}
