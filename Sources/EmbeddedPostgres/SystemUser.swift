#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An account from the system user database.
///
/// `initdb` and `postgres` refuse to run as root (a compromised server must not own the machine), so when we
/// are root the cluster is owned by, and the server runs as, an unprivileged account — normally `postgres`,
/// which the distribution's PostgreSQL package creates.
struct SystemUser: Sendable, Equatable {
    let name: String
    let uid: UInt32
    let gid: UInt32

    /// Looks `name` up with `getpwnam`; nil when there is no such account.
    static func named(_ name: String) -> SystemUser? {
        guard let entry = getpwnam(name) else { return nil }
        return SystemUser(name: name, uid: UInt32(entry.pointee.pw_uid), gid: UInt32(entry.pointee.pw_gid))
    }

    /// True for the effective root user, the one case in which we must drop privileges for PostgreSQL.
    static var isRoot: Bool { geteuid() == 0 }
}
