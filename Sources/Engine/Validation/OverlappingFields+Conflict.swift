import GraphQL
import Planner

extension OverlappingFields {
    /// Why two fields with one response name cannot be merged: either a direct reason, or the
    /// conflicts found between their sub-selections (graphql-js's `ConflictReasonMessage`).
    indirect enum Reason {
        case message(String)
        case subfields([NamedReason])

        /// graphql-js's `reasonMessage`.
        var text: String {
            switch self {
            case .message(let message):
                return message
            case .subfields(let reasons):
                return reasons
                    .map { "subfields \"\($0.responseName)\" conflict because \($0.reason.text)" }
                    .joined(separator: " and ")
            }
        }
    }

    /// A reason attached to the response name it concerns.
    struct NamedReason {
        let responseName: String
        let reason: Reason
    }

    /// One conflict: the reason, and the fields on either side (the two fields first, then any
    /// sub-fields involved), which become the error's locations.
    struct Conflict {
        let reason: NamedReason
        let fields1: [Field]
        let fields2: [Field]

        init(responseName: String, reason: Reason, fields1: [Field], fields2: [Field]) {
            self.reason = NamedReason(responseName: responseName, reason: reason)
            self.fields1 = fields1
            self.fields2 = fields2
        }

        /// graphql-js's wording, so clients and tests see the reference implementation's messages.
        var message: String {
            "Fields \"\(reason.responseName)\" conflict because \(reason.reason.text). "
                + "Use different aliases on the fields to fetch both if this was intentional."
        }

        /// Folds the conflicts found between two fields' sub-selections into one conflict on the
        /// fields themselves (graphql-js's `subfieldConflicts`), so it is reported at their
        /// nearest common ancestor.
        static func subfields(_ conflicts: [Conflict], responseName: String, field1: Field, field2: Field) -> Conflict? {
            guard !conflicts.isEmpty else { return nil }
            return Conflict(
                responseName: responseName,
                reason: .subfields(conflicts.map(\.reason)),
                fields1: [field1] + conflicts.flatMap(\.fields1),
                fields2: [field2] + conflicts.flatMap(\.fields2)
            )
        }
    }
}
