import ArgumentParser
import Auth
import Catalog
import EmbeddedPostgres
import Engine
import Foundation
import Logging
import Migrations
import Planner
import Postgres
import SampleData
import Server

/// `qunji serve`: the GraphQL endpoint.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve GraphQL over HTTP (POST/GET /graphql; subscriptions over WebSocket and SSE), /healthz, /readyz.",
        discussion: """
            With --demo, or with no database URL at all, a private PostgreSQL with SAMPLE data is started \
            (as `qunji db start` would) and stopped again on exit; requests then run as its read-only role \
            qunji_server. Flags may also be given as environment variables: DATABASE_URL, QUNJI_HOST, \
            QUNJI_PORT, QUNJI_POOL_SIZE and those named below. Read from the environment only: \
            QUNJI_MAX_BODY_BYTES (default 1 MiB), QUNJI_CORS_ORIGIN (comma-separated allowed browser origins, \
            or *), QUNJI_CACHE_MAX_AGE (seconds anonymous GET answers may be cached, default 60), \
            QUNJI_BODY_TIMEOUT (seconds a request body may take to arrive, default 10), \
            QUNJI_MAX_CONCURRENT_PER_CLIENT (requests one client may have executing, default 4; more wait up to \
            5 s, then 429 RATE_LIMITED), QUNJI_MAX_LIVE_PER_CLIENT (subscriptions and @live queries one client \
            may hold open over WebSocket and Server-Sent Events, default 16), QUNJI_MAX_LIVE (all clients together, \
            default 4096), QUNJI_TRUSTED_PROXIES (comma-separated proxy addresses whose \
            X-Forwarded-For names the client). Metrics (Prometheus \
            text format) are served at /metrics on a listener of their own, 127.0.0.1:9464 by default \
            (--metrics-host, --metrics-port, QUNJI_METRICS_HOST, QUNJI_METRICS_PORT), not on the public port. \
            With --enable-mutations (on with --demo; or QUNJI_ENABLE_MUTATIONS=1) the bodies that record the process take \
            their steps as mutations, run as the database role qunji_writer: on --write-database-url \
            (QUNJI_WRITE_DATABASE_URL), else on the serving URL with SET ROLE qunji_writer, which its login must be \
            granted (GRANT qunji_writer TO <login>).
            """
    )

    @Flag(help: "Run on a private PostgreSQL with sample data, even if DATABASE_URL is set.")
    var demo = false

    @Option(help: "Address to listen on (default 127.0.0.1, or $QUNJI_HOST).")
    var host: String?

    @Option(help: "Port to listen on (default 8080, or $QUNJI_PORT).")
    var port: Int?

    @Option(name: .customLong("metrics-host"), help: "Address of the metrics listener (default 127.0.0.1, or $QUNJI_METRICS_HOST).")
    var metricsHost: String?

    @Option(name: .customLong("metrics-port"), help: "Port of the metrics listener (default 9464, or $QUNJI_METRICS_PORT).")
    var metricsPort: Int?

    @Flag(name: .customLong("no-metrics"), help: "Serve no /metrics at all.")
    var noMetrics = false

    @Option(name: .customLong("pool-size"), help: "Database connections; default 8 or $QUNJI_POOL_SIZE.")
    var poolSize: Int?

    @Option(name: .customLong("schema"), help: "The GraphQL SDL (default: schema/schema.graphql beside the sql/ folder); roles.json and roles/ must be beside it.")
    var schemaPath: String?

    @Option(name: .customLong("data-dir"), help: "Folder of the private PostgreSQL (--demo); default .qunji/db.")
    var dataDirectory: String?

    @Option(name: .customLong("db-port"), help: "Port of the private PostgreSQL (--demo).")
    var databasePort: Int = 54329

    @Option(name: .customLong("read-url"), parsing: .singleValue,
            help: "A read replica (repeatable; or $QUNJI_READ_URLS, space-separated): queries take turns between the primary and the replicas. Each may be a libpq multi-host URL, e.g. postgresql://r1,r2/qunji?target_session_attrs=standby.")
    var readURLs: [String] = []

    @Flag(name: .customLong("enable-mutations"),
          help: "Serve the process's mutations (recording each step, issue 20); on with --demo. Without it no schema has a Mutation type.")
    var enableMutations = false

    @Option(name: .customLong("write-database-url"),
            help: "Where mutations run, as qunji_writer (default: $QUNJI_WRITE_DATABASE_URL, else the serving URL with SET ROLE qunji_writer).")
    var writeDatabaseURL: String?

    @Option(name: .customLong("live-interval"),
            help: "Least seconds between two executions of one live query (a subscription or a @live query): changes in between are answered together (default 1, at least 0.1; $QUNJI_LIVE_INTERVAL).")
    var liveInterval: Double?

    @OptionGroup(title: "Request limits") var limitOptions: LimitOptions
    @OptionGroup(title: "Access") var access: AccessOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var tool: ToolOptions

    func run() async throws {
        let logger = tool.logger("qunji.serve")
        let environment = ProcessInfo.processInfo.environment
        MemoryArenas.limit(environment: environment)
        let sql = try SQLDirectory.locate(explicit: tool.sqlDirectory)
        let schemaURL = schemaPath.map { URL(fileURLWithPath: $0) }
            ?? sql.url.deletingLastPathComponent().appendingPathComponent("schema/schema.graphql")
        let useEmbedded = demo || (database.databaseURL ?? environment["DATABASE_URL"] ?? "").isEmpty
        let writes = enableMutations || useEmbedded || ["1", "true", "on", "yes"].contains(environment["QUNJI_ENABLE_MUTATIONS"]?.lowercased() ?? "")
        // Each role's schema, derived from the full one and roles.json beside it.
        let schemas = try RoleSchemas.load(full: schemaURL, mutations: writes)
        let introspection = try access.introspectionRoles(environment: environment)
        let tokens = try await access.tokenVerifier(environment: environment)
        let budgets = try limitOptions.cacheBudgets(environment: environment)
        let answerBudget = try limitOptions.answerCacheBudget(environment: environment)
        let persisted = try access.persistedDocuments(environment: environment, budget: budgets.persistedDocuments)
        var server = try ServerConfiguration(host: host, port: port, metricsHost: metricsHost, metricsPort: metricsPort,
                                             environment: environment)
        if noMetrics { server.metricsPort = nil }
        let size = poolSize ?? environment["QUNJI_POOL_SIZE"].flatMap { Int($0) } ?? 8
        guard (1...256).contains(size) else { throw ValidationError("--pool-size must be between 1 and 256") }
        var limits = try limitOptions.limits(environment: environment)
        limits.liveInterval = try Self.liveInterval(liveInterval, environment: environment)
        let poolWait = try limitOptions.poolWaitDuration(environment: environment)

        var embedded: EmbeddedPostgres?
        var writeConfiguration: PostgresConfiguration?
        var writeSettings: [String: String] = ["jit": "off"]
        let configuration: PostgresConfiguration
        if useEmbedded {
            let folder = dataDirectory ?? EmbeddedPostgres.defaultDataDirectory(preferred: ".qunji/db")
            let postgres = EmbeddedPostgres(options: .init(dataDirectory: folder, port: databasePort),
                                            installation: try PostgresInstallation.locate(), logger: logger)
            let owner = try postgres.start()
            embedded = postgres
            let connection = try PostgresConnection.connect(owner, logger: logger)
            defer { connection.close() }
            try MigrationRunner(migrations: sql.migrations(), logger: logger).migrate(connection)
            if try connection.query("SELECT count(*) FROM cluster").scalar == "0" {
                logger.info("loading sample data (scale 1)")
                try SampleDataGenerator().load(into: connection, logger: logger)
            }
            logger.notice("demo database (SAMPLE data, not official records): \(postgres.url)")
            // Migrations ran as the owner; requests run as the read-only role migration 0011 created, mutations as the
            // writer migration 0025 gave its privileges.
            configuration = owner.user("qunji_server")
            writeConfiguration = owner.user("qunji_writer")
        } else {
            configuration = try database.namedConfiguration() ?? PostgresConfiguration("")
        }
        if writes, writeConfiguration == nil {
            if let url = writeDatabaseURL ?? environment["QUNJI_WRITE_DATABASE_URL"], !url.isEmpty {
                writeConfiguration = try PostgresConfiguration(url)
            } else {
                writeConfiguration = configuration
                writeSettings["role"] = "qunji_writer"
            }
        }

        let poolOptions = ConnectionPool.Options(size: size, acquireTimeout: poolWait, sessionSettings: QueryService.sessionSettings)
        let pool = ConnectionPool(configuration: configuration, options: poolOptions, logger: logger)
        let replicaURLs = readURLs.isEmpty ? (environment["QUNJI_READ_URLS"] ?? "").split(separator: " ").map(String.init) : readURLs
        let replicas = try replicaURLs.map { url in
            ConnectionPool(configuration: try PostgresConfiguration(url), options: poolOptions, logger: logger)
        }
        defer { Task { for replica in replicas { await replica.shutdown() } } }
        // Whole answers kept until a write to a table they read commits (heard on a connection of its own).
        let answers = AnswerCaching(budget: answerBudget, configuration: configuration, logger: logger)
        answers.start(forLiveQueries: true)
        defer { answers.stop() }
        // Mutations on a small pool of their own: writes are rare, and must not wait behind reads.
        let writer = writes ? writeConfiguration.map {
            ConnectionPool(configuration: $0, options: .init(size: 2, acquireTimeout: poolWait, sessionSettings: writeSettings), logger: logger)
        } : nil
        if let writer {
            do {
                _ = try await writer.query("SELECT 1")
            } catch {
                await writer.shutdown()
                await pool.shutdown()
                try? embedded?.stop()
                throw ValidationError("mutations are on, but their connection as qunji_writer fails (\(error)). Give the serving login "
                                      + "the role (GRANT qunji_writer TO <login>), or pass --write-database-url for a login of that role.")
            }
        }
        defer { if let writer { Task { await writer.shutdown() } } }
        do {
            let metrics = ServerMetrics(logger: logger, slowQueryThreshold: try limitOptions.slowQueryThreshold(environment: environment))
            let service = try QueryService(schemas: schemas, catalog: .qunji, pool: pool, logger: logger,
                                           cacheBudgets: budgets, limits: limits, introspection: introspection, observer: metrics,
                                           replicas: replicas, answers: answers, writer: writer)
            // Connections opened and the pipeline run once before /readyz says ready (QueryService+WarmUp).
            service.startWarmUp()
            let authenticator = Authenticator(pool: pool, tokens: tokens, cacheBudget: budgets.credentials)
            // The dashboard and other pages live in web/, beside sql/ and schema/.
            let pages = try WebPages(folder: sql.url.deletingLastPathComponent().appendingPathComponent("web"))
            try await QunjiServer(executor: service, configuration: server, logger: logger, authenticator: authenticator,
                              persisted: persisted, metrics: metrics, pages: pages).run()
        } catch {
            await pool.shutdown()
            try? embedded?.stop()
            throw error
        }
        await pool.shutdown()
        try embedded?.stop()
    }

    /// `--live-interval` or `$QUNJI_LIVE_INTERVAL`, checked: below 0.1 s a busy table would have every live query
    /// run again and again; above an hour nobody would call it live.
    static func liveInterval(_ flag: Double?, environment: [String: String]) throws -> Duration {
        let value = try LimitOptions.seconds(flag, "live-interval", "QUNJI_LIVE_INTERVAL", environment) ?? 1
        guard value >= 0.1 else {
            throw ValidationError("--live-interval must be between 0.1 and 3600 seconds (got \(value))")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}
