import CLibPQ

/// Drives `PQconnectPoll` to the end on the ``SocketReactor``'s thread: each step runs as soon as the socket is
/// ready, without a hop back to the waiting task (which, on a machine busy with other work, could wait long for a
/// thread of Swift's cooperative pool at every one of a connection's round trips: TCP, TLS, authentication, start-up).
/// The task is resumed once, connected or not.
///
/// - Important: `@unchecked Sendable`: only the reactor's callbacks touch it after `start`, one at a time (each arms
///   the next watch as its last step).
final class ConnectionOpener: @unchecked Sendable {
    enum Outcome: Sendable {
        case connected
        case failed
        case timedOut
        case unwatchable
    }

    private let handle: OpaquePointer
    private let reactor: SocketReactor
    private let deadline: ContinuousClock.Instant
    private let continuation: CheckedContinuation<Outcome, Never>

    private init(handle: OpaquePointer, reactor: SocketReactor, deadline: ContinuousClock.Instant,
                 continuation: CheckedContinuation<Outcome, Never>) {
        self.handle = handle
        self.reactor = reactor
        self.deadline = deadline
        self.continuation = continuation
    }

    /// Runs the handshake of `handle` (fresh from `PQconnectStart`) until it succeeds, fails or `deadline` passes.
    static func connect(_ handle: OpaquePointer, on reactor: SocketReactor, until deadline: ContinuousClock.Instant) async -> Outcome {
        await withCheckedContinuation { continuation in
            ConnectionOpener(handle: handle, reactor: reactor, deadline: deadline, continuation: continuation)
                .step(PQstatus(handle) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING)
        }
    }

    /// `state` says what libpq waits for next (a fresh connection first waits to be writable, as libpq documents).
    private func step(_ state: PostgresPollingStatusType) {
        switch state {
        case PGRES_POLLING_OK:
            continuation.resume(returning: .connected)
        case PGRES_POLLING_READING, PGRES_POLLING_WRITING:
            reactor.watch(PQsocket(handle), for: state == PGRES_POLLING_READING ? .readable : .writable, until: deadline) { event in
                switch event {
                case .ready: self.step(PQconnectPoll(self.handle))
                case .timedOut: self.continuation.resume(returning: .timedOut)
                case .closed: self.continuation.resume(returning: .unwatchable)
                }
            }
        default:
            continuation.resume(returning: .failed)
        }
    }
}
