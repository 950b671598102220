#if canImport(Glibc)
import CReadiness
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system call behind ``SocketReactor``: epoll on Linux (one-shot interest, armed from any thread, so a new watch
/// needs no wake-up), `poll(2)` elsewhere. A pipe (an eventfd on Linux) wakes the waiting thread.
///
/// - Important: `@unchecked Sendable`: the descriptors are fixed at creation, the kernel serialises `epoll_ctl`, and
///   only the reactor's thread calls `wait` (and touches its buffer).
final class ReadinessBackend: @unchecked Sendable {
    #if os(Linux)
    private let epoll: Int32
    private let wakeFD: Int32
    /// Filled by `epoll_wait`; only the reactor's thread waits, so it is reused rather than allocated per wake-up.
    private var events = [epoll_event](repeating: epoll_event(), count: 64)

    /// Out of descriptors, `epoll` is -1 and every `arm` fails: each watch is then called back `.closed` and its
    /// connection fails with libpq's message, rather than the process stopping.
    init() {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wakeFD, &event)
    }

    /// Arms a one-shot watch; `false` if the kernel refuses the descriptor.
    func arm(_ socket: Int32, _ interest: SocketReactor.Interest) -> Bool {
        var event = epoll_event()
        let wanted = interest == .readable ? EPOLLIN.rawValue : EPOLLIN.rawValue | EPOLLOUT.rawValue
        event.events = wanted | EPOLLONESHOT.rawValue | EPOLLRDHUP.rawValue
        event.data.fd = socket
        if epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) == 0 { return true }
        guard errno == ENOENT else { return false }
        return epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event) == 0
    }

    /// The sockets that became ready (the interest set is kept by the kernel, so `watching` is not needed here).
    func wait(timeoutMilliseconds: Int32, watching: @autoclosure () -> [Int32: SocketReactor.Interest]) -> [Int32] {
        let count = events.withUnsafeMutableBufferPointer { epoll_wait(epoll, $0.baseAddress, Int32($0.count), timeoutMilliseconds) }
        guard count > 0 else { return [] }
        var ready: [Int32] = []
        ready.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let socket = events[index].data.fd
            if socket == wakeFD {
                var value: UInt64 = 0
                _ = read(wakeFD, &value, 8)
            } else {
                ready.append(socket)
            }
        }
        return ready
    }

    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    func close() {
        _ = Glibc.close(epoll)
        _ = Glibc.close(wakeFD)
    }
    #else
    private let pipeFDs: (read: Int32, write: Int32)

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        pipeFDs = (fds[0], fds[1])
    }

    /// `poll` reads the interest set on every wait: wake the waiter so that it sees the new watch.
    func arm(_ socket: Int32, _ interest: SocketReactor.Interest) -> Bool {
        wake()
        return true
    }

    func wait(timeoutMilliseconds: Int32, watching: @autoclosure () -> [Int32: SocketReactor.Interest]) -> [Int32] {
        var descriptors = [pollfd(fd: pipeFDs.read, events: Int16(POLLIN), revents: 0)]
        for (socket, interest) in watching() {
            let events = interest == .readable ? POLLIN : POLLIN | POLLOUT
            descriptors.append(pollfd(fd: socket, events: Int16(events), revents: 0))
        }
        guard poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds) > 0 else { return [] }
        if descriptors[0].revents != 0 {
            var buffer = [UInt8](repeating: 0, count: 64)
            while read(pipeFDs.read, &buffer, 64) > 0 {}
        }
        return descriptors.dropFirst().filter { $0.revents != 0 }.map(\.fd)
    }

    func wake() {
        var one: UInt8 = 1
        _ = write(pipeFDs.write, &one, 1)
    }

    func close() {
        _ = Darwin.close(pipeFDs.read)
        _ = Darwin.close(pipeFDs.write)
    }
    #endif
}
