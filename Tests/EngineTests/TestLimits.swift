import Engine
import Planner

extension RequestLimits {
    /// The server's limits with a statement time limit a loaded test machine cannot hit by accident.
    ///
    /// Why: the suite starts some 260 tests at once on two cores, creating, migrating and seeding databases; in
    /// that first minute a trivial statement can wait many seconds for a connection, a thread or the server, and
    /// the pool keeps its deadlines to the tick on a thread of its own. Tests of the time limit set their own.
    static let testing: RequestLimits = {
        var limits = RequestLimits.standard
        limits.statementTimeout = .seconds(120)
        return limits
    }()
}
