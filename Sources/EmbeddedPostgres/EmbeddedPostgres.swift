import Foundation
import Logging
import Postgres

/// A private PostgreSQL server living in one data folder, for the demo (`qunji db start`) and for tests.
///
/// The first `start()` runs `initdb`; later ones reuse the cluster. Nobody else on the machine can enter it:
///
/// - its Unix socket lives in a folder of its own, mode 0700, owned by the account the server runs as; our
///   own connections use it (trusted there, since only that account — and root — can reach the socket);
/// - it also listens on 127.0.0.1 for people and tools (`psql`), where every role needs a password
///   (SCRAM-SHA-256). The password is generated at `initdb`, kept in `qunji.password` (mode 0600) in the
///   data folder, and shown in ``url`` for the folder's owner;
/// - the application's owner role (`qunji`: migrations, keys, seeding) is not a superuser: it owns the
///   database and may create databases; the cluster's superuser is `postgres`, reachable through the socket.
///
/// It keeps its socket in its own folder so it never collides with a system server.
///
/// PostgreSQL refuses to run as root, so when we are root the data and socket folders are given to the
/// unprivileged `postgres` account and every `initdb`/`pg_ctl` runs through `runuser -u postgres --`.
///
/// Thread safety: the instance holds only immutable values. The server's state (running or not, its port)
/// lives in the data folder (`postmaster.pid`) and is read back on each call, which keeps this type
/// `Sendable` and lets several instances — or processes — agree about one server. All methods block the
/// calling thread while `pg_ctl` works (up to about a minute); call them off the cooperative thread pool
/// when that matters.
public final class EmbeddedPostgres: Sendable {
    public struct Options: Sendable {
        /// The cluster folder (PGDATA). Created if missing; `initdb` runs when it holds no cluster yet.
        public var dataDirectory: String
        /// TCP port on 127.0.0.1; nil picks a free one at start.
        public var port: Int?
        /// The application's owner role (not a superuser), which is also the user in the returned configuration.
        public var superuser: String
        /// Database created on start if missing; the returned configuration points at it.
        public var database: String
        /// When false, `initdb --no-sync` and the server runs with `fsync=off`: much faster, and a machine
        /// crash may corrupt the cluster — right for throwaway test servers, wrong for anything kept.
        public var durable: Bool
        /// The account that owns the cluster when we run as root.
        public var systemUserWhenRoot: String

        public init(
            dataDirectory: String,
            port: Int? = nil,
            superuser: String = "qunji",
            database: String = "qunji",
            durable: Bool = true,
            systemUserWhenRoot: String = "postgres"
        ) {
            self.dataDirectory = dataDirectory
            self.port = port
            self.superuser = superuser
            self.database = database
            self.durable = durable
            self.systemUserWhenRoot = systemUserWhenRoot
        }
    }

    public let options: Options
    public let installation: PostgresInstallation
    private let folders: ServerFolders
    private let logger: Logger

    /// How long `pg_ctl` may wait for the server to start or stop.
    private static let waitSeconds = 60

    public init(options: Options, installation: PostgresInstallation, logger: Logger) {
        self.options = options
        self.installation = installation
        self.folders = ServerFolders(dataDirectory: options.dataDirectory)
        self.logger = logger
    }

    /// Absolute path of the cluster folder.
    public var dataDirectory: String { folders.data }
    /// The server log (`pg_ctl -l`), the place to look when something misbehaves.
    public var logFile: String { folders.log }

    // MARK: - State

    /// True when a server is running in this data folder (`postmaster.pid` exists and `pg_ctl status` agrees).
    public var isRunning: Bool {
        guard folders.hasPIDFile else { return false }
        do {
            return try pgCtl(["status"], as: serverUser()).succeeded
        } catch {
            return false
        }
    }

    /// The port of the running server, or nil when none runs.
    public var port: Int? {
        isRunning ? folders.recordedPort : nil
    }

    /// How to reach the application database of the running server, or nil when none runs.
    public var configuration: PostgresConfiguration? {
        guard let port else { return nil }
        return try? makeConfiguration(port: port, database: options.database)
    }

    /// `postgresql://qunji:PASSWORD@127.0.0.1:PORT/qunji` for the running server, for its owner's tools
    /// (`psql`, scripts). Before a server with an automatic port has started, the port is unknown and left out.
    public var url: String {
        url(user: options.superuser)
    }

    /// ``url`` for another role of the cluster (`qunji_server`, `qunji_writer`, which share the generated password).
    public func url(user: String) -> String {
        ConnectionString.url(port: port ?? options.port, user: user, password: folders.password, database: options.database)
    }

    /// The generated password of the cluster's roles (nil before the first start).
    public var password: String? { folders.password }

    /// The cluster's superuser, reachable only through the socket folder.
    public static let clusterSuperuser = "postgres"

    // MARK: - Lifecycle

    /// Starts the server (creating the cluster first if needed) and returns how to reach the application
    /// database, which is created if missing.
    ///
    /// A server already running in this data folder is reused on whatever port it has, so a second start —
    /// from this process or another — is harmless.
    ///
    /// - Throws: `EmbeddedPostgresError` — `.portInUse` when the requested port is taken, `.initdbFailed`,
    ///   `.startFailed` with the tail of the server log, `.databaseSetupFailed`.
    @discardableResult
    public func start() throws -> PostgresConfiguration {
        let user = try serverUser()
        if folders.hasPIDFile, try pgCtl(["status"], as: user).succeeded, let port = folders.recordedPort {
            logger.info("reusing the PostgreSQL server already running", metadata: metadata(port: port))
            try ensureDatabase(port: port)
            return try makeConfiguration(port: port, database: options.database)
        }

        let port: Int
        if let requested = options.port {
            // Checked before initdb so a taken port fails in milliseconds, not after creating a cluster.
            guard LocalPort.isFree(requested) else { throw EmbeddedPostgresError.portInUse(requested) }
            try initializeIfNeeded(as: user)
            try launch(port: requested, as: user)
            port = requested
        } else {
            try initializeIfNeeded(as: user)
            port = try launchOnFreePort(as: user)
        }
        try ensureDatabase(port: port)
        return try makeConfiguration(port: port, database: options.database)
    }

    /// Stops the server with `pg_ctl -m fast` (disconnects clients, rolls back their transactions) and waits
    /// until it is down. Does nothing when no server runs.
    public func stop() throws {
        let user = try serverUser()
        guard isRunning else { return }
        logger.info("stopping PostgreSQL", metadata: metadata(port: folders.recordedPort))
        let result = try pgCtl(["-m", "fast", "-w", "-t", "\(Self.waitSeconds)", "stop"], as: user)
        guard result.succeeded else { throw EmbeddedPostgresError.stopFailed(result.combinedOutput) }
    }

    /// Restarts the running server on the same port (starts it when none runs). Open connections break,
    /// which is what the connection pool's recovery tests need.
    public func restart() throws {
        let user = try serverUser()
        guard let port = port else {
            try start()
            return
        }
        logger.info("restarting PostgreSQL", metadata: metadata(port: port))
        let logOffset = folders.logSize
        let result = try pgCtl(
            ["-l", folders.log, "-m", "fast", "-w", "-t", "\(Self.waitSeconds)", "restart", "-o", serverOptions(port: port)],
            as: user)
        guard result.succeeded else {
            throw EmbeddedPostgresError.startFailed(result.combinedOutput, log: folders.logTail(after: logOffset))
        }
    }

    // MARK: - Steps

    /// The account to run PostgreSQL programs as: nil (ourselves) unless we are root.
    private func serverUser() throws(EmbeddedPostgresError) -> SystemUser? {
        guard SystemUser.isRoot else { return nil }
        guard let user = SystemUser.named(options.systemUserWhenRoot) else {
            throw .systemUserMissing(options.systemUserWhenRoot)
        }
        return user
    }

    private func initializeIfNeeded(as user: SystemUser?) throws(EmbeddedPostgresError) {
        guard !folders.isInitialized else { return }
        try folders.prepareFolder(folders.data, owner: user)
        logger.info("creating a PostgreSQL cluster", metadata: ["data": "\(folders.data)"])
        // Socket: trusted, the folder being reachable by the server's account alone. TCP: passwords.
        let password = Self.generatePassword()
        // initdb wants an empty data folder: the password goes beside it for initdb (0600, the server
        // account's, removed at once), then into it.
        let passwordFile = try folders.writePassword(password, into: URL(fileURLWithPath: folders.data).deletingLastPathComponent().path,
                                                     name: ".qunji-initdb-\(UUID().uuidString)", owner: user)
        defer { try? FileManager.default.removeItem(atPath: passwordFile) }
        var arguments = ["-D", folders.data, "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust",
                         "--auth-host=scram-sha-256", "--pwfile=\(passwordFile)", "-U", Self.clusterSuperuser]
        if !options.durable { arguments.append("--no-sync") }
        let result = try Subprocess.run(installation.executable("initdb"), arguments, as: user)
        guard result.succeeded else {
            var output = result.combinedOutput
            if let user, output.contains("Permission denied") {
                output += "\n(PostgreSQL runs as the system user '\(user.name)', which must be able to enter "
                    + "every parent folder of \(folders.data); choose a data folder it can reach, e.g. under /tmp)"
            }
            throw .initdbFailed(output)
        }
        _ = try folders.writePassword(password, into: folders.data, owner: user)
    }

    /// Starts on a port picked now. Picking and binding are separate steps, so another process may take the
    /// port in between; that race is retried a few times with a new port.
    private func launchOnFreePort(as user: SystemUser?) throws -> Int {
        for attempt in 1...3 {
            let port = try LocalPort.pickFree()
            let outcome = Result { () throws(EmbeddedPostgresError) in try launch(port: port, as: user) }
            switch outcome {
            case .success:
                return port
            case .failure(let error) where attempt < 3 && Self.lostPortRace(error):
                logger.debug("port taken before the server could bind it; retrying", metadata: ["port": "\(port)"])
            case .failure(let error):
                throw error
            }
        }
        throw EmbeddedPostgresError.noFreePort("three picked ports were taken before the server could bind them")
    }

    /// True when a start failed only because something else bound the port first.
    private static func lostPortRace(_ error: EmbeddedPostgresError) -> Bool {
        if case .startFailed(_, let log) = error { return log.contains("could not bind") }
        return false
    }

    /// 24 random letters and digits (about 143 bits).
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    private func launch(port: Int, as user: SystemUser?) throws(EmbeddedPostgresError) {
        try folders.prepareFolder(folders.socket, owner: user)
        logger.info("starting PostgreSQL", metadata: metadata(port: port))
        let logOffset = folders.logSize
        let result = try pgCtl(
            ["-l", folders.log, "-w", "-t", "\(Self.waitSeconds)", "start", "-o", serverOptions(port: port)], as: user)
        guard result.succeeded else {
            throw .startFailed(result.combinedOutput, log: folders.logTail(after: logOffset))
        }
    }

    /// The `postgres` command-line options, as one string for `pg_ctl -o` (which passes it through a shell).
    ///
    /// `random_page_cost=1.1`: the embedded cluster sits on the machine's own disk and, at the sizes qunji holds,
    /// in its memory, where a random read costs about what a sequential one does. With the default of 4 PostgreSQL
    /// preferred scanning all 300,000 enterprises to following an index from a few thousand qualifications: the
    /// analyst filter and the dashboard's cluster table took 113 and 154 ms at scale 100, against 70 and 65 ms
    /// (BENCHMARKS.md). An external server keeps its administrator's setting (README).
    private func serverOptions(port: Int) -> String {
        // 200 connections: the owner is no superuser, so it cannot use the slots reserved for superusers, and
        // parallel tests (and a server with replicas and keys) open many at once.
        var words = ["-p", "\(port)", "-k", ConnectionString.shellWord(folders.socket), "-c", "listen_addresses=127.0.0.1",
                     "-c", "random_page_cost=1.1", "-c", "max_connections=200"]
        if !options.durable {
            words += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        }
        return words.joined(separator: " ")
    }

    private func pgCtl(_ arguments: [String], as user: SystemUser?) throws(EmbeddedPostgresError) -> Subprocess.Result {
        try Subprocess.run(installation.executable("pg_ctl"), ["-D", folders.data] + arguments, as: user)
    }

    /// Creates the owner role, the server's roles and the application database unless they exist, as the
    /// cluster's superuser over the socket. A concurrent creator winning a race (`duplicate_database`,
    /// `duplicate_object`) counts as success.
    ///
    /// The owner gets `CREATEDB` but not `CREATEROLE` (in PostgreSQL 15 a role that may create roles may grant
    /// itself `pg_execute_server_program`, which is a superuser in all but name), so the roles migration 0011
    /// would create are made here, with the generated password.
    private func ensureDatabase(port: Int) throws(EmbeddedPostgresError) {
        let name = options.database
        let owner = options.superuser
        let password = folders.password ?? ""
        // A cluster made by an earlier qunji has no password file: its bootstrap superuser is the owner and it
        // trusts local TCP connections. It still works; recreate it (delete the folder) to have it protected.
        let legacy = folders.password == nil
        if legacy {
            logger.warning("this PostgreSQL cluster was created by an earlier qunji: it trusts every local connection and its owner is a superuser; delete \(folders.data) to recreate it protected")
        }
        let outcome = Result { () throws(PostgresError) in
            let connection = try PostgresConnection.connect(
                try PostgresConfiguration(ConnectionString.socketConninfo(folder: folders.socket, port: port,
                                                                          user: legacy ? owner : Self.clusterSuperuser, database: "postgres")),
                logger: logger)
            defer { connection.close() }
            for (role, attributes) in [(owner, "LOGIN CREATEDB"), ("qunji_reader", "NOLOGIN"), ("qunji_server", "LOGIN"),
                                       ("qunji_writer", "LOGIN")] {
                guard try connection.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]).count == 0 else { continue }
                let secret = attributes.hasPrefix("LOGIN") ? " PASSWORD \(ConnectionString.literal(password))" : ""
                do throws(PostgresError) {
                    try connection.execute("CREATE ROLE \(ConnectionString.identifier(role)) \(attributes)\(secret)")
                } catch where error.sqlState == SQLState("42710") {
                    continue  // duplicate_object: created concurrently by another process
                }
            }
            // The owner may end its own server role's sessions (tests, DROP DATABASE … WITH (FORCE)). The writer logs in
            // as itself (the demo server's mutations): no login inherits its privileges.
            for (member, role) in [("qunji_server", "qunji_reader"), (owner, "pg_signal_backend")]
            where try connection.query("SELECT pg_has_role($1, $2, 'MEMBER')::text", [member, role]).scalar != "true" {
                try connection.execute("GRANT \(ConnectionString.identifier(role)) TO \(ConnectionString.identifier(member))")
            }
            let existing = try connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
            guard existing.count == 0 else { return }
            logger.info("creating database", metadata: ["database": "\(name)"])
            try connection.execute("CREATE DATABASE \(ConnectionString.identifier(name)) OWNER \(ConnectionString.identifier(owner))")
        }
        switch outcome {
        case .success:
            return
        case .failure(let error) where error.sqlState == .duplicateDatabase:
            return  // created concurrently by another process: fine
        case .failure(let error):
            throw .databaseSetupFailed(database: name, reason: "\(error)")
        }
    }

    private func makeConfiguration(port: Int, database: String) throws(PostgresError) -> PostgresConfiguration {
        try configuration(port: port, user: options.superuser, database: database)
    }

    /// Our own connections go through the socket folder, where the cluster trusts them.
    private func configuration(port: Int, user: String, database: String) throws(PostgresError) -> PostgresConfiguration {
        try PostgresConfiguration(ConnectionString.socketConninfo(folder: folders.socket, port: port, user: user, database: database))
    }

    private func metadata(port: Int?) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["data": "\(folders.data)"]
        if let port { metadata["port"] = "\(port)" }
        return metadata
    }
}
