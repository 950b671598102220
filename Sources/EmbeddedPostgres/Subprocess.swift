import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a helper program (`pg_config`, `initdb`, `pg_ctl`) to completion and captures what it printed.
///
/// Why not Foundation's `Process`: on Linux it learns that a child exited through a socket it leaks into the
/// child, and `pg_ctl start` hands every inherited descriptor on to the postmaster it launches — which runs
/// for hours. `waitUntilExit()` then never returns (swift-corelibs-foundation issue #4795). So we spawn with
/// `posix_spawn`, let the child inherit nothing but stdin (`/dev/null`), stdout and stderr (two pipes), and
/// reap it with `waitpid`. That also keeps our own sockets (database connections, the test runner's) out of
/// a long-lived server.
///
/// The working directory is `/`, because the unprivileged server user may not be able to enter ours and
/// PostgreSQL tools fail when they cannot resolve the current directory. Calls block the calling thread.
enum Subprocess {
    struct Result: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String

        var succeeded: Bool { status == 0 }

        /// Output and error text together, trimmed, for error messages.
        var combinedOutput: String {
            [standardOutput, standardError]
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
                .joined(separator: "\n")
        }
    }

    /// Runs `executable` with `arguments`; as `user` (via `runuser -u USER --`) when given.
    ///
    /// Throws only when the program cannot be launched; a non-zero exit status is reported in the result,
    /// because for `pg_ctl status` that status is the answer rather than a failure. A program killed by a
    /// signal reports 128 + the signal number, as shells do.
    static func run(
        _ executable: String,
        _ arguments: [String],
        as user: SystemUser? = nil
    ) throws(EmbeddedPostgresError) -> Result {
        let argv: [String]
        if let user {
            argv = [runuserPath, "-u", user.name, "--", executable] + arguments
        } else {
            argv = [executable] + arguments
        }
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }

        guard let output = PipePair(), let errors = PipePair() else {
            throw .launchFailed(program: executable, reason: "could not create a pipe: \(lastError())")
        }
        defer {
            output.closeBoth()
            errors.closeBoth()
        }
        let pid: pid_t
        do {
            pid = try spawn(argv, environment: environment, standardOutput: output.write, standardError: errors.write)
        } catch {
            throw .launchFailed(program: executable, reason: error.description)
        }
        // Our copies of the write ends must go, or reading would never see end-of-file.
        output.closeWrite()
        errors.closeWrite()

        let (outputData, errorData) = drain(output.read, errors.read)
        let status = waitForExit(pid)
        return Result(
            status: status,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// `runuser` lives in /usr/sbin (util-linux); /sbin for older layouts.
    private static var runuserPath: String {
        ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/runuser"
    }

    struct SpawnError: Error, CustomStringConvertible {
        let step: String
        let code: Int32
        var description: String { "\(step): \(String(cString: strerror(code)))" }
    }

    private static func spawn(
        _ argv: [String], environment: [String], standardOutput: Int32, standardError: Int32
    ) throws(SpawnError) -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        #if canImport(Darwin)
        posix_spawn_file_actions_addchdir_np(&actions, "/")
        // Everything not named in the file actions is closed in the child.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
        #else
        GlibcSpawnExtensions.changeDirectory(&actions, to: "/")
        GlibcSpawnExtensions.closeDescriptors(&actions, from: 3)
        #endif

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard status == 0 else { throw SpawnError(step: "posix_spawn \(argv[0])", code: status) }
        return pid
    }

    /// Reads both pipes until both reach end-of-file, whichever the program writes to first, so a program
    /// that fills one pipe while we wait on the other cannot deadlock us.
    private static func drain(_ first: Int32, _ second: Int32) -> (Data, Data) {
        var collected = [Data(), Data()]
        var descriptors = [
            pollfd(fd: first, events: Int16(POLLIN), revents: 0),
            pollfd(fd: second, events: Int16(POLLIN), revents: 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while descriptors.contains(where: { $0.fd >= 0 }) {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in descriptors.indices where descriptors[index].fd >= 0 && descriptors[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptors[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index].append(contentsOf: buffer[0..<count])
                } else if count == 0 || errno != EINTR {
                    descriptors[index].fd = -1  // end of file (or a broken pipe): poll ignores negative fds
                }
            }
        }
        return (collected[0], collected[1])
    }

    private static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// A pipe whose ends are close-on-exec, so only the child we hand an end to (by `dup2`) ever holds it —
/// not programs other threads happen to start at the same moment.
private final class PipePair {
    private(set) var read: Int32
    private(set) var write: Int32

    init?() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        read = ends[0]
        write = ends[1]
    }

    func closeWrite() {
        if write >= 0 { close(write) }
        write = -1
    }

    func closeBoth() {
        closeWrite()
        if read >= 0 { close(read) }
        read = -1
    }
}

#if !canImport(Darwin)
/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+) and `…_addclosefrom_np` (2.34+) are not visible
/// through Swift's Glibc module, so they are looked up at run time. Without `closefrom` the descriptors
/// open right now are closed one by one, which is equivalent apart from a race with other threads.
private enum GlibcSpawnExtensions {
    private typealias AddChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static func lookUp<F>(_ name: String, as type: F.Type) -> F? {
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, to path: String) {
        guard let add = lookUp("posix_spawn_file_actions_addchdir_np", as: AddChangeDirectory.self) else { return }
        _ = add(&actions, path)
    }

    static func closeDescriptors(_ actions: inout posix_spawn_file_actions_t, from lowest: Int32) {
        if let add = lookUp("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self) {
            _ = add(&actions, lowest)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor >= lowest {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }
}
#endif
