import Foundation
@testable import Server
import Testing

/// The per-request timers (body deadline, the per-client wait): they end when their time passes, and a cancelled one
/// ends at once (issue 18: `Task.sleep` kept cancelled timers until their deadline).
@Suite("Cancellable sleep")
struct CancellableSleepTests {
    @Test("sleeps the time asked, not less (how much later it resumes depends on the machine's load)")
    func sleepsItsTime() async throws {
        let started = ContinuousClock.now
        try await CancellableSleep.sleep(for: .milliseconds(150))
        let slept = ContinuousClock.now - started
        #expect(slept >= .milliseconds(150), "\(slept)")
    }

    @Test("a cancelled sleep throws CancellationError at once, long before its time; so does one cancelled before it starts")
    func cancelled() async throws {
        let started = ContinuousClock.now
        let sleeper = Task { try await CancellableSleep.sleep(for: .seconds(600)) }
        try await Task.sleep(for: .milliseconds(50))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        // Far sooner than the 600 s asked (the margin is for a loaded machine, not a timing target).
        #expect(ContinuousClock.now - started < .seconds(60))
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await CancellableSleep.sleep(for: .seconds(60))
        }
        await #expect(throws: CancellationError.self) { try await early.value }
    }

    @Test("ten thousand sleeps cancelled in turn all end at once")
    func manyCancelled() async throws {
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10_000 {
                group.addTask { try? await CancellableSleep.sleep(for: .seconds(600)) }
            }
            try await Task.sleep(for: .milliseconds(100))
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(ContinuousClock.now - started < .seconds(120))
    }
}
