/// What happens to a sample cluster over the programme, decided per blueprint so that scale 1 reads
/// like the province a dashboard expects: about 30 recognitions over the 2023-2025 rounds, most 2023
/// ones renewed by re-review in 2026, one or two expired, revoked or rejected, a 2026 round under way,
/// and a cultivation pool.
enum Lifecycle {
    /// Recognised in `round`; `then` is what happened afterwards.
    case recognized(round: Int, then: Aftermath)
    /// Rejected in `round` (and, if `recognizedIn` is set, recognised in a later round).
    case rejected(round: Int)
    /// Rejected in `rejectedIn`, then recognised in `round`.
    case recognizedAfterRejection(rejectedIn: Int, round: Int)
    /// Application in the 2026 round, stopped at `stage` (0 submitted … 3 provincial review done).
    case applying(round: Int, stage: Int)
    /// In the cultivation pool since `year`.
    case cultivating(since: Int)
    /// A real cluster from the 2023 publicity notice of proposed clusters: the notice is real, the
    /// outcome was not found, so the application stays at the public-notice stage.
    case proposed(ReferenceData.ProposedCluster)

    enum Aftermath {
        case none
        /// Validity ended; a re-review was requested (`passed`: nil pending, true renewed).
        case reReviewed(passed: Bool?)
        /// Validity ended and nobody asked for a re-review.
        case expired
        /// Revoked on `ground` (a revocation_ground code).
        case revoked(ground: String)
    }

    /// The lifecycle of blueprint `index` (see the order of `ClusterBlueprint.all`).
    static func plan(_ index: Int) -> Lifecycle {
        switch index {
        case 0...6: return .recognized(round: 2023, then: .reReviewed(passed: true))
        case 7: return .recognized(round: 2023, then: .reReviewed(passed: nil))
        case 8: return .recognized(round: 2023, then: .expired)
        case 9: return .recognized(round: 2023, then: .revoked(ground: "REPORTING_FAILURE"))
        case 14: return .recognized(round: 2024, then: .revoked(ground: "DISQUALIFYING_INCIDENT"))
        case 10...19: return .recognized(round: 2024, then: .none)
        case 25: return .recognizedAfterRejection(rejectedIn: 2024, round: 2025)
        case 20...30: return .recognized(round: 2025, then: .none)
        case 31, 32: return .rejected(round: 2024)
        case 33: return .rejected(round: 2025)
        case 34...37: return .applying(round: 2026, stage: index - 34)
        default: return .cultivating(since: 2023 + (index - 38) % 4)
        }
    }

    /// The recorded status this lifecycle leaves the cluster in at the data cut-off.
    var status: String {
        switch self {
        case .recognized(_, .none), .recognized(_, .reReviewed(passed: true)), .recognizedAfterRejection:
            return "RECOGNIZED"
        case .recognized(_, .reReviewed), .recognized(_, .expired): return "EXPIRED"
        case .recognized(_, .revoked): return "REVOKED"
        case .rejected: return "REJECTED"
        case .applying, .proposed: return "APPLYING"
        case .cultivating: return "CULTIVATING"
        }
    }

    /// First year of the recognition, if recognised.
    var recognitionRound: Int? {
        switch self {
        case .recognized(let round, _), .recognizedAfterRejection(_, let round): return round
        default: return nil
        }
    }

    var isRecognized: Bool { recognitionRound != nil }
}
