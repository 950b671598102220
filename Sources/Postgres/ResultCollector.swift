import CLibPQ

/// Drives one command of a non-blocking libpq connection to its end: flushes what `PQsend…` queued, then reads
/// every result as the socket becomes readable, on the ``SocketReactor``'s thread, and resumes the waiting task once
/// with all of them (`PQgetResult` returned NULL) or with nothing when the connection broke.
///
/// Only libpq's non-blocking calls run here (`PQflush`, `PQconsumeInput`, `PQisBusy`, `PQgetResult` while not busy);
/// copying the rows out happens on the task that resumes.
///
/// - Important: `@unchecked Sendable`: after `start`, only the reactor's callbacks touch it, one at a time (each
///   callback arms the next watch as its last step), and the task waiting for it touches nothing until resumed.
final class ResultCollector: @unchecked Sendable {
    /// What came back: the results in order (the caller clears them), or none when the connection broke first.
    struct Results: @unchecked Sendable {
        var results: [OpaquePointer] = []
        /// The caller's deadline passed with the command still in flight: the connection is in an unknown state.
        var gaveUp = false
    }

    private let handle: OpaquePointer
    private let socket: Int32
    private let reactor: SocketReactor
    private let deadline: ContinuousClock.Instant?
    private let continuation: CheckedContinuation<Results, Never>
    private var collected = Results()

    private init(handle: OpaquePointer, reactor: SocketReactor, deadline: ContinuousClock.Instant?,
                 continuation: CheckedContinuation<Results, Never>) {
        self.handle = handle
        self.socket = PQsocket(handle)
        self.reactor = reactor
        self.deadline = deadline
        self.continuation = continuation
    }

    /// Every result of the command just sent on `handle`, or what came before `deadline` (then `gaveUp`). Does not
    /// respond to task cancellation: the command must be read to its end for the connection to stay usable, and
    /// cancelling it is `PQcancel`'s job.
    static func results(of handle: OpaquePointer, on reactor: SocketReactor, until deadline: ContinuousClock.Instant?) async -> Results {
        await withCheckedContinuation { continuation in
            ResultCollector(handle: handle, reactor: reactor, deadline: deadline, continuation: continuation).flush()
        }
    }

    /// Sends what is queued; waits for writability while the kernel's buffer is full, then for the answer.
    private func flush() {
        switch PQflush(handle) {
        case 0:
            reactor.watch(socket, for: .readable, until: deadline) { self.readable($0) }
        case 1:
            reactor.watch(socket, for: .writable, until: deadline) { self.writable($0) }
        default:
            finish()
        }
    }

    private func writable(_ event: SocketReactor.Event) {
        guard case .ready = event else { return finish(after: event) }
        // The server may answer (an error, say) before taking all our input: read first, as libpq asks.
        guard PQconsumeInput(handle) == 1 else { return finish() }
        flush()
    }

    private func readable(_ event: SocketReactor.Event) {
        guard case .ready = event else { return finish(after: event) }
        guard PQconsumeInput(handle) == 1 else { return finish() }
        while PQisBusy(handle) == 0 {
            guard let result = PQgetResult(handle) else { return finish() }
            collected.results.append(result)
            switch PQresultStatus(result) {
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                // COPY is not a command this path reads to its end; the caller abandons it.
                return finish()
            default:
                continue
            }
        }
        reactor.watch(socket, for: .readable, until: deadline) { self.readable($0) }
    }

    private func finish(after event: SocketReactor.Event) {
        if case .timedOut = event { collected.gaveUp = true }
        finish()
    }

    private func finish() {
        continuation.resume(returning: collected)
    }
}
