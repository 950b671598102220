import Foundation
import Postgres
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one query on a new connection and returns the first value — enough to prove a server answers.
func scalar(_ sql: String, on configuration: PostgresConfiguration) throws -> String? {
    let connection = try PostgresConnection.connect(configuration, logger: TestLogging.logger)
    defer { connection.close() }
    return try connection.query(sql).scalar
}

func execute(_ sql: String, on configuration: PostgresConfiguration) throws {
    let connection = try PostgresConnection.connect(configuration, logger: TestLogging.logger)
    defer { connection.close() }
    try connection.execute(sql)
}

/// True for the errors a client may see when its server went away: a lost or refused connection, SQLSTATE
/// class 08, or 57P01 (the "terminating connection due to administrator command" a fast shutdown sends).
func isConnectionClass(_ error: any Error) -> Bool {
    guard let error = error as? PostgresError else { return false }
    switch error {
    case .connectionLost, .connectionFailed:
        return true
    case .server:
        guard let state = error.sqlState else { return false }
        return state.isConnectionException || state == .adminShutdown
    default:
        return false
    }
}

/// A listening TCP socket on 127.0.0.1 holding a kernel-chosen port, to play "someone else's server".
final class TakenPort {
    let port: Int
    private let descriptor: Int32

    struct Failure: Error { let step: String }

    init() throws {
        #if canImport(Darwin)
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { throw Failure(step: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw Failure(step: "bind/listen")
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
