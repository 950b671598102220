import EmbeddedPostgres
import Foundation

/// Starts a PostgreSQL server of the caller's own — its own data folder and a free port — for tests that
/// stop, restart or otherwise disturb a server, which they must never do to the shared one.
///
/// The server is fast but not crash-safe (`durable: false`). The caller stops it when done; as a safety net
/// it is also stopped when the test process exits. `start()` on the returned value reuses the running
/// server and returns its configuration again.
///
/// initdb and pg_ctl block for seconds, so they run on a thread of their own: a test blocking one of the two
/// cooperative threads stalls every other test's async work (and their deadlines then fire on a stalled process).
public func privateServer() async throws -> EmbeddedPostgres {
    try await ProjectDatabase.blocking {
        let server = EmbeddedPostgres(
            options: freshOptions(port: nil),
            installation: try PostgresInstallation.locate(),
            logger: TestLogging.logger)
        ExitHooks.add { try? server.stop() }
        try server.start()
        return server
    }
}

/// Options for a private server in a new scratch folder, for tests that build their own `EmbeddedPostgres`
/// (a fixed port, a second instance on the same folder). A server started from them is stopped at exit.
public func privateServerOptions(port: Int? = nil) -> EmbeddedPostgres.Options {
    let options = freshOptions(port: port)
    if let installation = try? PostgresInstallation.locate() {
        let server = EmbeddedPostgres(options: options, installation: installation, logger: TestLogging.logger)
        ExitHooks.add { try? server.stop() }
    }
    return options
}

private func freshOptions(port: Int?) -> EmbeddedPostgres.Options {
    EmbeddedPostgres.Options(dataDirectory: Scratch.newFolder("private") + "/data", port: port, durable: false)
}
