import EmbeddedPostgres
import Foundation
import Postgres
import TestSupport
import Testing

/// Each test uses its own private server: these tests stop and restart servers, which must never
/// happen to the one the rest of the suite shares.
@Suite struct EmbeddedPostgresTests {
    @Test func startsOnAFreshDataFolderAndAnswers() async throws {
        let server = try await privateServer()
        defer { try? server.stop() }
        let configuration = try #require(server.configuration)
        #expect(try scalar("SELECT 1", on: configuration) == "1")
        #expect(try scalar("SELECT current_database()", on: configuration) == "qunji")
        #expect(try scalar("SELECT current_user", on: configuration) == "qunji")
        #expect(try scalar("SHOW server_encoding", on: configuration) == "UTF8")
        // Costed for a local, cached disk (see serverOptions).
        #expect(try scalar("SHOW random_page_cost", on: configuration) == "1.1")
        let port = try #require(server.port)
        let password = try #require(server.password)
        #expect(server.url == "postgresql://qunji:\(password)@127.0.0.1:\(port)/qunji")
    }

    @Test("nobody else on the machine enters the cluster: TCP needs the generated password, the socket folder is 0700, the owner is not a superuser; another OS user is refused both ways")
    func othersCannotConnect() async throws {
        let server = try await privateServer()
        let port = try #require(server.port)
        let password = try #require(server.password)
        #expect(password.count == 24)
        // The owner's URL, with the password, works over TCP; the owner is no superuser.
        let owner = try PostgresConfiguration(server.url)
        #expect(try scalar("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user", on: owner) == "false")
        #expect(try scalar("SELECT rolcreaterole::text FROM pg_roles WHERE rolname = current_user", on: owner) == "false")
        // Without the password, TCP refuses every role, the server's and the superuser included.
        for user in ["qunji", "qunji_server", "postgres"] {
            let bare = try PostgresConfiguration("host=127.0.0.1 port=\(port) user=\(user) dbname=qunji sslmode=disable")
            #expect(throws: PostgresError.self, "\(user) without a password") { try scalar("SELECT 1", on: bare) }
        }
        let wrong = try PostgresConfiguration("host=127.0.0.1 port=\(port) user=qunji password=guess dbname=qunji sslmode=disable")
        #expect(throws: PostgresError.self) { try scalar("SELECT 1", on: wrong) }
        // The socket folder and the password file are the server account's alone.
        let socketFolder = try #require(server.configuration?.connectionString.firstMatch(of: /host='([^']+)'/)?.output.1)
        let folderMode = try FileManager.default.attributesOfItem(atPath: String(socketFolder))[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        let fileMode = try FileManager.default.attributesOfItem(atPath: server.dataDirectory + "/qunji.password")[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        // As another OS user (`nobody`; only possible when the tests run as root): refused over TCP and the socket.
        guard geteuid() == 0, let psql = try? PostgresInstallation.locate().executable("psql") else { return }
        for target in ["host=127.0.0.1 port=\(port) user=qunji dbname=qunji sslmode=disable connect_timeout=5",
                       "host=\(socketFolder) port=\(port) user=postgres dbname=qunji connect_timeout=5"] {
            let result = try await ChildProcess.run("/usr/sbin/runuser", ["-u", "nobody", "--", psql, target, "-Atc", "SELECT 1"],
                                                    environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"])
            #expect(result.status != 0, "nobody connected with \(target): \(result.output)")
            #expect(result.output.contains("password") || result.output.contains("Permission denied")
                    || result.output.contains("No such file"), "\(result.output)")
        }
    }

    @Test func secondStartOnTheSameFolderReusesTheRunningServer() async throws {
        let options = privateServerOptions()
        let installation = try PostgresInstallation.locate()
        let first = EmbeddedPostgres(options: options, installation: installation, logger: TestLogging.logger)
        defer { try? first.stop() }
        let firstConfiguration = try await ProjectDatabase.blocking { try first.start() }

        let second = EmbeddedPostgres(options: options, installation: installation, logger: TestLogging.logger)
        let secondConfiguration = try await ProjectDatabase.blocking { try second.start() }
        #expect(secondConfiguration == firstConfiguration)
        #expect(second.port == first.port)
        #expect(try scalar("SELECT 1", on: secondConfiguration) == "1")

        try first.stop()
        #expect(!second.isRunning)
    }

    @Test func takenPortIsReportedBeforeAnythingIsCreated() async throws {
        let taken = try TakenPort()
        let options = privateServerOptions(port: taken.port)
        let server = EmbeddedPostgres(
            options: options, installation: try PostgresInstallation.locate(), logger: TestLogging.logger)
        defer { try? server.stop() }

        await #expect(throws: EmbeddedPostgresError.portInUse(taken.port)) { try await ProjectDatabase.blocking { try server.start() } }
        #expect(EmbeddedPostgresError.portInUse(taken.port).description.contains("port \(taken.port)"))
        #expect(!FileManager.default.fileExists(atPath: options.dataDirectory))
    }

    @Test func dataSurvivesStopAndStart() async throws {
        let server = try await privateServer()
        defer { try? server.stop() }
        let configuration = try #require(server.configuration)
        try execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)", on: configuration)

        try server.stop()
        #expect(!server.isRunning)
        #expect(server.configuration == nil)
        try server.stop()  // stopping a stopped server is a no-op

        let restarted = try await ProjectDatabase.blocking { try server.start() }
        #expect(server.isRunning)
        #expect(try scalar("SELECT id FROM kept", on: restarted) == "42")
    }

    @Test func failedStartShowsTheServerLog() async throws {
        let server = try await privateServer()
        defer { try? server.stop() }
        try server.stop()
        let settings = try FileHandle(forWritingTo: URL(fileURLWithPath: server.dataDirectory + "/postgresql.conf"))
        try settings.seekToEnd()
        try settings.write(contentsOf: Data("shared_buffers = 'not a size'\n".utf8))
        try settings.close()

        do {
            try server.start()
            Issue.record("the server started despite an invalid setting")
        } catch let error as EmbeddedPostgresError {
            guard case .startFailed(_, let log) = error else {
                Issue.record("expected .startFailed, got \(error)")
                return
            }
            #expect(log.contains("shared_buffers"))
            #expect(error.description.contains("shared_buffers"))
        }
    }

    @Test func restartKeepsThePort() async throws {
        let server = try await privateServer()
        defer { try? server.stop() }
        let before = try #require(server.port)
        _ = try await ProjectDatabase.blocking { try server.restart() }
        #expect(server.port == before)
        #expect(try scalar("SELECT 1", on: try #require(server.configuration)) == "1")
    }

    /// After a restart every pooled connection is dead. `query` must not hand the error to the caller:
    /// it drops the dead connection and runs the read once more on a new one. `withConnection` (which
    /// may run anything) must not repeat the body: at most one call fails, with a connection-class
    /// error, and the next succeeds on a new connection.
    @Test func poolRecoversAfterTheServerRestarts() async throws {
        let server = try await privateServer()
        defer { try? server.stop() }
        let pool = ConnectionPool(
            configuration: try #require(server.configuration), options: .init(size: 1), logger: TestLogging.logger)
        let before = try await pool.query("SELECT pg_backend_pid()::text").scalar

        _ = try await ProjectDatabase.blocking { try server.restart() }
        let after = try await pool.query("SELECT pg_backend_pid()::text").scalar
        #expect(after != nil && after != before)

        _ = try await ProjectDatabase.blocking { try server.restart() }
        var failures: [any Error] = []
        var answer: String?
        for _ in 1...2 {
            do {
                answer = try await pool.withConnection { try $0.query("SELECT 1").scalar }
                break
            } catch {
                failures.append(error)
            }
        }
        #expect(answer == "1", "no call succeeded after the restart: \(failures)")
        #expect(failures.count <= 1)
        for failure in failures {
            #expect(isConnectionClass(failure), "not a connection error: \(failure)")
        }
        await pool.shutdown()
    }
}
