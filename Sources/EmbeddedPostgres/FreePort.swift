#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// TCP port checks on 127.0.0.1, the only address the embedded server listens on.
///
/// Both checks bind a socket the way PostgreSQL itself will (with `SO_REUSEADDR`, so connections lingering in
/// TIME_WAIT from an earlier server do not count as "in use"), which makes the answer predict whether
/// `postgres` will be able to listen there. There is an unavoidable window between our check and the
/// server's bind; callers that picked the port automatically retry once if the server then loses that race.
public enum LocalPort {
    /// True when nothing holds `port` on 127.0.0.1 right now.
    public static func isFree(_ port: Int) -> Bool {
        guard (1...65535).contains(port) else { return false }
        return (try? withBoundSocket(port: port) { _ in () }) != nil
    }

    /// Asks the kernel for an unused port (bind to port 0), reads it back and releases it.
    public static func pickFree() throws(EmbeddedPostgresError) -> Int {
        let port: Int
        do {
            port = try withBoundSocket(port: 0) { (descriptor: Int32) throws(SocketError) -> Int in
                var address = sockaddr_in()
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                let status = withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
                }
                guard status == 0 else { throw SocketError(operation: "getsockname", code: errno) }
                return Int(UInt16(bigEndian: address.sin_port))
            }
        } catch {
            throw .noFreePort(error.description)
        }
        return port
    }

    struct SocketError: Error, CustomStringConvertible {
        let operation: String
        let code: Int32
        var description: String { "\(operation): \(String(cString: strerror(code)))" }
    }

    /// Binds a TCP socket to 127.0.0.1:`port`, runs `body` with it, and always closes it.
    private static func withBoundSocket<T>(port: Int, _ body: (Int32) throws(SocketError) -> T) throws(SocketError) -> T {
        #if canImport(Darwin)
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { throw SocketError(operation: "socket", code: errno) }
        defer { close(descriptor) }

        var reuse: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)  // 127.0.0.1
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else { throw SocketError(operation: "bind", code: errno) }
        return try body(descriptor)
    }
}
